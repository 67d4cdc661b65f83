//! `foil schema new` on the requests of seeds 000 (the clinical coding
//! request) and 004 (the workforce request): the drafted schemas, named in a
//! `foil.toml`, read the five seeds at the same field accuracy as the
//! built-in schemas, scored by `../shared/eval/score.py` with the gold files'
//! keys renamed to the drafted ones (question by question, in order).
//!
//! Skipped, with the reason printed, when python3 or the corpus is missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use foil::engine::{Schema, SchemaSet};
use serde_json::Value;

const FOIL: &str = env!("CARGO_BIN_EXE_foil");

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

fn seed(prefix: &str) -> PathBuf {
    let corpus = shared().join("corpus");
    std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
                && p.extension().is_some_and(|e| e == "txt")
        })
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", corpus.display()))
}

fn gold_of(text: &Path) -> PathBuf {
    let stem = text.file_stem().unwrap().to_string_lossy().to_string();
    shared().join("corpus/gold").join(format!("{stem}.json"))
}

/// `(ok, total)` from score.py's headline, run in `cwd` on `corpus`.
fn score(cwd: &Path, corpus: &Path) -> Option<(usize, usize, String)> {
    let out = Command::new("python3")
        .arg(shared().join("eval/score.py"))
        .args(["--foil", FOIL, "--corpus"])
        .arg(corpus)
        .arg("--verbose")
        .current_dir(cwd)
        .output()
        .ok()?;
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "score.py failed: {report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let headline = report
        .lines()
        .find(|l| l.starts_with("field accuracy:"))
        .unwrap_or_else(|| panic!("no headline in {report}"));
    let fraction = headline.split_whitespace().nth(2).unwrap();
    let (ok, total) = fraction.split_once('/').unwrap();
    Some((ok.parse().unwrap(), total.parse().unwrap(), report))
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("foil-schema-new-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("gold")).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A folder with `seeds`, a schema drafted from `request` by the CLI, a
/// `foil.toml` naming it, and the seeds' gold with keys renamed from the
/// built-in schema `builtin` to the drafted one.
fn campaign(name: &str, request: &Path, builtin: &Schema, seeds: &[PathBuf]) -> Scratch {
    let dir = Scratch::new(name);
    let schema_file = dir.0.join("schemas").join(format!("{name}.toml"));
    let out = Command::new(FOIL)
        .args(["schema", "new"])
        .arg(request)
        .arg("-o")
        .arg(&schema_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "schema new: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let drafted = Schema::from_toml(&std::fs::read_to_string(&schema_file).unwrap(), name).unwrap();
    assert_eq!(
        drafted.questions.len(),
        builtin.questions.len(),
        "one entry per question of the request: {:?}",
        drafted.questions.iter().map(|q| &q.key).collect::<Vec<_>>()
    );
    std::fs::write(
        dir.0.join("foil.toml"),
        format!("schema = \"{name}\"\nschema_files = [\"schemas/*.toml\"]\n"),
    )
    .unwrap();
    let rename = |key: &str| -> String {
        builtin
            .questions
            .iter()
            .position(|q| q.key == key)
            .map_or(key.to_string(), |i| drafted.questions[i].key.clone())
    };
    for text in seeds {
        std::fs::copy(text, dir.0.join(text.file_name().unwrap())).unwrap();
        let mut gold: Value =
            serde_json::from_str(&std::fs::read_to_string(gold_of(text)).unwrap()).unwrap();
        gold["schema"] = Value::String(name.to_string());
        let questions = gold["questions"].as_object().unwrap().clone();
        let mut renamed = serde_json::Map::new();
        for (key, mut q) in questions {
            if let Some(target) = q.get("refers_to").and_then(Value::as_str) {
                q["refers_to"] = Value::String(rename(target));
            }
            renamed.insert(rename(&key), q);
        }
        gold["questions"] = Value::Object(renamed);
        if let Some(findings) = gold.get_mut("findings").and_then(Value::as_array_mut) {
            for f in findings {
                if let Some(k) = f.get("question").and_then(Value::as_str) {
                    f["question"] = Value::String(rename(k));
                }
            }
        }
        let stem = text.file_stem().unwrap().to_string_lossy().to_string();
        std::fs::write(
            dir.0.join("gold").join(format!("{stem}.json")),
            serde_json::to_string_pretty(&gold).unwrap(),
        )
        .unwrap();
    }
    dir
}

#[test]
fn drafted_schemas_read_the_seeds_as_well_as_the_built_in_ones() {
    if !shared().join("eval/score.py").exists() || !shared().join("corpus/gold").exists() {
        println!("skipped: no labelled corpus at {}", shared().display());
        return;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        println!("skipped: python3 is not available");
        return;
    }
    let builtin = SchemaSet::builtin();
    let coding = builtin.get("nhs-clinical-coding-2024").unwrap();
    let workforce = builtin.get("nhs-coding-workforce-2025").unwrap();
    let first_four: Vec<PathBuf> = ["000_", "001_", "002_", "003_"].map(seed).to_vec();
    let fifth = vec![seed("004_")];

    // The built-in schemas on the same five files, in a folder of their own.
    let reference = Scratch::new("builtin");
    for text in first_four.iter().chain(&fifth) {
        std::fs::copy(text, reference.0.join(text.file_name().unwrap())).unwrap();
        std::fs::copy(
            gold_of(text),
            reference
                .0
                .join("gold")
                .join(gold_of(text).file_name().unwrap()),
        )
        .unwrap();
    }
    let (builtin_ok, builtin_total, builtin_report) =
        score(&reference.0, &reference.0).expect("python3 runs");

    let a = campaign("request-000", &first_four[0], coding, &first_four);
    let b = campaign("request-004", &fifth[0], workforce, &fifth);
    let (ok_a, total_a, report_a) = score(&a.0, &a.0).unwrap();
    let (ok_b, total_b, report_b) = score(&b.0, &b.0).unwrap();
    println!("built-in: {builtin_ok}/{builtin_total}\n{builtin_report}");
    println!("drafted from 000: {ok_a}/{total_a}\n{report_a}");
    println!("drafted from 004: {ok_b}/{total_b}\n{report_b}");
    assert_eq!(
        total_a + total_b,
        builtin_total,
        "the same checks were scored"
    );
    assert!(
        ok_a + ok_b >= builtin_ok,
        "drafted schemas: {}/{} against the built-in {builtin_ok}/{builtin_total}\n{report_a}\n{report_b}",
        ok_a + ok_b,
        total_a + total_b
    );
}
