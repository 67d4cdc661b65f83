//! Engine values to protocol values: findings to diagnostics, spans to ranges,
//! annotation edits to workspace edits, text to markup.

use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;

use serde_json::json;
use tower_lsp_server::ls_types::{
    AnnotatedTextEdit, ChangeAnnotation, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentChanges, Location, MarkupContent, MarkupKind, NumberOrString,
    OneOf, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::client_flags::ClientFlags;
use super::display;
use super::snapshot::{Outcome, Snapshot};
use crate::engine::annotation::edit;
use crate::engine::{Code, Finding, Severity, Span};

pub const SOURCE: &str = "foil";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// One finding as a diagnostic. `data` carries what the code actions need,
/// besides `code`, to find the finding again: the `key` of its exchange.
pub fn diagnostic(snap: &Snapshot, finding: &Finding, flags: &ClientFlags) -> Diagnostic {
    // Only for clients that declared `codeDescriptionSupport`.
    let description = flags
        .code_description
        .then(|| code_description(snap, finding))
        .flatten();
    diagnostic_near(snap, finding, flags, description, &mut 0)
}

/// [`diagnostic`] with its description given, and its range found from the
/// offset `near` (a snapshot's findings come in text order: each position is
/// found from the previous one's).
fn diagnostic_near(
    snap: &Snapshot,
    finding: &Finding,
    flags: &ClientFlags,
    code_description: Option<CodeDescription>,
    near: &mut usize,
) -> Diagnostic {
    let mut message = finding.message.clone();
    if !flags.related_information {
        // Without related information the target would be lost: say where it is.
        for r in &finding.related {
            let line = snap.position(r.span.start).line + 1;
            let _ = write!(message, "\n{} (line {line})", r.message);
        }
    }
    let related_information =
        (flags.related_information && !finding.related.is_empty()).then(|| {
            finding
                .related
                .iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: location(snap, r.span),
                    message: r.message.clone(),
                })
                .collect()
        });
    Diagnostic {
        range: snap.range_near(finding.span, near),
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.code.as_str().to_string())),
        code_description,
        source: Some(SOURCE.to_string()),
        message,
        related_information,
        tags: None,
        data: Some(json!({ "key": finding.key })),
    }
}

/// For exemptions, the legislation that grants them.
fn code_description(snap: &Snapshot, finding: &Finding) -> Option<CodeDescription> {
    if finding.code != Code::Exempt {
        return None;
    }
    let analysis = snap.analysis()?;
    let exemption = analysis
        .exchange(finding.key.as_deref()?)?
        .exemption
        .as_deref()?;
    exemption_description(snap, exemption)
}

fn exemption_description(snap: &Snapshot, exemption: &str) -> Option<CodeDescription> {
    let url = display::exemption_url(exemption, snap.is_scottish())?;
    Some(CodeDescription {
        href: Uri::from_str(&url).ok()?,
    })
}

/// A document's diagnostics, as the protocol's structs (serialized by serde
/// when published or pulled).
pub type Diagnostics = Vec<Diagnostic>;

/// The diagnostics of a snapshot: its findings, or one note on why it was not read.
pub fn diagnostics(snap: &Snapshot, flags: &ClientFlags) -> Diagnostics {
    let note = |severity, message: String| {
        vec![Diagnostic {
            range: snap.range(Span::empty(0)),
            severity: Some(severity),
            source: Some(SOURCE.to_string()),
            message,
            ..Diagnostic::default()
        }]
    };
    match &snap.outcome {
        Outcome::Shown(analysis) => {
            let config = snap.setup.workspace.engine.config();
            let mut described = Descriptions::new(snap, flags);
            let mut all = Vec::with_capacity(analysis.findings.len());
            // Findings come in text order: each position is found from the last.
            let mut near = 0;
            for f in &analysis.findings {
                // Severity overrides: the engine applies foil.toml's; the client's
                // settings are merged into the same config, so apply explicit
                // entries here too (idempotent when the engine already did).
                let overridden;
                let f = match config.severity.get(&f.code) {
                    Some(None) => continue,
                    Some(Some(level)) => {
                        let mut copy = f.clone();
                        copy.severity = *level;
                        overridden = copy;
                        &overridden
                    }
                    None => f,
                };
                let description = described.of(f).cloned();
                all.push(diagnostic_near(snap, f, flags, description, &mut near));
            }
            all
        }
        Outcome::TooLarge { bytes, limit } => note(
            DiagnosticSeverity::INFORMATION,
            format!(
                "foil does not read documents over {} (this one is {}); raise the maxDocumentBytes setting to read it",
                size(*limit),
                size(*bytes)
            ),
        ),
        Outcome::Failed(message) => note(
            DiagnosticSeverity::WARNING,
            format!("foil failed to read this document (an internal error: {message})"),
        ),
        Outcome::NotAResponse | Outcome::Excluded => Vec::new(),
    }
}

/// Code descriptions for a whole snapshot's findings: each exemption's link
/// made once, found by the finding's key without a search per finding.
struct Descriptions<'a> {
    snap: &'a Snapshot,
    wanted: bool,
    /// The exemption of the exchange with each key (made on first use).
    exemptions: Option<HashMap<&'a str, Option<&'a str>>>,
    links: HashMap<&'a str, Option<CodeDescription>>,
}

impl<'a> Descriptions<'a> {
    fn new(snap: &'a Snapshot, flags: &ClientFlags) -> Self {
        Descriptions {
            snap,
            wanted: flags.code_description,
            exemptions: None,
            links: HashMap::new(),
        }
    }

    /// What [`code_description`] gives for `finding`.
    fn of(&mut self, finding: &Finding) -> Option<&CodeDescription> {
        if !self.wanted || finding.code != Code::Exempt {
            return None;
        }
        let snap = self.snap;
        let exemptions = self.exemptions.get_or_insert_with(|| {
            let exchanges = snap.analysis().map_or(&[][..], |a| &a.exchanges[..]);
            let mut by_key = HashMap::with_capacity(exchanges.len());
            for e in exchanges {
                // The first exchange with a key is the one, as in `exchange`.
                by_key
                    .entry(e.key.as_str())
                    .or_insert(e.exemption.as_deref());
            }
            by_key
        });
        let exemption = (*exemptions.get(finding.key.as_deref()?)?)?;
        self.links
            .entry(exemption)
            .or_insert_with(|| exemption_description(snap, exemption))
            .as_ref()
    }
}

/// `8.0 MB`, or the exact count below a megabyte.
fn size(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// Text for hovers, as markdown or plain text per the client.
pub fn markup(flags: &ClientFlags, markdown: String, plain: String) -> MarkupContent {
    if flags.hover_markdown {
        MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }
    } else {
        MarkupContent {
            kind: MarkupKind::PlainText,
            value: plain,
        }
    }
}

pub fn text_edit(snap: &Snapshot, e: &edit::TextEdit) -> TextEdit {
    TextEdit {
        range: snap.range(e.span),
        new_text: e.new_text.clone(),
    }
}

/// Edits to the snapshot's document, tied to its version when the client
/// supports versioned edits (it then refuses them if the text has moved on).
pub fn workspace_edit(
    snap: &Snapshot,
    edits: &[edit::TextEdit],
    flags: &ClientFlags,
) -> WorkspaceEdit {
    let edits: Vec<TextEdit> = edits.iter().map(|e| text_edit(snap, e)).collect();
    if flags.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snap.uri.clone(),
                    version: Some(snap.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// A versioned edit whose one text edit is a snippet: marked for the
/// transport, which sends it as a `SnippetTextEdit` (see `lsp::snippet`).
pub fn snippet_workspace_edit(
    snap: &Snapshot,
    e: &edit::TextEdit,
    snippet: String,
) -> WorkspaceEdit {
    let marked = AnnotatedTextEdit {
        text_edit: TextEdit {
            range: snap.range(e.span),
            new_text: snippet,
        },
        annotation_id: super::snippet::MARK.to_string(),
    };
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: snap.uri.clone(),
                version: Some(snap.version),
            },
            edits: vec![OneOf::Right(marked)],
        }])),
        change_annotations: Some(HashMap::from([(
            super::snippet::MARK.to_string(),
            ChangeAnnotation {
                label: "snippet".into(),
                needs_confirmation: None,
                description: None,
            },
        )])),
        ..WorkspaceEdit::default()
    }
}

pub fn location(snap: &Snapshot, span: Span) -> Location {
    Location::new(snap.uri.clone(), snap.range(span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture;

    fn insert() -> edit::TextEdit {
        edit::TextEdit {
            span: Span::empty(fixture::span("Standalone", 0).end),
            new_text: "\r\n<!-- foil verify q=automated_solution value=no -->".into(),
        }
    }

    #[test]
    fn edits_carry_the_version_when_the_client_takes_document_changes() {
        let snap = fixture::snapshot();
        let versioned = workspace_edit(&snap, &[insert()], &fixture::rich_client());
        let Some(DocumentChanges::Edits(changes)) = versioned.document_changes else {
            panic!("document changes expected");
        };
        assert_eq!(changes[0].text_document.version, Some(snap.version));
        assert!(versioned.changes.is_none());
        let plain = workspace_edit(&snap, &[insert()], &ClientFlags::default());
        let edits = &plain.changes.unwrap()[&snap.uri];
        assert_eq!(edits[0].range.start, edits[0].range.end);
        assert_eq!(edits[0].range.start.line, 7);
    }

    #[test]
    fn related_information_or_its_words_in_the_message() {
        let snap = fixture::snapshot();
        let analysis = snap.analysis().unwrap();
        let referred = analysis
            .findings
            .iter()
            .find(|f| f.code == Code::Referred)
            .unwrap();
        let rich = diagnostic(&snap, referred, &fixture::rich_client());
        let related = rich.related_information.unwrap();
        assert_eq!(related[0].location.range.start.line, 4);
        assert_eq!(rich.data.unwrap()["key"], "q4");
        let bare = diagnostic(&snap, referred, &ClientFlags::default());
        assert!(bare.related_information.is_none());
        assert!(
            bare.message.ends_with("the answer referred to (line 5)"),
            "{}",
            bare.message
        );
        let exempt = analysis
            .findings
            .iter()
            .find(|f| f.code == Code::Exempt)
            .unwrap();
        let href = diagnostic(&snap, exempt, &fixture::rich_client())
            .code_description
            .unwrap()
            .href;
        assert_eq!(
            href.as_str(),
            "https://www.legislation.gov.uk/ukpga/2000/36/section/40"
        );
    }

    /// The whole snapshot's diagnostics (made with their links looked up
    /// once, each position found from the last) are exactly those of each
    /// finding on its own.
    #[test]
    fn a_snapshot_gives_what_each_finding_gives() {
        let snap = fixture::snapshot();
        let findings = &snap.analysis().unwrap().findings;
        for flags in [fixture::rich_client(), ClientFlags::default()] {
            let each: Vec<Diagnostic> = findings
                .iter()
                .map(|f| diagnostic(&snap, f, &flags))
                .collect();
            assert_eq!(
                each.iter().any(|d| d.code_description.is_some()),
                flags.code_description
            );
            assert_eq!(diagnostics(&snap, &flags), each);
        }
    }
}
