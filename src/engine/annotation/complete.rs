//! Completion inside `<!-- foil … -->` lines. Being written on the `annot` branch.

use crate::engine::model::{Analysis, Span};
use crate::engine::schema::Schema;

/// One completion: show `label`, replace `replace` with `insert_text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub detail: Option<String>,
    pub insert_text: String,
    pub replace: Span,
}

/// Completions at byte `offset`, when it lies inside an annotation line.
pub fn complete(
    text: &str,
    offset: usize,
    analysis: &Analysis,
    schema: Option<&Schema>,
) -> Vec<Completion> {
    let _ = (text, offset, analysis, schema);
    Vec::new()
}

/// A markdown explanation of an annotation, for hovers.
pub fn describe(annotation: &super::Annotation, analysis: &Analysis) -> String {
    let _ = analysis;
    format!("foil {}", annotation.verb.as_str())
}
