//! The server's state: open documents, settings, workspaces, and the analysis
//! loop that keeps each document's reading current.
//!
//! Document text is changed only inside synchronous sections under a
//! `std::sync::Mutex`, in the order notifications arrive, and the lock is never
//! held across an `.await`. Analysis runs on the [`Worker`] thread on a clone
//! of the rope; at most one analysis runs per document, and when it finishes it
//! picks up the newest revision, so results for superseded text are dropped
//! rather than queued. Request handlers run in `spawn_blocking` ([`run`]).

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tokio::sync::watch;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{Diagnostic, MessageType, TextDocumentContentChangeEvent, Uri};
use tower_lsp_server::Client;

use super::campaign::WorkspaceIndex;
use super::client_flags::ClientFlags;
use super::document::DocumentText;
use super::from_proto;
use super::position::Encoding;
use super::settings::{self, Settings};
use super::setup::Setup;
use super::snapshot::{panic_message, Job, Snapshot};
use super::to_proto::{self, Diagnostics};
use super::transport::Outbox;
use super::worker::Worker;
use crate::workspace::Workspace;

/// What was agreed at `initialize`; fixed for the session.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub encoding: Encoding,
    pub flags: ClientFlags,
}

/// A snapshot with the diagnostics computed from it.
#[derive(Debug)]
pub struct Analyzed {
    pub snapshot: Snapshot,
    pub diagnostics: Arc<Diagnostics>,
    /// Changes only when the diagnostics change (the pull model's result id).
    pub diagnostics_id: u64,
}

struct OpenDocument {
    /// Distinguishes this opening from a later one of the same URI.
    id: u64,
    text: DocumentText,
    path: Option<PathBuf>,
    revision: u64,
    setup: Arc<Setup>,
    analyzed: watch::Sender<Option<Arc<Analyzed>>>,
    /// An analysis task is running for this document.
    analysing: bool,
    diagnostics: Arc<Diagnostics>,
    diagnostics_id: u64,
}

/// An analysis to run, and the previous one, let go before it starts.
struct Pending {
    job: Job,
    retired: Option<Arc<Analyzed>>,
}

impl OpenDocument {
    /// The job analysing the current text. The previous analysis is let go
    /// now: requests wait for the new one anyway, and two readings of a large
    /// document at once would double the peak memory. It is freed on the
    /// analysis thread, where it was made, before the next reading starts:
    /// a large one takes milliseconds to free, which the I/O task need not
    /// spend.
    fn job(&self, uri: &Uri, encoding: Encoding) -> Pending {
        let retired = self.analyzed.send_replace(None);
        Pending {
            job: Job {
                uri: uri.clone(),
                path: self.path.clone(),
                version: self.text.version,
                revision: self.revision,
                rope: self.text.rope.clone(),
                encoding,
                setup: self.setup.clone(),
            },
            retired,
        }
    }
}

#[derive(Default)]
struct Configuration {
    roots: Vec<PathBuf>,
    /// From `initializationOptions`; the base the client's later settings
    /// are merged into (see [`settings::merge`]).
    initial: serde_json::Value,
    settings: Settings,
    /// The setup of each folder documents were opened from.
    setups: HashMap<Option<PathBuf>, Arc<Setup>>,
    /// Problems already shown to the user, so each is shown once.
    shown: HashSet<String>,
}

pub struct State {
    pub client: Client,
    /// Diagnostics go out this way (see [`Outbox::notify`]).
    outbox: Outbox,
    session: OnceLock<Arc<Session>>,
    documents: Mutex<HashMap<Uri, OpenDocument>>,
    configuration: Mutex<Configuration>,
    shutdown_requested: AtomicBool,
    next_id: AtomicU64,
    /// Whether the client's settings are known (pulled after `initialized`);
    /// analyses wait for them, so nothing is shown under the wrong settings.
    settings_known: watch::Sender<bool>,
    pub worker: Worker,
    /// The workspace's responses read together (see [`super::campaign`]).
    index: Mutex<Arc<WorkspaceIndex>>,
    /// An index is being built; `index_again` asks for another after it.
    indexing: AtomicBool,
    index_again: AtomicBool,
}

/// How long analyses wait for a client that never answers with its settings.
const SETTINGS_PATIENCE: std::time::Duration = std::time::Duration::from_secs(2);

/// Locks a mutex even if a panic poisoned it: every section under these locks
/// leaves the data consistent before anything that could panic.
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn new(client: Client, outbox: Outbox) -> State {
        State {
            client,
            outbox,
            session: OnceLock::new(),
            documents: Mutex::new(HashMap::new()),
            configuration: Mutex::new(Configuration::default()),
            shutdown_requested: AtomicBool::new(false),
            next_id: AtomicU64::new(1),
            settings_known: watch::Sender::new(false),
            worker: Worker::start(),
            index: Mutex::default(),
            indexing: AtomicBool::new(false),
            index_again: AtomicBool::new(false),
        }
    }

    // ---- the workspace as a campaign -----------------------------------

    /// The last index of the workspace's responses (empty before the first).
    pub fn index(&self) -> Arc<WorkspaceIndex> {
        lock(&self.index).clone()
    }

    /// Whether `uri` is open in the editor.
    pub fn is_open(&self, uri: &Uri) -> bool {
        lock(&self.documents).contains_key(uri)
    }

    /// Reads the workspace's responses again in the background; open
    /// documents are then read again (their outliers may have changed) and
    /// the client is asked to pull diagnostics again. Requests made while a
    /// build runs start one more after it.
    pub fn reindex(self: &Arc<Self>) {
        if self.indexing.swap(true, Ordering::SeqCst) {
            self.index_again.store(true, Ordering::SeqCst);
            return;
        }
        let state = self.clone();
        tokio::spawn(async move {
            loop {
                state.index_again.store(false, Ordering::SeqCst);
                let roots = state.roots();
                let open = state.open_texts();
                let session = state.session();
                let setups = state.clone();
                let built = tokio::task::spawn_blocking(move || {
                    catch_unwind(AssertUnwindSafe(|| {
                        super::campaign::build(
                            &roots,
                            &open,
                            &|path| setups.setup_for(Some(path)),
                            session.encoding,
                            &session.flags,
                        )
                    }))
                })
                .await;
                match built {
                    Ok(Ok(index)) => *lock(&state.index) = Arc::new(index),
                    Ok(Err(panic)) => tracing::error!(
                        "reading the workspace failed: {}",
                        panic_message(panic.as_ref())
                    ),
                    Err(e) => tracing::error!("reading the workspace failed: {e}"),
                }
                if !state.index_again.load(Ordering::SeqCst) {
                    break;
                }
            }
            state.indexing.store(false, Ordering::SeqCst);
            state.reanalyze_all();
            let flags = state.session().flags.clone();
            if flags.pull_diagnostics && flags.diagnostic_refresh {
                let _ = state.client.workspace_diagnostic_refresh().await;
            }
        });
    }

    pub fn session(&self) -> Arc<Session> {
        self.session.get().cloned().unwrap_or_default()
    }

    pub fn set_session(&self, session: Session) {
        if self.session.set(Arc::new(session)).is_err() {
            tracing::warn!("initialize received twice; keeping the first session");
        }
    }

    pub fn request_shutdown(&self) {
        self.shutdown_requested.store(true, Ordering::SeqCst);
    }

    pub fn shutdown_requested(&self) -> bool {
        self.shutdown_requested.load(Ordering::SeqCst)
    }

    // ---- configuration -------------------------------------------------

    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        lock(&self.configuration).roots = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        lock(&self.configuration).roots.clone()
    }

    /// Takes the settings from `initializationOptions`; returns the problems
    /// found in them.
    pub fn set_initial_settings(&self, value: &serde_json::Value) -> Vec<String> {
        let (parsed, problems) = Settings::from_json(value);
        let mut config = lock(&self.configuration);
        config.initial = value.clone();
        config.settings = parsed;
        config.setups.clear();
        problems
    }

    /// Takes the client's current settings (merged into `initializationOptions`);
    /// returns whether they changed, and the problems found in them.
    pub fn set_settings(&self, value: &serde_json::Value) -> (bool, Vec<String>) {
        let mut config = lock(&self.configuration);
        let (parsed, problems) = Settings::from_json(&settings::merge(&config.initial, value));
        if config.settings == parsed {
            return (false, problems);
        }
        config.settings = parsed;
        config.setups.clear();
        (true, problems)
    }

    /// The client's settings are in: analyses may start.
    pub fn settings_known(&self) {
        self.settings_known.send_replace(true);
    }

    /// Forgets every workspace read from disk (a `foil.toml` changed).
    pub fn forget_workspaces(&self) {
        lock(&self.configuration).setups.clear();
    }

    /// The setup for a document at `path`: the workspace around its folder (the
    /// first workspace root for documents without a path) with the client's
    /// settings applied. Problems (a broken `foil.toml`, an unknown schema) are
    /// shown to the user once, and the server carries on with what it can use.
    pub fn setup_for(self: &Arc<Self>, path: Option<&Path>) -> Arc<Setup> {
        let folder = match path {
            Some(p) => p.parent().map(Path::to_path_buf),
            None => lock(&self.configuration).roots.first().cloned(),
        };
        self.setup_in(folder)
    }

    /// The setup for documents in `folder` (defaults when there is none).
    pub fn setup_in(self: &Arc<Self>, folder: Option<PathBuf>) -> Arc<Setup> {
        let mut config = lock(&self.configuration);
        if let Some(setup) = config.setups.get(&folder) {
            return setup.clone();
        }
        let mut problems = Vec::new();
        let workspace = match &folder {
            Some(dir) => Workspace::discover(dir).unwrap_or_else(|e| {
                problems.push(format!("{e:#}"));
                Workspace::default()
            }),
            None => Workspace::default(),
        };
        // The editor's workspace folder holding this one (the innermost).
        let editor_root = config
            .roots
            .iter()
            .filter(|r| folder.as_ref().is_some_and(|f| f.starts_with(r)))
            .max_by_key(|r| r.as_os_str().len())
            .or(config.roots.first())
            .cloned();
        let (setup, more) = Setup::new(workspace, &config.settings, editor_root);
        problems.extend(more);
        let setup = Arc::new(setup);
        config.setups.insert(folder, setup.clone());
        let fresh: Vec<String> = problems
            .into_iter()
            .filter(|p| config.shown.insert(p.clone()))
            .collect();
        drop(config);
        for problem in fresh {
            self.tell_user(MessageType::WARNING, problem);
        }
        setup
    }

    /// Warns the user about a problem unless they have been told already.
    pub fn warn_once(&self, problem: String) {
        let fresh = lock(&self.configuration).shown.insert(problem.clone());
        if fresh {
            self.tell_user(MessageType::WARNING, problem);
        }
    }

    /// Shows a message and logs it, without waiting (safe in synchronous sections).
    pub fn tell_user(&self, typ: MessageType, message: String) {
        tracing::warn!("{message}");
        let client = self.client.clone();
        tokio::spawn(async move {
            client.log_message(typ, &message).await;
            client.show_message(typ, message).await;
        });
    }

    // ---- documents -----------------------------------------------------

    pub fn open(self: &Arc<Self>, uri: Uri, text: &str, version: i32) {
        let path = from_proto::file_path(&uri);
        let setup = self.setup_for(path.as_deref());
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let encoding = self.session().encoding;
        let (job, replaced) = {
            let mut docs = lock(&self.documents);
            if docs.contains_key(&uri) {
                tracing::warn!(
                    uri = uri.as_str(),
                    "didOpen for a document already open; replacing it"
                );
            }
            let doc = OpenDocument {
                id,
                text: DocumentText::new(text, version),
                path,
                revision: 1,
                setup,
                analyzed: watch::Sender::new(None),
                analysing: true,
                diagnostics: Arc::default(),
                diagnostics_id: 0,
            };
            let job = doc.job(&uri, encoding);
            let replaced = docs.insert(uri, doc);
            (job, replaced)
        };
        if let Some(old) = replaced {
            self.retire(old);
        }
        self.spawn_analysis(id, job);
    }

    pub fn change(
        self: &Arc<Self>,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) {
        let encoding = self.session().encoding;
        let start = {
            let mut docs = lock(&self.documents);
            let Some(doc) = docs.get_mut(uri) else {
                tracing::warn!(
                    uri = uri.as_str(),
                    "didChange for a document that is not open"
                );
                return;
            };
            let previous = doc.text.version;
            let applied = catch_unwind(AssertUnwindSafe(|| {
                doc.text.apply(changes, version, encoding)
            }));
            match applied {
                Ok(report) => {
                    if report.version_went_back {
                        tracing::warn!(
                            uri = uri.as_str(),
                            "version {version} does not follow {previous}; applied in arrival order"
                        );
                    }
                    if report.clamped > 0 {
                        tracing::warn!(
                            uri = uri.as_str(),
                            "{} change range(s) lay outside the document and were clamped",
                            report.clamped
                        );
                    }
                }
                Err(panic) => tracing::error!(
                    uri = uri.as_str(),
                    "applying a change failed: {}",
                    panic_message(panic.as_ref())
                ),
            }
            doc.revision += 1;
            self.claim_analysis(doc, uri, encoding)
        };
        if let Some((id, job)) = start {
            self.spawn_analysis(id, job);
        }
    }

    pub fn close(self: &Arc<Self>, uri: &Uri) {
        let removed = lock(&self.documents).remove(uri);
        match removed {
            None => tracing::warn!(
                uri = uri.as_str(),
                "didClose for a document that is not open"
            ),
            // A running analysis clears the diagnostics itself when it sees the
            // document gone, so the clearing cannot overtake its publication.
            Some(doc) if doc.analysing => self.retire(doc),
            Some(doc) => {
                if !doc.diagnostics.is_empty() && !self.session().flags.pull_diagnostics {
                    let outbox = self.outbox.clone();
                    let uri = uri.clone();
                    tokio::spawn(async move {
                        publish_diagnostics(&outbox, &uri, Arc::default(), None).await
                    });
                }
                self.retire(doc);
            }
        }
    }

    /// Lets a closed or replaced document go on the analysis thread, like a
    /// superseded analysis (see [`OpenDocument::job`]): freeing a large
    /// reading takes milliseconds, and there it cannot overlap the next one.
    fn retire(&self, doc: OpenDocument) {
        self.worker.spawn(move || drop(doc));
    }

    /// Re-reads every open document (settings or a `foil.toml` changed).
    pub fn reanalyze_all(self: &Arc<Self>) {
        let paths: Vec<(Uri, Option<PathBuf>)> = lock(&self.documents)
            .iter()
            .map(|(uri, d)| (uri.clone(), d.path.clone()))
            .collect();
        let setups: Vec<(Uri, Arc<Setup>)> = paths
            .into_iter()
            .map(|(uri, path)| {
                let setup = self.setup_for(path.as_deref());
                (uri, setup)
            })
            .collect();
        let encoding = self.session().encoding;
        let mut starts = Vec::new();
        {
            let mut docs = lock(&self.documents);
            for (uri, setup) in setups {
                if let Some(doc) = docs.get_mut(&uri) {
                    doc.setup = setup;
                    doc.revision += 1;
                    starts.extend(self.claim_analysis(doc, &uri, encoding));
                }
            }
        }
        for (id, job) in starts {
            self.spawn_analysis(id, job);
        }
    }

    /// The job to start if no analysis is running for `doc`; a running one will
    /// see the new revision when it finishes.
    fn claim_analysis(
        &self,
        doc: &mut OpenDocument,
        uri: &Uri,
        encoding: Encoding,
    ) -> Option<(u64, Pending)> {
        if doc.analysing {
            return None;
        }
        doc.analysing = true;
        Some((doc.id, doc.job(uri, encoding)))
    }

    fn spawn_analysis(self: &Arc<Self>, id: u64, pending: Pending) {
        let state = self.clone();
        tokio::spawn(async move { state.analysis_loop(id, pending).await });
    }

    async fn analysis_loop(self: Arc<Self>, id: u64, mut pending: Pending) {
        let uri = pending.job.uri.clone();
        let pull = self.session().flags.pull_diagnostics;
        loop {
            let (snapshot, diagnostics) = self.analyze(pending).await;
            let revision = snapshot.revision;
            let version = snapshot.version;
            let publish = match self.store(&uri, id, snapshot, diagnostics, pull) {
                Ok(publish) => publish,
                Err(closed) => return self.cleared_after_close(&uri, closed, pull).await,
            };
            if let Some(diagnostics) = publish {
                publish_diagnostics(&self.outbox, &uri, diagnostics, Some(version)).await;
            }
            pending = match self.next_job(&uri, id, revision) {
                Ok(Some(next)) => next,
                Ok(None) => return,
                Err(closed) => return self.cleared_after_close(&uri, closed, pull).await,
            };
        }
    }

    /// Keeps a finished analysis if it is for the current revision, and says
    /// which diagnostics to publish. `Err(closed)` when the document is gone
    /// (`closed` false when it was reopened since).
    fn store(
        &self,
        uri: &Uri,
        id: u64,
        snapshot: Snapshot,
        diagnostics: Diagnostics,
        pull: bool,
    ) -> Result<Option<Arc<Diagnostics>>, bool> {
        let mut docs = lock(&self.documents);
        let closed = !docs.contains_key(uri);
        let Some(doc) = docs.get_mut(uri).filter(|d| d.id == id) else {
            return Err(closed);
        };
        if doc.revision != snapshot.revision {
            return Ok(None); // superseded: dropped
        }
        let changed = *doc.diagnostics != diagnostics;
        if changed {
            doc.diagnostics = Arc::new(diagnostics);
            doc.diagnostics_id += 1;
        }
        doc.analyzed.send_replace(Some(Arc::new(Analyzed {
            snapshot,
            diagnostics: doc.diagnostics.clone(),
            diagnostics_id: doc.diagnostics_id,
        })));
        Ok((changed && !pull).then(|| doc.diagnostics.clone()))
    }

    /// The next job when the text moved on while `revision` was analysed, or
    /// `None` (and the document marked idle) when it is current.
    fn next_job(&self, uri: &Uri, id: u64, revision: u64) -> Result<Option<Pending>, bool> {
        let encoding = self.session().encoding;
        let mut docs = lock(&self.documents);
        let closed = !docs.contains_key(uri);
        let Some(doc) = docs.get_mut(uri).filter(|d| d.id == id) else {
            return Err(closed);
        };
        if doc.revision == revision {
            doc.analysing = false;
            return Ok(None);
        }
        Ok(Some(doc.job(uri, encoding)))
    }

    async fn cleared_after_close(&self, uri: &Uri, closed: bool, pull: bool) {
        // Reopened documents have their own task; only a closed one is cleared.
        if closed && !pull {
            publish_diagnostics(&self.outbox, uri, Arc::default(), None).await;
        }
    }

    /// Builds the snapshot and its diagnostics on the analysis thread. Never
    /// fails: a panic anywhere becomes a snapshot that says the document could
    /// not be read.
    async fn analyze(&self, pending: Pending) -> (Snapshot, Diagnostics) {
        let Pending { job, retired } = pending;
        let mut known = self.settings_known.subscribe();
        if !*known.borrow() {
            let _ = tokio::time::timeout(SETTINGS_PATIENCE, known.wait_for(|k| *k)).await;
        }
        let flags = self.session().flags.clone();
        let fallback = job.clone();
        let flags2 = flags.clone();
        let index = self.index();
        let queued = std::time::Instant::now();
        let built = self
            .worker
            .run(move || {
                let dequeued = std::time::Instant::now();
                // The previous version's reading is freed here, off the I/O
                // task, when no request still holds it.
                drop(retired);
                let started = std::time::Instant::now();
                let mut snapshot = Snapshot::build(job);
                // Figures compared with the rest of the workspace's responses.
                let outliers = match (&snapshot.path, snapshot.analysis()) {
                    (Some(path), Some(analysis)) => index.outliers_for(path, analysis),
                    _ => Vec::new(),
                };
                super::campaign::add_findings(&mut snapshot, outliers);
                let read = started.elapsed();
                let diagnostics = to_proto::diagnostics(&snapshot, &flags2);
                tracing::debug!(
                    uri = snapshot.uri.as_str(),
                    version = snapshot.version,
                    "analysed in {read:?} (+{:?} for diagnostics, {:?} freeing the previous, {:?} queued)",
                    started.elapsed() - read,
                    started - dequeued,
                    dequeued - queued
                );
                (snapshot, diagnostics)
            })
            .await;
        let message = match built {
            Ok(pair) => return pair,
            Err(message) => message,
        };
        tracing::error!(uri = fallback.uri.as_str(), "analysis failed: {message}");
        let snapshot = Snapshot::failed(fallback, message);
        let diagnostics = to_proto::diagnostics(&snapshot, &flags);
        (snapshot, diagnostics)
    }

    /// The analysis of the document's current text (waiting for it if it is
    /// being computed); `None` for a document that is not open.
    pub async fn analyzed(&self, uri: &Uri) -> Option<Arc<Analyzed>> {
        let (mut rx, revision) = {
            let docs = lock(&self.documents);
            let Some(doc) = docs.get(uri) else {
                tracing::warn!(
                    uri = uri.as_str(),
                    "request for a document that is not open"
                );
                return None;
            };
            (doc.analyzed.subscribe(), doc.revision)
        };
        let ready = rx
            .wait_for(|a| a.as_ref().is_some_and(|a| a.snapshot.revision >= revision))
            .await
            .ok()?;
        ready.clone()
    }

    /// URIs and texts of the open documents, for commands over the workspace.
    pub fn open_texts(&self) -> HashMap<PathBuf, String> {
        lock(&self.documents)
            .values()
            .filter_map(|d| Some((d.path.clone()?, d.text.rope.to_string())))
            .collect()
    }
}

/// `textDocument/publishDiagnostics`: `PublishDiagnosticsParams`, borrowed
/// rather than copied from the document's diagnostics.
async fn publish_diagnostics(
    outbox: &Outbox,
    uri: &Uri,
    diagnostics: Arc<Diagnostics>,
    version: Option<i32>,
) {
    #[derive(serde::Serialize)]
    struct Params<'a> {
        uri: &'a Uri,
        diagnostics: &'a [Diagnostic],
        #[serde(skip_serializing_if = "Option::is_none")]
        version: Option<i32>,
    }
    let params = Params {
        uri,
        diagnostics: &diagnostics,
        version,
    };
    outbox
        .notify("textDocument/publishDiagnostics", &params)
        .await;
}

/// Runs a request's work off the I/O task; a panic becomes an error response
/// and the server carries on.
pub async fn run<T, F>(what: &'static str, work: F) -> jsonrpc::Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let message =
        match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work))).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(panic)) => panic_message(panic.as_ref()),
            Err(join) => join.to_string(),
        };
    tracing::error!("{what} failed: {message}");
    Err(jsonrpc::Error {
        code: jsonrpc::ErrorCode::InternalError,
        message: format!("foil: {what} failed: {message}").into(),
        data: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_request_becomes_an_error_response() {
        let err = run("hover", || -> Option<()> { panic!("boom at 3:4") })
            .await
            .unwrap_err();
        assert_eq!(err.code, jsonrpc::ErrorCode::InternalError);
        assert!(err.message.contains("hover failed: boom at 3:4"), "{err:?}");
        assert_eq!(run("lens", || 5).await.unwrap(), 5);
    }
}
