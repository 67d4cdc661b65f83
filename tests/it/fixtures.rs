//! Snapshot tests: every response in `fixtures/` (invented, one per layout
//! family) read by the engine and rendered as SPEC's extraction JSON (with
//! the personal data an export would leave out, to show the whole reading).
//! Review changes with `cargo insta review`.

use std::path::Path;

use foil::engine::Engine;
use foil::export::{self, Document};

fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_reads_as_before() {
    let engine = Engine::default();
    let names = fixture_names();
    assert!(names.len() >= 10, "fixtures are missing: {names:?}");
    for name in names {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(&name);
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = engine.analyze(&text);
        assert!(
            analysis.looks_like_foi,
            "{name} should read as an FOI response"
        );
        let json = export::document_json(
            &Document {
                path: &format!("fixtures/{name}"),
                text: &text,
                analysis: &analysis,
            },
            true,
        );
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!("fixture", json);
        });
    }
}
