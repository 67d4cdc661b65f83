//! The workspace as a campaign: every response under the editor's workspace
//! folders read in the background, so that the client can list every
//! response's findings without opening the files (`workspace/diagnostic`),
//! figures are compared across responses (`outlier` findings, in open
//! documents' diagnostics and hovers too), and `foil.nextUnverified` can walk
//! the review queue across files.
//!
//! The numbers come from [`crate::campaign`]; this module reads the files and
//! converts positions, as every front end does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;
use tower_lsp_server::ls_types::{
    Diagnostic, FullDocumentDiagnosticReport, Location, Position, Range,
    UnchangedDocumentDiagnosticReport, Uri, WorkspaceDiagnosticReport,
    WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
    WorkspaceUnchangedDocumentDiagnosticReport,
};

use super::client_flags::ClientFlags;
use super::from_proto;
use super::position::Encoding;
use super::setup::Setup;
use super::snapshot::{Job, Snapshot};
use super::to_proto;
use crate::campaign::{self, Campaign, CampaignBuilder};
use crate::engine::model::{Analysis, Code, Finding, Span};
use crate::export::Document;
use crate::workspace;

/// The command that returns the next answer with a doubt and no annotation.
pub const NEXT_UNVERIFIED: &str = "foil.nextUnverified";

/// One response of the workspace as last read.
#[derive(Debug, Clone)]
pub struct Indexed {
    pub uri: Uri,
    pub path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// Where answers with a doubt and no annotation start, in text order.
    pub unverified: Vec<Range>,
    /// Changes when the diagnostics change (the pull model's result id).
    pub result_id: String,
}

/// Every response of the workspace folders, and what they say together.
#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    pub campaign: Campaign,
    /// In path order.
    pub files: Vec<Indexed>,
}

/// Reads every response under `roots` (the editor's text for open documents),
/// compares them, and keeps each one's diagnostics with its outliers.
pub fn build(
    roots: &[PathBuf],
    open: &HashMap<PathBuf, String>,
    setup_for: &dyn Fn(&Path) -> Arc<Setup>,
    encoding: Encoding,
    flags: &ClientFlags,
) -> WorkspaceIndex {
    let mut snapshots: Vec<Snapshot> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for root in roots {
        let setup = setup_for(&root.join("foil.toml"));
        let (files, _) =
            workspace::walk_filtered(std::slice::from_ref(root), |p| setup.is_candidate(Some(p)));
        for file in files {
            if !seen.insert(file.clone()) {
                continue;
            }
            let Some(snapshot) = read(&file, open, setup_for, encoding) else {
                continue;
            };
            if snapshot.analysis().is_some() {
                snapshots.push(snapshot);
            }
        }
    }
    snapshots.sort_by(|a, b| a.path.cmp(&b.path));
    let mut builder = CampaignBuilder::new();
    let names: Vec<String> = snapshots
        .iter()
        .map(|s| {
            s.path
                .as_deref()
                .unwrap_or(Path::new(""))
                .display()
                .to_string()
        })
        .collect();
    for (s, name) in snapshots.iter().zip(&names) {
        if let Some(analysis) = s.analysis() {
            builder.add(&Document {
                path: name,
                text: &s.text,
                analysis,
            });
        }
    }
    let campaign = builder.finish_with_lines(|r, offset| {
        snapshots
            .get(r)
            .map(|s| s.position(offset).line as usize + 1)
    });
    let mut files = Vec::with_capacity(snapshots.len());
    for (i, mut s) in snapshots.into_iter().enumerate() {
        let outliers = campaign.outliers_of(i);
        add_findings(&mut s, outliers);
        let Some(analysis) = s.analysis() else {
            continue;
        };
        let diagnostics: Vec<Diagnostic> = analysis
            .findings
            .iter()
            .filter(|f| severity_on(&s, f))
            .map(|f| to_proto::diagnostic(&s, f, flags))
            .collect();
        let unverified = unverified(analysis)
            .into_iter()
            .map(|span| s.range(span))
            .collect();
        files.push(Indexed {
            result_id: result_id(&diagnostics),
            uri: s.uri.clone(),
            path: s.path.clone().unwrap_or_default(),
            diagnostics,
            unverified,
        });
    }
    WorkspaceIndex { campaign, files }
}

/// A file read into a snapshot, as an open document would be.
fn read(
    file: &Path,
    open: &HashMap<PathBuf, String>,
    setup_for: &dyn Fn(&Path) -> Arc<Setup>,
    encoding: Encoding,
) -> Option<Snapshot> {
    let text = match open.get(file) {
        Some(text) => text.clone(),
        None => workspace::read_response(file).ok()?.text,
    };
    let uri = from_proto::file_uri(file)?;
    Some(Snapshot::build(Job {
        uri,
        path: Some(file.to_path_buf()),
        version: 0,
        revision: 0,
        rope: ropey::Rope::from_str(&text),
        encoding,
        setup: setup_for(file),
    }))
}

/// Whether the workspace's settings keep a finding (a code set to `off` is not).
fn severity_on(s: &Snapshot, f: &Finding) -> bool {
    !matches!(
        s.setup.workspace.engine.config().severity.get(&f.code),
        Some(None)
    )
}

/// Adds findings to a snapshot's reading, in text order.
pub fn add_findings(s: &mut Snapshot, findings: Vec<Finding>) {
    if findings.is_empty() {
        return;
    }
    if let super::snapshot::Outcome::Shown(analysis) = &mut s.outcome {
        let config = s.setup.workspace.engine.config();
        for mut f in findings {
            match config.severity_of(f.code) {
                Some(severity) => f.severity = severity,
                None => continue,
            }
            analysis.findings.push(f);
        }
        analysis.findings.sort_by_key(|f| f.span.start);
    }
}

/// Where each answer with a doubt and no annotation starts: the review queue
/// of one response.
pub fn unverified(analysis: &Analysis) -> Vec<Span> {
    let mut out: Vec<Span> = analysis
        .exchanges
        .iter()
        .filter(|e| e.annotation.is_none())
        .filter(|e| {
            analysis
                .findings
                .iter()
                .any(|f| campaign::is_doubt(f.code) && f.key.as_deref() == Some(e.key.as_str()))
        })
        .filter_map(|e| {
            e.answer
                .as_ref()
                .or(e.question.as_ref())
                .map(|l| Span::empty(l.span.start))
        })
        .collect();
    out.sort();
    out
}

fn result_id(diagnostics: &[Diagnostic]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut h);
    format!("{:016x}", h.finish())
}

impl WorkspaceIndex {
    /// The outliers of the response at `path` as it reads now.
    pub fn outliers_for(&self, path: &Path, analysis: &Analysis) -> Vec<Finding> {
        self.campaign
            .outliers_for(&path.display().to_string(), analysis)
    }

    /// `workspace/diagnostic`: every response that is not open (the client
    /// pulls open documents' diagnostics itself), unchanged ones by result id.
    pub fn report(
        &self,
        previous: &HashMap<Uri, String>,
        open: &dyn Fn(&Uri) -> bool,
    ) -> WorkspaceDiagnosticReport {
        let items = self
            .files
            .iter()
            .filter(|f| !open(&f.uri))
            .map(|f| {
                if previous.get(&f.uri) == Some(&f.result_id) {
                    WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri: f.uri.clone(),
                            version: None,
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport {
                                    result_id: f.result_id.clone(),
                                },
                        },
                    )
                } else {
                    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                        uri: f.uri.clone(),
                        version: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(f.result_id.clone()),
                            items: f.diagnostics.clone(),
                        },
                    })
                }
            })
            .collect();
        WorkspaceDiagnosticReport { items }
    }

    /// The next answer with a doubt and no annotation after `from` (a file
    /// and a position in it; the start when `None`), across files in path
    /// order, wrapping round; `current` replaces the index's entry for the
    /// file the user is in, as it reads now.
    pub fn next_unverified(
        &self,
        from: Option<(&Uri, Position)>,
        current: Option<(&Uri, Vec<Range>)>,
    ) -> Option<Location> {
        let mut queue: Vec<(&Uri, Range)> = Vec::new();
        let mut current_listed = false;
        for f in &self.files {
            match &current {
                Some((uri, ranges)) if *uri == &f.uri => {
                    current_listed = true;
                    queue.extend(ranges.iter().map(|r| (&f.uri, *r)));
                }
                _ => queue.extend(f.unverified.iter().map(|r| (&f.uri, *r))),
            }
        }
        if let (Some((uri, ranges)), false) = (&current, current_listed) {
            queue.extend(ranges.iter().map(|r| (*uri, *r)));
        }
        if queue.is_empty() {
            return None;
        }
        let position_of = |uri: &Uri| self.files.iter().position(|f| &f.uri == uri);
        let after = |(uri, range): &(&Uri, Range)| match from {
            None => true,
            Some((from_uri, at)) => {
                let (a, b) = (position_of(uri), position_of(from_uri));
                match (a, b) {
                    (Some(a), Some(b)) if a != b => a > b,
                    _ if *uri == from_uri => {
                        (range.start.line, range.start.character) > (at.line, at.character)
                    }
                    _ => false,
                }
            }
        };
        let next = queue
            .iter()
            .find(|item| after(item))
            .or_else(|| queue.first())?;
        Some(Location {
            uri: next.0.clone(),
            range: next.1,
        })
    }
}

/// `foil.nextUnverified`'s arguments: `[]`, `[uri]`, `[uri, position]` or
/// `[{uri, position}]`.
pub fn next_args(args: &[Json]) -> Result<Option<(Uri, Position)>, String> {
    let (uri, position) = match args {
        [] => return Ok(None),
        [Json::Object(map)] => (map.get("uri"), map.get("position")),
        [uri] => (Some(uri), None),
        [uri, position, ..] => (Some(uri), Some(position)),
    };
    let uri: Uri = uri
        .and_then(Json::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or("foil.nextUnverified takes [uri, position]")?;
    let position = match position {
        Some(p) => serde_json::from_value(p.clone())
            .map_err(|e| format!("foil.nextUnverified: position: {e}"))?,
        None => Position::new(0, 0),
    };
    Ok(Some((uri, position)))
}

/// Whether a finding is an outlier (the hover names it on the figure).
pub fn is_outlier(f: &Finding) -> bool {
    f.code == Code::Outlier
}
