//! Personal data stays out of every export unless it is asked for: `foil
//! extract` as JSON, JSONL and CSV puts `[personal data]` where a person's
//! name, e-mail address or direct phone number was, in every field (answer
//! text, values, findings' messages, annotation lines); `foil annotate`
//! quotes the redacted form instead of copying a name into the file.

use std::path::{Path, PathBuf};
use std::process::Command;

const PLACEHOLDER: &str = "[personal data]";

/// An invented response whose contact answer names an officer, with her
/// e-mail address and direct line, and an annotation that quotes her name.
const RESPONSE: &str = "\
Freedom of Information request FOI 4471
Date 02/06/2025

1. How many episodes of care were coded in 2024?
OUR RESPONSE: 6,793 episodes.

2. Who is responsible for clinical coding (name, job title and email)?
OUR RESPONSE: Rosalind Quarrie, Head of Clinical Coding, rosalind.quarrie@harbour.example.nhs.uk, direct line 01632 960 457
<!-- foil verify q=q2 status=answered note=\"checked with Rosalind Quarrie\" -->
";

const SECRETS: &[&str] = &["Rosalind", "Quarrie", "rosalind.quarrie", "960 457"];

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("foil-privacy-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("response.txt"), RESPONSE).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn foil(cwd: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_foil"))
        .args(args)
        .current_dir(cwd)
        .env_remove("FOIL_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "foil {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_redacted(format: &str, out: &str) {
    for secret in SECRETS {
        assert!(
            !out.contains(secret),
            "{format} export leaks {secret:?}:\n{out}"
        );
    }
    assert!(
        out.contains(PLACEHOLDER),
        "{format}: no placeholder in\n{out}"
    );
}

#[test]
fn every_extract_format_redacts_personal_data_by_default() {
    let dir = Scratch::new("formats");
    for format in ["json", "jsonl", "csv"] {
        let out = foil(&dir.0, &["extract", "--format", format, "response.txt"]);
        assert_redacted(format, &out);
        // The role and the figures are not personal data: they stay.
        assert!(out.contains("Head of Clinical Coding"), "{format}: {out}");
        assert!(out.contains("6793"), "{format}: {out}");
    }
}

#[test]
fn json_redacts_answer_values_findings_and_annotation_lines() {
    let dir = Scratch::new("fields");
    let out = foil(&dir.0, &["extract", "--format", "json", "response.txt"]);
    let doc = &serde_json::from_str::<serde_json::Value>(&out).unwrap()[0];
    let q2 = &doc["questions"][1];
    let answer = q2["answer"]["text"].as_str().unwrap();
    assert!(answer.starts_with(PLACEHOLDER), "{answer}");
    for value in q2["values"].as_array().unwrap() {
        let shown = value.to_string();
        assert!(
            !shown.contains("Quarrie") && !shown.contains("457"),
            "{shown}"
        );
    }
    let personal: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "personal-data")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(personal.len() >= 2, "{personal:?}");
    assert!(
        personal.iter().all(|m| m.contains(PLACEHOLDER)),
        "{personal:?}"
    );
    let annotation = q2["annotation"]["text"].as_str().unwrap();
    assert!(
        annotation.contains("checked with [personal data]"),
        "{annotation}"
    );
    // Spans still point at the file's own text.
    let span = &q2["answer"]["span"];
    let start = span["start"].as_u64().unwrap() as usize;
    assert!(RESPONSE[start..].starts_with("Rosalind Quarrie"));
}

#[test]
fn personal_data_is_exported_when_asked_for() {
    let dir = Scratch::new("included");
    for format in ["json", "jsonl", "csv"] {
        let out = foil(
            &dir.0,
            &[
                "extract",
                "--format",
                format,
                "--include-personal-data",
                "response.txt",
            ],
        );
        assert!(
            out.contains("rosalind.quarrie@harbour.example.nhs.uk"),
            "{format}: {out}"
        );
        assert!(!out.contains(PLACEHOLDER), "{format}: {out}");
    }
}

#[test]
fn annotate_quotes_a_redacted_form_and_the_verify_stays_current() {
    let dir = Scratch::new("annotate");
    std::fs::write(
        dir.0.join("response.txt"),
        RESPONSE.lines().take(8).collect::<Vec<_>>().join("\n") + "\n",
    )
    .unwrap();
    foil(&dir.0, &["annotate", "--write", "response.txt"]);
    let written = std::fs::read_to_string(dir.0.join("response.txt")).unwrap();
    let added: Vec<&str> = written
        .lines()
        .filter(|l| l.starts_with("<!-- foil verify q=q2"))
        .collect();
    assert_eq!(added.len(), 1, "{written}");
    assert!(added[0].contains(PLACEHOLDER), "{}", added[0]);
    for secret in SECRETS {
        assert!(!added[0].contains(secret), "{}", added[0]);
    }
    // Read back, the redacted quote still matches the answer: not stale.
    let check = foil(&dir.0, &["check", "--format", "json", "response.txt"]);
    assert!(!check.contains("annotation-stale"), "{check}");
}
