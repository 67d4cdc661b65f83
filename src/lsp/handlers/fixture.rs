//! A hand-built reading of an invented response, so the handlers can be tested
//! on exactly the content they must show, whatever the engine reads today.

use std::str::FromStr;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::Uri;

use crate::engine::annotation::{Annotation, Literal, Verb};
use crate::engine::{
    Ambiguity, Analysis, Check, Code, Exchange, Finding, Located, Reading, Scalar, Span, Status,
    Value, ValueKind,
};
use crate::lsp::client_flags::ClientFlags;
use crate::lsp::position::Encoding;
use crate::lsp::setup::Setup;
use crate::lsp::snapshot::{Job, Outcome, Snapshot};

pub const TEXT: &str = "Northgate Community Health NHS Trust\r
FOI 4711 · 12/03/2025\r
\r
1. How many episodes of care were coded in 2024?\r
OUR RESPONSE: 84.5K episodes\r
\r
2. Does the Trust use an automated coding solution?\r
OUR RESPONSE: Standalone\r
\r
3. Please give the name and email of the Head of Coding.\r
OUR RESPONSE: Exempt under Section 40 – personal details\r
\r
4. How many coders are employed?\r
OUR RESPONSE: Please see response to Question 1 above.\r
\r
5. What colour is the coding office? 😀\r
OUR RESPONSE: Blue – it’s £0 to paint.\r
<!-- foil verify q=q5 value=\"Blue\" quote=\"Blue\" -->\r
";

pub const URI: &str = "file:///ws/northgate.txt";

/// The span of the first `needle` at or after `from`.
pub fn span(needle: &str, from: usize) -> Span {
    let at = TEXT[from..].find(needle).expect("needle in fixture") + from;
    Span::new(at, at + needle.len())
}

fn line_of(needle: &str) -> Span {
    span(needle, 0)
}

fn located(text: &str) -> Located {
    Located {
        text: text.to_string(),
        span: line_of(text),
    }
}

fn exchange(key: &str, number: &str, question: &str, answer: &str, status: Status) -> Exchange {
    let q = located(question);
    let a = located(answer);
    Exchange {
        number: Some(number.into()),
        span: q.span.cover(a.span),
        question: Some(q),
        answer: Some(a),
        ..Exchange::bare(key, status)
    }
}

pub fn analysis() -> Analysis {
    let mut q1 = exchange(
        "episodes_coded",
        "1",
        "How many episodes of care were coded in 2024?",
        "84.5K episodes",
        Status::Answered,
    );
    let mut v = Value::new(ValueKind::Count, line_of("84.5K"), "84.5K");
    v.value = Scalar::Number(84500.0);
    v.approximate = true;
    v.unit = Some("episodes".into());
    v.ambiguity = Some(Ambiguity::Approximate);
    v.alternatives = vec![Reading {
        kind: ValueKind::Count,
        value: Scalar::Number(84.5),
        min: None,
        max: None,
        approximate: false,
        unit: None,
        description: "84.5 without the K".into(),
    }];
    q1.values.push(v);
    q1.schema_question = Some(0);
    q1.expects = vec![ValueKind::Count];
    q1.checks = vec![
        Check {
            description: "coded + uncoded agree with the total".into(),
            passed: true,
        },
        Check {
            description: "the figure is exact".into(),
            passed: false,
        },
    ];

    let mut q2 = exchange(
        "automated_solution",
        "2",
        "Does the Trust use an automated coding solution?",
        "Standalone",
        Status::Answered,
    );
    let mut yn = Value::new(ValueKind::YesNo, line_of("Standalone"), "Standalone");
    yn.value = Scalar::Bool(false);
    q2.values.push(yn);
    q2.schema_question = Some(8);
    q2.expects = vec![ValueKind::YesNo];

    let mut q3 = exchange(
        "responsible_contact",
        "3",
        "Please give the name and email of the Head of Coding.",
        "Exempt under Section 40 – personal details",
        Status::Exempt,
    );
    q3.exemption = Some("s40".into());
    q3.schema_question = Some(15);
    q3.expects = vec![ValueKind::Contact];

    let mut q4 = exchange(
        "q4",
        "4",
        "How many coders are employed?",
        "Please see response to Question 1 above.",
        Status::Referred,
    );
    q4.refers_to = Some("episodes_coded".into());
    q4.expects = vec![ValueKind::Count];

    let mut q5 = exchange(
        "q5",
        "5",
        "What colour is the coding office? 😀",
        "Blue – it’s £0 to paint.",
        Status::Answered,
    );
    let mut blue = Value::new(ValueKind::Text, line_of("Blue"), "Blue");
    blue.value = Scalar::Text("Blue".into());
    q5.values.push(blue);
    q5.annotation = Some(0);
    let annotation_line = line_of("<!-- foil verify q=q5 value=\"Blue\" quote=\"Blue\" -->");
    q5.span = q5.span.cover(annotation_line);

    let missing = Exchange {
        schema_question: Some(6),
        expects: vec![ValueKind::Wte],
        ..Exchange::bare("coding_wte", Status::Missing)
    };

    let findings = vec![
        Finding::new(
            Code::AmbiguousValue,
            line_of("84.5K"),
            "84.5K is approximate: read as 84,500",
        )
        .with_key("episodes_coded"),
        Finding::new(
            Code::Exempt,
            q3.answer.as_ref().unwrap().span,
            "exempt under section 40 — personal information",
        )
        .with_key("responsible_contact"),
        Finding::new(
            Code::Referred,
            q4.answer.as_ref().unwrap().span,
            "the answer refers to the answer to question 1",
        )
        .with_key("q4")
        .with_related(q1.answer.as_ref().unwrap().span, "the answer referred to"),
        Finding::new(
            Code::UnknownQuestion,
            q5.question.as_ref().unwrap().span,
            "this question matches no question of nhs-clinical-coding-2024",
        )
        .with_key("q5"),
        Finding::new(
            Code::MissingQuestion,
            Span::empty(0),
            "coding_wte (question 7) is not addressed",
        )
        .with_key("coding_wte"),
    ];

    let annotation = Annotation {
        span: annotation_line,
        verb: Verb::Verify,
        key: Some("q5".into()),
        values: vec![Literal::Text("Blue".into())],
        status: None,
        exemption: None,
        refers: None,
        quote: Some("Blue".into()),
        code: None,
        unit: None,
        note: None,
        by: None,
        at: None,
        tokens: Vec::new(),
        exchange: Some(4),
    };

    Analysis {
        schema: Some("nhs-clinical-coding-2024".into()),
        meta: Default::default(),
        exchanges: vec![q1, q2, q3, q4, q5, missing],
        findings,
        annotations: vec![annotation],
        looks_like_foi: true,
    }
}

pub fn snapshot_with(encoding: Encoding) -> Snapshot {
    let job = Job {
        uri: Uri::from_str(URI).unwrap(),
        path: Some("/ws/northgate.txt".into()),
        version: 7,
        revision: 1,
        rope: Rope::from_str(TEXT),
        encoding,
        setup: Arc::new(Setup::plain()),
    };
    // Built as the server builds it, with the hand-made reading put in.
    let mut snapshot = Snapshot::build(job);
    snapshot.outcome = Outcome::Shown(Box::new(analysis()));
    snapshot
}

pub fn snapshot() -> Snapshot {
    snapshot_with(Encoding::Utf16)
}

/// A capable client: markdown, hierarchy, related information, versioned edits.
pub fn rich_client() -> ClientFlags {
    ClientFlags {
        hover_markdown: true,
        hierarchical_symbols: true,
        related_information: true,
        code_description: true,
        document_changes: true,
        apply_edit: true,
        code_action_literals: true,
        ..ClientFlags::default()
    }
}
