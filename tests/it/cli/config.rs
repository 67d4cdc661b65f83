//! Which `foil.toml` each response is read with: the nearest one at or above
//! the response's folder, wherever foil is started from.

use super::support::{foil, Scratch};

const NOT_HELD: &str = "1. How many beds?\nOUR RESPONSE: Not held.\n";
const RAISE_NOT_HELD: &str = "[severity]\nnot-held = \"error\"\n";

#[test]
fn a_folders_own_foil_toml_is_used_from_its_parent() {
    let dir = Scratch::new();
    dir.write("strict/foil.toml", RAISE_NOT_HELD);
    dir.write("strict/a.txt", NOT_HELD);
    dir.write("plain/b.txt", NOT_HELD);
    for path in ["strict", "strict/a.txt"] {
        let run = foil(&dir.path, &["check", path]);
        assert_eq!(run.code, 1, "{path}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("error[not-held]"), "{}", run.stdout);
    }
    // In one run, each response gets its own folder's settings.
    let run = foil(&dir.path, &["check", "--format", "json", "plain", "strict"]);
    let json = run.json();
    let severities: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| doc["findings"][0]["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["information", "error"], "{json}");
}

#[test]
fn a_broken_foil_toml_below_is_named_and_its_responses_not_read() {
    let dir = Scratch::new();
    dir.write("badcfg/foil.toml", "include = [\n");
    dir.write("badcfg/a.txt", NOT_HELD);
    dir.write("badcfg/b.txt", NOT_HELD);
    dir.write("good/c.txt", NOT_HELD);
    let run = foil(
        &dir.path,
        &["extract", "--format", "jsonl", "badcfg", "good"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("badcfg/foil.toml").count(),
        1,
        "named once: {}",
        run.stderr
    );
    assert!(run.stderr.contains("line 1"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("good/c.txt"));
}

#[test]
fn verbose_says_which_file_each_response_was_read_with() {
    let dir = Scratch::new();
    dir.write("foil.toml", "");
    dir.write("a.txt", NOT_HELD);
    dir.write("sub/foil.toml", RAISE_NOT_HELD);
    dir.write("sub/deeper/b.txt", NOT_HELD);
    let run = foil(&dir.path, &["check", "--verbose", "a.txt", "sub"]);
    let lines = run.stderr_lines();
    assert!(
        lines.contains(&"foil: a.txt: read with foil.toml"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"foil: sub/deeper/b.txt: read with sub/foil.toml"),
        "{lines:?}"
    );
    let run = foil(&dir.path, &["check", "a.txt"]);
    assert_eq!(run.stderr, "", "quiet without --verbose");
    let run = foil(
        &dir.path.join("sub"),
        &["check", "-v", "--config", "../foil.toml", "deeper/b.txt"],
    );
    assert_eq!(run.code, 0, "--config wins: {}", run.stdout);
    assert!(
        run.stderr.contains("deeper/b.txt: read with ../foil.toml"),
        "{}",
        run.stderr
    );
}
