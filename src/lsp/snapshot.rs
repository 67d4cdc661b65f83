//! One analysed version of a document: its text, the engine's reading of it and
//! everything the handlers need to answer requests about it.
//!
//! Built off the I/O task (in `spawn_blocking`) from a cheap clone of the rope,
//! then shared read-only by every request for that version.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

use super::position::{self, Encoding, LineIndex};
use super::setup::Setup;
use crate::engine::{detect, Analysis, Schema, Span};

/// What became of a document version.
#[derive(Debug)]
pub enum Outcome {
    /// An FOI response: its reading is shown.
    Shown(Box<Analysis>),
    /// Read, but it does not look like an FOI response: nothing is shown.
    NotAResponse,
    /// The file rules exclude it; not read.
    Excluded,
    /// Above the size limit; not read.
    TooLarge { bytes: usize, limit: usize },
    /// The engine failed on it (a bug); the message says how.
    Failed(String),
}

#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub version: i32,
    /// Increases with every change of the text or of the settings.
    pub revision: u64,
    pub rope: Rope,
    /// The same text as `rope`, contiguous, as the engine reads it.
    pub text: String,
    pub encoding: Encoding,
    pub setup: Arc<Setup>,
    pub outcome: Outcome,
    /// Whether the response cites the Scottish act (worked out once, on demand).
    scottish: OnceLock<bool>,
    /// Line starts of `text` (built on first use; `None` when `text` does not
    /// hold the document, and positions come from the rope).
    lines: OnceLock<Option<LineIndex>>,
}

/// What an analysis job starts from, taken under the documents lock.
#[derive(Debug, Clone)]
pub struct Job {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub version: i32,
    pub revision: u64,
    pub rope: Rope,
    pub encoding: Encoding,
    pub setup: Arc<Setup>,
}

impl Snapshot {
    /// Reads the job's text with the engine; an engine panic becomes
    /// [`Outcome::Failed`] instead of taking the server down.
    pub fn build(job: Job) -> Snapshot {
        let path = job.path.as_deref();
        let bytes = job.rope.len_bytes();
        let (text, outcome) = if !job.setup.is_candidate(path) {
            (String::new(), Outcome::Excluded)
        } else if bytes > job.setup.max_document_bytes {
            // Only a response hears that it was not read: other large text
            // (logs, data) is none of foil's business.
            let head_end = job.rope.byte_to_char(detect::HEAD_BYTES.min(bytes));
            let head = job.rope.slice(..head_end).to_string();
            let outcome = if job.setup.shows_unread(path, &head) {
                Outcome::TooLarge {
                    bytes,
                    limit: job.setup.max_document_bytes,
                }
            } else {
                Outcome::NotAResponse
            };
            (String::new(), outcome)
        } else {
            // Exact capacity: `to_string` would grow by doubling and keep the slack.
            let mut text = String::with_capacity(bytes);
            for chunk in job.rope.chunks() {
                text.push_str(chunk);
            }
            let engine = &job.setup.workspace.engine;
            let read = catch_unwind(AssertUnwindSafe(|| engine.analyze(&text)));
            let outcome = match read {
                Ok(analysis) => {
                    if job.setup.shows(path, &analysis) {
                        Outcome::Shown(Box::new(analysis))
                    } else {
                        Outcome::NotAResponse
                    }
                }
                Err(panic) => {
                    let message = panic_message(panic.as_ref());
                    tracing::error!(uri = job.uri.as_str(), "the engine panicked: {message}");
                    Outcome::Failed(message)
                }
            };
            (text, outcome)
        };
        Snapshot::of(job, text, outcome)
    }

    /// A snapshot that could not be read, with `message` saying why.
    pub fn failed(job: Job, message: String) -> Snapshot {
        Snapshot::of(job, String::new(), Outcome::Failed(message))
    }

    fn of(job: Job, text: String, outcome: Outcome) -> Snapshot {
        Snapshot {
            uri: job.uri,
            path: job.path,
            version: job.version,
            revision: job.revision,
            rope: job.rope,
            text,
            encoding: job.encoding,
            setup: job.setup,
            outcome,
            scottish: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// Whether exemptions are those of the Freedom of Information (Scotland)
    /// Act rather than the UK act (their section numbers differ).
    pub fn is_scottish(&self) -> bool {
        *self
            .scottish
            .get_or_init(|| self.text.contains("(Scotland) Act"))
    }

    /// The reading, when the document is an FOI response that was read.
    pub fn analysis(&self) -> Option<&Analysis> {
        match &self.outcome {
            Outcome::Shown(a) => Some(a),
            _ => None,
        }
    }

    /// The schema the document was read against.
    pub fn schema(&self) -> Option<&Schema> {
        let name = self.analysis()?.schema.as_deref()?;
        self.setup.workspace.engine.schemas().get(name)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.position_near(offset, &mut 0)
    }

    /// [`Snapshot::position`], starting from line `near` and leaving there
    /// the line found: for offsets converted in text order.
    pub fn position_near(&self, offset: usize, near: &mut usize) -> Position {
        self.line_index()
            .and_then(|lines| lines.position_near(&self.text, offset, self.encoding, near))
            .unwrap_or_else(|| position::position(&self.rope, offset, self.encoding))
    }

    fn line_index(&self) -> Option<&LineIndex> {
        self.lines
            .get_or_init(|| {
                // `text` is empty for documents that were not read.
                let whole = self.text.len() == self.rope.len_bytes();
                whole.then(|| LineIndex::new(&self.text)).flatten()
            })
            .as_ref()
    }

    pub fn range(&self, span: Span) -> Range {
        self.range_near(span, &mut 0)
    }

    /// [`Snapshot::range`] for spans converted in text order (see `position_near`).
    pub fn range_near(&self, span: Span, near: &mut usize) -> Range {
        let start = self.position_near(span.start, near);
        let mut from_start = *near;
        Range::new(start, self.position_near(span.end, &mut from_start))
    }

    /// The byte offset of a client position, clamped (and logged) when the
    /// position lies outside the text.
    pub fn offset(&self, position: Position) -> usize {
        let c = position::byte_offset(&self.rope, position, self.encoding);
        if c.clamped {
            tracing::warn!(
                uri = self.uri.as_str(),
                "position {}:{} is outside version {} of the document; clamped",
                position.line,
                position.character,
                self.version
            );
        }
        c.value
    }

    /// The byte span of a client range (clamped, ordered).
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

/// The text of a panic payload.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}
