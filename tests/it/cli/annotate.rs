//! `foil annotate`: the diff, `--write`, idempotence, line endings and encodings.
//!
//! annot: every test here needs `engine::annotation` (verify_all, apply) from
//! the `annot` branch, and the engine to read the fixture's answers.

use serde_json::Value;

use super::support::{foil, Scratch};

const FIXTURE: &str = "kestrel_our_response.txt";

fn is_annotation(line: &str) -> bool {
    line.trim_start().starts_with("<!-- foil ")
}

/// Applies a unified diff of one file to `old` (context and removed lines must match).
fn apply_diff(old: &str, diff: &str) -> String {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let mut out = String::new();
    let mut at = 0;
    let mut lines = diff.split_inclusive('\n').peekable();
    assert!(lines.next().unwrap().starts_with("--- "));
    assert!(lines.next().unwrap().starts_with("+++ "));
    while let Some(line) = lines.next() {
        if let Some(header) = line.strip_prefix("@@ -") {
            let start: usize = header.split([',', ' ']).next().unwrap().parse().unwrap();
            let start = start.saturating_sub(1);
            while at < start {
                out.push_str(old_lines[at]);
                at += 1;
            }
            continue;
        }
        let (mark, body) = line.split_at(1);
        let body = if lines.peek() == Some(&"\\ No newline at end of file\n") {
            lines.next();
            body.strip_suffix('\n').unwrap()
        } else {
            body
        };
        match mark {
            " " | "-" => {
                assert_eq!(old_lines[at], body, "the diff does not fit the file");
                if mark == " " {
                    out.push_str(body);
                }
                at += 1;
            }
            "+" => out.push_str(body),
            other => panic!("unexpected diff line {other:?}{body:?}"),
        }
    }
    for line in &old_lines[at..] {
        out.push_str(line);
    }
    out
}

#[test]
fn without_write_it_prints_a_diff_and_leaves_the_file() {
    let dir = Scratch::new();
    dir.fixture(FIXTURE);
    let before = dir.read(FIXTURE);
    let run = foil(&dir.path, &["annotate", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("--- {FIXTURE}\n+++ {FIXTURE}\n@@ -")),
        "{}",
        run.stdout
    );
    let added: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert!(
        added
            .iter()
            .any(|l| l.starts_with("+<!-- foil verify q=episodes_coded ")),
        "{}",
        run.stdout
    );
    assert!(
        added.iter().all(|l| is_annotation(&l[1..])),
        "{}",
        run.stdout
    );
    assert!(!run
        .stdout
        .lines()
        .any(|l| l.starts_with('-') && !l.starts_with("---")));
    assert_eq!(dir.read(FIXTURE), before);
}

#[test]
fn write_does_what_the_diff_shows_and_running_again_changes_nothing() {
    let dir = Scratch::new();
    dir.fixture(FIXTURE);
    let original = String::from_utf8(dir.read(FIXTURE)).unwrap();
    let diff = foil(&dir.path, &["annotate", FIXTURE]).stdout;
    let run = foil(&dir.path, &["annotate", "--write", FIXTURE]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = String::from_utf8(dir.read(FIXTURE)).unwrap();
    assert_eq!(written, apply_diff(&original, &diff));
    let inserted = written.lines().filter(|l| is_annotation(l)).count();
    assert!(inserted > 0);
    assert!(
        run.stdout
            .starts_with(&format!("{FIXTURE}: added {inserted} annotations\n")),
        "{}",
        run.stdout
    );
    // Only annotation lines were added: the response's own words are untouched.
    let without: Vec<&str> = written.lines().filter(|l| !is_annotation(l)).collect();
    assert_eq!(without, original.lines().collect::<Vec<_>>());

    let again = foil(&dir.path, &["annotate", "--write", FIXTURE]);
    assert_eq!(again.code, 0);
    assert!(
        again
            .stdout
            .starts_with(&format!("{FIXTURE}: nothing to add\n")),
        "{}",
        again.stdout
    );
    assert_eq!(String::from_utf8(dir.read(FIXTURE)).unwrap(), written);
    assert_eq!(foil(&dir.path, &["annotate", FIXTURE]).stdout, "");
}

#[test]
fn annotated_values_are_what_was_read_and_carry_their_annotation() {
    let dir = Scratch::new();
    dir.fixture(FIXTURE);
    let before = foil(&dir.path, &["extract", FIXTURE]).json();
    foil(&dir.path, &["annotate", "--write", FIXTURE]);
    let after = foil(&dir.path, &["extract", FIXTURE]).json();
    let text = String::from_utf8(dir.read(FIXTURE)).unwrap();
    let questions = |doc: &Value| doc[0]["questions"].as_array().unwrap().clone();
    assert!(
        questions(&before)
            .iter()
            .any(|q| !q["values"].as_array().unwrap().is_empty()),
        "the engine read no values: {before}"
    );
    assert_eq!(questions(&before).len(), questions(&after).len());
    for (b, a) in questions(&before).iter().zip(questions(&after).iter()) {
        assert_eq!(a["key"], b["key"]);
        assert_eq!(a["status"], b["status"], "{}", a["key"]);
        let normalised = |q: &Value| -> Vec<Value> {
            q["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["value"].clone())
                .collect()
        };
        assert_eq!(normalised(a), normalised(b), "{}", a["key"]);
        if !b["values"].as_array().unwrap().is_empty() {
            let annotation = &a["annotation"];
            assert_eq!(annotation["verb"], "verify", "{}", a["key"]);
            let line = annotation["line"].as_u64().unwrap() as usize;
            assert_eq!(
                text.lines().nth(line - 1),
                annotation["text"].as_str(),
                "{}",
                a["key"]
            );
        }
    }
    let check = foil(&dir.path, &["check", "--format", "json", FIXTURE]).json();
    let codes: Vec<&str> = check[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.iter().any(|c| c.starts_with("annotation-")),
        "{codes:?}"
    );
}

#[test]
fn crlf_files_keep_crlf() {
    let dir = Scratch::new();
    let crlf = String::from_utf8(super::support::fixture(FIXTURE))
        .unwrap()
        .replace('\n', "\r\n");
    dir.write("crlf.txt", &crlf);
    let run = foil(&dir.path, &["annotate", "--write", "crlf.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = String::from_utf8(dir.read("crlf.txt")).unwrap();
    assert!(written.len() > crlf.len());
    assert_eq!(
        written.matches('\n').count(),
        written.matches("\r\n").count(),
        "a bare \\n was written"
    );
}

#[test]
fn windows_1252_files_stay_windows_1252() {
    let dir = Scratch::new();
    let utf8 = String::from_utf8(super::support::fixture(FIXTURE)).unwrap();
    // Written in Windows-1252: the ’ and – of the fixture become single bytes.
    let cp1252: Vec<u8> = utf8
        .chars()
        .map(|c| match c {
            '’' => 0x92,
            '–' => 0x96,
            c if c.is_ascii() => c as u8,
            other => panic!("fixture has {other:?}"),
        })
        .collect();
    dir.write("old.txt", &cp1252);
    let run = foil(&dir.path, &["annotate", "--write", "old.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("old.txt: note: not UTF-8"),
        "{}",
        run.stderr
    );
    let written = dir.read("old.txt");
    assert!(written.len() > cp1252.len());
    assert!(std::str::from_utf8(&written).is_err(), "still Windows-1252");
    let decoded: String = written
        .iter()
        .map(|&b| match b {
            0x92 => '’',
            0x96 => '–',
            b if b.is_ascii() => char::from(b),
            other => panic!("byte {other:#x} was not in the file"),
        })
        .collect();
    let without: Vec<&str> = decoded.lines().filter(|l| !is_annotation(l)).collect();
    assert_eq!(without, utf8.lines().collect::<Vec<_>>());
}
