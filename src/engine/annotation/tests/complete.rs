//! Completion inside annotation lines, and the hover text of annotations.

use super::support::*;
use crate::engine::annotation::{complete, describe, Completion};
use crate::engine::model::{Code, Status};

/// Completes at the `|` of `marked` (which is removed), in a document whose
/// other lines come from `COUNTED`.
fn at_cursor(marked: &str) -> (String, Vec<Completion>) {
    let schema = clinical_coding();
    let cursor = marked.find('|').expect("a | marks the cursor");
    let text = marked.replacen('|', "", 1);
    let analysis = toy_analyze(&text, Some(&schema));
    let got = complete(&text, cursor, &analysis, Some(&schema));
    (text, got)
}

fn labels(items: &[Completion]) -> Vec<&str> {
    items.iter().map(|c| c.label.as_str()).collect()
}

const COUNTED: &str = "Q1. How many episodes were coded?\nA: About 84.5K episodes.\n";

#[test]
fn verbs_after_foil() {
    let (text, got) = at_cursor(&format!("{COUNTED}<!-- foil ver| -->\n"));
    assert_eq!(labels(&got), ["verify", "set", "ignore"]);
    assert_eq!(got[0].replace.slice(&text), "ver");
    let (_, got) = at_cursor(&format!("{COUNTED}<!-- foil | -->\n"));
    assert_eq!(labels(&got), ["verify", "set", "ignore"]);
    assert!(got[0].replace.is_empty());
}

#[test]
fn names_between_tokens() {
    let (_, got) = at_cursor(&format!("{COUNTED}<!-- foil verify | -->\n"));
    assert_eq!(
        labels(&got),
        [
            "q=",
            "value=",
            "quote=",
            "status=",
            "exemption=",
            "code=",
            "unit=",
            "note=",
            "by=",
            "at="
        ]
    );
    assert_eq!(got[0].insert_text, "q=");
    let (text, got) = at_cursor(&format!("{COUNTED}<!-- foil verify sta|tus=x -->\n"));
    assert_eq!(got[3].insert_text, "status", "the = is already there");
    assert_eq!(got[3].replace.slice(&text), "status");
}

#[test]
fn keys_after_q() {
    let (text, got) = at_cursor(&format!("{COUNTED}<!-- foil set q=epi| -->\n"));
    let l = labels(&got);
    assert_eq!(l[0], "q1", "the document's keys first");
    assert!(
        l.contains(&"episodes_coded") && l.contains(&"responsible_contact"),
        "{l:?}"
    );
    assert_eq!(
        got[0].detail.as_deref(),
        Some("How many episodes were coded?")
    );
    let coded = got.iter().find(|c| c.label == "episodes_coded").unwrap();
    assert!(coded
        .detail
        .as_deref()
        .unwrap()
        .starts_with("How many episodes of care"));
    assert_eq!(coded.replace.slice(&text), "epi");
}

#[test]
fn statuses_exemptions_codes_and_units() {
    let (_, got) = at_cursor(&format!("{COUNTED}<!-- foil set status=| -->\n"));
    assert_eq!(got.len(), 8);
    assert_eq!(got[2].label, Status::NotHeld.as_str());
    let (_, got) = at_cursor(&format!(
        "{COUNTED}<!-- foil set status=exempt exemption=s4| -->\n"
    ));
    let s40 = got.iter().find(|c| c.label == "s40").unwrap();
    assert_eq!(
        s40.detail.as_deref(),
        Some("section 40 — personal information")
    );
    assert!(labels(&got).contains(&"r12") && labels(&got).contains(&"s12"));
    let (_, got) = at_cursor(&format!("{COUNTED}<!-- foil ignore code=|\n"));
    assert!(labels(&got).contains(&"ambiguous-value"));
    assert_eq!(got.len(), Code::ALL.len());
    let (_, got) = at_cursor(&format!("{COUNTED}<!-- foil set value=1 unit=| -->\n"));
    assert_eq!(labels(&got), ["GBP", "WTE", "%"]);
}

#[test]
fn values_offer_the_current_reading_and_its_alternatives() {
    let (text, got) = at_cursor(&format!("{COUNTED}<!-- foil verify value=8|4 -->\n"));
    assert_eq!(labels(&got), ["84500~", "84500"]);
    assert_eq!(got[0].replace.slice(&text), "84");
    assert!(got[1].detail.as_deref().unwrap().contains("84.5K"));
    // Bound by q= to another exchange.
    let doc = format!("{COUNTED}Q2. Other?\nA: 12\n<!-- foil set q=q1 value=| -->\n");
    let (_, got) = at_cursor(&doc);
    assert_eq!(labels(&got)[0], "84500~");
}

#[test]
fn nothing_outside_annotations() {
    for marked in [
        "Q1. How| many?\nA: 1\n".to_string(),
        format!("{COUNTED}<!-- foil verify --> |\n"),
        format!("{COUNTED}<!-- fo|il verify -->\n"),
        format!("{COUNTED}<!-- comment | -->\n"),
    ] {
        let (_, got) = at_cursor(&marked);
        assert!(got.is_empty(), "{marked:?}: {got:?}");
    }
    let analysis = toy_analyze(COUNTED, None);
    assert!(complete(COUNTED, COUNTED.len() + 10, &analysis, None).is_empty());
    // Inside a multi-byte character: no panic.
    let text = format!("{COUNTED}<!-- foil set note=\"£\" -->");
    let at = text.find('£').unwrap() + 1;
    let _ = complete(&text, at, &toy_analyze(&text, None), None);
}

#[test]
fn hover_says_what_an_annotation_does_and_whether_it_holds() {
    let text = format!(
        "{COUNTED}<!-- foil verify value=84500~ quote=\"84.5K\" by=AK at=2026-11-20 -->\n\
         Q2. Other?\nA: 12\n<!-- foil verify value=13 -->\n<!-- foil set status=exempt exemption=s40 -->\n\
         <!-- foil ignore q=q1 code=ambiguous-value -->\n"
    );
    let a = toy_analyze(&text, None);
    let hovers: Vec<String> = a.annotations.iter().map(|x| describe(x, &a)).collect();
    assert!(
        hovers[0].starts_with("**foil verify** confirms foil's reading of question 1, `q1` (*How many episodes were coded?*)"),
        "{}",
        hovers[0]
    );
    assert!(hovers[0].contains("values: `84500~`") && hovers[0].contains("quote: “84.5K”"));
    assert!(hovers[0].contains("✓ current") && hovers[0].contains("by AK · on 2026-11-20"));
    assert!(
        hovers[1].contains("⚠ stale: verified 13 but the answer now reads 12"),
        "{}",
        hovers[1]
    );
    assert!(hovers[2].contains("**foil set** overrides foil's reading of question 2"));
    assert!(hovers[2].contains("exemption: section 40 — personal information"));
    assert!(
        hovers[2].contains("overrides the text: text reads answered; annotation sets exempt (s40)"),
        "{}",
        hovers[2]
    );
    assert!(
        hovers[3].contains("silences a finding on question 1")
            && hovers[3].contains("`ambiguous-value`")
    );
}
