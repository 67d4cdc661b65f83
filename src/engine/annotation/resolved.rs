//! Which findings of foil's own reading the annotations took away, and which
//! annotations did (`foil check` reports them).

use crate::engine::model::{Analysis, Code, Finding, Span};

use super::Verb;

/// A finding of the text that the annotated reading no longer has.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub finding: Finding,
    /// The annotation lines about its question (else the layout annotations,
    /// else every annotation), in text order.
    pub by: Vec<Span>,
}

/// The findings of `unannotated` (the text alone) that `annotated` (the same
/// text with its annotations applied) no longer has. A finding about a
/// question is matched by code and key, any other by code and span;
/// findings about annotations themselves are left out.
pub fn resolved(unannotated: &Analysis, annotated: &Analysis) -> Vec<Resolved> {
    if annotated.annotations.is_empty() {
        return Vec::new();
    }
    unannotated
        .findings
        .iter()
        .filter(|f| !is_about_annotations(f.code))
        .filter(|f| {
            !annotated.findings.iter().any(|g| {
                g.code == f.code
                    && match &f.key {
                        Some(key) => g.key.as_ref() == Some(key),
                        None => g.span == f.span,
                    }
            })
        })
        .map(|f| Resolved {
            finding: f.clone(),
            by: resolvers(annotated, f.key.as_deref()),
        })
        .collect()
}

fn is_about_annotations(code: Code) -> bool {
    matches!(
        code,
        Code::AnnotationInvalid | Code::AnnotationMismatch | Code::AnnotationStale
    )
}

fn resolvers(annotated: &Analysis, key: Option<&str>) -> Vec<Span> {
    let about = |a: &super::Annotation| {
        let bound = a
            .exchange
            .and_then(|i| annotated.exchanges.get(i))
            .map(|e| e.key.as_str());
        key.is_some() && (bound == key || a.key.as_deref() == key)
    };
    let mut by: Vec<Span> = annotated
        .annotations
        .iter()
        .filter(|a| about(a))
        .map(|a| a.span)
        .collect();
    if by.is_empty() {
        by = annotated
            .annotations
            .iter()
            .filter(|a| a.verb.is_layout() || a.verb == Verb::Set)
            .map(|a| a.span)
            .collect();
    }
    if by.is_empty() {
        by = annotated.annotations.iter().map(|a| a.span).collect();
    }
    by.sort();
    by
}
