//! Code actions: every one writes or replaces an annotation line and nothing
//! else ("Verify: 84,500 ≈", "Use reading: …", "Mark as not held", "Map to
//! schema question …", "Ignore this finding", and the source action "Verify all
//! answers"). Each carries its edit, tied to the document version it was
//! computed on.

use std::collections::BTreeSet;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionContext, CodeActionKind, CodeActionOrCommand, Diagnostic, Range,
};

use super::{exchanges_in, in_text};
use crate::engine::annotation::edit::{self, TextEdit};
use crate::engine::annotation::Annotation;
use crate::engine::schema::similarity;
use crate::engine::{Analysis, Code, Span, Status};
use crate::lsp::client_flags::ClientFlags;
use crate::lsp::display;
use crate::lsp::from_proto;
use crate::lsp::snapshot::Snapshot;
use crate::lsp::to_proto;

pub const VERIFY_ALL_KIND: &str = "source.foil.verifyAll";

/// The kinds advertised at `initialize`.
pub fn kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        CodeActionKind::REFACTOR_REWRITE,
        CodeActionKind::new(VERIFY_ALL_KIND),
    ]
}

/// How many schema questions "Map to …" offers for one unmatched question.
const MAP_CANDIDATES: usize = 3;

struct Builder<'a> {
    snap: &'a Snapshot,
    flags: &'a ClientFlags,
    analysis: &'a Analysis,
    only: Option<&'a [CodeActionKind]>,
    actions: Vec<CodeActionOrCommand>,
}

impl Builder<'_> {
    fn wanted(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    }

    /// Adds the action placing `draft` for exchange `index`, if the engine
    /// drafted one and its edit only touches annotation lines.
    fn add(
        &mut self,
        title: String,
        kind: CodeActionKind,
        index: usize,
        draft: Option<Annotation>,
        diagnostics: Vec<Diagnostic>,
    ) {
        if !self.wanted(&kind) {
            return;
        }
        let Some(draft) = draft else { return };
        let edit = edit::place(&self.snap.text, self.analysis, index, &draft);
        self.push(title, kind, vec![edit], diagnostics);
    }

    fn push(
        &mut self,
        title: String,
        kind: CodeActionKind,
        edits: Vec<TextEdit>,
        diagnostics: Vec<Diagnostic>,
    ) {
        if edits.is_empty() {
            return;
        }
        if let Some(bad) = edits
            .iter()
            .find(|e| !only_annotation_lines(&self.snap.text, e))
        {
            tracing::error!(
                "dropping code action {title:?}: its edit {bad:?} would change the response's own text"
            );
            return;
        }
        let edit = to_proto::workspace_edit(self.snap, &edits, self.flags);
        self.actions
            .push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(kind),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(edit),
                ..CodeAction::default()
            }));
    }

    fn diagnostics_for(&self, key: &str, code: Code) -> Vec<Diagnostic> {
        self.analysis
            .findings
            .iter()
            .filter(|f| f.code == code && f.key.as_deref() == Some(key))
            .map(|f| to_proto::diagnostic(self.snap, f, self.flags))
            .collect()
    }
}

pub fn code_actions(
    snap: &Snapshot,
    flags: &ClientFlags,
    range: Range,
    context: &CodeActionContext,
) -> Vec<CodeActionOrCommand> {
    let Some(analysis) = snap.analysis() else {
        return Vec::new();
    };
    let span = snap.span(range);
    let mut b = Builder {
        snap,
        flags,
        analysis,
        only: context.only.as_deref(),
        actions: Vec::new(),
    };
    for index in exchanges_in(analysis, span) {
        let e = &analysis.exchanges[index];
        if !in_text(e) {
            continue;
        }
        verify(&mut b, index);
        readings(&mut b, index);
        statuses(&mut b, index);
        map(&mut b, index);
        ignores(&mut b, index, span, context);
    }
    let kind = CodeActionKind::new(VERIFY_ALL_KIND);
    if b.wanted(&kind) {
        let edits = edit::verify_all(&snap.text, analysis);
        let n = edits.len();
        b.push(
            format!("Verify all answers ({n} to verify)"),
            kind,
            edits,
            Vec::new(),
        );
    }
    b.actions
}

fn verify(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    let what = display::values(e).unwrap_or_else(|| display::status(e));
    let draft = edit::verify_draft(&b.snap.text, b.analysis, index);
    b.add(
        format!("Verify: {what}"),
        CodeActionKind::REFACTOR_REWRITE,
        index,
        draft,
        Vec::new(),
    );
}

fn readings(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    let diagnostics = b.diagnostics_for(&e.key, Code::AmbiguousValue);
    for (j, v) in e.values.iter().enumerate() {
        for (k, r) in v.alternatives.iter().enumerate() {
            let draft = edit::reading_draft(b.analysis, index, j, k);
            b.add(
                format!("Use reading: {} ({})", display::reading(r), r.description),
                CodeActionKind::QUICKFIX,
                index,
                draft,
                diagnostics.clone(),
            );
        }
    }
}

fn statuses(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    let mut offers: Vec<(Status, Option<String>)> = vec![(Status::NotHeld, None)];
    let cited = cited_sections(&b.snap.text, e.answer.as_ref().map(|a| a.span));
    if cited.is_empty() {
        offers.push((Status::Exempt, None));
    }
    offers.extend(cited.into_iter().map(|s| (Status::Exempt, Some(s))));
    offers.push((Status::NotApplicable, None));
    for (status, exemption) in offers {
        if e.status == status && (exemption.is_none() || e.exemption == exemption) {
            continue;
        }
        let title = match &exemption {
            Some(code) => format!("Mark as exempt under {}", display::exemption_section(code)),
            None => format!("Mark as {}", status.label()),
        };
        let draft = edit::set_status_draft(b.analysis, index, status, exemption.as_deref());
        b.add(
            title,
            CodeActionKind::REFACTOR_REWRITE,
            index,
            draft,
            Vec::new(),
        );
    }
}

/// Exemption codes (`s40`, `r12`) cited in an answer's text, in order.
fn cited_sections(text: &str, span: Option<Span>) -> Vec<String> {
    let Some(answer) = span.and_then(|s| text.get(s.start..s.end)) else {
        return Vec::new();
    };
    let lower = answer.to_lowercase();
    let mut found = BTreeSet::new();
    let mut ordered = Vec::new();
    for (word, prefix) in [("section", "s"), ("regulation", "r")] {
        for (at, _) in lower.match_indices(word) {
            let rest = lower[at + word.len()..].trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && digits.len() <= 3 {
                let code = format!("{prefix}{digits}");
                if found.insert(code.clone()) {
                    ordered.push(code);
                }
            }
        }
    }
    ordered
}

fn map(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    if e.schema_question.is_some() {
        return;
    }
    let Some(schema) = b.snap.schema() else {
        return;
    };
    let taken: BTreeSet<usize> = b
        .analysis
        .exchanges
        .iter()
        .filter(|x| in_text(x))
        .filter_map(|x| x.schema_question)
        .collect();
    let asked = e.question.as_ref().map(|q| q.text.as_str()).unwrap_or("");
    let number: Option<i64> = e.number.as_deref().and_then(|n| n.trim().parse().ok());
    let mut candidates: Vec<(f32, i64, usize)> = schema
        .questions
        .iter()
        .enumerate()
        .filter(|(k, _)| !taken.contains(k))
        .map(|(k, q)| {
            let distance = match (number, q.number.trim().parse::<i64>()) {
                (Some(a), Ok(b)) => (a - b).abs(),
                _ => i64::MAX,
            };
            (similarity(asked, &q.text), distance, k)
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let diagnostics = b.diagnostics_for(&e.key, Code::UnknownQuestion);
    for (_, _, k) in candidates.into_iter().take(MAP_CANDIDATES) {
        let q = &schema.questions[k];
        let draft = edit::map_draft(b.analysis, index, &q.key);
        b.add(
            format!(
                "Map to schema question {} ({}): {}",
                q.number,
                q.key,
                display::truncate(&q.text, 50)
            ),
            CodeActionKind::QUICKFIX,
            index,
            draft,
            diagnostics.clone(),
        );
    }
}

fn ignores(b: &mut Builder, index: usize, span: Span, context: &CodeActionContext) {
    let e = &b.analysis.exchanges[index];
    let mut codes: BTreeSet<Code> = b
        .analysis
        .findings
        .iter()
        .filter(|f| f.key.as_deref() == Some(e.key.as_str()))
        .filter(|f| f.span.start <= span.end && span.start <= f.span.end)
        .map(|f| f.code)
        .collect();
    // The diagnostics the client shows at the cursor, which may come from a
    // slightly older version of the text.
    codes.extend(
        context
            .diagnostics
            .iter()
            .filter_map(from_proto::finding_of)
            .filter(|(_, key)| key.as_deref() == Some(e.key.as_str()))
            .map(|(code, _)| code),
    );
    for code in codes {
        if code == Code::AnnotationInvalid {
            continue; // fixed by correcting the annotation, not by another one
        }
        let draft = edit::ignore_draft(b.analysis, index, code);
        let diagnostics = b.diagnostics_for(&e.key, code);
        b.add(
            format!("Ignore this finding ({code})"),
            CodeActionKind::QUICKFIX,
            index,
            draft,
            diagnostics,
        );
    }
}

/// Whether `edit` only inserts or replaces whole annotation lines: what it
/// removes and what it writes are annotation lines (or line breaks), and an
/// insertion lands at a line boundary, so the response's own words stay.
pub fn only_annotation_lines(text: &str, edit: &TextEdit) -> bool {
    let Some(removed) = text.get(edit.span.start..edit.span.end) else {
        return false;
    };
    let annotation_lines = |s: &str| {
        s.split(['\n', '\r'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with("<!-- foil") && l.ends_with("-->"))
    };
    let bytes = text.as_bytes();
    let boundary = |at: usize| {
        at == 0
            || at == bytes.len()
            || matches!(bytes[at - 1], b'\n' | b'\r')
            || matches!(bytes[at], b'\n' | b'\r')
    };
    annotation_lines(removed)
        && annotation_lines(&edit.new_text)
        && boundary(edit.span.start)
        && boundary(edit.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture::{self, span, TEXT};
    use tower_lsp_server::ls_types::{DocumentChanges, OneOf};

    #[test]
    fn only_annotation_edits_pass_the_guard() {
        let after_answer = span("84.5K episodes", 0).end;
        let insert = |at: usize, new_text: &str| TextEdit {
            span: Span::empty(at),
            new_text: new_text.into(),
        };
        assert!(only_annotation_lines(
            TEXT,
            &insert(
                after_answer,
                "\r\n<!-- foil verify q=episodes_coded value=84500~ -->"
            )
        ));
        // inside the answer's words
        assert!(!only_annotation_lines(
            TEXT,
            &insert(after_answer - 3, "\n<!-- foil verify q=x -->\n")
        ));
        // writes words that are not an annotation
        assert!(!only_annotation_lines(
            TEXT,
            &insert(after_answer, "\nhello")
        ));
        // replacing an annotation line is fine, replacing an answer is not
        let line = span("<!-- foil verify q=q5", 0);
        let line = Span::new(
            line.start,
            TEXT[line.start..].find('\r').unwrap() + line.start,
        );
        assert!(only_annotation_lines(
            TEXT,
            &TextEdit {
                span: line,
                new_text: "<!-- foil set q=q5 status=not_held -->".into()
            }
        ));
        assert!(!only_annotation_lines(
            TEXT,
            &TextEdit {
                span: span("Standalone", 0),
                new_text: "<!-- foil set q=x -->".into()
            }
        ));
    }

    fn titles_and_edits(offset: usize) -> Vec<(String, String)> {
        let snap = fixture::snapshot();
        let flags = fixture::rich_client();
        let at = snap.position(offset);
        let range = Range::new(at, at);
        code_actions(&snap, &flags, range, &CodeActionContext::default())
            .into_iter()
            .map(|a| {
                let CodeActionOrCommand::CodeAction(a) = a else {
                    panic!("a code action literal")
                };
                let Some(DocumentChanges::Edits(changes)) = a.edit.unwrap().document_changes else {
                    panic!("versioned document changes")
                };
                assert_eq!(changes[0].text_document.version, Some(7));
                let text: Vec<String> = changes[0]
                    .edits
                    .iter()
                    .map(|e| match e {
                        OneOf::Left(e) => e.new_text.trim().to_string(),
                        OneOf::Right(e) => e.text_edit.new_text.trim().to_string(),
                    })
                    .collect();
                (a.title, text.join(" | "))
            })
            .collect()
    }

    #[test]
    fn actions_on_an_ambiguous_figure() {
        let got = titles_and_edits(span("84.5K", 0).start + 1);
        let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Verify: 84,500 episodes ≈",
                "Use reading: 84.5 (84.5 without the K)",
                "Mark as not held",
                "Mark as exempt",
                "Mark as not applicable",
                "Ignore this finding (ambiguous-value)",
                "Verify all answers (4 to verify)",
            ]
        );
        for (title, edit) in &got {
            assert!(edit.starts_with("<!-- foil "), "{title}: {edit}");
        }
        let reading = &got[1].1;
        assert!(
            reading.starts_with("<!-- foil set q=episodes_coded"),
            "{reading}"
        );
    }

    #[test]
    fn actions_on_an_exempt_answer_and_an_unmatched_question() {
        let exempt = titles_and_edits(span("Section 40", 0).start);
        assert!(exempt
            .iter()
            .all(|(t, _)| t != "Mark as exempt under section 40"));
        assert!(exempt.iter().any(|(t, _)| t == "Mark as not held"));
        let unmatched = titles_and_edits(span("colour", 0).start);
        let maps: Vec<&str> = unmatched
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| t.starts_with("Map to schema question"))
            .collect();
        assert_eq!(maps.len(), MAP_CANDIDATES, "{unmatched:?}");
        // the schema questions already answered in the text are not offered
        assert!(
            maps.iter().all(|t| !t.contains("(episodes_coded)")),
            "{maps:?}"
        );
    }

    #[test]
    fn cited_sections_are_read_from_the_answer() {
        let answer = span("Exempt under Section 40 – personal details", 0);
        assert_eq!(cited_sections(TEXT, Some(answer)), ["s40"]);
        assert_eq!(
            cited_sections(
                "section 12 and Regulation 13(1) and section 40",
                Some(Span::new(0, 46))
            ),
            ["s12", "s40", "r13"]
        );
        assert!(cited_sections(TEXT, None).is_empty());
    }

    #[test]
    fn only_kinds_filter_actions() {
        let snap = fixture::snapshot();
        let flags = fixture::rich_client();
        let b = Builder {
            snap: &snap,
            flags: &flags,
            analysis: snap.analysis().unwrap(),
            only: Some(&[CodeActionKind::SOURCE]),
            actions: Vec::new(),
        };
        assert!(b.wanted(&CodeActionKind::new(VERIFY_ALL_KIND)));
        assert!(!b.wanted(&CodeActionKind::QUICKFIX));
        assert!(!b.wanted(&CodeActionKind::new("sourcefoo")));
    }
}
