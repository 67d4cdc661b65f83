//! Code actions: every one writes or replaces an annotation line and nothing
//! else, and its title says what it writes. On an answer: "Verify: 84,500 ≈",
//! "Use reading: …", the values ("Not a figure: 2024", "Add figure 158",
//! "Read as yes", "Correct the values…"), the statuses ("Mark as answered",
//! "Mark as exempt under section 40", "Refers to question 1"), "Map to schema
//! question …", "Ignore this finding"; on any line, the layout ("Question 3
//! starts here", "Answer to question 2 starts here", "This line is not part
//! of the answer"); and the source action "Verify all answers". Each carries
//! its edit, tied to the document version it was computed on.

use std::collections::BTreeSet;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionContext, CodeActionKind, CodeActionOrCommand, Diagnostic, Range,
};

use super::{exchanges_in, in_text};
use crate::engine::annotation::edit::{self, TextEdit};
use crate::engine::annotation::Annotation;
use crate::engine::schema::similarity;
use crate::engine::{Analysis, Code, Span};
use crate::lsp::client_flags::ClientFlags;
use crate::lsp::display;
use crate::lsp::from_proto;
use crate::lsp::snapshot::Snapshot;
use crate::lsp::to_proto;

mod layout;
mod statuses;
#[cfg(test)]
mod tests;
mod values;

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

    /// Adds the action placing `draft` for exchange `index` after its answer,
    /// if the engine drafted one and its edit only touches annotation lines.
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
        self.push_edit(title, kind, edits, diagnostics, None);
    }

    /// As `push`; `snippet` is the first edit's text as a snippet (its value
    /// selected), sent to clients that apply snippet edits.
    fn push_edit(
        &mut self,
        title: String,
        kind: CodeActionKind,
        edits: Vec<TextEdit>,
        diagnostics: Vec<Diagnostic>,
        snippet: Option<String>,
    ) {
        if edits.is_empty() || !self.wanted(&kind) {
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
        let edit = match snippet {
            Some(snippet) if self.flags.snippet_edits && self.flags.document_changes => {
                to_proto::snippet_workspace_edit(self.snap, &edits[0], snippet)
            }
            _ => to_proto::workspace_edit(self.snap, &edits, self.flags),
        };
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
    let lines = whole_lines(&snap.text, span);
    for index in exchanges_in(analysis, span) {
        let e = &analysis.exchanges[index];
        if !in_text(e) {
            continue;
        }
        values::figures(&mut b, index, lines);
        verify(&mut b, index);
        readings(&mut b, index);
        values::corrections(&mut b, index);
        statuses::offer(&mut b, index);
        map(&mut b, index);
        ignores(&mut b, index, span, context);
    }
    for index in missing_in(analysis, context) {
        layout::missing_question(&mut b, index);
    }
    match one_line(&snap.text, span) {
        Some(line) => layout::offer(&mut b, line),
        None => layout::hidden_questions(&mut b, lines),
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

/// `span` widened to whole lines (from the start of its first line to the
/// end of its last).
fn whole_lines(text: &str, span: Span) -> Span {
    let start = text[..span.start.min(text.len())]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let end = text[span.end.min(text.len())..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end.max(start))
}

/// The line `span` lies on, when it lies on one (a cursor, a selection within
/// a line, or a whole line selected up to the next line's start).
fn one_line(text: &str, span: Span) -> Option<Span> {
    let end = if span.end > span.start && text[..span.end.min(text.len())].ends_with(['\n', '\r']) {
        span.end - 1
    } else {
        span.end
    };
    let line = whole_lines(text, Span::new(span.start, end.max(span.start)));
    (!line.slice(text).contains(['\n', '\r'])).then_some(line)
}

/// Schema questions the response never asks whose diagnostics the client
/// sent: "Question N (key) starts here" is offered where their wording stands.
fn missing_in(analysis: &Analysis, context: &CodeActionContext) -> Vec<usize> {
    let keys: BTreeSet<String> = context
        .diagnostics
        .iter()
        .filter_map(from_proto::finding_of)
        .filter_map(|(_, key)| key)
        .collect();
    analysis
        .exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| !in_text(e) && keys.contains(&e.key))
        .map(|(i, _)| i)
        .collect()
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
