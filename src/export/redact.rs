//! Personal data left out of a dataset: every name, personal e-mail address and
//! direct phone number found in a response is replaced by
//! [`PLACEHOLDER`](crate::engine::personal::PLACEHOLDER) in every field that
//! could carry it (answer text, values, findings' messages, annotations),
//! while spans keep pointing at the file's own text. The question's wording
//! is the request's, kept as asked: it is what lines the answers of a
//! campaign up.
//!
//! Every export redacts unless asked not to (`--include-personal-data`):
//!
//! ```
//! # use foil::export::{redact, Document};
//! # let text = "1. Who?\nOUR RESPONSE: Jane Doe, jane.doe@example.nhs.uk\n";
//! # let analysis = foil::engine::analyze(text);
//! let doc = Document { path: "a.txt", text, analysis: &analysis };
//! let redacted = redact(&doc);
//! let shown = Document { analysis: &redacted, ..doc };
//! # assert!(!format!("{redacted:?}").contains("jane.doe@"));
//! ```

use std::borrow::Cow;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::engine::annotation::{Annotation, Literal};
use crate::engine::model::{Analysis, Cell, Code, Exchange, Located, Scalar, Span, Value};
use crate::engine::personal::{self, PLACEHOLDER};
use crate::engine::text::fold_whitespace;
use crate::export::Document;

/// A copy of `doc`'s analysis with its personal data replaced (see the module
/// documentation). Lines the JSON view copies from the text (annotation
/// lines) go through [`Redaction::text`].
pub fn redact(doc: &Document) -> Analysis {
    Redaction::of(doc).analysis(doc.analysis)
}

/// The personal data of one response, and how to leave it out.
pub struct Redaction {
    /// Where it lies in the text.
    spans: Vec<Span>,
    /// Each piece as written and with its white space folded (the form some
    /// fields hold), to replace wherever it occurs; `None` when there is none.
    finder: Option<AhoCorasick>,
}

impl Redaction {
    /// Finds the personal data of `doc`: what the engine flags in its answers
    /// and what the same detector finds anywhere else in the text (a
    /// signature, a question, an annotation line).
    pub fn of(doc: &Document) -> Redaction {
        let mut spans: Vec<Span> = personal::find_all(doc.text)
            .into_iter()
            .map(|(span, _)| span)
            .collect();
        spans.extend(
            doc.analysis
                .findings
                .iter()
                .filter(|f| f.code == Code::PersonalData)
                .map(|f| f.span),
        );
        spans.sort();
        spans.dedup();
        let mut needles: Vec<String> = Vec::new();
        for span in &spans {
            let Some(piece) = doc.text.get(span.start..span.end) else {
                continue;
            };
            let folded = fold_whitespace(piece);
            if folded.is_empty() {
                continue;
            }
            if folded != piece {
                needles.push(piece.to_string());
            }
            needles.push(folded);
        }
        needles.sort();
        needles.dedup();
        let finder = (!needles.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&needles)
                .expect("a few short literal patterns always build")
        });
        Redaction { spans, finder }
    }

    /// Whether the response holds no personal data.
    pub fn is_empty(&self) -> bool {
        self.finder.is_none()
    }

    /// `s` with every piece of this response's personal data replaced.
    pub fn text<'a>(&self, s: &'a str) -> Cow<'a, str> {
        let Some(finder) = &self.finder else {
            return Cow::Borrowed(s);
        };
        if !finder.is_match(s) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        finder.replace_all_with(s, &mut out, |_, _, out| {
            out.push_str(PLACEHOLDER);
            true
        });
        Cow::Owned(out)
    }

    fn string(&self, s: &mut String) {
        if let Cow::Owned(redacted) = self.text(s) {
            *s = redacted;
        }
    }

    /// Whether `v` is a figure read out of personal data (the digits of a
    /// phone number): it is left out whole.
    pub fn hides(&self, v: &Value) -> bool {
        v.kind.is_numeric() && self.overlaps(v.span)
    }

    fn overlaps(&self, span: Span) -> bool {
        let first_after = self.spans.partition_point(|s| s.start < span.end);
        self.spans[..first_after]
            .iter()
            .rev()
            .any(|s| s.end > span.start && s.start < span.end)
    }

    /// A copy of `analysis` with this personal data replaced in every string.
    pub fn analysis(&self, analysis: &Analysis) -> Analysis {
        let mut out = analysis.clone();
        if self.is_empty() {
            return out;
        }
        let meta = &mut out.meta;
        for located in [
            &mut meta.organisation,
            &mut meta.reference,
            &mut meta.date,
            &mut meta.subject,
        ]
        .into_iter()
        .flatten()
        {
            self.string(&mut located.text);
        }
        for e in &mut out.exchanges {
            self.exchange_in_place(e);
        }
        for f in &mut out.findings {
            self.string(&mut f.message);
            for r in &mut f.related {
                self.string(&mut r.message);
            }
        }
        for a in &mut out.annotations {
            self.annotation(a);
        }
        out
    }

    /// A copy of one exchange with this personal data replaced (to redact a
    /// response an exchange at a time).
    pub fn exchange(&self, e: &Exchange) -> Exchange {
        let mut copy = e.clone();
        if !self.is_empty() {
            self.exchange_in_place(&mut copy);
        }
        copy
    }

    fn exchange_in_place(&self, e: &mut Exchange) {
        // The question is the request as asked (and published with it): its
        // wording is what lines answers up across a campaign, so it is kept.
        if let Some(Located { text, .. }) = &mut e.answer {
            self.string(text);
        }
        for v in &mut e.values {
            self.value(v);
        }
        for check in &mut e.checks {
            self.string(&mut check.description);
        }
    }

    fn value(&self, v: &mut Value) {
        // A figure read out of personal data goes whole; words keep what is
        // not personal ("Head of Coding").
        if self.hides(v) {
            v.text = PLACEHOLDER.to_string();
            v.value = Scalar::None;
            v.min = None;
            v.max = None;
            v.alternatives.clear();
            v.personal_data = true;
            return;
        }
        self.string(&mut v.text);
        if let Scalar::Text(s) = &mut v.value {
            self.string(s);
        }
        for s in v.label.iter_mut().chain(&mut v.items) {
            self.string(s);
        }
        if let Some(table) = &mut v.table {
            for s in &mut table.columns {
                self.string(s);
            }
            for cell in table.rows.iter_mut().flatten() {
                if let Cell::Text(s) = cell {
                    self.string(s);
                }
            }
        }
        for reading in &mut v.alternatives {
            self.string(&mut reading.description);
            if let Scalar::Text(s) = &mut reading.value {
                self.string(s);
            }
        }
    }

    fn annotation(&self, a: &mut Annotation) {
        for s in [&mut a.quote, &mut a.note, &mut a.by].into_iter().flatten() {
            self.string(s);
        }
        for literal in &mut a.values {
            match literal {
                Literal::Word(s) | Literal::Text(s) | Literal::Labelled { label: s, .. } => {
                    self.string(s)
                }
                _ => {}
            }
        }
        for token in &mut a.tokens {
            self.string(&mut token.raw);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::ValueKind;

    const TEXT: &str = "1. Who is responsible?\n\
        OUR RESPONSE: Tomasz  Wren, Head of Coding, tomasz.wren@example.nhs.uk, mobile 07700 900123\n\
        Yours sincerely, Dr Imogen Castellan\n";

    fn doc(analysis: &Analysis) -> Document<'_> {
        Document {
            path: "a.txt",
            text: TEXT,
            analysis,
        }
    }

    #[test]
    fn every_piece_is_replaced_wherever_it_occurs() {
        let analysis = Analysis::default();
        let r = Redaction::of(&doc(&analysis));
        assert_eq!(
            r.text("Tomasz Wren, Head of Coding, tomasz.wren@example.nhs.uk"),
            "[personal data], Head of Coding, [personal data]"
        );
        // Folded white space, as in a value's text, and the signature.
        assert_eq!(r.text("by Tomasz Wren"), "by [personal data]");
        assert_eq!(r.text("Dr Imogen Castellan"), "[personal data]");
        assert!(matches!(r.text("Head of Coding"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_figure_read_from_a_phone_number_goes_whole() {
        let start = TEXT.find("07700").unwrap();
        let mut digits = Value::new(ValueKind::Count, Span::new(start, start + 5), "07700");
        digits.value = Scalar::Number(7700.0);
        let mut words = Value::new(ValueKind::Contact, Span::new(0, 10), "Tomasz  Wren");
        words.value = Scalar::Text("Tomasz Wren, Head of Coding".into());
        let mut e = Exchange::bare("q1", crate::engine::Status::Answered);
        e.values = vec![digits, words];
        let analysis = Analysis {
            exchanges: vec![e],
            ..Analysis::default()
        };
        let redacted = redact(&doc(&analysis));
        let values = &redacted.exchanges[0].values;
        assert_eq!(values[0].text, PLACEHOLDER);
        assert_eq!(values[0].value, Scalar::None);
        assert!(values[0].personal_data);
        assert_eq!(values[1].text, PLACEHOLDER);
        assert_eq!(
            values[1].value,
            Scalar::Text("[personal data], Head of Coding".into())
        );
    }

    #[test]
    fn text_without_personal_data_is_left_alone() {
        let text = "1. How many?\nOUR RESPONSE: 6793, ask the Head of Coding\n";
        let analysis = crate::engine::analyze(text);
        let d = Document {
            path: "b.txt",
            text,
            analysis: &analysis,
        };
        assert!(Redaction::of(&d).is_empty());
        assert_eq!(redact(&d), analysis);
    }
}
