//! Annotations: a person's decision written into the response as one whole-line
//! HTML comment after the answer it is about (SPEC "Annotations").
//!
//! ```text
//! <!-- foil verify q=episodes_coded value=6793 quote="6793 episodes" by=AK at=2026-11-20 -->
//! <!-- foil set q=responsible_contact status=exempt exemption=s40 -->
//! <!-- foil ignore q=staff_mix code=ambiguous-value -->
//! ```
//!
//! Where things live:
//! - `lexer` splits one line into verb and raw `name=value` tokens; `syntax`
//!   checks them into an [`Annotation`] and renders annotations back;
//!   `literal` reads and writes value literals.
//! - `reading` converts between the engine's [`Value`](crate::engine::model::Value)s
//!   and literals (what a `verify` states, what a `set` produces).
//! - `bind` ties annotations to exchanges (and maps answers to schema keys);
//!   `apply` lets them win over the text.
//! - `edit` builds the drafts and text edits of code actions and `foil annotate`;
//!   `complete` and `describe` serve the editor.

use crate::engine::model::{Code, Span, Status};

mod apply;
mod bind;
pub mod complete;
mod describe;
mod draft;
pub mod edit;
pub mod exemptions;
pub mod layout;
mod lexer;
pub mod literal;
pub mod reading;
pub mod resolved;
pub mod suggest;
mod syntax;

#[cfg(test)]
mod tests;

pub use apply::apply;
pub use complete::{complete, Completion};
pub use describe::{describe, outcome};
pub use syntax::{is_annotation_line, parse_line, render};

/// What the annotation does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    /// Confirms foil's own reading.
    Verify,
    /// Overrides the reading (values and/or status; maps an unmatched answer to `q`).
    Set,
    /// Silences one finding code on the answer.
    Ignore,
    /// Layout: the next line starts a question (`q=` its key).
    Question,
    /// Layout: the next line starts the answer to question `q=`.
    Answer,
    /// Layout: the next line belongs to no question or answer (page furniture).
    Furniture,
}

impl Verb {
    pub const ALL: [Verb; 6] = [
        Verb::Verify,
        Verb::Set,
        Verb::Ignore,
        Verb::Question,
        Verb::Answer,
        Verb::Furniture,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Verify => "verify",
            Verb::Set => "set",
            Verb::Ignore => "ignore",
            Verb::Question => "question",
            Verb::Answer => "answer",
            Verb::Furniture => "furniture",
        }
    }

    /// Whether it corrects where questions and answers are (SPEC "Layout
    /// annotations") rather than what an answer says.
    pub fn is_layout(self) -> bool {
        matches!(self, Verb::Question | Verb::Answer | Verb::Furniture)
    }

    pub fn parse(s: &str) -> Option<Verb> {
        Verb::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

/// A value literal: `6793`, `1.8`, `84500~`, `a..b`, `0.1%`, `yes`/`no`, a bare
/// enum word, `label:N` (`label:N~` when approximate), `"text"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Number {
        value: f64,
        approximate: bool,
    },
    Range {
        min: f64,
        max: f64,
    },
    Percent(f64),
    Bool(bool),
    Word(String),
    Labelled {
        label: String,
        value: f64,
        approximate: bool,
    },
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

/// What applying an annotation found (see [`outcome`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Outcome {
    /// Not applied: bound to no exchange.
    #[default]
    Pending,
    /// A `verify` that still matches the text, a `set` that agrees with it, an
    /// `ignore` in force.
    Current,
    /// A `verify` whose quote or values no longer match the text: why.
    Stale(String),
    /// A `set` that overrides what the text says: what differs.
    Overrides(String),
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
    /// `refers=`: the key of the question a referral points to.
    pub refers: Option<String>,
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

impl Annotation {
    /// An annotation with nothing but its verb (a draft to fill and render).
    pub fn new(verb: Verb) -> Annotation {
        Annotation {
            span: Span::default(),
            verb,
            key: None,
            values: Vec::new(),
            status: None,
            exemption: None,
            refers: None,
            quote: None,
            code: None,
            unit: None,
            note: None,
            by: None,
            at: None,
            tokens: Vec::new(),
            exchange: None,
        }
    }

    /// Where each `value=` was written (its value part), in order: one per
    /// entry of `values` for a parsed annotation, none for a draft.
    pub fn value_spans(&self) -> Vec<Span> {
        self.tokens
            .iter()
            .filter(|t| t.name == "value")
            .map(|t| t.value_span)
            .collect()
    }

    /// The token whose span touches `offset` (for hovers).
    pub fn token_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.iter().find(|t| t.span.touches(offset))
    }
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
    // Only a line holding "<!--" can be one: find those rather than split
    // every line. Line ends are those of `text::lines` (`\n`, `\r\n`, `\r`).
    let mut out = Vec::new();
    let mut from = 0;
    let opener = memchr::memmem::Finder::new("<!--");
    while let Some(at) = opener.find(&text.as_bytes()[from..]).map(|i| from + i) {
        let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
        if let Some(result) = parse_line(&text[start..end], start) {
            out.push(Scanned {
                line: Span::new(start, end),
                result,
            });
        }
        from = end;
    }
    out
}

/// Annotations written inside a line rather than on one of their own
/// (`… 6793 <!-- foil verify … --> episodes`): not read as annotations, and
/// no part of the text around them (see [`blank`]).
pub fn inline(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    // The line of the last opener: found once per line, not per opener (a
    // long line may hold thousands).
    let (mut start, mut end) = (0, 0);
    let opener = memchr::memmem::Finder::new("<!--");
    while let Some(at) = opener.find(&bytes[from..]).map(|i| from + i) {
        if at >= end {
            start = memchr::memrchr2(b'\n', b'\r', &bytes[end..at]).map_or(end, |i| end + i + 1);
            end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(text.len(), |i| at + i);
        }
        from = at + 4;
        if text[start..at].trim().is_empty() {
            continue; // a whole line: `scan` reads it
        }
        if let Some(lexed) = lexer::lex(&text[at..end], at) {
            let close = lexed.close.map_or(end, |c| c.end);
            out.push(Span::new(at, close));
            from = close;
        }
    }
    out
}

/// `text` with each of `spans` (on character boundaries) made spaces of the
/// same length: what is around them reads as if they were not there, and
/// every offset stays where it was.
pub fn blank(text: &str, spans: &[Span]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for span in spans {
        out.push_str(&text[copied..span.start]);
        out.extend(std::iter::repeat_n(' ', span.len()));
        copied = span.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// The finding for an annotation written inside a line.
pub fn misplaced(span: Span) -> crate::engine::model::Finding {
    crate::engine::model::Finding::new(
        Code::AnnotationInvalid,
        span,
        "an annotation is a whole line of its own: this one, inside a line, is not read \
         (and is no part of the answer)",
    )
}

/// The text under `span`, or "" when the span does not fit `text` (never panics).
fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// The answer's own words under `span`: its text without any annotation line
/// it may cover, so a quote can never be found in an annotation itself.
fn own_words(text: &str, span: Span) -> std::borrow::Cow<'_, str> {
    let source = slice(text, span);
    if !source.contains("<!--") {
        return source.into();
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while !rest.is_empty() {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        if !is_annotation_line(line.trim_end_matches(['\n', '\r'])) {
            out.push_str(&blank(line, &inline(line)));
        }
        rest = tail;
    }
    out.into()
}
