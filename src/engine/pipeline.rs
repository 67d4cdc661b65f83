//! The order of the stages; each stage lives in its own module.

use std::collections::HashMap;

use crate::engine::model::{Analysis, Exchange, Located, Scalar, Span, Status, ValueKind};
use crate::engine::schema::{self, Schema};
use crate::engine::segment::{self, Segment};
use crate::engine::status::{self, Target};
use crate::engine::{annotation, checks, meta, values, Engine};

pub(crate) fn analyze(engine: &Engine, text: &str) -> Analysis {
    let scanned = annotation::scan(text);
    let hidden: Vec<Span> = scanned.iter().map(|s| s.line).collect();
    let schemas = engine.schemas();
    let known = |s: &str| schema::is_known_question(schemas, s);
    let lines = crate::engine::text::lines(text);
    let layout = segment::segment(text, &lines, &hidden, &known);
    let meta = meta::read(text, &lines, layout.body_start, layout.closing_start);

    let questions: Vec<String> = layout
        .segments
        .iter()
        .map(|s| {
            s.question
                .as_ref()
                .map(|q| q.folded(text))
                .unwrap_or_default()
        })
        .collect();
    let asked: Vec<schema::Asked> = layout
        .segments
        .iter()
        .zip(&questions)
        .map(|(s, q)| (s.label.as_deref(), q.as_str()))
        .collect();
    // Stems for choosing a schema; all questions' only when one applies.
    let mut prepared = schema::prepare(&asked[..asked.len().min(schema::CHOOSE_WITHIN)]);
    let (chosen, mut matches): (Option<&Schema>, Vec<schema::Match>) = match &engine.config().schema
    {
        Some(name) => (schemas.get(name), Vec::new()),
        None => schema::choose_schema(schemas, &prepared)
            .map_or((None, Vec::new()), |(s, m)| (Some(s), m)),
    };
    // The choice matched the questions it saw; all of them when it saw all.
    if chosen.is_some() && (prepared.len() < asked.len() || engine.config().schema.is_some()) {
        prepared.extend(schema::prepare(&asked[prepared.len()..]));
        matches = chosen
            .map(|s| schema::match_questions(s, &prepared))
            .unwrap_or_default();
    }

    let mut exchanges = Vec::with_capacity(layout.segments.len());
    let mut early = Vec::new();
    for (i, seg) in layout.segments.iter().enumerate() {
        let matched = matches.iter().find(|m| m.question == i);
        let sq = matched
            .and_then(|m| chosen.map(|s| (m.schema_question, &s.questions[m.schema_question])));
        let key = match sq {
            Some((_, q)) => q.key.clone(),
            None => format!("q{}", i + 1),
        };
        let expects = match sq {
            Some((_, q)) => q.expects.clone(),
            None => values::infer_expects(&questions[i]),
        };
        let exchange = read_exchange(
            text,
            seg,
            (&questions[i], prepared.get(i).map(|p| p.stems())),
            key,
            expects,
            sq,
        );
        if let Some(a) = &seg.answer {
            early.extend(checks::personal_findings(text, &exchange, &a.pieces));
        }
        exchanges.push(exchange);
    }
    if let Some(schema) = chosen {
        exchanges = in_schema_order(schema, exchanges);
    }
    resolve_referrals(&mut exchanges);

    // A schema, the words of an FOI letter, or a run of questions most of which
    // are answered (a bare list of answers, as some bodies publish them).
    let answered = exchanges
        .iter()
        .filter(|e| e.question.is_some() && e.answer.is_some())
        .count();
    let looks_like_foi = !exchanges.is_empty()
        && (chosen.is_some()
            || has_foi_cues(text)
            || (answered >= 3 && answered * 3 >= exchanges.len() * 2));
    let mut analysis = Analysis {
        schema: chosen.map(|s| s.name.clone()),
        meta,
        exchanges,
        findings: Vec::new(),
        annotations: Vec::new(),
        looks_like_foi,
    };
    checks::run(text, &mut analysis, chosen, early);
    annotation::apply(text, &mut analysis, &scanned, chosen);
    apply_severities(engine, &mut analysis);
    analysis
}

fn read_exchange(
    text: &str,
    seg: &Segment,
    (question, question_stems): (&str, Option<&[crate::engine::text::Stem]>),
    key: String,
    expects: Vec<ValueKind>,
    sq: Option<(usize, &schema::SchemaQuestion)>,
) -> Exchange {
    let answer_text = seg
        .answer
        .as_ref()
        .map(|a| a.text(text))
        .unwrap_or_default();
    let mut values = match &seg.answer {
        Some(a) => values::read(
            text,
            a,
            &values::Context::new(question, &expects, sq.map(|(_, q)| q), question_stems),
        ),
        None => Vec::new(),
    };
    let has_values = values.iter().any(|v| v.kind != ValueKind::Contact);
    let verdict = status::classify(&answer_text, has_values);
    if !matches!(verdict.status, Status::Answered | Status::Partial) {
        values = Vec::new();
    } else {
        // Growth leaves room for four values; most answers have one, and a
        // large response holds thousands of them.
        values.shrink_to_fit();
    }
    let span = seg.span;
    Exchange {
        key,
        number: seg.label.clone(),
        question: seg.question.as_ref().map(|q| Located {
            text: question.to_string(),
            span: q.span,
        }),
        answer: seg.answer.as_ref().map(|a| Located {
            text: a.text(text),
            span: a.span,
        }),
        status: verdict.status,
        exemption: verdict.exemption,
        refers_to: verdict.target.map(|t| match t {
            Target::Number(n) => format!("#{n}"),
            Target::Previous => "#previous".to_string(),
        }),
        values,
        schema_question: sq.map(|(i, _)| i),
        expects,
        annotation: None,
        checks: Vec::new(),
        span,
    }
}

/// Schema questions in the schema's order (those never asked as `missing`),
/// then the document's other questions in its order.
fn in_schema_order(schema: &Schema, exchanges: Vec<Exchange>) -> Vec<Exchange> {
    let mut matched: Vec<Option<Exchange>> = vec![None; schema.questions.len()];
    let mut others = Vec::new();
    for e in exchanges {
        match e.schema_question {
            Some(i) => matched[i] = Some(e),
            None => others.push(e),
        }
    }
    let mut out: Vec<Exchange> = matched
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            e.unwrap_or_else(|| {
                let q = &schema.questions[i];
                Exchange {
                    key: q.key.clone(),
                    number: None,
                    question: None,
                    answer: None,
                    status: Status::Missing,
                    exemption: None,
                    refers_to: None,
                    values: Vec::new(),
                    schema_question: Some(i),
                    expects: q.expects.clone(),
                    annotation: None,
                    checks: Vec::new(),
                    span: Span::empty(0),
                }
            })
        })
        .collect();
    out.extend(others);
    out
}

/// "#1" (question 1) and "#previous" become the key of the exchange meant.
fn resolve_referrals(exchanges: &mut [Exchange]) {
    // The document's questions in the order they stand, with their numbers.
    let mut in_doc: Vec<(usize, Option<u32>, String)> = exchanges
        .iter()
        .filter(|e| e.question.is_some())
        .map(|e| {
            let n = e
                .number
                .as_deref()
                .and_then(|l| l.split(" & ").next())
                .and_then(|l| l.trim_end_matches(char::is_alphabetic).parse().ok());
            (e.span.start, n, e.key.clone())
        })
        .collect();
    in_doc.sort_by_key(|(start, _, _)| *start);
    let mut by_number: HashMap<u32, Vec<&str>> = HashMap::new();
    for (_, n, key) in &in_doc {
        if let Some(n) = n {
            by_number.entry(*n).or_default().push(key);
        }
    }
    let resolved: Vec<Option<String>> = exchanges
        .iter()
        .map(|exchange| {
            let target = exchange.refers_to.as_deref()?;
            if target == "#previous" {
                let here = exchange.span.start;
                let before = in_doc.partition_point(|(start, _, _)| *start < here);
                return before.checked_sub(1).map(|k| in_doc[k].2.clone());
            }
            let n: u32 = target.trim_start_matches('#').parse().ok()?;
            let numbered = by_number
                .get(&n)
                .and_then(|keys| keys.iter().find(|k| **k != exchange.key))
                .map(|k| k.to_string());
            // Unnumbered questions: the n-th question of the document.
            numbered.or_else(|| {
                in_doc
                    .get((n as usize).checked_sub(1)?)
                    .map(|q| q.2.clone())
            })
        })
        .collect();
    for (exchange, target) in exchanges.iter_mut().zip(resolved) {
        if exchange.refers_to.is_some() {
            exchange.refers_to = target;
        }
    }
}

fn has_foi_cues(text: &str) -> bool {
    let head: String = text.chars().take(20_000).collect::<String>().to_lowercase();
    [
        "freedom of information",
        "foi",
        "information request",
        "your request",
        "you asked",
        "our response",
        "we responded",
        "requested information",
        "environmental information regulations",
        "disclosure",
    ]
    .iter()
    .any(|c| head.contains(c))
}

fn apply_severities(engine: &Engine, analysis: &mut Analysis) {
    let config = engine.config();
    analysis
        .findings
        .retain_mut(|f| match config.severity_of(f.code) {
            Some(sev) => {
                f.severity = sev;
                true
            }
            None => false,
        });
}

/// The yes/no reading of an exchange, if it has one.
pub(crate) fn yes_no_of(e: &Exchange) -> Option<bool> {
    e.values.iter().find_map(|v| match (&v.kind, &v.value) {
        (ValueKind::YesNo, Scalar::Bool(b)) => Some(*b),
        _ => None,
    })
}
