//! Edits that insert or replace annotation lines (code actions, `foil annotate`).
//! Being written on the `annot` branch: these signatures are the contract.

use crate::engine::model::{Analysis, Code, Span, Status};

use super::Annotation;

/// Replace `span` with `new_text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// A `verify` annotation for exchange `index` confirming foil's current reading.
pub fn verify_draft(text: &str, analysis: &Analysis, index: usize) -> Option<Annotation> {
    let _ = (text, analysis, index);
    None
}

/// A `set` annotation that gives exchange `index` this status.
pub fn set_status_draft(
    analysis: &Analysis,
    index: usize,
    status: Status,
    exemption: Option<&str>,
) -> Option<Annotation> {
    let _ = (analysis, index, status, exemption);
    None
}

/// A `set` annotation choosing alternative `reading` of value `value` of exchange `index`.
pub fn reading_draft(
    analysis: &Analysis,
    index: usize,
    value: usize,
    reading: usize,
) -> Option<Annotation> {
    let _ = (analysis, index, value, reading);
    None
}

/// An `ignore` annotation silencing `code` on exchange `index`.
pub fn ignore_draft(analysis: &Analysis, index: usize, code: Code) -> Option<Annotation> {
    let _ = (analysis, index, code);
    None
}

/// A `set` annotation mapping exchange `index` to schema key `key`.
pub fn map_draft(analysis: &Analysis, index: usize, key: &str) -> Option<Annotation> {
    let _ = (analysis, index, key);
    None
}

/// Where `draft` goes for exchange `index`: after its answer (and its annotation
/// lines), or over its existing annotation of the same verb.
pub fn place(text: &str, analysis: &Analysis, index: usize, draft: &Annotation) -> TextEdit {
    let _ = (analysis, index, draft);
    TextEdit {
        span: Span::empty(text.len()),
        new_text: String::new(),
    }
}

/// `verify` lines for every answered exchange that has no annotation yet.
pub fn verify_all(text: &str, analysis: &Analysis) -> Vec<TextEdit> {
    let _ = (text, analysis);
    Vec::new()
}

/// Applies non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}
