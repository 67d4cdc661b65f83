//! Engine values to protocol values: findings to diagnostics, spans to ranges,
//! annotation edits to workspace edits, text to markup.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;
use std::str::FromStr;

use serde::Serialize;
use serde_json::json;
use tower_lsp_server::ls_types::{
    AnnotatedTextEdit, ChangeAnnotation, CodeDescription, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentChanges, Location, MarkupContent, MarkupKind, NumberOrString,
    OneOf, OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
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
    diagnostic_described(snap, finding, flags, description)
}

fn diagnostic_described(
    snap: &Snapshot,
    finding: &Finding,
    flags: &ClientFlags,
    code_description: Option<CodeDescription>,
) -> Diagnostic {
    let said = DiagnosticJson::new(snap, finding, flags, None, &mut 0);
    Diagnostic {
        range: said.range,
        severity: Some(said.severity),
        code: Some(NumberOrString::String(said.code.to_string())),
        code_description,
        source: Some(SOURCE.to_string()),
        message: said.message.into_owned(),
        related_information: said.related_information.map(|related| {
            related
                .into_iter()
                .map(|r| DiagnosticRelatedInformation {
                    location: Location::new(r.uri.clone(), r.range),
                    message: r.message.to_string(),
                })
                .collect()
        }),
        tags: None,
        data: Some(json!({ "key": said.key })),
    }
}

/// A finding's diagnostic as borrowed values: what [`diagnostic`] makes,
/// written as the same JSON (same fields, same order) without making its
/// strings and its `data` map first. A snapshot's thousands of diagnostics
/// are written this way, by hand: through serde's serializer they took three
/// times as long, and a large response republishes them on every keystroke.
struct DiagnosticJson<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    code_description: Option<&'a CodeDescription>,
    message: Cow<'a, str>,
    related_information: Option<Vec<RelatedJson<'a>>>,
    key: Option<&'a str>,
}

struct RelatedJson<'a> {
    uri: &'a Uri,
    range: Range,
    message: &'a str,
}

impl<'a> DiagnosticJson<'a> {
    fn new(
        snap: &'a Snapshot,
        finding: &'a Finding,
        flags: &ClientFlags,
        code_description: Option<&'a CodeDescription>,
        near: &mut usize,
    ) -> Self {
        let related_information =
            (flags.related_information && !finding.related.is_empty()).then(|| {
                finding
                    .related
                    .iter()
                    .map(|r| RelatedJson {
                        uri: &snap.uri,
                        range: snap.range(r.span),
                        message: &r.message,
                    })
                    .collect()
            });
        let mut message = Cow::Borrowed(finding.message.as_str());
        if !flags.related_information {
            // Without related information the target would be lost: say where it is.
            for r in &finding.related {
                let line = snap.position(r.span.start).line + 1;
                let _ = write!(message.to_mut(), "\n{} (line {line})", r.message);
            }
        }
        DiagnosticJson {
            range: snap.range_near(finding.span, near),
            severity: severity(finding.severity),
            code: finding.code.as_str(),
            code_description,
            message,
            related_information,
            key: finding.key.as_deref(),
        }
    }

    /// Appends the JSON serde would write for the [`Diagnostic`] this stands for.
    fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"range\":");
        write_range(out, &self.range);
        out.extend_from_slice(b",\"severity\":");
        write_number(out, severity_number(self.severity));
        out.extend_from_slice(b",\"code\":");
        write_string(out, self.code);
        if let Some(description) = self.code_description {
            out.extend_from_slice(b",\"codeDescription\":{\"href\":");
            write_string(out, description.href.as_str());
            out.push(b'}');
        }
        out.extend_from_slice(b",\"source\":");
        write_string(out, SOURCE);
        out.extend_from_slice(b",\"message\":");
        write_string(out, &self.message);
        if let Some(related) = &self.related_information {
            out.extend_from_slice(b",\"relatedInformation\":[");
            for (i, r) in related.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"location\":{\"uri\":");
                write_string(out, r.uri.as_str());
                out.extend_from_slice(b",\"range\":");
                write_range(out, &r.range);
                out.extend_from_slice(b"},\"message\":");
                write_string(out, r.message);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.extend_from_slice(b",\"data\":{\"key\":");
        match self.key {
            Some(key) => write_string(out, key),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b"}}");
    }
}

fn severity_number(severity: DiagnosticSeverity) -> u32 {
    match severity {
        DiagnosticSeverity::ERROR => 1,
        DiagnosticSeverity::WARNING => 2,
        DiagnosticSeverity::INFORMATION => 3,
        _ => 4,
    }
}

fn write_range(out: &mut Vec<u8>, range: &Range) {
    out.extend_from_slice(b"{\"start\":{\"line\":");
    write_number(out, range.start.line);
    out.extend_from_slice(b",\"character\":");
    write_number(out, range.start.character);
    out.extend_from_slice(b"},\"end\":{\"line\":");
    write_number(out, range.end.line);
    out.extend_from_slice(b",\"character\":");
    write_number(out, range.end.character);
    out.extend_from_slice(b"}}");
}

fn write_number(out: &mut Vec<u8>, n: u32) {
    let mut buf = [0; 20];
    out.extend_from_slice(crate::engine::text::decimal_digits(u64::from(n), &mut buf));
}

/// Whether JSON needs any of `bytes` escaped (a control character, `"` or
/// `\`), eight bytes at a time: messages are checked by the thousand.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // High bit set in each byte of `x` that is below `n` (for n ≤ 128), or zero.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if below(x, 0x20)
            | below(x ^ (ONES * u64::from(b'"')), 1)
            | below(x ^ (ONES * u64::from(b'\\')), 1)
            != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A JSON string, escaped as serde_json escapes it.
fn write_string(out: &mut Vec<u8>, s: &str) {
    // Most strings need no escape at all: copied whole.
    if !needs_escape(s.as_bytes()) {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
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

/// A document's diagnostics as the protocol carries them: one JSON array,
/// serialized once, on the analysis thread.
///
/// The same diagnostics always serialize to the same bytes, so comparing the
/// bytes says whether they changed; they are published without another
/// copy, and read back into values only for clients that pull them. Held
/// this way a large response's thousands of diagnostics take a quarter of
/// the memory they take as values.
#[derive(Debug, PartialEq, Eq)]
pub struct Diagnostics {
    json: Box<[u8]>,
    len: usize,
}

impl Default for Diagnostics {
    fn default() -> Self {
        Diagnostics::new(std::iter::empty())
    }
}

impl Diagnostics {
    pub fn new(items: impl IntoIterator<Item = Diagnostic>) -> Diagnostics {
        let mut array = Array::with_capacity(256);
        for item in items {
            array.push(&item);
        }
        array.finish()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The JSON array.
    pub fn json(&self) -> &[u8] {
        &self.json
    }

    /// The diagnostics as values (for pull requests).
    pub fn to_vec(&self) -> Vec<Diagnostic> {
        serde_json::from_slice(&self.json).unwrap_or_else(|e| {
            tracing::error!("cannot read back the diagnostics: {e}");
            Vec::new()
        })
    }
}

/// A JSON array of diagnostics being written.
struct Array {
    json: Vec<u8>,
    len: usize,
}

impl Array {
    fn with_capacity(bytes: usize) -> Array {
        let mut json = Vec::with_capacity(bytes);
        json.push(b'[');
        Array { json, len: 0 }
    }

    fn push(&mut self, item: &impl Serialize) {
        let mark = self.json.len();
        if self.len > 0 {
            self.json.push(b',');
        }
        match serde_json::to_writer(&mut self.json, item) {
            Ok(()) => self.len += 1,
            Err(e) => {
                tracing::error!("cannot serialize a diagnostic: {e}");
                self.json.truncate(mark);
            }
        }
    }

    /// An item written by hand (it cannot fail).
    fn push_written(&mut self, write: impl FnOnce(&mut Vec<u8>)) {
        if self.len > 0 {
            self.json.push(b',');
        }
        write(&mut self.json);
        self.len += 1;
    }

    fn finish(mut self) -> Diagnostics {
        self.json.push(b']');
        Diagnostics {
            json: self.json.into_boxed_slice(),
            len: self.len,
        }
    }
}

impl AsRef<[u8]> for Diagnostics {
    fn as_ref(&self) -> &[u8] {
        &self.json
    }
}

/// The diagnostics of a snapshot: its findings, or one note on why it was not read.
pub fn diagnostics(snap: &Snapshot, flags: &ClientFlags) -> Diagnostics {
    let note = |severity, message: String| {
        Diagnostics::new([Diagnostic {
            range: snap.range(Span::empty(0)),
            severity: Some(severity),
            source: Some(SOURCE.to_string()),
            message,
            ..Diagnostic::default()
        }])
    };
    match &snap.outcome {
        Outcome::Shown(analysis) => {
            let config = snap.setup.workspace.engine.config();
            let mut described = Descriptions::new(snap, flags);
            // About what each takes, so the array is not copied as it grows.
            let mut array = Array::with_capacity(analysis.findings.len() * 320 + 2);
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
                let description = described.of(f);
                array.push_written(|out| {
                    DiagnosticJson::new(snap, f, flags, description, &mut near).write_to(out)
                });
            }
            array.finish()
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
        Outcome::NotAResponse | Outcome::Excluded => Diagnostics::default(),
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
    /// once) are exactly those of each finding on its own, and read back as
    /// they were written.
    #[test]
    fn a_snapshot_serializes_what_each_finding_gives() {
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
            let all = diagnostics(&snap, &flags);
            assert_eq!(all.len(), findings.len());
            assert_eq!(all.to_vec(), each);
            assert_eq!(all, Diagnostics::new(each));
        }
        // Strings that need escaping, and every severity, as serde writes them.
        let awkward = "a \"quoted\" back\\slash\nnew line\t\u{1}\u{7f} £ – ’ 😀";
        let mut made = Vec::new();
        for severity in [
            crate::engine::Severity::Error,
            crate::engine::Severity::Warning,
            crate::engine::Severity::Information,
            crate::engine::Severity::Hint,
        ] {
            let mut finding = Finding::new(Code::Exempt, Span::new(3, 9), awkward)
                .with_key("q\"1\\")
                .with_related(Span::new(0, 2), awkward);
            finding.severity = severity;
            made.push(finding.clone());
            finding.key = None;
            finding.related.clear();
            made.push(finding);
        }
        for flags in [fixture::rich_client(), ClientFlags::default()] {
            for finding in &made {
                let served = serde_json::to_vec(&diagnostic(&snap, finding, &flags)).unwrap();
                let mut written = Vec::new();
                DiagnosticJson::new(&snap, finding, &flags, None, &mut 0).write_to(&mut written);
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    String::from_utf8(served).unwrap()
                );
            }
        }
        // Each byte that needs escaping, at each place in an eight-byte chunk.
        for bad in (0u8..0x20).chain([b'"', b'\\']) {
            for at in 0..17 {
                let mut bytes = "£ plain text – ok".as_bytes()[..17].to_vec();
                assert!(!needs_escape(&bytes));
                bytes[at] = bad;
                assert!(needs_escape(&bytes), "{bad:#x} at {at}");
            }
        }
        let none = Diagnostics::default();
        assert_eq!((none.json(), none.is_empty()), (&b"[]"[..], true));
        assert!(none.to_vec().is_empty());
    }
}
