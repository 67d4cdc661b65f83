//! Drafts and edits: what each draft says, where `place` puts it, and the
//! guarantees: edits change only annotation lines, and `verify_all` is
//! idempotent and leaves every answer verified.

use proptest::collection::vec;
use proptest::prelude::*;

use super::support::*;
use crate::engine::annotation::edit::{
    apply_edits, ignore_draft, map_draft, place, reading_draft, set_status_draft, verify_all,
    verify_draft, TextEdit,
};
use crate::engine::annotation::{is_annotation_line, outcome, render, Literal, Outcome, Verb};
use crate::engine::model::{Analysis, Code, Status, Table, Value, ValueKind};
use crate::engine::schema::Schema;

fn apply_one(text: &str, edit: &TextEdit) -> String {
    apply_edits(text, std::slice::from_ref(edit))
}

/// Annotates `text` with `verify_all` and reads it again.
fn annotate(text: &str, schema: Option<&Schema>) -> (String, Analysis) {
    let edits = verify_all(text, &toy_analyze(text, schema));
    let out = apply_edits(text, &edits);
    let analysis = toy_analyze(&out, schema);
    (out, analysis)
}

#[test]
fn verify_drafts_quote_the_source() {
    let text = "Q1. Coded?\nA: Only inpatient episodes; 6793 episodes were coded in 2024.\n\
                Q2. Income?\nA: About 84.5K\nQ3. Policy?\nA: Via the Clinical Coding Team. See the policy.\n\
                Q4. Contact?\nA: Withheld under Section 40.\n";
    let a = toy_analyze(text, None);
    let rendered: Vec<String> = (0..4)
        .map(|i| render(&verify_draft(text, &a, i).unwrap()))
        .collect();
    assert_eq!(
        rendered,
        [
            // The toy reads 2024 as a figure too: the quote covers both on their line.
            r#"<!-- foil verify q=q1 value=6793 value=2024 quote="6793 episodes were coded in 2024" -->"#,
            r#"<!-- foil verify q=q2 value=84500~ quote="84.5K" -->"#,
            r#"<!-- foil verify q=q3 status=answered quote="Via the Clinical Coding Team." -->"#,
            r#"<!-- foil verify q=q4 status=exempt exemption=s40 quote="Withheld under Section 40." -->"#,
        ]
    );
}

#[test]
fn a_table_is_verified_by_its_total_and_first_row() {
    let text = "Q4. Split?\nA:\nSpecialty\tEpisodes\nOncology\t120\nCardiology\t80\nTotal\t200\n";
    let mut a = Analysis::default();
    let mut e = exchange("specialty_split");
    e.question = Some(located(text, "Split?"));
    let body = "Specialty\tEpisodes\nOncology\t120\nCardiology\t80\nTotal\t200";
    e.answer = Some(located(text, body));
    let mut table = Value::new(ValueKind::Table, find(text, body), body);
    table.table = Some(Box::new(Table {
        columns: vec!["Specialty".into(), "Episodes".into()],
        total: Some(200.0),
        total_stated: true,
        ..Table::default()
    }));
    e.values.push(table);
    a.exchanges.push(e);
    let draft = verify_draft(text, &a, 0).unwrap();
    assert_eq!(
        render(&draft),
        "<!-- foil verify q=specialty_split value=200 quote=\"Oncology\t120\" -->"
    );
}

#[test]
fn prose_quotes_are_short_and_from_the_answer() {
    let long = "The Trust does not record this information centrally and each of the divisions keeps its own records of coding";
    let text = format!("Q5. How?\nA: {long}\n");
    let a = toy_analyze(&text, None);
    let quote = verify_draft(&text, &a, 0).unwrap().quote.unwrap();
    assert!(quote.chars().count() <= 80);
    assert!(
        long.starts_with(&quote) && quote.ends_with(" divisions"),
        "{quote:?}"
    );
}

#[test]
fn other_drafts() {
    let text = "Q1. Income?\nA: About 84.5K and 12\n";
    let a = toy_analyze(text, None);
    let set = set_status_draft(&a, 0, Status::Exempt, Some("S43")).unwrap();
    assert_eq!(
        render(&set),
        "<!-- foil set q=q1 status=exempt exemption=s43 -->"
    );
    let reading = reading_draft(&a, 0, 0, 0).unwrap();
    assert_eq!(
        render(&reading),
        r#"<!-- foil set q=q1 value=84500 value=12 quote="84.5K" -->"#
    );
    let ignore = ignore_draft(&a, 0, Code::AmbiguousValue).unwrap();
    assert_eq!(
        render(&ignore),
        "<!-- foil ignore q=q1 code=ambiguous-value -->"
    );
    let map = map_draft(&a, 0, "income_lost").unwrap();
    assert_eq!(render(&map), "<!-- foil set q=income_lost -->");
    assert_eq!(reading_draft(&a, 0, 1, 0), None, "12 has no other reading");
    assert_eq!(verify_draft(text, &a, 5), None);

    // A map keeps what an existing set says, and replaces it.
    let text = "Q1. Income?\nA: About 84.5K\n<!-- foil set value=84500 -->\n";
    let a = toy_analyze(text, None);
    let map = map_draft(&a, 0, "income_lost").unwrap();
    assert_eq!(render(&map), "<!-- foil set q=income_lost value=84500 -->");
    let edit = place(text, &a, 0, &map);
    assert_eq!(edit.span, find(text, "<!-- foil set value=84500 -->"));
}

#[test]
fn applying_a_reading_draft_resolves_the_ambiguity() {
    let text = "Q1. Income?\nA: About 84.5K\n";
    let a = toy_analyze(text, None);
    let out = apply_one(
        text,
        &place(text, &a, 0, &reading_draft(&a, 0, 0, 0).unwrap()),
    );
    let b = toy_analyze(&out, None);
    assert_eq!(codes_of(&b, "q1"), [Code::AnnotationMismatch]);
    let v = &b.exchanges[0].values[0];
    assert_eq!((v.number(), v.approximate), (Some(84500.0), false));
}

#[test]
fn place_inserts_after_the_answer_and_its_annotations() {
    let text = "Q1. One?\nA: 1\ncontinued\n<!-- foil ignore code=not-held -->\n\nQ2. Two?\nA: 2";
    let a = toy_analyze(text, None);
    let draft = verify_draft(text, &a, 0).unwrap();
    let out = apply_one(text, &place(text, &a, 0, &draft));
    assert_eq!(
        out,
        "Q1. One?\nA: 1\ncontinued\n<!-- foil ignore code=not-held -->\n\
         <!-- foil verify q=q1 value=1 quote=\"1\" -->\n\nQ2. Two?\nA: 2"
    );
    // The last line has no break: it gets one, and the text still ends without one.
    let draft = verify_draft(text, &a, 1).unwrap();
    let out = apply_one(text, &place(text, &a, 1, &draft));
    assert!(
        out.ends_with("A: 2\n<!-- foil verify q=q2 value=2 quote=\"2\" -->"),
        "{out:?}"
    );
}

#[test]
fn place_uses_the_document_line_ending() {
    let text = "Q1. One?\r\nA: 1\r\nQ2. Two?\r\nA: 2\r\n";
    let (out, _) = annotate(text, None);
    assert_eq!(
        out,
        "Q1. One?\r\nA: 1\r\n<!-- foil verify q=q1 value=1 quote=\"1\" -->\r\n\
         Q2. Two?\r\nA: 2\r\n<!-- foil verify q=q2 value=2 quote=\"2\" -->\r\n"
    );
}

#[test]
fn place_replaces_an_annotation_of_the_same_verb() {
    let text = "Q1. One?\nA: 2\n<!-- foil verify value=1 -->\n<!-- foil ignore code=not-held -->\n";
    let a = toy_analyze(text, None);
    assert_eq!(with_code(&a, Code::AnnotationStale).len(), 1);
    let edit = place(text, &a, 0, &verify_draft(text, &a, 0).unwrap());
    assert_eq!(edit.span, find(text, "<!-- foil verify value=1 -->"));
    let out = apply_one(text, &edit);
    assert!(toy_analyze(&out, None).findings.is_empty());

    let same_code = place(text, &a, 0, &ignore_draft(&a, 0, Code::NotHeld).unwrap());
    assert_eq!(
        same_code.span,
        find(text, "<!-- foil ignore code=not-held -->")
    );
    let other_code = place(text, &a, 0, &ignore_draft(&a, 0, Code::Exempt).unwrap());
    assert!(other_code.span.is_empty());
    let set = place(
        text,
        &a,
        0,
        &set_status_draft(&a, 0, Status::NotHeld, None).unwrap(),
    );
    assert!(set.span.is_empty(), "a set does not replace a verify");
}

#[test]
fn verify_all_verifies_every_answer_once() {
    let text = "Q1. Coded?\nA: 6,793 episodes\n\nQ2. Uncoded?\nA: About 84.5K\n\
                Q3. Income?\nA: This is not held.\nQ4. Missing?\n\
                Q5. Contact?\nA: Withheld under Section 40.\nQ6. Same team?\nA: No\n\
                Q7. Já?\nA: Überall “quoted” text – fine.";
    let (once, a) = annotate(text, None);
    // Only the status findings remain: the ambiguity of 84.5K is confirmed away.
    let codes: Vec<Code> = a.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, [Code::NotHeld, Code::MissingAnswer, Code::Exempt]);
    for e in &a.exchanges {
        assert_eq!(e.annotation.is_some(), e.answer.is_some(), "{}", e.key);
    }
    assert_eq!(a.annotations.len(), 6);
    assert!(a.annotations.iter().all(|a| a.verb == Verb::Verify));
    assert!(
        verify_all(&once, &a).is_empty(),
        "running it again changes nothing"
    );
}

#[test]
fn verify_all_leaves_decided_answers_alone() {
    let text =
        "Q1. One?\nA: 2\n<!-- foil verify value=1 -->\nQ2. Two?\nA: 2\n<!-- foil set value=3 -->\n\
                Q3. Three?\nA: 3\n<!-- foil ignore code=exempt -->\n";
    let a = toy_analyze(text, None);
    let edits = verify_all(text, &a);
    assert_eq!(edits.len(), 1);
    assert!(edits[0].new_text.contains("q=q3"));
}

/// `text` split into lines, each with its line break ("" for a last line without one).
fn lines_with_breaks(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let brk = match &rest.as_bytes()[end..] {
            [b'\r', b'\n', ..] => 2,
            [] => 0,
            _ => 1,
        };
        out.push((&rest[..end], &rest[end..end + brk]));
        rest = &rest[end + brk..];
    }
    out
}

/// Checks that `after` has the same non-annotation lines as `before`, byte for
/// byte, except that a last line without a break may have gained one.
fn only_annotation_lines_changed(before: &str, after: &str) -> Result<(), String> {
    let keep = |text| -> Vec<(&str, &str)> {
        lines_with_breaks(text)
            .into_iter()
            .filter(|(l, _)| !is_annotation_line(l))
            .collect()
    };
    let (old, new) = (keep(before), keep(after));
    if old.len() != new.len() {
        return Err(format!(
            "{} lines became {}:\n{before:?}\n{after:?}",
            old.len(),
            new.len()
        ));
    }
    for (i, ((ol, ob), (nl, nb))) in old.iter().zip(&new).enumerate() {
        let gained_break = ob.is_empty() && i + 1 == old.len();
        if ol != nl || (ob != nb && !gained_break) {
            return Err(format!("line {i} changed: {ol:?}{ob:?} → {nl:?}{nb:?}"));
        }
    }
    Ok(())
}

/// A response in the toy layout: answers of every kind, some already
/// annotated, LF or CRLF, with or without a final line break, unicode.
fn document() -> impl Strategy<Value = String> {
    let answer = prop_oneof![
        Just("6793 episodes".to_string()),
        Just("About 84.5K – “roughly”".to_string()),
        Just("1.0 substantive / 0.8 agency\ncontinued £60k".to_string()),
        Just("This is not held.".to_string()),
        Just("Withheld under Section 43.".to_string()),
        Just("Yes".to_string()),
        "[a-zA-Zé “”’😀 ]{1,40}\\.?",
    ];
    let annotation = prop_oneof![
        Just(String::new()),
        Just("\n<!-- foil verify value=6793 -->".to_string()),
        Just("\n<!-- foil ignore code=ambiguous-value -->".to_string()),
        Just("\n<!-- foil set status=not_held -->".to_string()),
        Just("\n<!-- foil verfy -->".to_string()),
    ];
    let exchange = (
        "[a-zA-Z ’é]{1,20}\\?",
        proptest::option::weighted(0.85, answer),
        annotation,
        "\n{0,2}",
    )
        .prop_map(|(q, a, note, gap)| (q, a, note, gap));
    (vec(exchange, 1..6), any::<bool>(), any::<bool>()).prop_map(
        |(exchanges, crlf, final_break)| {
            let mut doc = String::from("Dear requester,\n");
            for (i, (q, a, note, gap)) in exchanges.iter().enumerate() {
                doc.push_str(&format!("Q{}. {q}\n", i + 1));
                if let Some(a) = a {
                    doc.push_str(&format!("A: {a}{note}\n"));
                }
                doc.push_str(gap);
            }
            doc.push_str("Yours, the FOI team");
            if final_break {
                doc.push('\n');
            }
            if crlf {
                doc = doc.replace('\n', "\r\n");
            }
            doc
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_draft_changes_only_annotation_lines(text in document()) {
        let schema = clinical_coding();
        let a = toy_analyze(&text, Some(&schema));
        for i in 0..a.exchanges.len() {
            let mut drafts = vec![
                verify_draft(&text, &a, i),
                set_status_draft(&a, i, Status::NotHeld, None),
                set_status_draft(&a, i, Status::Exempt, Some("s40")),
                ignore_draft(&a, i, Code::AmbiguousValue),
                map_draft(&a, i, "income_lost"),
            ];
            for (v, value) in a.exchanges[i].values.iter().enumerate() {
                for r in 0..value.alternatives.len() {
                    drafts.push(reading_draft(&a, i, v, r));
                }
            }
            for draft in drafts.into_iter().flatten() {
                let out = apply_one(&text, &place(&text, &a, i, &draft));
                only_annotation_lines_changed(&text, &out).map_err(TestCaseError::fail)?;
                // The line is there, reads back, and is bound to the exchange.
                let b = toy_analyze(&out, Some(&schema));
                let found = b.annotations.iter().find(|x| {
                    x.verb == draft.verb && x.values == draft.values && x.key == draft.key
                        && x.status == draft.status && x.code == draft.code
                });
                prop_assert!(found.is_some(), "{} not bound in\n{out}", render(&draft));
                if draft.verb == Verb::Verify {
                    let got = outcome(found.unwrap(), &b);
                    prop_assert_eq!(got, Outcome::Current, "a fresh verify in\n{}", out);
                }
            }
        }
    }

    #[test]
    fn verify_all_is_idempotent(text in document()) {
        let a = toy_analyze(&text, None);
        let edits = verify_all(&text, &a);
        let once = apply_edits(&text, &edits);
        only_annotation_lines_changed(&text, &once).map_err(TestCaseError::fail)?;
        let b = toy_analyze(&once, None);
        prop_assert_eq!(verify_all(&once, &b), vec![]);
        // Every answer is now decided (or keeps the stale verify a person must
        // look at), and verifying added no finding.
        for (j, e) in b.exchanges.iter().enumerate() {
            let stale = b.annotations.iter().any(|x| {
                x.exchange == Some(j) && matches!(outcome(x, &b), Outcome::Stale(_))
            });
            prop_assert!(e.answer.is_none() || e.annotation.is_some() || stale, "{} undecided in\n{}", e.key, once);
        }
        for f in &b.findings {
            let known = a.findings.iter().any(|o| (o.code, &o.key, &o.message) == (f.code, &f.key, &f.message));
            prop_assert!(known, "new finding {:?} in\n{}", f, once);
        }
    }
}

#[test]
fn literal_spans_of_sets_stay_in_their_line() {
    let text = "Q1. One?\nA: 1\n<!-- foil set value=inpatient:3 value=\"x y\" -->\n";
    let a = toy_analyze(text, None);
    let line = find(text, "<!-- foil set value=inpatient:3 value=\"x y\" -->");
    for v in &a.exchanges[0].values {
        assert!(line.start <= v.span.start && v.span.end <= line.end);
    }
    assert_eq!(a.annotations[0].values[1], Literal::Text("x y".into()));
}
