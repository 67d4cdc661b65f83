//! Layout invariance (issue 13, item 5): text transformations that must not
//! change a reading, run over every corpus document the engine reads correctly
//! and every invented fixture. A pair (transformation, document) holds when the
//! transformed text reads the same: the same question keys and, per question,
//! the same status, exemption, referral target and values (spans may shift).
//!
//! The table of pairs held per transformation is printed on every run
//! (`cargo test --test it invariance:: -- --nocapture`), with a one-line diff per
//! failing pair. The counts of holding pairs are a ratchet: they must not drop
//! below the floors below, which are raised as the reader improves, until every
//! pair holds (the floor).
//!
//! "Read correctly" means a per-document score of 100 % from
//! `../shared/eval/score.py` (the same rules as the corpus score). Without the
//! corpus or python3 the corpus half is skipped with the reason printed, and
//! fails when `CI=true`.
//!
//! `INVARIANCE_DUMP=DIR` writes every transformed text to `DIR/<transformation>/<document>`.

mod reading;
mod transforms;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use foil::engine::Engine;

use reading::{differences, reading, Reading};
use transforms::{kept_words, ALL};

/// Corpus pairs that must hold: a ratchet, raised when the reader holds more
/// (261 of 310 when the test was written, on 27 correctly read documents;
/// 602 of 603 on 59 documents on 7 December 2026; 894 of 926 on 62 documents on 8 December,
/// with ten transformations added: "line breaks lost" holds for 17 of 45).
const CORPUS_HELD_FLOOR: usize = 894;
/// Fixture pairs that must hold: a ratchet (128 of 155 when the test was
/// written; every pair, 206 of 206, on 7 December 2026; 314 of 324 on 8
/// December, with ten transformations added: "line breaks lost" holds for
/// 5 of 15).
const FIXTURES_HELD_FLOOR: usize = 314;

struct Doc {
    name: String,
    text: String,
}

fn fixture_docs() -> Vec<Doc> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut docs: Vec<Doc> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .map(|p| Doc {
            name: p.file_name().unwrap().to_string_lossy().into_owned(),
            text: std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        })
        .collect();
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    docs
}

/// The corpus documents read with a score of 100 %, or why they cannot be had.
fn correct_corpus_docs() -> Result<Vec<Doc>, String> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let corpus = shared.join("corpus");
    let scorer = shared.join("eval/score.py");
    if !corpus.join("gold").is_dir() || !scorer.is_file() {
        return Err(format!("no labelled corpus at {}", corpus.display()));
    }
    let out_json = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("invariance-score.json");
    let out = Command::new("python3")
        .arg(&scorer)
        .args(["--foil", env!("CARGO_BIN_EXE_foil"), "--corpus"])
        .arg(&corpus)
        .arg("--json")
        .arg(&out_json)
        .output()
        .map_err(|e| format!("python3 is not available ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "score.py failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let tallies: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&out_json).map_err(|e| format!("{}: {e}", out_json.display()))?,
    )
    .map_err(|e| format!("score.py's JSON: {e}"))?;
    let per_doc = tallies["docs"]
        .as_object()
        .ok_or("score.py's JSON has no docs")?;
    let mut docs = Vec::new();
    for (name, counts) in per_doc {
        let (ok, n) = (counts[0].as_u64(), counts[1].as_u64());
        if ok.is_some() && ok == n {
            let path = corpus.join(format!("{name}.txt"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            docs.push(Doc {
                name: name.clone(),
                text,
            });
        }
    }
    docs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(docs)
}

/// Held and tried pairs per transformation, and the failing pairs' diffs.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<&'static str, (usize, usize)>,
    failures: Vec<String>,
    /// Failing pairs per kind of change (a pair counts once per kind).
    kinds: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn held(&self) -> usize {
        self.counts.values().map(|c| c.0).sum()
    }
    fn tried(&self) -> usize {
        self.counts.values().map(|c| c.1).sum()
    }
}

/// Where to write every transformed text for a look (`INVARIANCE_DUMP=DIR`), when asked.
fn dump_dir() -> Option<PathBuf> {
    std::env::var_os("INVARIANCE_DUMP").map(PathBuf::from)
}

fn dump(dir: &Path, transformation: &str, doc: &str, text: &str) {
    let slug: String = transformation
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let folder = dir.join(slug);
    let written =
        std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(folder.join(doc), text));
    if let Err(e) = written {
        eprintln!("cannot write {}: {e}", folder.join(doc).display());
    }
}

fn run(docs: &[Doc]) -> Tally {
    let engine = Engine::default();
    let mut tally = Tally::default();
    let dump_to = dump_dir();
    for doc in docs {
        let before: Reading = reading(&engine.analyze(&doc.text));
        for t in ALL {
            let changed = (t.apply)(&doc.text);
            if changed == doc.text {
                continue;
            }
            if let Some(dir) = &dump_to {
                dump(dir, t.name, &doc.name, &changed);
            }
            let after = reading(&engine.analyze(&changed));
            let count = tally.counts.entry(t.name).or_default();
            count.1 += 1;
            let diff = differences(&before, &after);
            if diff.is_empty() {
                count.0 += 1;
            } else {
                let more = if diff.len() > 1 {
                    format!(" (+{} more)", diff.len() - 1)
                } else {
                    String::new()
                };
                tally
                    .failures
                    .push(format!("{} × {}: {}{more}", t.name, doc.name, diff[0].line));
                let mut kinds: Vec<&str> =
                    diff.iter().flat_map(|d| d.kinds.iter().copied()).collect();
                kinds.sort_unstable();
                kinds.dedup();
                for kind in kinds {
                    *tally.kinds.entry(kind).or_default() += 1;
                }
            }
        }
    }
    tally
}

fn cell(tally: Option<&Tally>, name: &str) -> String {
    match tally {
        None => "skipped".into(),
        Some(t) => match t.counts.get(name) {
            Some((held, tried)) => format!("{held}/{tried}"),
            None => "0/0".into(),
        },
    }
}

fn report(
    corpus: Option<&Tally>,
    corpus_docs: usize,
    fixtures: &Tally,
    fixture_docs: usize,
) -> String {
    let mut out = format!(
        "layout invariance: pairs held / tried ({corpus_docs} corpus documents read correctly, {fixture_docs} fixtures)\n"
    );
    out += &format!(
        "  {:<30} {:>9} {:>9}\n",
        "transformation", "corpus", "fixtures"
    );
    for t in ALL {
        out += &format!(
            "  {:<30} {:>9} {:>9}\n",
            t.name,
            cell(corpus, t.name),
            cell(Some(fixtures), t.name)
        );
    }
    let total =
        |t: Option<&Tally>| t.map_or("skipped".into(), |t| format!("{}/{}", t.held(), t.tried()));
    out += &format!(
        "  {:<30} {:>9} {:>9}\n",
        "all",
        total(corpus),
        total(Some(fixtures))
    );
    for (what, t) in [("corpus", corpus), ("fixtures", Some(fixtures))] {
        let Some(t) = t else { continue };
        if !t.kinds.is_empty() {
            let mut kinds: Vec<(&str, usize)> = t.kinds.iter().map(|(k, n)| (*k, *n)).collect();
            kinds.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            out += &format!(
                "failing {what} pairs by kind of change: {}\n",
                kinds.join(", ")
            );
        }
        if !t.failures.is_empty() {
            out += &format!("failing {what} pairs ({}):\n", t.failures.len());
            for f in &t.failures {
                out += &format!("  {f}\n");
            }
        }
    }
    out
}

#[test]
fn layout_transformations_keep_the_reading() {
    let fixtures = fixture_docs();
    assert!(fixtures.len() >= 10, "fixtures are missing");
    let corpus = match correct_corpus_docs() {
        Ok(docs) => Some(docs),
        Err(reason) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the corpus half cannot run on CI: {reason}")
        }
        Err(reason) => {
            println!("corpus pairs skipped: {reason}");
            None
        }
    };
    // Two workers: the machine has two cores.
    let (corpus_tally, fixture_tally) = std::thread::scope(|s| {
        let c = corpus.as_deref().map(|docs| s.spawn(|| run(docs)));
        let f = run(&fixtures);
        (c.map(|h| h.join().expect("corpus worker")), f)
    });
    let n_corpus = corpus.as_ref().map_or(0, Vec::len);
    println!(
        "{}",
        report(
            corpus_tally.as_ref(),
            n_corpus,
            &fixture_tally,
            fixtures.len()
        )
    );

    assert!(
        fixture_tally.held() >= FIXTURES_HELD_FLOOR,
        "fixture pairs held fell to {} (floor {FIXTURES_HELD_FLOOR})",
        fixture_tally.held()
    );
    if fixture_tally.held() > FIXTURES_HELD_FLOOR {
        println!(
            "fixture pairs held: {} — raise FIXTURES_HELD_FLOOR",
            fixture_tally.held()
        );
    }
    if let Some(t) = &corpus_tally {
        assert!(
            t.held() >= CORPUS_HELD_FLOOR,
            "corpus pairs held fell to {} (floor {CORPUS_HELD_FLOOR})",
            t.held()
        );
        if t.held() > CORPUS_HELD_FLOOR {
            println!("corpus pairs held: {} — raise CORPUS_HELD_FLOOR", t.held());
        }
    }
}

/// Every corpus text (read or not) and every fixture.
fn every_text() -> Vec<Doc> {
    let mut docs = fixture_docs();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if let Ok(entries) = std::fs::read_dir(&corpus) {
        for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
            if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                docs.push(Doc { name, text });
            }
        }
    }
    docs
}

/// The transformations are honest: on every text they keep the response's own
/// words (in order, except the restated request), changing only what they say.
#[test]
fn transformations_keep_the_responses_words() {
    let mut broken = Vec::new();
    for doc in every_text() {
        for t in ALL {
            let changed = (t.apply)(&doc.text);
            if kept_words(&doc.text, t.changes) != kept_words(&changed, t.changes) {
                broken.push(format!("{} × {}", t.name, doc.name));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "transformations that changed the response's words:\n{}",
        broken.join("\n")
    );
}
