//! `foil check`: rustc-style output, JSON, the summary and exit codes.

use super::support::{foil, Scratch};

/// A response with an exemption, an approximate figure and a referral, whose
/// lines hold `£`, `–` and `’` but no tabs or wide characters.
const LETTER: &str = "\
Our reference: FOI 5521
Date: 02/06/2025

1. How many episodes of care were coded in 2024?
OUR RESPONSE: About 84.5K – an estimate from the Trust’s monthly returns.

2. How much income was lost, in £?
OUR RESPONSE: Please see response to Question 1 above.

3. Who is responsible for clinical coding?
OUR RESPONSE: Exempt under Section 40 – personal information.
";

#[test]
fn the_summary_line_ends_the_output_and_exit_is_0_without_errors() {
    let dir = Scratch::new();
    dir.write("a.txt", LETTER);
    dir.write("b.txt", "Nothing asked here.\n");
    let run = foil(&dir.path, &["check", "a.txt", "b.txt"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.starts_with("checked 2 files: 0 errors, "), "{last}");
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when not on a terminal"
    );
    assert_eq!(run.stderr, "");
}

/// engine: needs findings on the letter (exempt, referred, ambiguous-value).
#[test]
fn carets_sit_under_each_findings_column() {
    let dir = Scratch::new();
    dir.write("letter.txt", LETTER);
    let json = foil(&dir.path, &["check", "--format", "json", "letter.txt"]).json();
    let findings = json[0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "the letter has findings: {json}");
    let run = foil(&dir.path, &["check", "letter.txt"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    for f in findings {
        let (line, column) = (
            f["span"]["line"].as_u64().unwrap(),
            f["span"]["column"].as_u64().unwrap(),
        );
        let header = format!(
            "[{}]: {}",
            f["code"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        let at = lines
            .iter()
            .position(|l| l.contains(&header))
            .unwrap_or_else(|| panic!("no {header:?} in\n{}", run.stdout));
        let pointer = format!("--> letter.txt:{line}:{column}");
        assert!(
            lines[at + 1].trim_start() == pointer,
            "{:?} vs {pointer}",
            lines[at + 1]
        );
        // Header, pointer, empty gutter, then the source line and its carets.
        let source = lines[at + 3];
        let carets = lines[at + 4];
        let bar = source.find(" | ").unwrap();
        assert!(source[..bar].trim() == line.to_string(), "{source}");
        let caret_at = carets.find('^').unwrap();
        let columns_before = carets[bar + 3..caret_at].chars().count();
        assert_eq!(columns_before as u64, column - 1, "\n{source}\n{carets}");
        let source_text = &source[bar + 3..];
        let expected_line = LETTER.lines().nth(line as usize - 1).unwrap();
        assert_eq!(source_text, expected_line);
    }
}

#[test]
fn json_format_lists_findings_per_file_in_input_order() {
    let dir = Scratch::new();
    dir.write("b.txt", LETTER);
    dir.write("a.txt", "Nothing asked here.\n");
    let run = foil(&dir.path, &["check", "--format", "json", "b.txt", "a.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let files = json.as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "b.txt");
    assert_eq!(
        files[1],
        serde_json::json!({"path": "a.txt", "findings": []})
    );
    for f in files[0]["findings"].as_array().unwrap() {
        for key in ["code", "severity", "message", "key", "span"] {
            assert!(f.get(key).is_some(), "{f}");
        }
    }
}

/// engine: the workspace's `[severity]` raises `exempt` to an error, so check
/// exits 1; without it the same file exits 0.
#[test]
fn an_error_severity_finding_exits_1() {
    let dir = Scratch::new();
    dir.write("letter.txt", LETTER);
    assert_eq!(foil(&dir.path, &["check", "letter.txt"]).code, 0);
    dir.write("foil.toml", "[severity]\nexempt = \"error\"\n");
    let run = foil(&dir.path, &["check", "letter.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("error[exempt]"), "{}", run.stdout);
    assert!(
        run.stdout.lines().last().unwrap().contains(" 1 error,"),
        "{}",
        run.stdout
    );
    assert_eq!(
        foil(&dir.path, &["check", "--format", "json", "letter.txt"]).code,
        1
    );
}

/// annot: an annotation with an unknown verb is `annotation-invalid`, an error.
#[test]
fn an_invalid_annotation_is_an_error() {
    let dir = Scratch::new();
    let text = LETTER.replace(
        "monthly returns.\n",
        "monthly returns.\n<!-- foil frobnicate q=q1 -->\n",
    );
    dir.write("letter.txt", text);
    let run = foil(&dir.path, &["check", "letter.txt"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("error[annotation-invalid]"),
        "{}",
        run.stdout
    );
}

/// engine: needs findings to colour.
#[test]
fn colour_is_used_when_forced() {
    let dir = Scratch::new();
    dir.write("letter.txt", LETTER);
    let run = foil(&dir.path, &["check", "--color", "always", "letter.txt"]);
    let plain = foil(&dir.path, &["check", "--color", "never", "letter.txt"]);
    assert!(plain.stdout.lines().count() > 1, "the letter has findings");
    assert!(run.stdout.contains("\x1b["), "{}", run.stdout);
    assert!(!plain.stdout.contains('\x1b'));
}

/// A request listed first, then one answer for both; annotations give each
/// question its answer.
const BEDS: &str = "\
Freedom of Information request FOI 7301
Request
1. How many beds does the Trust have?
2. How many theatres does the Trust have?
Response
We have 410 beds.
<!-- foil answer q=q2 -->
There are 6 theatres.
";

/// engine: needs the letter's `ambiguous-value` on question 1.
#[test]
fn check_says_which_findings_a_correction_resolved() {
    let dir = Scratch::new();
    let marked = LETTER.replace(
        "monthly returns.\n",
        "monthly returns.\n<!-- foil set q=q1 value=84500 -->\n",
    );
    dir.write("unmarked.txt", LETTER);
    dir.write("marked.txt", &marked);
    let unmarked = foil(&dir.path, &["check", "--format", "json", "unmarked.txt"]).json();
    let json = foil(&dir.path, &["check", "--format", "json", "marked.txt"]).json();
    assert!(unmarked[0].get("resolved").is_none(), "{unmarked}");
    let ambiguous = |f: &serde_json::Value| f["code"] == "ambiguous-value" && f["key"] == "q1";
    assert!(
        unmarked[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(ambiguous),
        "{unmarked}"
    );
    let resolved = json[0]["resolved"].as_array().expect("resolved findings");
    let r = resolved
        .iter()
        .find(|r| ambiguous(r))
        .unwrap_or_else(|| panic!("{json}"));
    // It names the annotation line that resolved it.
    assert_eq!(r["by"][0]["line"], 6, "{r}");
    assert!(!json[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(ambiguous));

    let run = foil(&dir.path, &["check", "marked.txt"]);
    assert!(
        run.stdout
            .contains("note[ambiguous-value]: resolved by an annotation: "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("marked.txt:6:1"), "{}", run.stdout);
    let last = run.stdout.lines().last().unwrap();
    assert!(last.ends_with("resolved by annotations"), "{last}");
}

#[test]
fn extract_reads_layout_annotations_as_the_editor_does() {
    let dir = Scratch::new();
    dir.write("marked.txt", BEDS);
    let json = foil(&dir.path, &["extract", "--format", "json", "marked.txt"]).json();
    let questions = json[0]["questions"].as_array().unwrap();
    let answer = |k: usize| questions[k]["answer"]["text"].as_str().unwrap().to_string();
    assert_eq!(answer(0), "We have 410 beds.");
    assert_eq!(answer(1), "There are 6 theatres.");
    assert_eq!(questions[1]["values"][0]["value"], 6);
}
