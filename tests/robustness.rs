//! No input makes the engine panic, and every span it returns lies inside the
//! text on character boundaries: random bytes, random Unicode, CRLF and lone
//! CR, very long lines, and text built from the pieces responses are made of.

use foil::engine::{analyze, Analysis, Span};
use proptest::prelude::*;

fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: {span:?} is reversed");
    assert!(
        span.end <= text.len(),
        "{what}: {span:?} is past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} splits a character"
    );
}

fn check(text: &str) -> Analysis {
    let a = analyze(text);
    for e in &a.exchanges {
        check_span(text, e.span, "exchange");
        if let Some(q) = &e.question {
            check_span(text, q.span, "question");
        }
        if let Some(ans) = &e.answer {
            check_span(text, ans.span, "answer");
        }
        for v in &e.values {
            check_span(text, v.span, "value");
        }
    }
    for f in &a.findings {
        check_span(text, f.span, "finding");
        for r in &f.related {
            check_span(text, r.span, "related");
        }
    }
    for m in [
        &a.meta.organisation,
        &a.meta.reference,
        &a.meta.date,
        &a.meta.subject,
    ]
    .into_iter()
    .flatten()
    {
        check_span(text, m.span, "meta");
    }
    a
}

/// Pieces of real layouts, to make random documents that exercise every stage.
const PIECES: &[&str] = &[
    "1. How many episodes were coded in 2024?\n",
    "OUR RESPONSE: 6,793 episodes (84.5K) £60k to £80k 0.1%\n",
    "**Q2** What is the WTE?\n**A2** 1.0 substantive / 0.8 agency\n",
    "You asked:\nDo you have an encoder?\nOur response:\nYes – Medicode and iPM\n",
    "REQUEST\n\nTeam Structure\n\n1. What is the structure?\n\nRESPONSE\n\n1. What is the structure?\n\nNot held.\n",
    "Service\tCount\nCardiology\t12\n\nOncology\t30\nTotal\t42\n",
    "Exempt under Section 40 – personal details\n",
    "Please see response to Question 1 above.\n",
    "| Question Number 3: • Is there a team? | |\n| Answer To Question 3: Both | |\n",
    "a) £1,040,18 – one individual\nb) As per cap\n",
    "<!-- foil verify q=q1 value=6793 quote=\"6793\" -->\n",
    "<!-- foil set q=\n",
    "Ref: FOI 291-2024 Date 04/03/2025\r\n",
    "Q4 & Q5 - Information not held\r",
    "Sarah Example, Head of Coding, sarah.example@example.nhs.uk 01632 960123\n",
    "😀 £ – ’ \u{0} \u{feff} é\n",
    "   \n\t\n",
    "Yours sincerely\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_unicode(text in "\\PC{0,600}") {
        check(&text);
    }

    #[test]
    fn random_documents(pieces in proptest::collection::vec(0..PIECES.len(), 0..40), cut in 0usize..4000) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check(&text);
        // A document cut short anywhere (on a character boundary).
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        check(&text[..at]);
    }
}

#[test]
fn one_megabyte_line() {
    let line = "1. How many? 12,345 episodes and £1.2m, ".repeat(25_000);
    check(&line);
    check(&"x".repeat(1 << 20));
}

#[test]
fn line_endings_do_not_change_the_reading() {
    let lf =
        "1. How many beds does your Trust have?\nApprox. 600\n2. Do you have an encoder?\nNo\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let read = |t: &str| {
        let a = check(t);
        a.exchanges
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    e.status,
                    e.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(read(lf), read(&crlf));
    assert_eq!(read(lf), read(&cr));
    assert_eq!(read(lf).len(), 2);
}

#[test]
fn text_without_questions_has_no_exchanges_and_no_findings() {
    for text in [
        "",
        "Just a note to self.\nNothing to see.",
        "# README\n\nSome prose here.\n",
    ] {
        let a = check(text);
        assert!(a.exchanges.is_empty(), "{text:?}");
        assert!(a.findings.is_empty(), "{text:?}");
        assert!(!a.looks_like_foi);
    }
}
