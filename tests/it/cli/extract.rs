//! `foil extract`: SPEC's JSON shape, JSONL, CSV, personal data, `-o`.

use serde_json::Value;

use super::support::{foil, line_col, Scratch};

const DOCUMENT_KEYS: [&str; 6] = ["findings", "meta", "path", "questions", "schema", "triage"];
const META_KEYS: [&str; 4] = ["date", "organisation", "reference", "subject"];
const QUESTION_KEYS: [&str; 9] = [
    "annotation",
    "answer",
    "exemption",
    "key",
    "number",
    "question",
    "refers_to",
    "status",
    "values",
];
const VALUE_KEYS: [&str; 10] = [
    "approximate",
    "currency",
    "kind",
    "label",
    "max",
    "min",
    "span",
    "text",
    "unit",
    "value",
];
const FINDING_KEYS: [&str; 5] = ["code", "key", "message", "severity", "span"];

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

/// Every span in a document's JSON, with what it is.
fn spans(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for q in doc["questions"].as_array().unwrap() {
        for part in ["question", "answer"] {
            if !q[part].is_null() {
                out.push((format!("{} {part}", q["key"]), q[part]["span"].clone()));
            }
        }
        for v in q["values"].as_array().unwrap() {
            out.push((
                format!("{} value {}", q["key"], v["text"]),
                v["span"].clone(),
            ));
        }
    }
    for f in doc["findings"].as_array().unwrap() {
        out.push((format!("finding {}", f["code"]), f["span"].clone()));
    }
    out
}

/// Checks that every span's line and column are right for `text`.
fn assert_spans_match(doc: &Value, text: &str) {
    for (what, span) in spans(doc) {
        let start = span["start"].as_u64().unwrap() as usize;
        let end = span["end"].as_u64().unwrap() as usize;
        assert!(start <= end && end <= text.len(), "{what}: {span}");
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{what}: {span}"
        );
        let (line, column) = line_col(text, start);
        assert_eq!(span["line"], line, "{what}: {span}");
        assert_eq!(span["column"], column, "{what}: {span}");
    }
}

#[test]
fn json_has_specs_keys_for_every_document_in_input_order() {
    let dir = Scratch::new();
    dir.fixture("kestrel_our_response.txt");
    dir.fixture("ashdown_you_asked.txt");
    dir.write("plain.txt", "Nothing to see here.\n");
    let run = foil(
        &dir.path,
        &[
            "extract",
            "plain.txt",
            "kestrel_our_response.txt",
            "ashdown_you_asked.txt",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = run.json();
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 3);
    let order: Vec<&str> = docs.iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        [
            "plain.txt",
            "kestrel_our_response.txt",
            "ashdown_you_asked.txt"
        ]
    );
    for doc in docs {
        assert_eq!(keys(doc), DOCUMENT_KEYS);
        assert_eq!(keys(&doc["meta"]), META_KEYS);
        assert!(doc["schema"].is_null() || doc["schema"].is_string());
        for q in doc["questions"].as_array().unwrap() {
            assert_eq!(keys(q), QUESTION_KEYS, "{q}");
            for v in q["values"].as_array().unwrap() {
                for key in VALUE_KEYS {
                    assert!(v.get(key).is_some(), "value without {key}: {v}");
                }
            }
        }
        for f in doc["findings"].as_array().unwrap() {
            assert_eq!(keys(f), FINDING_KEYS, "{f}");
        }
    }
    // A text that asks nothing has nothing.
    assert_eq!(docs[0]["questions"], serde_json::json!([]));
    assert_eq!(docs[0]["findings"], serde_json::json!([]));
}

/// engine: needs the reading stages to find the two questions and their values.
#[test]
fn spans_count_lines_and_characters_past_pound_dash_emoji_and_crlf() {
    let dir = Scratch::new();
    let text = "**Q1** How much income was lost – in £? 😀\r\n\r\n**A1** £60k to £80k\r\n\r\n**Q2** How many WTE coders?\r\n\r\n**A2** 😀 1.8 WTE\r\n";
    dir.write("crlf.md", text);
    let run = foil(&dir.path, &["extract", "crlf.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = &run.json()[0];
    assert_spans_match(doc, text);
    let values: Vec<&Value> = doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| q["values"].as_array().unwrap())
        .collect();
    let starting = |prefix: &str| {
        values
            .iter()
            .find(|v| v["text"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no value starting {prefix:?} in {doc}"))
    };
    let money = starting("£60k");
    assert_eq!(
        (
            money["span"]["line"].as_u64(),
            money["span"]["column"].as_u64()
        ),
        (Some(3), Some(8))
    );
    let wte = starting("1.8");
    // "**A2** 😀 " is nine characters (and twelve bytes).
    assert_eq!(
        (wte["span"]["line"].as_u64(), wte["span"]["column"].as_u64()),
        (Some(7), Some(10))
    );
    assert_eq!(wte["value"].to_string(), "1.8");
}

/// engine: spans of everything read from real-looking layouts are consistent.
#[test]
fn spans_are_consistent_on_every_fixture() {
    let dir = Scratch::new();
    let mut names = Vec::new();
    for name in [
        "ashdown_you_asked.txt",
        "kestrel_our_response.txt",
        "fernwick_markdown.md",
    ] {
        dir.fixture(name);
        names.push(name);
    }
    let mut args = vec!["extract"];
    args.extend(&names);
    let run = foil(&dir.path, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (doc, name) in run.json().as_array().unwrap().iter().zip(&names) {
        let text = String::from_utf8(dir.read(name)).unwrap();
        assert!(
            !doc["questions"].as_array().unwrap().is_empty(),
            "{name}: no questions read"
        );
        assert_spans_match(doc, &text);
    }
}

#[test]
fn jsonl_and_csv_are_views_of_the_same_documents() {
    let dir = Scratch::new();
    dir.fixture("kestrel_our_response.txt");
    dir.fixture("fernwick_markdown.md");
    let json = foil(&dir.path, &["extract", "."]).json();
    let jsonl = foil(&dir.path, &["extract", ".", "--format", "jsonl"]);
    let lines: Vec<Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(Value::Array(lines), json);

    let csv = foil(&dir.path, &["extract", ".", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let rows = parse_csv(&csv.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0][..6],
        [
            "path",
            "triage",
            "schema",
            "organisation",
            "reference",
            "date"
        ]
    );
    assert_eq!(rows[1][0], "./fernwick_markdown.md");
    assert_eq!(rows[2][0], "./kestrel_our_response.txt");
    // Every question key has a value column followed by its status column.
    for pair in rows[0][6..].chunks(2) {
        assert_eq!(pair[1], format!("{}_status", pair[0]));
    }
    for row in &rows {
        assert_eq!(row.len(), rows[0].len());
    }
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        rows.push(record.unwrap().iter().map(str::to_string).collect());
    }
    rows
}

fn cell<'a>(rows: &'a [Vec<String>], row: usize, column: &str) -> &'a str {
    let at = rows[0]
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", rows[0]));
    &rows[row][at]
}

/// engine: needs the schema matched and the values read as SPEC says.
#[test]
fn csv_cells_follow_the_schema_and_hide_personal_data() {
    let dir = Scratch::new();
    dir.fixture("ashdown_you_asked.txt");
    dir.fixture("kestrel_our_response.txt");
    let run = foil(
        &dir.path,
        &[
            "extract",
            "--format",
            "csv",
            "ashdown_you_asked.txt",
            "kestrel_our_response.txt",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows = parse_csv(&run.stdout);
    let header: Vec<&str> = rows[0].iter().map(String::as_str).collect();
    assert_eq!(
        header[6..10],
        [
            "episodes_coded",
            "episodes_coded_status",
            "episodes_uncoded",
            "episodes_uncoded_status"
        ]
    );
    assert_eq!(cell(&rows, 1, "schema"), "nhs-clinical-coding-2024");
    assert_eq!(cell(&rows, 1, "date"), "2025-05-12");
    assert_eq!(
        cell(&rows, 1, "episodes_coded"),
        "inpatient:131402; outpatient:502117"
    );
    assert_eq!(cell(&rows, 1, "income_lost"), "45000..55000");
    assert_eq!(cell(&rows, 1, "coding_wte"), "19.6");
    assert_eq!(cell(&rows, 1, "same_team"), "yes");
    assert_eq!(cell(&rows, 1, "financial_model"), "block");
    assert_eq!(cell(&rows, 1, "coding_systems"), "Encoder Pro; Lorenzo");
    assert_eq!(cell(&rows, 1, "responsible_contact_status"), "answered");
    assert_eq!(
        cell(&rows, 1, "responsible_contact"),
        "[personal data], Head of Clinical Coding, [personal data]",
        "personal data must be left out"
    );
    assert_eq!(cell(&rows, 2, "episodes_coded"), "4218");
    assert_eq!(cell(&rows, 2, "specialty_split"), "4218");
    assert_eq!(cell(&rows, 2, "income_lost_status"), "not_held");
    assert_eq!(cell(&rows, 2, "same_team_status"), "referred");
    assert_eq!(cell(&rows, 2, "responsible_contact_status"), "exempt");

    let run = foil(
        &dir.path,
        &[
            "extract",
            "--format",
            "csv",
            "--include-personal-data",
            "ashdown_you_asked.txt",
        ],
    );
    let rows = parse_csv(&run.stdout);
    assert!(
        cell(&rows, 1, "responsible_contact")
            .contains("priya.holloway@ashdownvalley.example.nhs.uk"),
        "{:?}",
        rows[1]
    );
}

/// engine: the contact answer is marked as personal data in JSON.
#[test]
fn json_marks_personal_data() {
    let dir = Scratch::new();
    dir.fixture("ashdown_you_asked.txt");
    let doc = &foil(&dir.path, &["extract", "ashdown_you_asked.txt"]).json()[0];
    let contact = doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == "responsible_contact")
        .unwrap_or_else(|| panic!("no responsible_contact in {doc}"));
    let personal = contact["values"]
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["personal_data"] == true)
        || doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "personal-data" && f["key"] == "responsible_contact");
    assert!(personal, "{contact}");
}

#[test]
fn output_goes_to_a_file_with_dash_o() {
    let dir = Scratch::new();
    dir.fixture("fernwick_markdown.md");
    let run = foil(
        &dir.path,
        &["extract", "fernwick_markdown.md", "-o", "out.json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let written: Value = serde_json::from_slice(&dir.read("out.json")).unwrap();
    assert_eq!(written[0]["path"], "fernwick_markdown.md");
    let run = foil(
        &dir.path,
        &[
            "extract",
            "fernwick_markdown.md",
            "-o",
            "no/such/folder/out.json",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/folder/out.json"),
        "{}",
        run.stderr
    );
    // Nothing readable: exit 2 and no file left behind.
    let run = foil(&dir.path, &["extract", "gone.txt", "-o", "empty.json"]);
    assert_eq!(run.code, 2);
    assert!(!dir.path.join("empty.json").exists());
}
