//! Folding ranges: one per exchange (question through answer and annotations).

use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind};

use super::in_text;
use crate::lsp::snapshot::Snapshot;

pub fn folding_ranges(snap: &Snapshot) -> Vec<FoldingRange> {
    let Some(analysis) = snap.analysis() else {
        return Vec::new();
    };
    analysis
        .exchanges
        .iter()
        .filter(|e| in_text(e))
        .filter_map(|e| {
            let start = snap.position(e.span.start);
            let end = snap.position(e.span.end);
            (end.line > start.line).then_some(FoldingRange {
                start_line: start.line,
                start_character: None,
                end_line: end.line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture;

    #[test]
    fn one_fold_per_multi_line_exchange() {
        let snap = fixture::snapshot();
        let folds: Vec<(u32, u32)> = folding_ranges(&snap)
            .iter()
            .map(|f| (f.start_line, f.end_line))
            .collect();
        // Q5's fold takes in its annotation line
        assert_eq!(folds, [(3, 4), (6, 7), (9, 10), (12, 13), (15, 17)]);
    }
}
