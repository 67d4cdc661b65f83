//! What the tidy formats (`csv-long`, SQLite) share: where things are (lines
//! and columns), what a person decided about each answer, units for people,
//! and personal data left out unless asked for (through [`Redaction`], as
//! every export does).

use std::borrow::Cow;

use crate::campaign::{self, Review};
use crate::engine::model::{Analysis, Exchange, Span, Value, ValueKind};
use crate::engine::text::LineIndex;
use crate::export::redact::Redaction;
use crate::export::Document;

/// One document made ready for tidy rows: its line index, and its reading
/// with personal data left out unless it was asked for (see
/// [`redact`](crate::export::redact)).
pub struct Tidy<'a> {
    pub path: &'a str,
    pub text: &'a str,
    analysis: Cow<'a, Analysis>,
    redaction: Option<Redaction>,
    lines: LineIndex,
}

impl<'a> Tidy<'a> {
    pub fn new(doc: &Document<'a>, include_personal: bool) -> Self {
        let redaction = (!include_personal)
            .then(|| Redaction::of(doc))
            .filter(|r| !r.is_empty());
        let analysis = match &redaction {
            Some(r) => Cow::Owned(r.analysis(doc.analysis)),
            None => Cow::Borrowed(doc.analysis),
        };
        Tidy {
            path: doc.path,
            text: doc.text,
            analysis,
            redaction,
            lines: LineIndex::new(doc.text),
        }
    }

    /// The reading as exported (redacted unless personal data was asked for).
    pub fn analysis(&self) -> &Analysis {
        &self.analysis
    }

    /// 1-based line and column (in characters) of a span's start.
    pub fn line_col(&self, span: Span) -> (usize, usize) {
        self.lines.line_col(self.text, span.start)
    }

    pub fn line(&self, span: Span) -> usize {
        self.lines.line_of(span.start) + 1
    }

    /// Where an exchange's answer is (else its question, else nothing).
    pub fn exchange_line(&self, e: &Exchange) -> Option<usize> {
        e.answer
            .as_ref()
            .or(e.question.as_ref())
            .map(|l| self.line(l.span))
    }

    pub fn review(&self, e: &Exchange) -> Review {
        campaign::review_of(&self.analysis, e)
    }

    /// Text copied from the file itself (an annotation line), redacted like
    /// the reading.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match &self.redaction {
            Some(r) => r.text(text),
            None => Cow::Borrowed(text),
        }
    }
}

/// The unit of a value for people: `GBP`, `%`, `WTE`, or what was read.
pub fn unit_of(v: &Value) -> Option<&str> {
    match v.kind {
        ValueKind::Money => Some(v.currency.unwrap_or("GBP")),
        ValueKind::Percent => Some("%"),
        ValueKind::Wte => Some("WTE"),
        _ => v.unit.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Scalar;

    #[test]
    fn units_are_for_people() {
        let mut v = Value::new(ValueKind::Money, Span::new(0, 4), "£40k");
        v.value = Scalar::Number(40_000.0);
        assert_eq!(unit_of(&v), Some("GBP"));
        let v = Value::new(ValueKind::Wte, Span::new(0, 3), "1.8");
        assert_eq!(unit_of(&v), Some("WTE"));
    }
}
