//! Go to definition: from a referral ("Please see response to Question 1") to
//! the answer it points at.

use tower_lsp_server::ls_types::{GotoDefinitionResponse, Position};

use crate::lsp::snapshot::Snapshot;
use crate::lsp::to_proto;

pub fn definition(snap: &Snapshot, position: Position) -> Option<GotoDefinitionResponse> {
    let analysis = snap.analysis()?;
    let offset = snap.offset(position);
    let referral = analysis.exchanges.iter().find(|e| {
        e.refers_to.is_some()
            && (e.answer.as_ref().is_some_and(|a| a.span.touches(offset))
                || e.question.as_ref().is_some_and(|q| q.span.touches(offset)))
    })?;
    let target = analysis.exchange(referral.refers_to.as_deref()?)?;
    let span = target
        .answer
        .as_ref()
        .or(target.question.as_ref())
        .map(|l| l.span)?;
    Some(GotoDefinitionResponse::Scalar(to_proto::location(
        snap, span,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture::{self, span};

    #[test]
    fn a_referral_leads_to_its_target_answer() {
        let snap = fixture::snapshot();
        let at = snap.position(span("Question 1 above", 0).start);
        let Some(GotoDefinitionResponse::Scalar(loc)) = definition(&snap, at) else {
            panic!("a location expected");
        };
        assert_eq!(loc.range, snap.range(span("84.5K episodes", 0)));
        assert_eq!(loc.uri, snap.uri);
        // anywhere else: nothing
        assert_eq!(
            definition(&snap, snap.position(span("Standalone", 0).start)),
            None
        );
    }
}
