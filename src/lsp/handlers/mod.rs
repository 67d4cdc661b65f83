//! One module per feature. Each handler is a plain function from a snapshot (and
//! the request's parameters) to protocol values, run off the I/O task by the
//! server; none of them touches the documents or the client.

pub mod code_actions;
pub mod code_lens;
pub mod commands;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
pub mod symbols;

use crate::engine::annotation::Annotation;
use crate::engine::{Analysis, Span};

/// What lies under the cursor, most specific first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target<'a> {
    Annotation(&'a Annotation),
    /// Exchange index, value index.
    Value(usize, usize),
    Answer(usize),
    Question(usize),
}

pub fn target_at(analysis: &Analysis, offset: usize) -> Option<Target<'_>> {
    if let Some(a) = analysis.annotations.iter().find(|a| a.span.touches(offset)) {
        return Some(Target::Annotation(a));
    }
    for (i, e) in analysis.exchanges.iter().enumerate() {
        if let Some(j) = e
            .values
            .iter()
            .position(|v| !v.span.is_empty() && v.span.touches(offset))
        {
            return Some(Target::Value(i, j));
        }
    }
    for (i, e) in analysis.exchanges.iter().enumerate() {
        if e.answer.as_ref().is_some_and(|a| a.span.touches(offset)) {
            return Some(Target::Answer(i));
        }
        if e.question.as_ref().is_some_and(|q| q.span.touches(offset)) {
            return Some(Target::Question(i));
        }
    }
    None
}

/// Indices of the exchanges that lie (at least partly) within `span`; an empty
/// span (a cursor) selects the exchange around it.
pub fn exchanges_in(analysis: &Analysis, span: Span) -> Vec<usize> {
    analysis
        .exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            !(e.span.is_empty() && e.question.is_none() && e.answer.is_none())
                && e.span.start <= span.end
                && span.start <= e.span.end
        })
        .map(|(i, _)| i)
        .collect()
}

/// Whether an exchange is actually in the text (a schema question the document
/// never asks has neither question nor answer).
pub fn in_text(e: &crate::engine::Exchange) -> bool {
    e.question.is_some() || e.answer.is_some()
}

#[cfg(test)]
pub(crate) mod fixture;
