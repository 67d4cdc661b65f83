//! The `LanguageServer` implementation: thin glue from protocol methods to the
//! state (documents, settings) and the feature handlers.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value as Json};
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::campaign;
use super::capabilities;
use super::client_flags::ClientFlags;
use super::from_proto;
use super::handlers::{
    code_actions, code_lens, commands, completion, definition, diagnostics, folding, hover,
    inlay_hints, symbols,
};
use super::position::Encoding;
use super::state::{run, Analyzed, Session, State};
use super::to_proto;
use super::transport::Outbox;

/// A small invented response that exercises the engine's stages.
const WARM_UP: &str = "Example Trust\nFOI 1 · 01/01/2025\n\n\
1. How many episodes were coded?\nOUR RESPONSE: 84.5K episodes, £60k to £80k, 1.8 WTE.\n\n\
2. Do you use automation?\nOUR RESPONSE: No. See response to Question 1 above.\n\n\
3. Who is responsible?\nOUR RESPONSE: Exempt under Section 40.\n";

pub struct Server {
    state: Arc<State>,
    /// What the transport read of the client's snippet support.
    snippets: crate::lsp::snippet::Support,
    /// Problems found during `initialize`, shown once the client can see them.
    early_problems: std::sync::Mutex<Vec<String>>,
}

impl Server {
    pub fn new(client: Client, outbox: Outbox) -> Server {
        Server {
            snippets: outbox.snippet_support().clone(),
            state: Arc::new(State::new(client, outbox)),
            early_problems: std::sync::Mutex::new(Vec::new()),
        }
    }

    pub fn state(&self) -> Arc<State> {
        self.state.clone()
    }

    fn flags(&self) -> ClientFlags {
        self.state.session().flags.clone()
    }

    /// The current analysis of `uri` and the session, for a request handler.
    async fn analyzed(&self, uri: &Uri) -> Option<(Arc<Analyzed>, Arc<Session>)> {
        let analyzed = self.state.analyzed(uri).await?;
        Some((analyzed, self.state.session()))
    }

    fn apply_settings(&self, value: &Json) -> bool {
        let (changed, problems) = self.state.set_settings(value);
        self.report_setting_problems(problems);
        changed
    }

    fn report_setting_problems(&self, problems: Vec<String>) {
        for p in problems {
            self.state.warn_once(format!("foil settings: {p}"));
        }
    }

    /// Asks the client for the `foil` section (when it supports that).
    async fn pull_configuration(&self) -> bool {
        if !self.flags().configuration {
            return false;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("foil".to_string()),
        };
        match self.state.client.configuration(vec![item]).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Json::Null);
                self.apply_settings(&value)
            }
            Err(e) => {
                tracing::warn!("workspace/configuration failed: {e}");
                false
            }
        }
    }

    /// Re-reads every document and asks the client to refresh what it pulls.
    async fn settings_changed(&self) {
        self.state.reanalyze_all();
        self.refresh_client().await;
        self.state.reindex();
    }

    /// Asks the client to pull again what it pulls (diagnostics, hints, lenses).
    async fn refresh_client(&self) {
        let flags = self.flags();
        let client = &self.state.client;
        if flags.pull_diagnostics && flags.diagnostic_refresh {
            let _ = client.workspace_diagnostic_refresh().await;
        }
        if flags.inlay_hint_refresh {
            let _ = client.inlay_hint_refresh().await;
        }
        if flags.code_lens_refresh {
            let _ = client.code_lens_refresh().await;
        }
    }

    async fn export_dataset(&self, arguments: Vec<Json>) -> Result<Option<Json>> {
        let args = commands::export_args(&arguments).map_err(jsonrpc::Error::invalid_params)?;
        let Some(root) = self.state.roots().into_iter().next() else {
            return Err(jsonrpc::Error::invalid_params(
                "open a folder (a workspace) to export its responses as a dataset",
            ));
        };
        let setup = self.state.setup_in(Some(root.clone()));
        let open = self.state.open_texts();
        let outcome = run(commands::EXPORT_DATASET, move || {
            commands::export_dataset(&root, &setup, &open, &args)
        })
        .await?;
        match outcome {
            Ok(exported) => {
                let mut message = format!(
                    "foil: exported {} response{} to {}",
                    exported.documents,
                    super::display::plural(exported.documents),
                    exported.path.display()
                );
                if !exported.skipped.is_empty() {
                    message.push_str(&format!(" ({} skipped)", exported.skipped.len()));
                }
                self.state
                    .client
                    .show_message(MessageType::INFO, message)
                    .await;
                Ok(Some(exported.to_json()))
            }
            Err(e) => {
                self.state
                    .client
                    .show_message(MessageType::ERROR, format!("foil: export failed: {e}"))
                    .await;
                Err(jsonrpc::Error::invalid_params(e))
            }
        }
    }

    async fn verify_all(&self, arguments: Vec<Json>) -> Result<Option<Json>> {
        let uri = match arguments.first() {
            Some(Json::String(s)) => s.parse::<Uri>().ok(),
            Some(Json::Object(map)) => map
                .get("uri")
                .and_then(Json::as_str)
                .and_then(|s| s.parse().ok()),
            _ => None,
        }
        .ok_or_else(|| jsonrpc::Error::invalid_params("foil.verifyAll takes [uri]"))?;
        if !self.flags().apply_edit {
            return Err(jsonrpc::Error::invalid_params(
                "the client cannot apply edits (workspace/applyEdit)",
            ));
        }
        let Some((analyzed, session)) = self.analyzed(&uri).await else {
            return Err(jsonrpc::Error::invalid_params(format!(
                "{} is not open",
                uri.as_str()
            )));
        };
        let edit = run(commands::VERIFY_ALL, move || {
            let snap = &analyzed.snapshot;
            let analysis = snap.analysis()?;
            let edits = crate::engine::annotation::edit::verify_all(&snap.text, analysis);
            let safe = edits
                .iter()
                .all(|e| code_actions::only_annotation_lines(&snap.text, e));
            (safe && !edits.is_empty())
                .then(|| to_proto::workspace_edit(snap, &edits, &session.flags))
        })
        .await?;
        let Some(edit) = edit else {
            self.state
                .client
                .show_message(MessageType::INFO, "foil: no answer left to verify")
                .await;
            return Ok(Some(json!(false)));
        };
        match self.state.client.apply_edit(edit).await {
            Ok(response) => Ok(Some(json!(response.applied))),
            Err(e) => Err(jsonrpc::Error {
                code: jsonrpc::ErrorCode::InternalError,
                message: format!("workspace/applyEdit failed: {}", e.message).into(),
                data: None,
            }),
        }
    }
}

impl Server {
    /// `foil.nextUnverified [uri, position]`: the location of the next answer
    /// with a doubt and no annotation, across the workspace's responses
    /// (the open document as it reads now), or null when none is left.
    async fn next_unverified(&self, arguments: Vec<Json>) -> Result<Option<Json>> {
        let from = campaign::next_args(&arguments).map_err(jsonrpc::Error::invalid_params)?;
        let current = match &from {
            Some((uri, _)) if self.state.is_open(uri) => self.analyzed(uri).await,
            _ => None,
        };
        let index = self.state.index();
        let location = run(campaign::NEXT_UNVERIFIED, move || {
            let current = current.as_ref().and_then(|(a, _)| {
                let snap = &a.snapshot;
                let ranges = campaign::unverified(snap.analysis()?)
                    .into_iter()
                    .map(|span| snap.range(span))
                    .collect();
                Some((&snap.uri, ranges))
            });
            index.next_unverified(from.as_ref().map(|(u, p)| (u, *p)), current)
        })
        .await?;
        Ok(Some(serde_json::to_value(location).unwrap_or(Json::Null)))
    }
}

fn root_paths(params: &InitializeParams) -> Vec<PathBuf> {
    let from_folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| from_proto::file_path(&f.uri))
        .collect();
    if !from_folders.is_empty() {
        return from_folders;
    }
    #[allow(deprecated)] // older clients only send rootUri
    params
        .root_uri
        .as_ref()
        .and_then(from_proto::file_path)
        .into_iter()
        .collect()
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let flags = ClientFlags {
            snippet_edits: self.snippets.get(),
            ..ClientFlags::from_capabilities(&params.capabilities)
        };
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        self.state.set_session(Session {
            encoding,
            flags: flags.clone(),
        });
        self.state.set_roots(root_paths(&params));
        if let Some(options) = &params.initialization_options {
            let problems = self.state.set_initial_settings(options);
            if let Ok(mut early) = self.early_problems.lock() {
                early.extend(problems);
            }
        }
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(encoding, &flags),
            server_info: Some(ServerInfo {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // The engine builds its patterns on first use (tens of milliseconds):
        // pay that now rather than on the first document opened.
        self.state.worker.spawn(|| {
            crate::engine::analyze(WARM_UP);
        });
        let early = self
            .early_problems
            .lock()
            .map(|mut p| std::mem::take(&mut *p))
            .unwrap_or_default();
        self.report_setting_problems(early);
        let flags = self.flags();
        let mut registrations = Vec::new();
        if flags.configuration_dynamic {
            registrations.push(Registration {
                id: "foil-configuration".into(),
                method: "workspace/didChangeConfiguration".into(),
                register_options: None,
            });
        }
        if flags.watched_files_dynamic {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: ["**/foil.toml", "**/*.txt", "**/*.md"]
                    .into_iter()
                    .map(|glob| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(glob.into()),
                        kind: None,
                    })
                    .collect(),
            };
            registrations.push(Registration {
                id: "foil-toml".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            });
        }
        if !registrations.is_empty() {
            if let Err(e) = self.state.client.register_capability(registrations).await {
                tracing::warn!("client/registerCapability failed: {e}");
            }
        }
        // Documents opened meanwhile wait for these settings; re-reading them
        // first means their earlier analyses are dropped as superseded.
        let changed = self.pull_configuration().await;
        if changed {
            self.state.reanalyze_all();
        }
        self.state.settings_known();
        if changed {
            self.refresh_client().await;
        }
        // The workspace's responses, read together in the background.
        self.state.reindex();
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.request_shutdown();
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.state.open(doc.uri, &doc.text, doc.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        self.state
            .change(&doc.uri, doc.version, &params.content_changes);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.state.close(&params.text_document.uri);
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that answer workspace/configuration are asked again: the
        // notification's own payload is often empty for them.
        let changed = if self.flags().configuration {
            self.pull_configuration().await
        } else {
            self.apply_settings(&params.settings)
        };
        if changed {
            self.settings_changed().await;
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let toml_changed = params
            .changes
            .iter()
            .any(|c| c.uri.path().as_str().ends_with("/foil.toml"));
        if toml_changed {
            self.state.forget_workspaces();
            self.settings_changed().await;
        } else if !params.changes.is_empty() {
            // A response was added, changed or removed on disk.
            self.state.reindex();
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let mut roots = self.state.roots();
        for removed in &params.event.removed {
            if let Some(path) = from_proto::file_path(&removed.uri) {
                roots.retain(|r| *r != path);
            }
        }
        roots.extend(
            params
                .event
                .added
                .iter()
                .filter_map(|f| from_proto::file_path(&f.uri)),
        );
        self.state.set_roots(roots);
        self.state.forget_workspaces();
        self.settings_changed().await;
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some((a, s)) = self.analyzed(&at.text_document.uri).await else {
            return Ok(None);
        };
        run("hover", move || {
            hover::hover(&a.snapshot, &s.flags, at.position)
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some((a, _)) = self.analyzed(&params.text_document.uri).await else {
            return Ok(None);
        };
        run("inlay hints", move || {
            Some(inlay_hints::inlay_hints(&a.snapshot, params.range))
        })
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let Some((a, s)) = self.analyzed(&params.text_document.uri).await else {
            return Ok(None);
        };
        run("code actions", move || {
            Some(code_actions::code_actions(
                &a.snapshot,
                &s.flags,
                params.range,
                &params.context,
            ))
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some((a, s)) = self.analyzed(&params.text_document.uri).await else {
            return Ok(None);
        };
        run("document symbols", move || {
            symbols::document_symbols(&a.snapshot, s.flags.hierarchical_symbols)
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let Some((a, _)) = self.analyzed(&params.text_document.uri).await else {
            return Ok(None);
        };
        run("code lens", move || {
            Some(code_lens::code_lenses(&a.snapshot))
        })
        .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let Some((a, _)) = self.analyzed(&at.text_document.uri).await else {
            return Ok(None);
        };
        run("definition", move || {
            definition::definition(&a.snapshot, at.position)
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some((a, _)) = self.analyzed(&params.text_document.uri).await else {
            return Ok(None);
        };
        run("folding ranges", move || {
            Some(folding::folding_ranges(&a.snapshot))
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some((a, _)) = self.analyzed(&at.text_document.uri).await else {
            return Ok(None);
        };
        run("completion", move || {
            let items = completion::completions(&a.snapshot, at.position);
            (!items.is_empty()).then_some(CompletionResponse::Array(items))
        })
        .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let Some(analyzed) = self.state.analyzed(&params.text_document.uri).await else {
            return Err(jsonrpc::Error::invalid_params(format!(
                "{} is not open",
                params.text_document.uri.as_str()
            )));
        };
        let previous = params.previous_result_id;
        run("diagnostics", move || {
            diagnostics::report(&analyzed, previous.as_deref())
        })
        .await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: std::collections::HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let index = self.state.index();
        let state = self.state.clone();
        let report = run("workspace diagnostics", move || {
            index.report(&previous, &|uri| state.is_open(uri))
        })
        .await?;
        Ok(WorkspaceDiagnosticReportResult::Report(report))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        match params.command.as_str() {
            commands::EXPORT_DATASET => self.export_dataset(params.arguments).await,
            commands::VERIFY_ALL => self.verify_all(params.arguments).await,
            campaign::NEXT_UNVERIFIED => self.next_unverified(params.arguments).await,
            other => Err(jsonrpc::Error::invalid_params(format!(
                "unknown command {other:?}"
            ))),
        }
    }
}
