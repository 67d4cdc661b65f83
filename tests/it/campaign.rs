//! Campaign hand-off formats and triage through the command line, on the
//! shipped invented responses (`fixtures/`) plus a file that is no response.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

struct Scratch(PathBuf);

impl Scratch {
    /// The shipped fixtures and a shopping list, in a fresh folder.
    fn campaign(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("foil-campaign-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        std::fs::write(
            dir.join("shopping.txt"),
            "Eggs\nFlour\nMilk, two pints\nAsk Sam about the weekend\n",
        )
        .unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn foil(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_foil"))
        .args(args)
        .current_dir(cwd)
        .env_remove("FOIL_LOG")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(cwd: &Path) -> Vec<Value> {
    let run = foil(cwd, &["extract", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn every_document_carries_its_triage() {
    let dir = Scratch::campaign("triage");
    let docs = json(&dir.0);
    for doc in &docs {
        let triage = doc["triage"].as_str().unwrap();
        let expected_not = doc["path"].as_str().unwrap().ends_with("shopping.txt");
        assert_eq!(triage == "not_a_response", expected_not, "{}", doc["path"]);
    }
    let section12 = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().contains("westmoor"))
        .unwrap();
    assert_ne!(section12["triage"], "answered", "{section12}");
}

#[test]
fn sqlite_holds_what_json_holds() {
    let dir = Scratch::campaign("sqlite");
    let docs = json(&dir.0);
    let run = foil(
        &dir.0,
        &["extract", ".", "--format", "sqlite", "-o", "campaign.db"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let db = rusqlite::Connection::open(dir.0.join("campaign.db")).unwrap();
    let count = |table: &str| -> usize {
        db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as usize
    };
    let questions: usize = docs
        .iter()
        .map(|d| d["questions"].as_array().unwrap().len())
        .sum();
    let values: usize = docs
        .iter()
        .flat_map(|d| d["questions"].as_array().unwrap())
        .map(|q| q["values"].as_array().unwrap().len())
        .sum();
    let findings: usize = docs
        .iter()
        .map(|d| d["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(count("responses"), docs.len());
    assert_eq!(count("answers"), questions);
    assert_eq!(count("\"values\""), values);
    assert_eq!(count("findings"), findings);
    assert!(
        values > 50 && findings > 10,
        "{values} values, {findings} findings"
    );
    // Every row hangs off its parent.
    let orphans: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0);
    // The triage and a value survive the trip, joined as an analyst would.
    let (triage, status): (String, String) = db
        .query_row(
            "SELECT r.triage, a.status FROM responses r JOIN answers a ON a.response_id = r.id \
             WHERE r.path LIKE '%shopping.txt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or(("not_a_response".into(), String::new()));
    assert_eq!(triage, "not_a_response", "{status}");
    let figures: i64 = db
        .query_row(
            "SELECT count(*) FROM \"values\" v JOIN answers a ON v.answer_id = a.id \
             WHERE v.kind = 'count' AND v.value IS NOT NULL AND a.status = 'answered'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(figures > 5, "{figures}");
    // A second run replaces the file rather than adding to it.
    let again = foil(
        &dir.0,
        &["extract", ".", "--format", "sqlite", "-o", "campaign.db"],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    let db = rusqlite::Connection::open(dir.0.join("campaign.db")).unwrap();
    let n: i64 = db
        .query_row("SELECT count(*) FROM responses", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, docs.len());
}

#[test]
fn sqlite_needs_a_file() {
    let dir = Scratch::campaign("sqlite-stdout");
    let run = foil(&dir.0, &["extract", ".", "--format", "sqlite"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o FILE"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn csv_long_has_a_row_per_value_and_leaves_out_what_is_no_response() {
    let dir = Scratch::campaign("csv-long");
    let docs = json(&dir.0);
    let run = foil(&dir.0, &["extract", ".", "--format", "csv-long"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "file",
            "line",
            "key",
            "status",
            "exemption",
            "value",
            "unit",
            "quote",
            "verified"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One row per value, or one for a question without values.
    let expected: usize = docs
        .iter()
        .filter(|d| d["triage"] != "not_a_response")
        .flat_map(|d| d["questions"].as_array().unwrap())
        .map(|q| q["values"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().all(|r| !r[0].ends_with("shopping.txt")));
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("shopping.txt") && l.contains("not an FOI response"))
            .count(),
        1,
        "{}",
        run.stderr
    );
    // The wide CSV leaves it out the same way.
    let wide = foil(&dir.0, &["extract", ".", "--format", "csv"]);
    assert!(!wide.stdout.contains("shopping.txt"));
    assert!(wide.stderr.contains("shopping.txt"), "{}", wide.stderr);
}

#[test]
fn the_report_is_one_page_with_a_row_per_response() {
    let dir = Scratch::campaign("report");
    let docs = json(&dir.0);
    let run = foil(&dir.0, &["report", ".", "-o", "report.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.0.join("report.html")).unwrap();
    let responses = docs
        .iter()
        .filter(|d| d["triage"] != "not_a_response")
        .count();
    assert_eq!(page.matches("<tr class=\"r\">").count(), responses);
    for section in ["summary", "coverage", "figures", "progress", "queue"] {
        assert!(
            page.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    // Self-contained: nothing is fetched, nothing runs.
    for banned in [
        "<script", "<link", "src=", "url(", "@import", "http://", "https://",
    ] {
        assert!(!page.contains(banned), "the page contains {banned}");
    }
}

#[test]
fn schema_new_drafts_a_schema_and_keeps_hand_edits() {
    let dir = Scratch::campaign("schema-new");
    std::fs::write(
        dir.0.join("request.txt"),
        "Freedom of Information request\n\n\
         1. How many beds does your Trust have?\n\
         2. Do you use an electronic bed board?\n\
         3. If yes, which system do you use?\n",
    )
    .unwrap();
    let printed = foil(&dir.0, &["schema", "new", "request.txt"]);
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert!(
        printed.stdout.contains("name = \"request\""),
        "{}",
        printed.stdout
    );
    assert_eq!(printed.stdout.matches("[[question]]").count(), 3);

    let run = foil(
        &dir.0,
        &["schema", "new", "request.txt", "-o", "schemas/beds.toml"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.0.join("schemas/beds.toml")).unwrap();
    assert!(written.contains("name = \"beds\""));
    assert!(written.contains("asked_if"), "{written}");
    // Named in foil.toml, it reads the responses under its keys.
    std::fs::write(
        dir.0.join("foil.toml"),
        "schema = \"beds\"\nschema_files = [\"schemas/*.toml\"]\n",
    )
    .unwrap();
    let listed = foil(&dir.0, &["schema", "list"]);
    assert!(listed.stdout.contains("beds"), "{}", listed.stdout);
    // A second run would lose hand edits: refused unless --force.
    let again = foil(
        &dir.0,
        &["schema", "new", "request.txt", "-o", "schemas/beds.toml"],
    );
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let forced = foil(
        &dir.0,
        &[
            "schema",
            "new",
            "request.txt",
            "-o",
            "schemas/beds.toml",
            "--force",
        ],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
}

#[test]
fn check_names_a_figure_far_from_the_others() {
    let dir = Scratch::campaign("outliers");
    let template = std::fs::read_to_string(dir.0.join("oakvale-our-response.txt")).unwrap();
    assert!(template.contains("Approximately 41,250 finished"));
    let figures = [
        "41,250", "38,900", "52,400", "47,100", "36,800", "44,000", "50,750", "39,600", "412",
    ];
    let campaign = dir.0.join("coding");
    std::fs::create_dir_all(&campaign).unwrap();
    for (i, figure) in figures.iter().enumerate() {
        std::fs::write(
            campaign.join(format!("trust-{i}.txt")),
            template.replace(
                "Approximately 41,250 finished",
                &format!("Approximately {figure} finished"),
            ),
        )
        .unwrap();
    }
    let run = foil(&dir.0, &["check", "--format", "json", "coding"]);
    assert!(run.code <= 1, "{}", run.stderr);
    let files: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let outliers: Vec<(&str, &Value)> = files
        .iter()
        .flat_map(|f| {
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["code"] == "outlier")
                .map(move |x| (f["path"].as_str().unwrap(), x))
        })
        .collect();
    assert_eq!(outliers.len(), 1, "{outliers:?}");
    let (path, finding) = outliers[0];
    assert!(path.ends_with("trust-8.txt"), "{path}");
    assert_eq!(finding["severity"], "hint");
    assert_eq!(finding["key"], "episodes_coded");
    assert_eq!(
        finding["message"],
        "412 episodes coded: lowest of 9 responses (median 41,250)"
    );
    // The human view shows it too; one file alone is compared with nothing.
    let human = foil(&dir.0, &["check", "coding"]);
    assert!(
        human.stdout.contains("lowest of 9 responses"),
        "{}",
        human.stdout
    );
    let alone = foil(&dir.0, &["check", "coding/trust-8.txt"]);
    assert!(!alone.stdout.contains("outlier"), "{}", alone.stdout);
}
