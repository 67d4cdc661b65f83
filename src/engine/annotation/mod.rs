//! Annotations: a person's decision written into the response as one whole-line
//! HTML comment after the answer it is about (SPEC "Annotations").
//!
//! ```text
//! <!-- foil verify q=episodes_coded value=6793 quote="6793 episodes" by=AK at=2026-11-20 -->
//! <!-- foil set q=responsible_contact status=exempt exemption=s40 -->
//! <!-- foil ignore q=staff_mix code=ambiguous-value -->
//! ```
//!
//! `syntax` reads and writes single lines; `apply` binds them to exchanges and
//! lets them win over the text; `edit` computes the insertions that code actions
//! and `foil annotate` make.

use crate::engine::model::{Code, Span, Status};

/// What the annotation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Confirms foil's own reading.
    Verify,
    /// Overrides the reading (values and/or status; maps an unmatched answer to `q`).
    Set,
    /// Silences one finding code on the answer.
    Ignore,
}

impl Verb {
    pub const ALL: [Verb; 3] = [Verb::Verify, Verb::Set, Verb::Ignore];

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Verify => "verify",
            Verb::Set => "set",
            Verb::Ignore => "ignore",
        }
    }
}

/// A value literal: `6793`, `1.8`, `84500~`, `a..b`, `0.1%`, `yes`/`no`, a bare
/// enum word, `label:N`, `"text"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Number { value: f64, approximate: bool },
    Range { min: f64, max: f64 },
    Percent(f64),
    Bool(bool),
    Word(String),
    Labelled { label: String, value: f64 },
    Text(String),
}

/// One `name=value` token with where its parts lie (for hover and completion).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub name: String,
    /// The raw value as written (quotes included).
    pub raw: String,
    pub span: Span,
    pub value_span: Span,
}

/// A parsed annotation line.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// The whole comment line, without its line break.
    pub span: Span,
    pub verb: Verb,
    /// `q=`: the key of the exchange it is about.
    pub key: Option<String>,
    pub values: Vec<Literal>,
    pub status: Option<Status>,
    pub exemption: Option<String>,
    pub quote: Option<String>,
    /// `code=` of an `ignore`.
    pub code: Option<Code>,
    pub unit: Option<String>,
    pub note: Option<String>,
    pub by: Option<String>,
    pub at: Option<String>,
    pub tokens: Vec<Token>,
    /// Index of the exchange it was bound to, once applied.
    pub exchange: Option<usize>,
}

/// An annotation-looking line (`<!-- foil …`) and what reading it gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Scanned {
    /// The whole line, without its line break.
    pub line: Span,
    pub result: Result<Annotation, Invalid>,
}

/// Why an annotation line could not be read; `span` is the offending part.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub span: Span,
    pub message: String,
}

/// Every line of `text` that is an annotation (or tries to be one), in order.
///
/// Lines returned here are invisible to segmentation: they are never part of a
/// question's or an answer's text or values.
pub fn scan(text: &str) -> Vec<Scanned> {
    let mut out = Vec::new();
    for line in crate::engine::text::lines(text) {
        let s = line.span.slice(text);
        if s.trim_start().starts_with("<!-- foil") {
            out.push(Scanned {
                line: line.span,
                result: Err(Invalid {
                    span: line.span,
                    message: "annotations are not read yet".into(),
                }),
            });
        }
    }
    out
}

pub mod complete;
pub mod edit;

/// Binds annotations to exchanges and lets them win over the text: `set`
/// overrides, `verify` confirms or goes stale, `ignore` silences a finding.
/// Being written on the `annot` branch.
pub fn apply(
    text: &str,
    analysis: &mut crate::engine::model::Analysis,
    scanned: &[Scanned],
    schema: Option<&crate::engine::schema::Schema>,
) {
    let _ = (text, analysis, scanned, schema);
}
