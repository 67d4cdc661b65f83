//! `apply`: binding, verify (current and stale), set (values, status,
//! mismatch, mapping to a schema key), ignore, and invalid annotations.

use super::support::*;
use crate::engine::annotation::{apply, outcome, scan, Outcome, Verb};
use crate::engine::model::{Analysis, Code, Scalar, Severity, Span, Status, Value, ValueKind};

fn messages(analysis: &Analysis, code: Code) -> Vec<String> {
    with_code(analysis, code)
        .iter()
        .map(|f| f.message.clone())
        .collect()
}

const COUNTED: &str = "Q1. How many episodes were coded?\nA: 6793 episodes were coded.\n";

#[test]
fn current_verify_confirms_the_exchange() {
    let text =
        format!("{COUNTED}<!-- foil verify q=q1 value=6793 quote=\"6793 episodes\" by=AK -->\n");
    let a = toy_analyze(&text, None);
    assert!(
        with_code(&a, Code::AnnotationStale).is_empty(),
        "{:?}",
        a.findings
    );
    assert_eq!(a.annotations.len(), 1);
    assert_eq!(a.annotations[0].exchange, Some(0));
    assert_eq!(outcome(&a.annotations[0], &a), Outcome::Current);
    assert_eq!(a.exchanges[0].annotation, Some(0));
}

#[test]
fn verify_goes_stale_when_the_figure_changes() {
    let text = "Q1. How many episodes were coded?\nA: 6794 episodes were coded.\n\
                <!-- foil verify value=6793 quote=\"6793 episodes\" -->\n";
    let a = toy_analyze(text, None);
    let stale = with_code(&a, Code::AnnotationStale);
    assert_eq!(stale.len(), 1);
    let f = stale[0];
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.key.as_deref(), Some("q1"));
    assert_eq!(f.span.slice(text), text.lines().nth(2).unwrap());
    assert!(
        f.message
            .contains("the quoted text \"6793 episodes\" no longer occurs in the answer"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("verified 6793 but the answer now reads 6794"),
        "{}",
        f.message
    );
    // A stale verify decides nothing.
    assert_eq!(a.exchanges[0].annotation, None);
    assert!(matches!(outcome(&a.annotations[0], &a), Outcome::Stale(_)));
}

#[test]
fn verify_compares_the_approximate_marker_and_labels() {
    let approx = "Q3. Income?\nA: About 84.5K.\n";
    let exact = format!("{approx}<!-- foil verify value=84500 -->\n");
    let a = toy_analyze(&exact, None);
    assert_eq!(
        messages(&a, Code::AnnotationStale),
        ["verified 84500 but the answer now reads 84500~"]
    );
    // Confirming the approximate reading clears the ambiguity.
    let confirmed = format!("{approx}<!-- foil verify value=84500~ quote=\"84.5K\" -->\n");
    let a = toy_analyze(&confirmed, None);
    assert!(a.findings.is_empty(), "{:?}", a.findings);

    let mut a = toy_read("Q8. Mix?\nA: 1.0 substantive / 0.8 agency\n");
    let labels = ["substantive", "agency"];
    for (v, label) in a.exchanges[0].values.iter_mut().zip(labels) {
        v.label = Some(label.into());
    }
    let text = "Q8. Mix?\nA: 1.0 substantive / 0.8 agency\n\
                <!-- foil verify value=agency:0.8 value=substantive:1 -->\n";
    apply(text, &mut a, &scan(text), None);
    assert!(
        with_code(&a, Code::AnnotationStale).is_empty(),
        "{:?}",
        a.findings
    );
    let text = text.replace("agency:0.8", "bank:0.8");
    let mut a2 = toy_read(&text);
    for (v, label) in a2.exchanges[0].values.iter_mut().zip(labels) {
        v.label = Some(label.into());
    }
    apply(&text, &mut a2, &scan(&text), None);
    assert_eq!(with_code(&a2, Code::AnnotationStale).len(), 1);
}

#[test]
fn verify_of_status_and_exemption() {
    let text = "Q16. Contact?\nA: Withheld under Section 40.\n\
                <!-- foil verify status=exempt exemption=s40 quote=\"Withheld under Section 40.\" -->\n";
    let a = toy_analyze(text, None);
    assert!(
        with_code(&a, Code::AnnotationStale).is_empty(),
        "{:?}",
        a.findings
    );
    let changed = text.replace(
        "A: Withheld under Section 40.",
        "A: Withheld under Section 43.",
    );
    let a = toy_analyze(&changed, None);
    let m = messages(&a, Code::AnnotationStale);
    assert_eq!(m.len(), 1);
    assert!(m[0].contains("no longer occurs"), "{}", m[0]);
    assert!(
        m[0].contains("verified exemption s40 but the answer now cites s43"),
        "{}",
        m[0]
    );
    let not_held = text.replace("A: Withheld under Section 40.", "A: Withheld. Not held.");
    let a = toy_analyze(&not_held, None);
    assert!(
        messages(&a, Code::AnnotationStale)[0]
            .contains("verified status exempt but the answer now reads not held"),
        "{:?}",
        a.findings
    );
}

#[test]
fn quotes_survive_rewrapping() {
    let text = "Q5. How?\nA: Via the Clinical\nCoding Team.\n\
                <!-- foil verify status=answered quote=\"Via the Clinical Coding Team.\" -->\n";
    let a = toy_analyze(text, None);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
}

#[test]
fn without_q_an_annotation_binds_to_the_answer_it_follows() {
    let text = "Q1. One?\nA: 1\n<!-- foil verify value=1 -->\nQ2. Two?\nA: 2\n\n\
                <!-- foil verify value=2 -->\n";
    let a = toy_analyze(text, None);
    assert_eq!(a.annotations.len(), 2);
    assert_eq!(a.annotations[0].exchange, Some(0));
    assert_eq!(a.annotations[1].exchange, Some(1));
    assert!(a.findings.is_empty(), "{:?}", a.findings);
}

#[test]
fn an_annotation_before_any_question_is_invalid() {
    let text = "<!-- foil verify value=1 -->\nQ1. One?\nA: 1\n";
    let a = toy_analyze(text, None);
    let invalid = with_code(&a, Code::AnnotationInvalid);
    assert_eq!(invalid.len(), 1);
    assert_eq!(invalid[0].severity, Severity::Error);
    assert!(
        invalid[0].message.contains("follows no question"),
        "{}",
        invalid[0].message
    );
    assert!(a.annotations.is_empty());
}

#[test]
fn unknown_keys_and_unreadable_lines_are_invalid() {
    let schema = clinical_coding();
    let text = "Q1. One?\nA: 1\n<!-- foil verify q=episodes value=1 -->\n\
                <!-- foil verfy value=1 -->\n<!-- foil verify q=income_lost -->\n";
    let a = toy_analyze(text, Some(&schema));
    let m = messages(&a, Code::AnnotationInvalid);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(
        m[0].contains(
            "unknown verb \"verfy\": expected verify, set, ignore, question, answer or furniture"
        ),
        "{m:?}"
    );
    assert!(
        m.iter().any(|m| m.starts_with("unknown question key \"episodes\": expected a key of this response (q1) or of nhs-clinical-coding-2024 (episodes_coded")),
        "{m:?}"
    );
    assert!(
        m.iter()
            .any(|m| m.contains("no answer here is matched to income_lost")),
        "{m:?}"
    );
    let verb = with_code(&a, Code::AnnotationInvalid)
        .into_iter()
        .find(|f| f.message.contains("verfy"))
        .unwrap();
    assert_eq!(verb.span.slice(text), "verfy");
}

#[test]
fn set_overrides_values_and_reports_the_mismatch() {
    let text = format!("{COUNTED}<!-- foil set value=6800 note=\"from the annual report\" -->\n");
    let mut a = toy_read(&text);
    a.exchanges[0].expects = vec![ValueKind::Count];
    apply(&text, &mut a, &scan(&text), None);
    let e = &a.exchanges[0];
    assert_eq!(e.values.len(), 1);
    let v = &e.values[0];
    assert_eq!((v.kind, v.number()), (ValueKind::Count, Some(6800.0)));
    // The value lives in the annotation line: its span is the literal as written.
    assert_eq!(v.span.slice(&text), "6800");
    assert_eq!(v.text, "6800");
    assert!(v.span.start > text.find("<!--").unwrap());
    assert_eq!(e.annotation, Some(0));
    let m = with_code(&a, Code::AnnotationMismatch);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].message, "text reads 6793; annotation sets 6800");
    assert_eq!(m[0].severity, Severity::Information);
    assert!(matches!(
        outcome(&a.annotations[0], &a),
        Outcome::Overrides(_)
    ));

    let agreeing = format!("{COUNTED}<!-- foil set value=6793 -->\n");
    let a = toy_analyze(&agreeing, None);
    assert!(with_code(&a, Code::AnnotationMismatch).is_empty());
    assert_eq!(outcome(&a.annotations[0], &a), Outcome::Current);
}

#[test]
fn set_status_replaces_the_status_findings() {
    let text = format!("{COUNTED}<!-- foil set status=exempt exemption=s40 -->\n");
    let a = toy_analyze(&text, None);
    let e = &a.exchanges[0];
    assert_eq!(
        (e.status, e.exemption.as_deref()),
        (Status::Exempt, Some("s40"))
    );
    assert!(e.values.is_empty(), "an exempt answer carries no figures");
    let exempt = with_code(&a, Code::Exempt);
    assert_eq!(exempt.len(), 1);
    assert!(
        exempt[0]
            .message
            .contains("section 40 — personal information"),
        "{}",
        exempt[0].message
    );
    assert_eq!(
        messages(&a, Code::AnnotationMismatch),
        ["text reads answered; annotation sets exempt (s40)"]
    );

    // From not held to answered with a value: the not-held finding goes.
    let text = "Q3. Income?\nA: This is not held.\n<!-- foil set value=1200 unit=GBP -->\n";
    let a = toy_analyze(text, None);
    assert_eq!(codes_of(&a, "q3"), [Code::AnnotationMismatch]);
    let e = &a.exchanges[0];
    assert_eq!(e.status, Status::Answered);
    assert_eq!(
        (e.values[0].kind, e.values[0].currency),
        (ValueKind::Money, Some("GBP"))
    );
    assert_eq!(
        messages(&a, Code::AnnotationMismatch),
        ["text reads no value, not held; annotation sets 1200, answered"]
    );
}

#[test]
fn set_converts_literals_by_what_the_question_expects() {
    let schema = clinical_coding();
    let text = "Q3. Income?\nA: Between 60k and 80k\n\
                <!-- foil set value=60000..80000 unit=GBP quote=\"60k and 80k\" -->\n\
                Q12. Model?\nA: Both Block and PBR models\n<!-- foil set value=both -->\n\
                Q13. Systems?\nA: Medicode and iPM\n\
                <!-- foil set value=\"Medicode\" value=\"iPM\" -->\n\
                Q1. Episodes?\nA: IP 244,608 and OP 860,437\n\
                <!-- foil set value=inpatient:244608 value=outpatient:860437 -->\n\
                Q6. Same team?\nA: Separate teams\n<!-- foil set value=no -->\n";
    let mut a = toy_read(text);
    let expects = |key: &str| schema.question(key).unwrap().expects.clone();
    for (i, key) in [
        "income_lost",
        "financial_model",
        "coding_systems",
        "episodes_coded",
        "same_team",
    ]
    .iter()
    .enumerate()
    {
        a.exchanges[i].expects = expects(key);
    }
    apply(text, &mut a, &scan(text), None);
    let money = &a.exchanges[0].values[0];
    assert_eq!(
        (money.kind, money.min, money.max, money.currency),
        (ValueKind::Money, Some(60000.0), Some(80000.0), Some("GBP"))
    );
    let model = &a.exchanges[1].values[0];
    assert_eq!(
        (model.kind, &model.value),
        (ValueKind::Enum, &Scalar::Text("both".into()))
    );
    let systems = &a.exchanges[2].values;
    assert_eq!(systems.len(), 1);
    assert_eq!(
        (systems[0].kind, systems[0].items.clone()),
        (ValueKind::List, vec!["Medicode".to_string(), "iPM".into()])
    );
    let split = &a.exchanges[3].values;
    assert_eq!(split.len(), 2);
    assert_eq!(
        (split[0].kind, split[0].label.as_deref(), split[0].number()),
        (ValueKind::Count, Some("inpatient"), Some(244608.0))
    );
    assert_eq!(split[1].label.as_deref(), Some("outpatient"));
    let same = &a.exchanges[4].values[0];
    assert_eq!(
        (same.kind, &same.value),
        (ValueKind::YesNo, &Scalar::Bool(false))
    );
    assert!(a.exchanges.iter().all(|e| e.annotation.is_some()));
}

#[test]
fn set_maps_an_unmatched_answer_to_a_schema_key() {
    let schema = clinical_coding();
    let text = "Q7. Staff?\nA: 1.8 WTE\n<!-- foil set q=coding_wte -->\n\
                <!-- foil verify q=coding_wte value=1.8 -->\n";
    let mut a = toy_read(text);
    a.findings.push(
        crate::engine::model::Finding::new(Code::UnknownQuestion, a.exchanges[0].span, "unknown")
            .with_key("q7"),
    );
    apply(text, &mut a, &scan(text), Some(&schema));
    let e = &a.exchanges[0];
    assert_eq!(e.key, "coding_wte");
    assert_eq!(e.schema_question, Some(6));
    assert_eq!(e.expects, [ValueKind::Wte]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!(
        a.annotations.iter().map(|a| a.exchange).collect::<Vec<_>>(),
        [Some(0), Some(0)]
    );
    // The set decides it (it maps the answer); the verify confirms the reading.
    assert_eq!(e.annotation, Some(0));
}

#[test]
fn mapping_replaces_the_placeholder_of_a_missing_question() {
    let schema = clinical_coding();
    let text = "Q7. Staff?\nA: 1.8 WTE\n<!-- foil set q=coding_wte -->\n";
    let mut a = toy_read(text);
    let mut missing = exchange("coding_wte");
    missing.status = Status::Missing;
    a.exchanges.push(missing);
    a.findings.push(
        crate::engine::model::Finding::new(Code::MissingAnswer, Span::default(), "missing")
            .with_key("coding_wte"),
    );
    apply(text, &mut a, &scan(text), Some(&schema));
    assert_eq!(a.exchanges.len(), 1);
    assert_eq!(a.exchanges[0].key, "coding_wte");
    assert_eq!(a.exchanges[0].values[0].number(), Some(1.8));
    assert!(a.findings.is_empty(), "{:?}", a.findings);
}

#[test]
fn mapping_away_from_a_schema_question_leaves_it_missing() {
    let schema = clinical_coding();
    let text = "Q1. Staff?\nA: 1.8 WTE\nQ2. Other?\nA: 3\n<!-- foil set q=coding_wte -->\n\
                <!-- foil verify q=episodes_coded value=1.8 -->\n";
    let mut a = toy_read(text);
    a.exchanges[0].key = "episodes_coded".into();
    a.exchanges[0].schema_question = Some(0);
    a.exchanges[1].key = "episodes_uncoded".into();
    a.exchanges[1].schema_question = Some(1);
    apply(text, &mut a, &scan(text), Some(&schema));
    let keys: Vec<&str> = a.exchanges.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["episodes_coded", "coding_wte", "episodes_uncoded"]);
    assert_eq!(a.exchanges[2].status, Status::Missing);
    let missing = with_code(&a, Code::MissingAnswer);
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].key.as_deref(), Some("episodes_uncoded"));
    // The verify of the untouched question still binds by key.
    assert_eq!(a.annotations[1].exchange, Some(0));
}

#[test]
fn ignore_silences_one_code_on_one_answer() {
    let text = "Q1. One?\nA: About 84.5K.\n<!-- foil ignore code=ambiguous-value -->\n\
                Q2. Two?\nA: About 12.5K.\n";
    let a = toy_analyze(text, None);
    assert_eq!(codes_of(&a, "q1"), []);
    assert_eq!(codes_of(&a, "q2"), [Code::AmbiguousValue]);
    assert_eq!(a.annotations[0].verb, Verb::Ignore);
    assert_eq!(outcome(&a.annotations[0], &a), Outcome::Current);
    assert_eq!(
        a.exchanges[0].annotation, None,
        "an ignore decides no reading"
    );

    let other_code = text.replace("ambiguous-value", "not-held");
    let a = toy_analyze(&other_code, None);
    assert_eq!(codes_of(&a, "q1"), [Code::AmbiguousValue]);
}

#[test]
fn ignore_runs_after_the_other_annotations() {
    let text = format!(
        "{COUNTED}<!-- foil set value=1 -->\n<!-- foil ignore code=annotation-mismatch -->\n"
    );
    let a = toy_analyze(&text, None);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!(a.exchanges[0].values[0].number(), Some(1.0));
}

#[test]
fn the_last_set_decides_over_verifies() {
    let text = format!(
        "{COUNTED}<!-- foil set value=6800 -->\n<!-- foil verify value=6793 -->\n<!-- foil set value=6801 -->\n"
    );
    let a = toy_analyze(&text, None);
    assert_eq!(a.annotations.len(), 3);
    assert_eq!(a.exchanges[0].annotation, Some(2));
    assert_eq!(a.exchanges[0].values[0].number(), Some(6801.0));
    // The verify checked foil's reading of the text, not the set's values.
    assert_eq!(outcome(&a.annotations[1], &a), Outcome::Current);
}

#[test]
fn hand_built_money_range_and_wte_split() {
    let text = "3. Income lost?\nResponse: £60k to £80k.\n\
                <!-- foil verify q=income_lost value=60000..80000 unit=GBP quote=\"£60k to £80k\" -->\n\
                8. Staff mix?\nResponse: 1.0 substantive / 0.8 agency\n\
                <!-- foil verify q=staff_mix value=substantive:1 value=agency:0.8 -->\n";
    let mut analysis = Analysis::default();
    let mut income = exchange("income_lost");
    income.question = Some(located(text, "Income lost?"));
    income.answer = Some(located(text, "£60k to £80k."));
    let mut range = Value::new(ValueKind::Money, find(text, "£60k to £80k"), "£60k to £80k");
    (range.min, range.max, range.currency) = (Some(60000.0), Some(80000.0), Some("GBP"));
    income.values.push(range);
    let mut mix = exchange("staff_mix");
    mix.question = Some(located(text, "Staff mix?"));
    mix.answer = Some(located(text, "1.0 substantive / 0.8 agency"));
    for (needle, n, label) in [("1.0", 1.0, "substantive"), ("0.8", 0.8, "agency")] {
        let mut v = figure(text, needle, ValueKind::Wte, n);
        v.label = Some(label.into());
        mix.values.push(v);
    }
    analysis.exchanges = vec![income, mix];
    apply(text, &mut analysis, &scan(text), None);
    assert!(analysis.findings.is_empty(), "{:?}", analysis.findings);
    assert_eq!(analysis.exchanges[0].annotation, Some(0));
    assert_eq!(analysis.exchanges[1].annotation, Some(1));

    // The range end moves: stale, saying how.
    let moved = text.replace("£60k to £80k.\n", "£60k to £90k.\n");
    analysis.exchanges[0].answer = Some(located(&moved, "£60k to £90k."));
    analysis.exchanges[0].values[0].max = Some(90000.0);
    analysis.findings.clear();
    apply(&moved, &mut analysis, &scan(&moved), None);
    assert_eq!(
        messages(&analysis, Code::AnnotationStale),
        ["the quoted text \"£60k to £80k\" no longer occurs in the answer; verified 60000..80000 but the answer now reads 60000..90000"]
    );
}

#[test]
fn a_mapped_answer_takes_its_placeholders_place() {
    let schema = clinical_coding();
    let placeholder = |key: &str, i: usize| {
        let mut e = exchange(key);
        (e.status, e.schema_question) = (Status::Missing, Some(i));
        e
    };
    // Unmatched answer after the placeholder (schema order first, others after).
    let text = "Q7. Staff?\nA: 1.8 WTE\n<!-- foil set q=coding_wte -->\n";
    let mut a = toy_read(text);
    a.exchanges.insert(0, placeholder("coding_wte", 6));
    a.exchanges.insert(0, placeholder("episodes_coded", 0));
    apply(text, &mut a, &scan(text), Some(&schema));
    let keys: Vec<&str> = a.exchanges.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["episodes_coded", "coding_wte"]);
    assert!(a.exchanges[1].answer.is_some());
    assert_eq!(a.annotations[0].exchange, Some(1));

    // Moving a matched answer to another question: the two swap places.
    let mut a = toy_read(text);
    a.exchanges[0].key = "episodes_coded".into();
    a.exchanges[0].schema_question = Some(0);
    a.exchanges.push(placeholder("coding_wte", 6));
    apply(text, &mut a, &scan(text), Some(&schema));
    let keys: Vec<&str> = a.exchanges.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["episodes_coded", "coding_wte"]);
    assert!(a.exchanges[0].answer.is_none() && a.exchanges[1].answer.is_some());
    assert_eq!(a.exchanges[0].status, Status::Missing);
    assert_eq!(codes_of(&a, "episodes_coded"), [Code::MissingAnswer]);
}
