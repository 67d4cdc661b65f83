//! Code lenses: the document's tally at the top ("16 questions · 11 answered ·
//! 2 not held · …") and each question's reading above it.

use tower_lsp_server::ls_types::{CodeLens, Command, Range};

use super::in_text;
use crate::engine::{Analysis, Status};
use crate::lsp::display;
use crate::lsp::snapshot::Snapshot;

/// `16 questions · 11 answered · 2 not held · 1 exempt · 1 referred · 1 missing`.
pub fn tally(analysis: &Analysis) -> String {
    let n = analysis.exchanges.len();
    let mut parts = vec![format!("{n} question{}", display::plural(n))];
    parts.extend(
        analysis
            .tally()
            .into_iter()
            .map(|(status, count)| format!("{count} {}", status.label())),
    );
    parts.join(" · ")
}

/// A lens that only shows text: clicking it runs nothing.
fn lens(range: Range, title: String) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command {
            title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }
}

pub fn code_lenses(snap: &Snapshot) -> Vec<CodeLens> {
    let Some(analysis) = snap.analysis() else {
        return Vec::new();
    };
    let top = snap.range(crate::engine::Span::empty(0));
    // What kind of reply this is, as the campaign counts it.
    let triage = crate::campaign::triage(&snap.text, analysis, true);
    let mut lenses = vec![lens(
        top,
        format!("{} · {}", triage.label(), tally(analysis)),
    )];
    for e in analysis.exchanges.iter().filter(|e| in_text(e)) {
        let mut title = display::status(e);
        if matches!(e.status, Status::Answered | Status::Partial) {
            if let Some(values) = display::values(e) {
                title = format!("{title} · {}", display::truncate(&values, 80));
            }
        }
        if let Some(a) = e.annotation.and_then(|i| analysis.annotations.get(i)) {
            title.push_str(&format!(" · {} annotation", a.verb.as_str()));
        }
        let at = snap.position(e.span.start);
        lenses.push(lens(Range::new(at, at), title));
    }
    lenses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture;

    #[test]
    fn tally_then_one_lens_per_question() {
        let snap = fixture::snapshot();
        let titles: Vec<String> = code_lenses(&snap)
            .into_iter()
            .map(|l| format!("{}: {}", l.range.start.line, l.command.unwrap().title))
            .collect();
        insta::assert_debug_snapshot!(titles, @r#"
        [
            "0: partly answered · 6 questions · 3 answered · 1 exempt · 1 referred · 1 missing",
            "3: answered · 84,500 episodes ≈",
            "6: answered · no",
            "9: exempt (s40)",
            "12: referred → episodes_coded",
            "15: answered · Blue · verify annotation",
        ]
        "#);
    }

    #[test]
    fn tally_reads_like_the_spec() {
        let mut analysis = fixture::analysis();
        for (e, status) in analysis.exchanges.iter_mut().zip([
            Status::Answered,
            Status::NotHeld,
            Status::NotHeld,
            Status::Exempt,
            Status::Referred,
            Status::Missing,
        ]) {
            e.status = status;
        }
        assert_eq!(
            tally(&analysis),
            "6 questions · 1 answered · 2 not held · 1 exempt · 1 referred · 1 missing"
        );
    }
}
