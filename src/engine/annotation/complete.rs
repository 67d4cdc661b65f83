//! Completion inside `<!-- foil … -->` lines: verbs, token names, and values
//! for `q=`, `status=`, `exemption=`, `code=`, `unit=` and `value=`.

use crate::engine::model::{Analysis, Code, Span, Status};
use crate::engine::schema::Schema;
use crate::engine::text::{floor_char_boundary, lines};

use super::bind::nearest;
use super::exemptions;
use super::lexer::{lex, Lexed};
use super::reading::{alternative_literal, reading_literals};
use super::slice;

pub use super::describe::describe;

/// One completion: show `label`, replace `replace` with `insert_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub insert_text: String,
    pub replace: Span,
}

/// What the cursor is on.
enum Context {
    Verb(Span),
    /// A token name; `with_eq` when `=` is already written after it.
    Name {
        span: Span,
        with_eq: bool,
    },
    Value {
        name: String,
        span: Span,
    },
}

/// Completions at byte `offset`, when it lies inside an annotation line.
pub fn complete(
    text: &str,
    offset: usize,
    analysis: &Analysis,
    schema: Option<&Schema>,
) -> Vec<Completion> {
    if offset > text.len() {
        return Vec::new();
    }
    let offset = floor_char_boundary(text, offset);
    let Some(line) = lines(text)
        .into_iter()
        .map(|l| l.span)
        .find(|s| s.touches(offset))
    else {
        return Vec::new();
    };
    let Some(lexed) = lex(slice(text, line), line.start) else {
        return Vec::new();
    };
    let Some(context) = context(&lexed, offset) else {
        return Vec::new();
    };
    match context {
        Context::Verb(span) => verbs(span),
        Context::Name { span, with_eq } => names(span, with_eq),
        Context::Value { name, span } => {
            let choices = match name.to_ascii_lowercase().as_str() {
                "q" => keys(analysis, schema),
                "status" => statuses(),
                "exemption" => exemption_codes(),
                "code" => codes(),
                "unit" => units(),
                "value" => readings(text, line, &lexed, analysis),
                _ => Vec::new(),
            };
            choices
                .into_iter()
                .map(|(label, detail)| Completion {
                    insert_text: label.clone(),
                    label,
                    detail,
                    replace: span,
                })
                .collect()
        }
    }
}

fn context(lexed: &Lexed, offset: usize) -> Option<Context> {
    if offset <= lexed.header.end {
        return None;
    }
    if let Some(verb) = lexed.verb.as_ref().filter(|v| v.span.touches(offset)) {
        return Some(Context::Verb(verb.span));
    }
    if let Some(t) = lexed.tokens.iter().find(|t| t.span.touches(offset)) {
        return Some(if t.has_value && offset >= t.value_span.start {
            Context::Value {
                name: t.name.text.clone(),
                span: t.value_span,
            }
        } else {
            Context::Name {
                span: t.name.span,
                with_eq: t.has_value,
            }
        });
    }
    if lexed.close.is_some_and(|c| offset >= c.start) {
        return None;
    }
    Some(match lexed.verb {
        None => Context::Verb(Span::empty(offset)),
        Some(_) => Context::Name {
            span: Span::empty(offset),
            with_eq: false,
        },
    })
}

fn verbs(span: Span) -> Vec<Completion> {
    [
        ("verify", "confirm foil's reading of the answer above"),
        (
            "set",
            "override the reading: values, status, or the schema key",
        ),
        ("ignore", "silence one finding code on the answer above"),
    ]
    .into_iter()
    .map(|(verb, detail)| Completion {
        label: verb.into(),
        detail: Some(detail.into()),
        insert_text: verb.into(),
        replace: span,
    })
    .collect()
}

fn names(span: Span, with_eq: bool) -> Vec<Completion> {
    [
        ("q", "the key of the question it is about"),
        (
            "value",
            "a value: 6793, 1.8, 84500~, 30..35, 0.1%, yes, a word, label:N, \"text\"",
        ),
        ("quote", "the exact source text the value was read from"),
        ("status", "answered, partial, not_held, exempt, …"),
        ("exemption", "the section cited: s40, s43, r12, …"),
        ("code", "the finding code to ignore"),
        ("unit", "GBP for money, WTE, %"),
        ("note", "why, in words"),
        ("by", "who decided"),
        ("at", "when (YYYY-MM-DD)"),
    ]
    .into_iter()
    .map(|(name, detail)| Completion {
        label: format!("{name}="),
        detail: Some(detail.into()),
        insert_text: if with_eq {
            name.into()
        } else {
            format!("{name}=")
        },
        replace: span,
    })
    .collect()
}

type Choice = (String, Option<String>);

fn keys(analysis: &Analysis, schema: Option<&Schema>) -> Vec<Choice> {
    let mut out: Vec<Choice> = analysis
        .exchanges
        .iter()
        .map(|e| {
            let question = e.question.as_ref().map(|q| q.text.as_str());
            let from_schema = e
                .schema_question
                .and_then(|i| schema?.questions.get(i))
                .map(|q| q.text.as_str());
            let detail = question.or(from_schema).map(|t| short(t, 100));
            (e.key.clone(), detail)
        })
        .collect();
    for q in schema.map(|s| s.questions.as_slice()).unwrap_or_default() {
        if !out.iter().any(|(k, _)| *k == q.key) {
            out.push((q.key.clone(), Some(short(&q.text, 100))));
        }
    }
    out
}

fn statuses() -> Vec<Choice> {
    Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), Some(s.label().to_string())))
        .collect()
}

fn exemption_codes() -> Vec<Choice> {
    exemptions::COMMON
        .iter()
        .map(|(code, _)| (code.to_string(), Some(exemptions::describe(code))))
        .collect()
}

fn codes() -> Vec<Choice> {
    Code::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), Some(c.summary().to_string())))
        .collect()
}

fn units() -> Vec<Choice> {
    [
        ("GBP", "money in pounds"),
        ("WTE", "whole-time equivalent staff"),
        ("%", "a percentage"),
    ]
    .into_iter()
    .map(|(u, d)| (u.to_string(), Some(d.to_string())))
    .collect()
}

/// foil's current reading of the exchange the line is about, and the other
/// readings of its ambiguous values.
fn readings(text: &str, line: Span, lexed: &Lexed, analysis: &Analysis) -> Vec<Choice> {
    let Some(i) = exchange_of_line(text, line, lexed, analysis) else {
        return Vec::new();
    };
    let e = &analysis.exchanges[i];
    let mut out: Vec<Choice> = reading_literals(e)
        .iter()
        .map(|l| (l.render(), Some("foil's reading".to_string())))
        .collect();
    for v in &e.values {
        for r in &v.alternatives {
            if let Some(l) = alternative_literal(v, r) {
                out.push((l.render(), Some(format!("{}: {}", v.text, r.description))));
            }
        }
    }
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// The exchange an annotation line is about: as bound by the last analysis,
/// else its `q=`, else the answer it follows.
fn exchange_of_line(text: &str, line: Span, lexed: &Lexed, analysis: &Analysis) -> Option<usize> {
    let bound = analysis
        .annotations
        .iter()
        .find(|a| a.span == line)
        .and_then(|a| a.exchange);
    let by_key = || {
        let q = lexed.tokens.iter().find(|t| t.name.text == "q")?;
        let key = q
            .quoted
            .clone()
            .unwrap_or_else(|| slice(text, q.value_span).to_string());
        analysis.exchanges.iter().position(|e| e.key == key)
    };
    bound
        .or_else(by_key)
        .or_else(|| nearest(analysis, line))
        .filter(|&i| i < analysis.exchanges.len())
}

fn short(s: &str, max: usize) -> String {
    let folded = crate::engine::text::fold_whitespace(s);
    match folded.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &folded[..at]),
        None => folded,
    }
}
