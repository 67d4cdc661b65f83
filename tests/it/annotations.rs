//! End-to-end annotation tests through the real engine (`foil::engine::analyze`)
//! on invented responses.
//!
//! These depend on the engine's reading of the fixtures (segmentation, values,
//! statuses): where a test needs a particular reading it first asserts it, so
//! a change in the engine shows up as that assertion rather than as a puzzle
//! about annotations.

use foil::engine::annotation::edit::{
    apply_edits, map_draft, place, reading_draft, set_status_draft, verify_all, verify_draft,
};
use foil::engine::annotation::{describe, outcome, Outcome};
use foil::engine::{analyze, Analysis, Code, Status, ValueKind};

/// An invented trust's reply in the `OUR RESPONSE:` layout, matching the
/// clinical coding schema.
const HARROWGATE: &str = "Harrowgate Vale NHS Foundation Trust
Freedom of Information Request Ref: HV-FOI-2291
Date: 14 March 2025

REQUEST & OUR RESPONSE:

1. How many episodes of care were coded by your organisation in 2024 (both inpatient and outpatient)?

OUR RESPONSE: About 84.5K episodes were coded in 2024.

2. How many episodes of care went uncoded in 2024?

OUR RESPONSE: 310.

3. How much income do you estimate was not generated due to uncoded activity?

OUR RESPONSE: This information is not held by the Trust.

5. Please explain how your organisation manages coding activity.

OUR RESPONSE: Coding is managed centrally by the Information Services team. Coders work across all sites.

7. How many Whole-Time Equivalent (WTE) staff complete clinical coding for the Trust?

OUR RESPONSE: 6.5 WTE.

9. Does the Trust currently have any automated solutions in place for clinical coding?

OUR RESPONSE: No.

13. What clinical coding systems or software does the Trust currently use to capture clinical codes?

OUR RESPONSE: Medicode and iPM.

16. Could you provide the contact details (name, job title, and email) of the person who is ultimately responsible for overseeing clinical coding within the Trust?

OUR RESPONSE: Exempt under Section 40 – personal information.
";

/// An invented council's reply in the `You asked:` layout, CRLF, no final
/// line break, matching no schema.
const THORNBURY: &str = "Thornbury District Council\r\nFOI reference: TDC/4410\r\n\r\n\
You asked:\r\nHow many potholes were reported on Mill Lane in 2024?\r\nOur response:\r\n27 potholes were reported.\r\n\r\n\
You asked:\r\nWhat did repairs cost?\r\nOur response:\r\n£4,150 in total, see the attached schedule.\r\n\r\n\
You asked:\r\nWho inspected them?\r\nOur response:\r\nWe do not hold a record of individual inspectors.";

fn index(a: &Analysis, key: &str) -> usize {
    a.exchanges
        .iter()
        .position(|e| e.key == key)
        .unwrap_or_else(|| panic!("no exchange {key}"))
}

fn codes(a: &Analysis, key: &str) -> Vec<Code> {
    a.findings
        .iter()
        .filter(|f| f.key.as_deref() == Some(key))
        .map(|f| f.code)
        .collect()
}

fn annotation_findings(a: &Analysis) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| f.code.as_str().starts_with("annotation-"))
        .map(|f| format!("{}: {}", f.code, f.message))
        .collect()
}

/// What extraction reports of each exchange, without spans.
fn reading(a: &Analysis) -> Vec<String> {
    a.exchanges
        .iter()
        .map(|e| {
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| {
                    format!(
                        "{:?} {:?} {:?}..{:?} ~{} {:?} {:?}",
                        v.kind, v.value, v.min, v.max, v.approximate, v.label, v.items
                    )
                })
                .collect();
            format!("{} {} {:?} {values:?}", e.key, e.status, e.exemption)
        })
        .collect()
}

#[test]
fn annotate_all_keeps_every_reading_and_verifies_it() {
    for text in [HARROWGATE, THORNBURY] {
        let before = analyze(text);
        assert!(before.exchanges.iter().any(|e| e.answer.is_some()));
        let edits = verify_all(text, &before);
        let annotated = apply_edits(text, &edits);
        let after = analyze(&annotated);
        assert_eq!(reading(&after), reading(&before), "in\n{annotated}");
        for e in &after.exchanges {
            assert_eq!(
                e.annotation.is_some(),
                e.answer.is_some(),
                "{} in\n{annotated}",
                e.key
            );
            if let Some(answer) = &e.answer {
                assert!(
                    !answer.text.contains("<!--"),
                    "an annotation line in the answer of {}",
                    e.key
                );
            }
        }
        assert_eq!(annotation_findings(&after), Vec::<String>::new());
        // No finding appears; only doubts a person has now confirmed go.
        for f in &after.findings {
            assert!(
                before
                    .findings
                    .iter()
                    .any(|b| (b.code, &b.key, &b.message) == (f.code, &f.key, &f.message)),
                "new {f:?}"
            );
        }
        assert!(
            verify_all(&annotated, &after).is_empty(),
            "running it again changes nothing"
        );
        // Only annotation lines were added: removing them gives the text back.
        let stripped: String = annotated
            .split_inclusive('\n')
            .filter(|l| !l.trim_start().starts_with("<!-- foil"))
            .collect();
        let stripped = if text.ends_with('\n') {
            stripped
        } else {
            stripped.trim_end_matches("\r\n").to_string()
        };
        assert_eq!(stripped, text);
    }
}

#[test]
fn an_ambiguous_figure_from_reading_to_verified() {
    let text = HARROWGATE;
    let a = analyze(text);
    let i = index(&a, "episodes_coded");
    let v = &a.exchanges[i].values[0];
    assert_eq!(
        (v.number(), v.approximate),
        (Some(84500.0), true),
        "engine reading of 84.5K"
    );
    assert_eq!(codes(&a, "episodes_coded"), [Code::AmbiguousValue]);

    let draft = verify_draft(text, &a, i).unwrap();
    let edit = place(text, &a, i, &draft);
    assert_eq!(
        edit.new_text,
        "<!-- foil verify q=episodes_coded value=84500~ quote=\"84.5K\" -->\n"
    );
    let verified = apply_edits(text, &[edit]);
    let b = analyze(&verified);
    assert_eq!(
        codes(&b, "episodes_coded"),
        [],
        "confirmed: no longer in doubt"
    );
    let j = index(&b, "episodes_coded");
    let decided = b.exchanges[j].annotation.expect("decided by the verify");
    assert_eq!(outcome(&b.annotations[decided], &b), Outcome::Current);
    assert!(describe(&b.annotations[decided], &b).contains("✓ current"));
}

#[test]
fn picking_another_reading_of_a_figure() {
    let text = HARROWGATE.replace(
        "OUR RESPONSE: This information is not held by the Trust.",
        "OUR RESPONSE: We estimate £1,040,18 of income was lost.",
    );
    let a = analyze(&text);
    let i = index(&a, "income_lost");
    let v = &a.exchanges[i].values[0];
    assert_eq!(
        v.alternatives.len(),
        1,
        "engine reading of £1,040,18: {v:?}"
    );
    let set = reading_draft(&a, i, 0, 0).unwrap();
    let edit = place(&text, &a, i, &set);
    assert_eq!(
        edit.new_text,
        "<!-- foil set q=income_lost value=1040.18 unit=GBP quote=\"£1,040,18\" -->\n"
    );
    let b = analyze(&apply_edits(&text, &[edit]));
    let e = &b.exchanges[index(&b, "income_lost")];
    assert_eq!(
        (e.values[0].kind, e.values[0].number()),
        (ValueKind::Money, Some(1040.18))
    );
    assert_eq!(
        annotation_findings(&b),
        ["annotation-mismatch: text reads 104018; annotation sets 1040.18"]
    );
    assert!(!codes(&b, "income_lost").contains(&Code::AmbiguousValue));
}

#[test]
fn editing_a_verified_figure_makes_its_annotation_stale() {
    let edits = verify_all(HARROWGATE, &analyze(HARROWGATE));
    let annotated = apply_edits(HARROWGATE, &edits);
    let edited = annotated.replace("OUR RESPONSE: 310.", "OUR RESPONSE: 301.");
    let a = analyze(&edited);
    assert_eq!(
        annotation_findings(&a),
        ["annotation-stale: the quoted text \"310\" no longer occurs in the answer; verified 310 but the answer now reads 301"]
    );
    let i = index(&a, "episodes_uncoded");
    assert_eq!(a.exchanges[i].annotation, None);
    // Verifying again replaces the stale line rather than adding a second.
    let fresh = place(&edited, &a, i, &verify_draft(&edited, &a, i).unwrap());
    assert!(!fresh.span.is_empty());
    let fixed = apply_edits(&edited, &[fresh]);
    assert_eq!(fixed.matches("q=episodes_uncoded").count(), 1);
    assert_eq!(annotation_findings(&analyze(&fixed)), Vec::<String>::new());
}

#[test]
fn marking_a_status_and_mapping_an_answer() {
    let text = THORNBURY;
    let a = analyze(text);
    assert_eq!(
        a.exchanges.len(),
        3,
        "engine segmentation of the You asked layout"
    );
    let draft = set_status_draft(&a, 1, Status::Attached, None).unwrap();
    let b = analyze(&apply_edits(text, &[place(text, &a, 1, &draft)]));
    let e = &b.exchanges[1];
    assert_eq!((e.status, e.values.len()), (Status::Attached, 0));
    assert_eq!(codes(&b, "q2"), [Code::Attached, Code::AnnotationMismatch]);

    // An answer matched to no schema question, mapped to one the response lacks.
    let text = HARROWGATE;
    let a = analyze(text);
    let i = index(&a, "episodes_uncoded");
    let edit = place(text, &a, i, &map_draft(&a, i, "staff_mix").unwrap());
    let b = analyze(&apply_edits(text, &[edit]));
    let j = index(&b, "staff_mix");
    assert!(
        b.exchanges[j].answer.is_some(),
        "the answer moved to staff_mix"
    );
    assert_eq!(b.exchanges[j].expects.first(), Some(&ValueKind::Wte));
    let k = index(&b, "episodes_uncoded");
    assert_eq!(b.exchanges[k].status, Status::Missing);
    assert_eq!(codes(&b, "staff_mix"), [], "no longer a missing question");
}

/// An annotation written inside an answer's line is not read as one (an
/// annotation is a whole line), says so, and is no part of the answer: its
/// figures are not the answer's figures, its words not the answer's words.
#[test]
fn an_annotation_mid_line_is_no_part_of_the_answer() {
    let text = "1. How many episodes were coded in 2024?\n\
                OUR RESPONSE: 6793 <!-- foil set q=q1 value=84500 quote=\"6793 -\\-> x\" --> episodes.\n";
    let a = analyze(text);
    let e = &a.exchanges[0];
    let answer = &e.answer.as_ref().unwrap().text;
    assert!(
        !answer.contains("foil") && !answer.contains("84500"),
        "{answer:?}"
    );
    assert!(
        answer.contains("6793") && answer.contains("episodes"),
        "{answer:?}"
    );
    let figures: Vec<f64> = e.values.iter().filter_map(|v| v.number()).collect();
    assert_eq!(figures, [6793.0]);
    assert!(a.annotations.is_empty() && e.annotation.is_none());
    let said = a
        .findings
        .iter()
        .find(|f| f.code == Code::AnnotationInvalid)
        .expect("the misplaced annotation is reported");
    assert_eq!(&text[said.span.start..said.span.start + 9], "<!-- foil");
    assert!(said.message.contains("whole line"), "{}", said.message);
}

#[test]
fn a_referral_to_no_question_is_invalid_and_value_none_clears_the_figures() {
    let text = "1. How many beds?\nOUR RESPONSE: 410 beds.\n<!-- foil set q=q1 refers=q9 -->\n";
    let a = analyze(text);
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == Code::AnnotationInvalid && f.message.contains("refers=q9")),
        "{:?}",
        a.findings
    );
    let text = "1. How many beds?\nOUR RESPONSE: 410 beds.\n<!-- foil set q=q1 value=none -->\n";
    let a = analyze(text);
    let e = &a.exchanges[index(&a, "q1")];
    assert!(e.values.is_empty());
    assert_eq!(e.status, Status::Answered);
    assert!(a
        .findings
        .iter()
        .any(|f| f.code == Code::AnnotationMismatch
            && f.message.contains("annotation sets no value")));
}
