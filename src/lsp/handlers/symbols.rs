//! Document symbols: the questions of the response with their status, and the
//! figures read from each answer under it.

use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolResponse, SymbolInformation, SymbolKind,
};

use super::in_text;
use crate::engine::{Exchange, ValueKind};
use crate::lsp::display;
use crate::lsp::snapshot::Snapshot;
use crate::lsp::to_proto;

fn name(e: &Exchange) -> String {
    match &e.question {
        Some(q) => match display::label(e) {
            Some(label) => format!("{label} {}", display::truncate(&q.text, 60)),
            None => display::truncate(&q.text, 60),
        },
        None => display::name(e),
    }
}

fn detail(e: &Exchange) -> String {
    format!("{} · {}", display::status(e), e.key)
}

fn value_kind(kind: ValueKind) -> SymbolKind {
    match kind {
        ValueKind::YesNo => SymbolKind::BOOLEAN,
        ValueKind::Enum => SymbolKind::ENUM_MEMBER,
        ValueKind::List | ValueKind::Table => SymbolKind::ARRAY,
        ValueKind::Text | ValueKind::Contact => SymbolKind::STRING,
        _ => SymbolKind::NUMBER,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the protocol types
pub fn document_symbols(snap: &Snapshot, hierarchical: bool) -> Option<DocumentSymbolResponse> {
    let analysis = snap.analysis()?;
    let exchanges = analysis.exchanges.iter().filter(|e| in_text(e));
    if !hierarchical {
        let flat = exchanges
            .map(|e| SymbolInformation {
                name: format!("{} — {}", name(e), detail(e)),
                kind: SymbolKind::FIELD,
                tags: None,
                deprecated: None,
                location: to_proto::location(snap, e.span),
                container_name: None,
            })
            .collect();
        return Some(DocumentSymbolResponse::Flat(flat));
    }
    let nested = exchanges
        .map(|e| {
            let selection = e
                .question
                .as_ref()
                .or(e.answer.as_ref())
                .map_or(e.span, |l| l.span);
            let children: Vec<DocumentSymbol> = e
                .values
                .iter()
                .filter(|v| {
                    !v.span.is_empty() && e.span.start <= v.span.start && v.span.end <= e.span.end
                })
                .map(|v| DocumentSymbol {
                    name: display::value(v),
                    detail: Some(v.kind.as_str().to_string()),
                    kind: value_kind(v.kind),
                    tags: None,
                    deprecated: None,
                    range: snap.range(v.span),
                    selection_range: snap.range(v.span),
                    children: None,
                })
                .collect();
            DocumentSymbol {
                name: name(e),
                detail: Some(detail(e)),
                kind: SymbolKind::FIELD,
                tags: None,
                deprecated: None,
                range: snap.range(e.span),
                selection_range: snap.range(selection),
                children: (!children.is_empty()).then_some(children),
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(nested))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture;

    #[test]
    fn nested_symbols_carry_status_and_values() {
        let snap = fixture::snapshot();
        let Some(DocumentSymbolResponse::Nested(symbols)) = document_symbols(&snap, true) else {
            panic!("nested symbols expected");
        };
        let summary: Vec<String> = symbols
            .iter()
            .map(|s| {
                let children: Vec<&str> = s
                    .children
                    .iter()
                    .flatten()
                    .map(|c| c.name.as_str())
                    .collect();
                format!(
                    "{} | {} | {:?}",
                    s.name,
                    s.detail.as_deref().unwrap(),
                    children
                )
            })
            .collect();
        insta::assert_debug_snapshot!(summary, @r#"
        [
            "Q1 How many episodes of care were coded in 2024? | answered · episodes_coded | [\"84,500 episodes ≈\"]",
            "Q2 Does the Trust use an automated coding solution? | answered · automated_solution | [\"no\"]",
            "Q3 Please give the name and email of the Head of Coding. | exempt (s40) · responsible_contact | []",
            "Q4 How many coders are employed? | referred → episodes_coded · q4 | []",
            "Q5 What colour is the coding office? 😀 | answered · q5 | [\"Blue\"]",
        ]
        "#);
        // every child lies inside its parent, and the selection inside the range
        for s in &symbols {
            assert!(
                s.range.start <= s.selection_range.start && s.selection_range.end <= s.range.end
            );
            for c in s.children.iter().flatten() {
                assert!(s.range.start <= c.range.start && c.range.end <= s.range.end);
            }
        }
    }

    #[test]
    fn flat_symbols_for_older_clients() {
        let snap = fixture::snapshot();
        let Some(DocumentSymbolResponse::Flat(symbols)) = document_symbols(&snap, false) else {
            panic!("flat symbols expected");
        };
        assert_eq!(symbols.len(), 5);
        assert_eq!(
            symbols[2].name,
            "Q3 Please give the name and email of the Head of Coding. — exempt (s40) · responsible_contact"
        );
        assert_eq!(symbols[0].location.range.start.line, 3);
    }
}
