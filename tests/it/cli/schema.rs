//! `foil schema list|show` with built-in and workspace schemas, `--config`, `--schema`.

use super::support::{foil, Scratch};

const BEDS: &str = "\
name = \"beds-2025\"
title = \"Hospital beds, 2025\"

[[question]]
key = \"general_beds\"
text = \"How many general and acute beds does the Trust have?\"
expects = [\"count\"]

[[question]]
key = \"escalation_beds\"
text = \"Were escalation beds opened?\"
expects = [\"yes_no\"]

[[question]]
key = \"escalation_count\"
text = \"If so, how many?\"
expects = [\"count\"]
asked_if = { question = \"escalation_beds\", answer = \"yes\" }
";

#[test]
fn list_shows_built_in_schemas() {
    let dir = Scratch::new();
    let run = foil(&dir.path, &["schema", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    for header in ["NAME", "TITLE", "QUESTIONS", "ORIGIN"] {
        assert!(lines[0].contains(header), "{}", lines[0]);
    }
    let words = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    let first = words(lines[1]);
    assert_eq!(first.first().unwrap(), "nhs-clinical-coding-2024");
    assert_eq!(first[first.len() - 2..], ["16", "built-in"]);
    let second = words(lines[2]);
    assert_eq!(second.first().unwrap(), "nhs-coding-workforce-2025");
    assert_eq!(second[second.len() - 2..], ["8", "built-in"]);
}

#[test]
fn workspace_schemas_are_listed_and_shown_from_below_the_root() {
    let dir = Scratch::new();
    dir.write("foil.toml", "schema_files = [\"schemas/*.toml\"]\n");
    dir.write("schemas/beds.toml", BEDS);
    dir.write("responses/2025/.keep", "");
    let below = dir.path.join("responses/2025");
    let run = foil(&below, &["schema", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let beds = run
        .stdout
        .lines()
        .find(|l| l.starts_with("beds-2025"))
        .unwrap();
    assert!(beds.contains("Hospital beds, 2025"), "{beds}");
    assert!(beds.contains(" 3 "), "{beds}");
    assert!(beds.ends_with("beds.toml"), "{beds}");

    let run = foil(&below, &["schema", "show", "beds-2025"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("beds-2025 — Hospital beds, 2025\n3 questions"),
        "{}",
        run.stdout
    );
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains("escalation_count"))
        .unwrap();
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols[..3], ["3", "escalation_count", "count"], "{row}");
    assert!(
        row.contains("If so, how many? [asked only if escalation_beds = yes]"),
        "{row}"
    );
}

#[test]
fn config_flag_points_at_a_workspace_elsewhere() {
    let dir = Scratch::new();
    dir.write("ws/foil.toml", "schema_files = [\"beds.toml\"]\n");
    dir.write("ws/beds.toml", BEDS);
    dir.write("elsewhere/.keep", "");
    let run = foil(&dir.path.join("elsewhere"), &["schema", "list"]);
    assert!(!run.stdout.contains("beds-2025"));
    let run = foil(
        &dir.path.join("elsewhere"),
        &["--config", "../ws/foil.toml", "schema", "show", "beds-2025"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("general_beds"));
}

#[test]
fn show_prints_every_question_of_a_built_in_schema() {
    let dir = Scratch::new();
    let run = foil(&dir.path, &["schema", "show", "nhs-clinical-coding-2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let keys = [
        "episodes_coded",
        "episodes_uncoded",
        "income_lost",
        "specialty_split",
        "coding_management",
        "same_team",
        "coding_wte",
        "staff_mix",
        "automated_solution",
        "automated_solution_details",
        "automation_plans",
        "financial_model",
        "coding_systems",
        "epr_integration",
        "challenges",
        "responsible_contact",
    ];
    for (i, key) in keys.iter().enumerate() {
        let row = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(key))
            .unwrap_or_else(|| panic!("no row for {key}:\n{}", run.stdout));
        assert_eq!(
            row.split_whitespace().next(),
            Some((i + 1).to_string().as_str()),
            "{row}"
        );
    }
    let financial = run
        .stdout
        .lines()
        .find(|l| l.contains("financial_model"))
        .unwrap();
    assert!(
        financial.contains("enum (pbr|block|both|other)"),
        "{financial}"
    );
}

#[test]
fn unknown_schemas_exit_2_naming_the_known_ones() {
    let dir = Scratch::new();
    let run = foil(&dir.path, &["schema", "show", "nope"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("\"nope\"") && run.stderr.contains("nhs-clinical-coding-2024"),
        "{}",
        run.stderr
    );
    dir.write("a.txt", "Q1 Yes");
    let run = foil(&dir.path, &["--schema", "nope", "extract", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
}

/// engine: `--schema` makes every response read against that schema.
#[test]
fn schema_flag_forces_the_schema() {
    let dir = Scratch::new();
    dir.write(
        "a.txt",
        "1. What is the structure of your Clinical Coding team?\nOne manager and four coders.\n",
    );
    let run = foil(
        &dir.path,
        &["extract", "--schema", "nhs-coding-workforce-2025", "a.txt"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()[0]["schema"], "nhs-coding-workforce-2025");
}
