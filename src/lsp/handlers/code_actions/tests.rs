//! Tests of the code actions: on the hand-built fixture, and on real readings
//! (each action applied, the text read again, the reading checked).

use super::statuses::cited_sections;
use super::*;
use crate::lsp::handlers::fixture::{self, span, TEXT};
use tower_lsp_server::ls_types::{DocumentChanges, OneOf};

#[test]
fn only_annotation_edits_pass_the_guard() {
    let after_answer = span("84.5K episodes", 0).end;
    let insert = |at: usize, new_text: &str| TextEdit {
        span: Span::empty(at),
        new_text: new_text.into(),
    };
    assert!(only_annotation_lines(
        TEXT,
        &insert(
            after_answer,
            "\r\n<!-- foil verify q=episodes_coded value=84500~ -->"
        )
    ));
    // inside the answer's words
    assert!(!only_annotation_lines(
        TEXT,
        &insert(after_answer - 3, "\n<!-- foil verify q=x -->\n")
    ));
    // writes words that are not an annotation
    assert!(!only_annotation_lines(
        TEXT,
        &insert(after_answer, "\nhello")
    ));
    // replacing an annotation line is fine, replacing an answer is not
    let line = span("<!-- foil verify q=q5", 0);
    let line = Span::new(
        line.start,
        TEXT[line.start..].find('\r').unwrap() + line.start,
    );
    assert!(only_annotation_lines(
        TEXT,
        &TextEdit {
            span: line,
            new_text: "<!-- foil set q=q5 status=not_held -->".into()
        }
    ));
    assert!(!only_annotation_lines(
        TEXT,
        &TextEdit {
            span: span("Standalone", 0),
            new_text: "<!-- foil set q=x -->".into()
        }
    ));
}

fn titles_and_edits(offset: usize) -> Vec<(String, String)> {
    let snap = fixture::snapshot();
    let flags = fixture::rich_client();
    let at = snap.position(offset);
    let range = Range::new(at, at);
    code_actions(&snap, &flags, range, &CodeActionContext::default())
        .into_iter()
        .map(|a| {
            let CodeActionOrCommand::CodeAction(a) = a else {
                panic!("a code action literal")
            };
            let Some(DocumentChanges::Edits(changes)) = a.edit.unwrap().document_changes else {
                panic!("versioned document changes")
            };
            assert_eq!(changes[0].text_document.version, Some(7));
            let text: Vec<String> = changes[0]
                .edits
                .iter()
                .map(|e| match e {
                    OneOf::Left(e) => e.new_text.trim().to_string(),
                    OneOf::Right(e) => e.text_edit.new_text.trim().to_string(),
                })
                .collect();
            (a.title, text.join(" | "))
        })
        .collect()
}

#[test]
fn actions_on_an_ambiguous_figure() {
    let got = titles_and_edits(span("84.5K", 0).start + 1);
    let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles[..4],
        [
            "Not a figure: 84,500 episodes ≈ (the answer gives none)",
            "Verify: 84,500 episodes ≈",
            "Use reading: 84.5 (84.5 without the K)",
            "Correct the values… (value=84500~)",
        ]
    );
    for wanted in [
        "Mark as partial",
        "Mark as not held",
        // cited by the answer to question 3
        "Mark as exempt under section 40",
        "Mark as attached",
        "Mark as not applicable",
        "Mark as missing",
        "Refers to question 2 (automated_solution)",
        "Ignore this finding (ambiguous-value)",
        "Verify all answers (4 to verify)",
    ] {
        assert!(titles.contains(&wanted), "{wanted:?} not in {titles:?}");
    }
    // It is answered already.
    assert!(!titles.contains(&"Mark as answered"), "{titles:?}");
    for (title, edit) in &got {
        assert!(edit.starts_with("<!-- foil "), "{title}: {edit}");
    }
    let reading = &got[2].1;
    assert!(
        reading.starts_with("<!-- foil set q=episodes_coded"),
        "{reading}"
    );
}

#[test]
fn actions_on_an_exempt_answer_and_an_unmatched_question() {
    let exempt = titles_and_edits(span("Section 40", 0).start);
    assert!(exempt
        .iter()
        .all(|(t, _)| t != "Mark as exempt under section 40"));
    assert!(exempt.iter().any(|(t, _)| t == "Mark as not held"));
    let unmatched = titles_and_edits(span("colour", 0).start);
    let maps: Vec<&str> = unmatched
        .iter()
        .map(|(t, _)| t.as_str())
        .filter(|t| t.starts_with("Map to schema question"))
        .collect();
    assert_eq!(maps.len(), MAP_CANDIDATES, "{unmatched:?}");
    // the schema questions already answered in the text are not offered
    assert!(
        maps.iter().all(|t| !t.contains("(episodes_coded)")),
        "{maps:?}"
    );
}

#[test]
fn cited_sections_are_read_from_the_answer() {
    let answer = span("Exempt under Section 40 – personal details", 0);
    assert_eq!(cited_sections(TEXT, Some(answer)), ["s40"]);
    assert_eq!(
        cited_sections(
            "section 12 and Regulation 13(1) and section 40",
            Some(Span::new(0, 46))
        ),
        ["s12", "s40", "r13"]
    );
    assert!(cited_sections(TEXT, None).is_empty());
}

#[test]
fn only_kinds_filter_actions() {
    let snap = fixture::snapshot();
    let flags = fixture::rich_client();
    let b = Builder {
        snap: &snap,
        flags: &flags,
        analysis: snap.analysis().unwrap(),
        only: Some(&[CodeActionKind::SOURCE]),
        actions: Vec::new(),
    };
    assert!(b.wanted(&CodeActionKind::new(VERIFY_ALL_KIND)));
    assert!(!b.wanted(&CodeActionKind::QUICKFIX));
    assert!(!b.wanted(&CodeActionKind::new("sourcefoo")));
}

// Actions on real readings: each is applied, the text read again, the
// reading checked.

use std::str::FromStr;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::engine::annotation::edit::apply_edits;
use crate::engine::{Exchange, Status, ValueKind};
use crate::lsp::position::Encoding;
use crate::lsp::setup::Setup;
use crate::lsp::snapshot::Job;

const WESTBROOK: &str = "Westbrook Borough Council
Freedom of Information response FOI 2291

1. How many pothole claims were received in 2024?
OUR RESPONSE: 158 claims were received, under policy 3 of the council.

2. How much was paid in compensation for pothole claims in 2024?
OUR RESPONSE: £12,500 for property damage and Nil for personal injury.

3. Does the council use a claims management system?
OUR RESPONSE: The council manages claims through its insurer.

4. Which systems does the council use to record pothole repairs?
OUR RESPONSE: Confirm, Alloy and Symology.

5. How many potholes were repaired in 2024?
OUR RESPONSE: This information is not held in that form. Crews repaired 4,210 defects.

6. How many claims were rejected in 2024?
OUR RESPONSE: Please see the answer to question 1.

7. How many staff handle claims?
OUR RESPONSE: Claims are handled by the insurer; some information is withheld under section 43.
Westbrook Borough Council, Civic Centre, Westbrook WB1 1AA

8. How many claims were paid in each year?
OUR RESPONSE:
2022 – 41
";

/// The engine's own reading of `text`, as the server builds it.
fn real(text: &str) -> Snapshot {
    Snapshot::build(Job {
        uri: Uri::from_str("file:///ws/real.txt").unwrap(),
        path: Some("/ws/real.txt".into()),
        version: 1,
        revision: 1,
        rope: Rope::from_str(text),
        encoding: Encoding::Utf16,
        setup: Arc::new(Setup::plain()),
    })
}

/// Each action offered over `span` (with these diagnostics in the context):
/// its title and its edits.
fn offered_with(
    snap: &Snapshot,
    flags: &ClientFlags,
    span: Span,
    diagnostics: Vec<Diagnostic>,
) -> Vec<(String, Vec<TextEdit>)> {
    let context = CodeActionContext {
        diagnostics,
        ..CodeActionContext::default()
    };
    code_actions(snap, flags, snap.range(span), &context)
        .into_iter()
        .map(|a| {
            let CodeActionOrCommand::CodeAction(a) = a else {
                panic!("a code action literal")
            };
            let Some(DocumentChanges::Edits(changes)) = a.edit.unwrap().document_changes else {
                panic!("versioned document changes")
            };
            let edits = changes[0]
                .edits
                .iter()
                .map(|e| {
                    let e = match e {
                        OneOf::Left(e) => e,
                        OneOf::Right(e) => &e.text_edit,
                    };
                    TextEdit {
                        span: snap.span(e.range),
                        new_text: e.new_text.clone(),
                    }
                })
                .collect();
            (a.title, edits)
        })
        .collect()
}

fn offered(snap: &Snapshot, span: Span) -> Vec<(String, Vec<TextEdit>)> {
    offered_with(snap, &fixture::rich_client(), span, Vec::new())
}

/// The text after the action titled `title` (offered over `span`), and its reading.
fn after(text: &str, span: Span, title: &str) -> (String, Analysis) {
    after_on(&real(text), span, title)
}

/// As `after`, on a snapshot whose reading a test chose (see `misread`).
fn after_on(snap: &Snapshot, span: Span, title: &str) -> (String, Analysis) {
    let text = snap.text.as_str();
    let actions = offered(snap, span);
    let Some((_, edits)) = actions.iter().find(|(t, _)| t == title) else {
        let titles: Vec<&String> = actions.iter().map(|(t, _)| t).collect();
        panic!("{title:?} not offered: {titles:?}");
    };
    for e in edits {
        assert!(only_annotation_lines(text, e), "{title}: {e:?}");
    }
    let new = apply_edits(text, edits);
    let analysis = crate::engine::analyze(&new);
    (new, analysis)
}

/// The engine's reading of `text` with the misreading `change` makes: the
/// reading an action corrects, whatever the reader gets right today. The
/// action is then applied to the text and the text read again for real.
fn misread(text: &str, change: impl FnOnce(&mut Analysis)) -> Snapshot {
    let mut snap = real(text);
    match &mut snap.outcome {
        crate::lsp::snapshot::Outcome::Shown(a) => change(a),
        _ => panic!("the text reads as a response"),
    }
    snap
}

/// A count read from `needle` in `text`.
fn count_at(text: &str, needle: &str, n: f64) -> crate::engine::Value {
    let mut v = crate::engine::Value::new(ValueKind::Count, at(text, needle), needle);
    v.value = crate::engine::Scalar::Number(n);
    v
}

fn exchange_mut<'a>(a: &'a mut Analysis, key: &str) -> &'a mut Exchange {
    a.exchanges
        .iter_mut()
        .find(|e| e.key == key)
        .expect("the question")
}

fn at(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    Span::new(start, start + needle.len())
}

fn figures(e: &Exchange) -> Vec<f64> {
    e.values
        .iter()
        .filter_map(|v| v.value.as_number())
        .collect()
}

fn clean(a: &Analysis) -> bool {
    !a.findings.iter().any(|f| f.code == Code::AnnotationInvalid)
}

#[test]
fn not_a_figure_keeps_the_other_values_where_they_were() {
    // Read: 158 and the policy's number.
    let snap = misread(WESTBROOK, |a| {
        exchange_mut(a, "q1").values = vec![
            count_at(WESTBROOK, "158", 158.0),
            count_at(WESTBROOK, "3 of", 3.0),
        ]
    });
    let (text, a) = after_on(
        &snap,
        at(WESTBROOK, "policy 3"),
        "Not a figure: 3 (keeps the other 1)",
    );
    let q1 = a.exchange("q1").unwrap();
    assert_eq!(figures(q1), [158.0]);
    // Still the figure as read, where it stands in the answer.
    assert_eq!(q1.values[0].span, at(&text, "158"));
    assert!(text.contains("<!-- foil set q=q1 value=158 -->"), "{text}");
    assert!(clean(&a));
}

#[test]
fn not_a_figure_on_the_only_figure_leaves_none() {
    let text = "1. How long have you used the system?\nOUR RESPONSE: We have used it for 3 years and it works well.\n";
    let snap = misread(text, |a| {
        a.exchanges[0].values = vec![count_at(text, "3", 3.0)]
    });
    let (new, a) = after_on(
        &snap,
        at(text, "3 years"),
        "Not a figure: 3 (the answer gives none)",
    );
    assert!(new.contains("value=none"), "{new}");
    assert!(a.exchanges[0].values.is_empty());
    assert_eq!(a.exchanges[0].status, Status::Answered);
}

#[test]
fn add_figure_reads_a_figure_foil_missed() {
    // Read: £12,500 but not "Nil".
    let snap = misread(WESTBROOK, |a| {
        exchange_mut(a, "q2")
            .values
            .retain(|v| v.text.starts_with('£'))
    });
    let (_, a) = after_on(&snap, at(WESTBROOK, "Nil for"), "Add figure 0");
    let mut got = figures(a.exchange("q2").unwrap());
    got.sort_by(f64::total_cmp);
    assert_eq!(got, [0.0, 12500.0]);
    let snap = misread(WESTBROOK, |a| exchange_mut(a, "q8").values.clear());
    let (_, a) = after_on(&snap, at(WESTBROOK, "2022 – 41"), "Add figure 41");
    assert_eq!(figures(a.exchange("q8").unwrap()), [41.0]);
    assert!(clean(&a));
}

#[test]
fn add_all_figures_reads_every_figure_foil_missed() {
    let text = "1. How many attendances mentioned cocaine each year?\nOUR RESPONSE:\n2013 – 13\n2014 – 8\n2015 – 28\n";
    // Read: 8 alone; the years are not figures.
    let snap = misread(text, |a| {
        a.exchanges[0].values = vec![count_at(text, "8\n", 8.0)]
    });
    let (_, a) = after_on(
        &snap,
        at(text, "2013 – 13"),
        "Add the 2 figures foil did not read: 13, 28",
    );
    let mut got = figures(&a.exchanges[0]);
    got.sort_by(f64::total_cmp);
    assert_eq!(got, [8.0, 13.0, 28.0]);
}

#[test]
fn figures_of_one_unit_are_added_together() {
    let text = "1. What was the longest locum shift each year?\nOUR RESPONSE:\n2019-20: 23 hours, £2714\n2018-19: 14.5 hours, £1740\nSee attachment 2.\n";
    // Read: the money only.
    let snap = misread(text, |a| {
        a.exchanges[0].values = vec![count_at(text, "2714", 2714.0)]
    });
    let (_, a) = after_on(
        &snap,
        at(text, "2019-20"),
        "Add the 2 figures in hours: 23, 14.5",
    );
    let mut got = figures(&a.exchanges[0]);
    got.sort_by(f64::total_cmp);
    assert_eq!(got, [14.5, 23.0, 2714.0]);
}

#[test]
fn read_as_yes_or_no() {
    let snap = misread(WESTBROOK, |a| {
        let e = exchange_mut(a, "q3");
        e.values.clear();
        e.expects = vec![ValueKind::YesNo];
    });
    let (_, a) = after_on(&snap, at(WESTBROOK, "through its insurer"), "Read as no");
    let q3 = a.exchange("q3").unwrap();
    assert_eq!(q3.values.len(), 1);
    assert_eq!(
        (q3.values[0].kind, q3.values[0].value.as_bool()),
        (ValueKind::YesNo, Some(false))
    );
}

#[test]
fn not_an_item_and_read_as_a_list() {
    let snap = misread(WESTBROOK, |a| {
        let mut list = crate::engine::Value::new(
            ValueKind::List,
            at(WESTBROOK, "Confirm, Alloy and Symology"),
            "x",
        );
        list.items = vec!["Confirm".into(), "Alloy".into(), "Symology".into()];
        exchange_mut(a, "q4").values = vec![list];
    });
    let (_, a) = after_on(
        &snap,
        at(WESTBROOK, "Confirm, Alloy"),
        "Not an item: Symology",
    );
    let list = &a.exchange("q4").unwrap().values[0];
    assert_eq!(list.items, ["Confirm", "Alloy"]);

    let text = "1. Which coding systems does the Trust use?\nOUR RESPONSE: Medicode encoder (3M), Lorenzo PAS and the Evolve document system.\nAll three are supported by the IT team.\n";
    let snap = misread(text, |a| {
        let e = &mut a.exchanges[0];
        e.values.clear();
        e.expects = vec![ValueKind::List];
    });
    let (_, a) = after_on(
        &snap,
        at(text, "Lorenzo"),
        "Read as a list: Medicode encoder (3M); Lorenzo PAS; the Evolve document system",
    );
    let list = a.exchanges[0]
        .values
        .iter()
        .find(|v| v.kind == ValueKind::List)
        .unwrap();
    assert_eq!(
        list.items,
        [
            "Medicode encoder (3M)",
            "Lorenzo PAS",
            "the Evolve document system"
        ]
    );
}

#[test]
fn figures_grouped_by_spaces_read_as_one() {
    let text = "1. How many episodes were coded in 2024?\nOUR RESPONSE:\nAdmitted patient care: 58 912 FCEs\nOutpatient procedures: 104 377\n";
    // Read: each group of digits as a figure of its own.
    let snap = misread(text, |a| {
        a.exchanges[0].values = ["58", "912", "104", "377"]
            .into_iter()
            .map(|n| count_at(text, n, n.parse().unwrap()))
            .collect()
    });
    let (_, a) = after_on(
        &snap,
        at(text, "58 912"),
        "Read figures grouped by spaces as one: 58,912 · 104,377",
    );
    assert_eq!(figures(&a.exchanges[0]), [58912.0, 104377.0]);
}

#[test]
fn correct_the_values_states_the_reading_and_is_a_snippet_where_the_client_takes_one() {
    let (text, a) = after(
        WESTBROOK,
        at(WESTBROOK, "4,210"),
        "Correct the values… (value=4210)",
    );
    assert!(text.contains("<!-- foil set q=q5 value=4210 -->"), "{text}");
    // As offered it changes nothing of the reading.
    assert_eq!(figures(a.exchange("q5").unwrap()), [4210.0]);
    assert!(!a
        .findings
        .iter()
        .any(|f| f.code == Code::AnnotationMismatch));

    let snap = real(WESTBROOK);
    let flags = ClientFlags {
        snippet_edits: true,
        ..fixture::rich_client()
    };
    let actions = code_actions(
        &snap,
        &flags,
        snap.range(at(WESTBROOK, "4,210")),
        &CodeActionContext::default(),
    );
    let edit = actions
        .into_iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(a) if a.title.starts_with("Correct the values") => {
                a.edit
            }
            _ => None,
        })
        .unwrap();
    let Some(DocumentChanges::Edits(changes)) = edit.document_changes else {
        panic!("versioned edits")
    };
    let OneOf::Right(marked) = &changes[0].edits[0] else {
        panic!("a marked edit")
    };
    assert_eq!(marked.annotation_id, crate::lsp::snippet::MARK);
    assert!(marked
        .text_edit
        .new_text
        .starts_with("<!-- foil set q=q5 value=${1:4210} -->"));
    // Every other action stays plain text.
    let plain = offered_with(&snap, &flags, at(WESTBROOK, "4,210"), Vec::new());
    assert!(plain
        .iter()
        .filter(|(t, _)| !t.starts_with("Correct the values"))
        .all(|(_, e)| !e[0].new_text.contains("${")));
}

#[test]
fn every_status_is_offered_and_applies() {
    let cases: [(&str, &str, Status); 5] = [
        ("4,210", "Mark as answered", Status::Answered),
        ("through its insurer", "Mark as missing", Status::Missing),
        ("through its insurer", "Mark as attached", Status::Attached),
        ("158 claims", "Mark as not held", Status::NotHeld),
        (
            "withheld under section 43",
            "Mark as partial",
            Status::Partial,
        ),
    ];
    for (needle, title, status) in cases {
        let (_, a) = after(WESTBROOK, at(WESTBROOK, needle), title);
        let e = a
            .exchanges
            .iter()
            .find(|e| {
                e.answer.as_ref().is_some_and(|x| x.text.contains(needle)) || e.status == status
            })
            .unwrap();
        assert_eq!(e.status, status, "{title}");
        assert!(clean(&a), "{title}");
    }
    // Marked answered, a not-held answer gets its figures back.
    let (_, a) = after(WESTBROOK, at(WESTBROOK, "4,210"), "Mark as answered");
    assert_eq!(figures(a.exchange("q5").unwrap()), [4210.0]);
    // Exempt under a section cited elsewhere in the letter.
    let (_, a) = after(
        WESTBROOK,
        at(WESTBROOK, "4,210"),
        "Mark as exempt under section 43",
    );
    let q5 = a.exchange("q5").unwrap();
    assert_eq!(
        (q5.status, q5.exemption.as_deref()),
        (Status::Exempt, Some("s43"))
    );
}

#[test]
fn refers_to_another_question() {
    let (text, a) = after(
        WESTBROOK,
        at(WESTBROOK, "answer to question 1"),
        "Refers to question 2",
    );
    assert!(
        text.contains("<!-- foil set q=q6 status=referred refers=q2 -->"),
        "{text}"
    );
    let q6 = a.exchange("q6").unwrap();
    assert_eq!(
        (q6.status, q6.refers_to.as_deref()),
        (Status::Referred, Some("q2"))
    );
}

#[test]
fn furniture_inside_an_answer() {
    let line = "Westbrook Borough Council, Civic Centre, Westbrook WB1 1AA";
    let before = crate::engine::analyze(WESTBROOK);
    assert!(before
        .exchange("q7")
        .unwrap()
        .answer
        .as_ref()
        .unwrap()
        .text
        .contains("Civic Centre"));
    let (text, a) = after(
        WESTBROOK,
        at(WESTBROOK, line),
        "This line is not part of the answer",
    );
    assert!(
        text.contains("<!-- foil furniture -->\nWestbrook Borough Council, Civic"),
        "{text}"
    );
    assert!(!a
        .exchange("q7")
        .unwrap()
        .answer
        .as_ref()
        .unwrap()
        .text
        .contains("Civic Centre"));
}

#[test]
fn a_question_foil_did_not_see_starts_here() {
    let text = "1. How many beds does the Trust have?\nOUR RESPONSE: 410 beds.\nWards across both sites\nThere are 22 wards.\n";
    let before = crate::engine::analyze(text);
    assert_eq!(before.exchanges.len(), 1, "{:?}", before.exchanges);
    let (new, a) = after(text, at(text, "Wards across"), "Question 2 starts here");
    assert!(
        new.contains("<!-- foil question q=q2 -->\nWards across"),
        "{new}"
    );
    let q2 = a.exchange("q2").unwrap();
    assert_eq!(
        q2.question.as_ref().map(|q| q.text.as_str()),
        Some("Wards across both sites")
    );
    assert_eq!(figures(q2), [22.0]);
    assert_eq!(figures(a.exchange("q1").unwrap()), [410.0]);
}

#[test]
fn the_answer_to_a_question_with_none_starts_here() {
    // One answer read for both questions: each is given its own. (Lines
    // this long are not read as one short answer a question.)
    let text = "Freedom of Information request FOI 12\nRequest\n1. How many beds does the Trust have?\n2. How many wards are there?\nResponse\nWe have 410 beds across our two hospital sites.\nThere are 22 wards.\n";
    let before = crate::engine::analyze(text);
    assert_eq!(figures(before.exchange("q2").unwrap()), [410.0, 22.0]);
    let (_, a) = after(
        text,
        at(text, "There are 22"),
        "Answer to question 2 starts here",
    );
    let q2 = a.exchange("q2").unwrap();
    assert_eq!(
        q2.answer.as_ref().map(|x| x.text.as_str()),
        Some("There are 22 wards.")
    );
    assert_eq!(figures(q2), [22.0]);
    assert_eq!(figures(a.exchange("q1").unwrap()), [410.0]);

    // A question with no answer is offered first.
    let text = "Freedom of Information request FOI 13\n1. How many beds does the Trust have?\nWe have 410 beds.\n2. How many wards are there?\n3. How many theatres are there?\nThere are 6 theatres.\nThere are 22 wards.\n";
    let before = crate::engine::analyze(text);
    let unanswered: Vec<&str> = before
        .exchanges
        .iter()
        .filter(|e| e.answer.is_none())
        .map(|e| e.key.as_str())
        .collect();
    let titles: Vec<String> = offered(&real(text), at(text, "There are 22"))
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| t.starts_with("Answer to"))
        .collect();
    if let Some(key) = unanswered.first() {
        assert_eq!(
            titles[0],
            format!(
                "Answer to question {} starts here",
                key.trim_start_matches('q')
            ),
            "{titles:?}"
        );
    }
}

/// The `OUR RESPONSE:` fixture with question 8 run into the answer to question 7.
fn coastal() -> String {
    let text = include_str!("../../../../fixtures/oakvale-our-response.txt")
        .replace("\n\n8. What proportion", "\nWhat proportion")
        .replace("agency staff?\n\nOUR RESPONSE: 10.4", "agency staff\n10.4");
    // A last sentence that ends: the text is not cut off.
    format!("{}.\n", text.trim_end())
}

#[test]
fn a_schema_question_the_response_misses_starts_where_its_wording_stands() {
    let coastal = coastal();
    let before = crate::engine::analyze(&coastal);
    assert_eq!(before.schema.as_deref(), Some("nhs-clinical-coding-2024"));
    let missing = before
        .exchange("staff_mix")
        .expect("staff_mix is a placeholder");
    assert!(missing.question.is_none(), "{missing:?}");
    let snap = real(&coastal);
    // The client sends the missing question's diagnostic.
    let diagnostic = snap
        .analysis()
        .unwrap()
        .findings
        .iter()
        .find(|f| f.key.as_deref() == Some("staff_mix"))
        .map(|f| to_proto::diagnostic(&snap, f, &fixture::rich_client()))
        .expect("a finding on staff_mix");
    let span = snap.span(diagnostic.range);
    let actions = offered_with(&snap, &fixture::rich_client(), span, vec![diagnostic]);
    let (title, edits) = actions
        .iter()
        .find(|(t, _)| t.starts_with("Question 8 (staff_mix) starts at line"))
        .unwrap_or_else(|| panic!("{actions:?}"));
    let text = apply_edits(&coastal, edits);
    let a = crate::engine::analyze(&text);
    let q = a.exchange("staff_mix").unwrap();
    assert!(q.question.is_some(), "{title}: {text}");
    assert!(figures(q).contains(&10.4), "{:?}", q.values);
    assert_eq!(figures(a.exchange("coding_wte").unwrap()), [12.4]);
    // A selection over the answer that hides it offers the same.
    let hidden = offered(
        &snap,
        at(&coastal, "OUR RESPONSE: 12.4 WTE").cover(at(&coastal, "1.0 agency")),
    );
    assert!(
        hidden
            .iter()
            .any(|(t, _)| t.starts_with("Question 8 (staff_mix) starts at line")),
        "{hidden:?}"
    );
}

#[test]
fn every_action_only_writes_annotation_lines_and_says_what() {
    let snap = real(WESTBROOK);
    for line in crate::engine::text::lines(WESTBROOK) {
        for (title, edits) in offered(&snap, line.span) {
            for e in &edits {
                assert!(only_annotation_lines(WESTBROOK, e), "{title}: {e:?}");
                let written = e.new_text.trim();
                let key = written
                    .split_whitespace()
                    .find_map(|t| t.strip_prefix("q="));
                // A title about a question names it as the annotation does.
                if let (Some(key), Some(n)) = (key, title.strip_prefix("Question ")) {
                    assert!(
                        n.starts_with(key.trim_start_matches('q')),
                        "{title}: {written}"
                    );
                }
                if let Some(status) = title.strip_prefix("Mark as ") {
                    let wire = status.split(" under ").next().unwrap().replace(' ', "_");
                    assert!(
                        written.contains(&format!("status={wire}")),
                        "{title}: {written}"
                    );
                }
                if let Some(n) = title.strip_prefix("Refers to question ") {
                    let target = n.split(' ').next().unwrap();
                    assert!(
                        written.contains(&format!("refers=q{target}")),
                        "{title}: {written}"
                    );
                }
                if title.starts_with("This line is not part") {
                    assert_eq!(written, "<!-- foil furniture -->");
                }
            }
        }
    }
}
