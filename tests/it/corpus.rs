//! The engine on the labelled corpus beside the repository (`../shared/corpus`),
//! scored by `../shared/eval/score.py`. Skipped, with the reason printed, when
//! python3 or the corpus is not there.

use std::path::Path;
use std::process::Command;

/// Field accuracy the engine must keep on the whole corpus: a ratchet, raised
/// with every improvement of the reader and never lowered (78.7 % when the
/// corpus grew from 21 to 80 responses).
const FLOOR: f64 = 98.1;
/// Files that must be read without a single failed check.
const PERFECT: &[&str] = &["000_", "001_", "002_", "003_", "004_"];

#[test]
fn corpus_score_is_above_the_floor() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    let scorer = shared.join("eval/score.py");
    let corpus = shared.join("corpus");
    if !scorer.exists() || !corpus.join("gold").exists() {
        println!("skipped: no labelled corpus at {}", corpus.display());
        return;
    }
    let out = match Command::new("python3")
        .arg(&scorer)
        .args(["--foil", env!("CARGO_BIN_EXE_foil"), "--corpus"])
        .arg(&corpus)
        .arg("--verbose")
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            println!("skipped: python3 is not available ({e})");
            return;
        }
    };
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "score.py failed: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    let headline = report
        .lines()
        .find(|l| l.starts_with("field accuracy:"))
        .unwrap_or_else(|| panic!("no headline in:\n{report}"));
    let percent: f64 = headline
        .split('(')
        .nth(1)
        .and_then(|s| s.split('%').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("cannot read {headline:?}"));
    assert!(
        percent >= FLOOR,
        "field accuracy {percent}% is below {FLOOR}%:\n{report}"
    );
    let failures: Vec<&str> = report
        .lines()
        .filter(|l| l.trim_start().starts_with("FAIL"))
        .filter(|l| PERFECT.iter().any(|p| l.contains(p)))
        .collect();
    assert!(
        failures.is_empty(),
        "files 000–004 must be read perfectly:\n{}",
        failures.join("\n")
    );
}
