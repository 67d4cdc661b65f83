//! Inlay hints: the normalised value after each figure that reads differently
//! from how it is written (`84.5K` → `84,500 ≈`), the status after each answer
//! that is not an answer, and ✓ after readings a person verified.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip, Range};

use crate::engine::annotation::Verb;
use crate::engine::{Analysis, Code, Exchange, Status};
use crate::lsp::display;
use crate::lsp::snapshot::Snapshot;

fn hint(snap: &Snapshot, at: usize, label: String, tooltip: Option<String>) -> InlayHint {
    InlayHint {
        position: snap.position(at),
        label: InlayHintLabel::String(label),
        kind: None,
        text_edits: None,
        tooltip: tooltip.map(InlayHintTooltip::String),
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// Whether a person verified this exchange's reading and it still holds.
fn verified(analysis: &Analysis, e: &Exchange) -> bool {
    let Some(annotation) = e.annotation.and_then(|i| analysis.annotations.get(i)) else {
        return false;
    };
    annotation.verb == Verb::Verify
        && !analysis
            .findings
            .iter()
            .any(|f| f.code == Code::AnnotationStale && f.key.as_deref() == Some(e.key.as_str()))
}

pub fn inlay_hints(snap: &Snapshot, range: Range) -> Vec<InlayHint> {
    let Some(analysis) = snap.analysis() else {
        return Vec::new();
    };
    let within = snap.span(range);
    let mut hints = Vec::new();
    for e in &analysis.exchanges {
        if e.span.end < within.start || e.span.start > within.end {
            continue;
        }
        let verified = verified(analysis, e);
        let mut marked = false;
        for v in &e.values {
            if v.span.is_empty() || !within.touches(v.span.end) {
                continue;
            }
            let differs = display::reads_differently(v);
            if differs || verified {
                let mut label = if differs {
                    format!("→ {}", display::value(v))
                } else {
                    String::new()
                };
                if verified {
                    label.push_str(if label.is_empty() {
                        "✓ verified"
                    } else {
                        " ✓"
                    });
                    marked = true;
                }
                let tooltip = format!(
                    "{} read as {} ({}){}",
                    v.text,
                    display::value(v),
                    v.kind,
                    if verified { ", verified" } else { "" }
                );
                hints.push(hint(snap, v.span.end, label, Some(tooltip)));
            }
        }
        if e.status != Status::Answered {
            if let Some(end) = status_anchor(snap, e).filter(|at| within.touches(*at)) {
                hints.push(hint(snap, end, format!("⟨{}⟩", display::status(e)), None));
            }
        } else if verified && !marked {
            if let Some(end) = status_anchor(snap, e).filter(|at| within.touches(*at)) {
                hints.push(hint(snap, end, "✓ verified".to_string(), None));
            }
        }
    }
    hints.sort_by_key(|h| (h.position.line, h.position.character));
    hints
}

/// Where a status hint goes: the end of the answer's first line, or of the
/// question when there is no answer.
fn status_anchor(snap: &Snapshot, e: &Exchange) -> Option<usize> {
    let span = e.answer.as_ref().or(e.question.as_ref())?.span;
    let text = snap.text.get(span.start..span.end)?;
    let first_line = text.find(['\r', '\n']).unwrap_or(text.len());
    Some(span.start + text[..first_line].trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture;
    use tower_lsp_server::ls_types::Position;

    fn labels(snap: &Snapshot, range: Range) -> Vec<String> {
        inlay_hints(snap, range)
            .into_iter()
            .map(|h| {
                let InlayHintLabel::String(label) = h.label else {
                    panic!("label parts")
                };
                format!("{}:{} {label}", h.position.line, h.position.character)
            })
            .collect()
    }

    #[test]
    fn hints_for_readings_statuses_and_verification() {
        let snap = fixture::snapshot();
        let all = Range::new(Position::new(0, 0), Position::new(100, 0));
        insta::assert_debug_snapshot!(labels(&snap, all), @r#"
        [
            "4:19 → 84,500 episodes ≈",
            "7:24 → no",
            "10:56 ⟨exempt (s40)⟩",
            "13:54 ⟨referred → episodes_coded⟩",
            "16:18 ✓ verified",
        ]
        "#);
    }

    #[test]
    fn hints_are_limited_to_the_range() {
        let snap = fixture::snapshot();
        let lines_7_to_11 = Range::new(Position::new(7, 0), Position::new(11, 0));
        assert_eq!(
            labels(&snap, lines_7_to_11),
            ["7:24 → no", "10:56 ⟨exempt (s40)⟩"]
        );
    }
}
