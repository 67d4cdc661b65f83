//! A small LSP client for tests: real `Content-Length` framing over any byte
//! streams, to the server in-process (a duplex pipe) or to the `foil lsp`
//! binary over stdio. It answers the server's own requests
//! (`workspace/configuration`, `workspace/applyEdit`, registrations) and keeps
//! every notification it receives.

#![allow(dead_code)] // benches/lsp_latency.rs uses part of it

use std::collections::VecDeque;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value as Json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// How long any wait may take before the test fails instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Reads one framed message; `None` at the end of the stream.
pub async fn read_message<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Json> {
    let mut length: Option<usize> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("not a header line: {line:?} (something wrote to stdout?)"));
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.trim().parse().expect("numeric Content-Length"));
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

pub fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

pub struct TestClient {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Json>,
    next_id: i64,
    /// Notifications received and not yet taken.
    pub notifications: VecDeque<Json>,
    /// Requests the server sent us, in order (method, params).
    pub server_requests: Vec<(String, Json)>,
    /// What `workspace/configuration` answers for the `foil` section.
    pub configuration: Json,
    pub server: Option<JoinHandle<anyhow::Result<()>>>,
    pub child: Option<tokio::process::Child>,
    /// How long to wait for any one message (longer for huge documents in
    /// debug builds).
    pub patience: Duration,
}

impl TestClient {
    fn new<R, W>(reader: R, writer: W) -> TestClient
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut reader = BufReader::new(reader);
            while let Some(message) = read_message(&mut reader).await {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        TestClient {
            writer: Box::new(writer),
            incoming: rx,
            next_id: 1,
            notifications: VecDeque::new(),
            server_requests: Vec::new(),
            configuration: Json::Null,
            server: None,
            child: None,
            patience: PATIENCE,
        }
    }

    /// The server running in this process, over a duplex pipe.
    pub fn in_process() -> TestClient {
        let (client_end, server_end) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server_end);
        let server = tokio::spawn(foil::lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_end);
        let mut client = TestClient::new(read, write);
        client.server = Some(server);
        client
    }

    /// The `foil lsp` binary over stdio; the child's stdin stays open until
    /// the client is dropped.
    pub fn binary(args: &[&str]) -> TestClient {
        TestClient::binary_with_env(args, &[])
    }

    pub fn binary_with_env(args: &[&str], env: &[(&str, &str)]) -> TestClient {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_foil"))
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the foil binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut client = TestClient::new(stdout, stdin);
        client.child = Some(child);
        client
    }

    pub async fn send(&mut self, message: &Json) {
        self.send_raw(&frame(&message.to_string())).await;
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer
            .write_all(bytes)
            .await
            .expect("the server reads");
        self.writer.flush().await.unwrap();
    }

    pub async fn notify(&mut self, method: &str, params: Json) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request without waiting; returns its id.
    pub async fn start_request(&mut self, method: &str, params: Json) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    /// The response to request `id`: `Ok(result)` or `Err(error)`.
    pub async fn response(&mut self, id: i64) -> Result<Json, Json> {
        let message = self
            .next_matching(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
            .await;
        match message.get("error") {
            Some(error) => Err(error.clone()),
            None => Ok(message.get("result").cloned().unwrap_or(Json::Null)),
        }
    }

    /// The error response the server sends for a message it could not read.
    pub async fn response_to_null_id(&mut self) -> Json {
        self.next_matching(|m| m.get("id") == Some(&Json::Null) && m.get("method").is_none())
            .await
    }

    pub async fn request(&mut self, method: &str, params: Json) -> Result<Json, Json> {
        let id = self.start_request(method, params).await;
        self.response(id).await
    }

    /// The result of a request that must succeed.
    pub async fn call(&mut self, method: &str, params: Json) -> Json {
        self.request(method, params)
            .await
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    async fn receive(&mut self) -> Option<Json> {
        tokio::time::timeout(self.patience, self.incoming.recv())
            .await
            .expect("the server answers in time")
    }

    /// Reads messages, answering server requests and keeping notifications,
    /// until one satisfies `wanted` (which is returned, not kept).
    async fn next_matching(&mut self, wanted: impl Fn(&Json) -> bool) -> Json {
        loop {
            let message = self.receive().await.expect("the server is still talking");
            if wanted(&message) {
                return message;
            }
            self.handle(message).await;
        }
    }

    async fn handle(&mut self, message: Json) {
        match (
            message.get("id"),
            message.get("method").and_then(Json::as_str),
        ) {
            (Some(id), Some(method)) => {
                let params = message.get("params").cloned().unwrap_or(Json::Null);
                let result = match method {
                    "workspace/configuration" => {
                        let n = params["items"].as_array().map_or(1, Vec::len);
                        Json::Array(vec![self.configuration.clone(); n])
                    }
                    "workspace/applyEdit" => json!({"applied": true}),
                    _ => Json::Null,
                };
                self.server_requests.push((method.to_string(), params));
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}))
                    .await;
            }
            (None, Some(_)) => self.notifications.push_back(message),
            _ => panic!("unexpected message from the server: {message}"),
        }
    }

    /// The next notification `method` satisfying `wanted` (taken from those
    /// already received first).
    pub async fn notification(&mut self, method: &str, wanted: impl Fn(&Json) -> bool) -> Json {
        let is = |m: &Json| m["method"] == method && wanted(&m["params"]);
        // Taken, not cloned: a large document's diagnostics are megabytes of
        // JSON, and the latency bench would measure the copy.
        let mut message = match self.notifications.iter().position(is) {
            Some(i) => self.notifications.remove(i).unwrap(),
            None => self.next_matching(is).await,
        };
        message["params"].take()
    }

    /// The params of the first request `method` the server sent us (answered
    /// like any other), waiting for it if it has not come yet.
    pub async fn server_request(&mut self, method: &str) -> Json {
        loop {
            if let Some((_, params)) = self.server_requests.iter().find(|(m, _)| m == method) {
                return params.clone();
            }
            let message = self.receive().await.expect("the server is still talking");
            self.handle(message).await;
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Json> {
        let mut params = self
            .notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri && p["version"] == version
            })
            .await;
        match params["diagnostics"].take() {
            Json::Array(diagnostics) => diagnostics,
            _ => Vec::new(),
        }
    }

    /// Diagnostics publications for `uri` received so far.
    pub fn published_for(&self, uri: &str) -> Vec<Json> {
        self.notifications
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect()
    }

    /// Lets the server catch up: a request that waits for `uri`'s current
    /// analysis (so every publication before it has been received).
    pub async fn settle(&mut self, uri: &str) {
        self.call(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    }

    pub async fn initialize(&mut self, capabilities: Json, options: Json) -> Json {
        let result = self
            .call(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn initialize_in(
        &mut self,
        capabilities: Json,
        options: Json,
        root_uri: &str,
    ) -> Json {
        let result = self
            .call(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root_uri,
                    "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                    "capabilities": capabilities,
                    "initializationOptions": options,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Json) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// `shutdown` then `exit`, and how the server ended.
    pub async fn shutdown_and_exit(mut self) -> anyhow::Result<()> {
        self.call("shutdown", Json::Null).await;
        self.notify("exit", Json::Null).await;
        self.finished().await
    }

    /// Waits for the server process to end, with its stdin still open.
    pub async fn exit_status(mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("a server process");
        let status = tokio::time::timeout(self.patience, child.wait())
            .await
            .expect("the server process ends in time")
            .unwrap();
        drop(self);
        status
    }

    /// Waits for the in-process server to stop (keeping our end open).
    pub async fn finished(mut self) -> anyhow::Result<()> {
        let server = self.server.take().expect("an in-process server");
        let outcome = tokio::time::timeout(self.patience, server)
            .await
            .expect("the server stops in time")
            .expect("the server task does not panic");
        drop(self);
        outcome
    }
}

/// Client capabilities of a modern editor; `encodings` are offered in order.
pub fn capabilities(encodings: &[&str]) -> Json {
    json!({
        "general": {"positionEncodings": encodings},
        "textDocument": {
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "publishDiagnostics": {"relatedInformation": true, "versionSupport": true,
                                   "codeDescriptionSupport": true, "dataSupport": true},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": [
                "quickfix", "refactor", "refactor.rewrite", "source"]}}},
            "inlayHint": {},
            "codeLens": {},
            "foldingRange": {"lineFoldingOnly": true},
            "completion": {"completionItem": {"snippetSupport": false}}
        },
        "workspace": {
            "applyEdit": true,
            "workspaceEdit": {"documentChanges": true},
            "configuration": true,
            "didChangeConfiguration": {"dynamicRegistration": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true}
        }
    })
}

/// A bare client: no optional capability at all (UTF-16, plain text, push).
pub fn bare_capabilities() -> Json {
    json!({})
}

/// `file://` URI of a path.
pub fn file_uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

/// Applies LSP text edits (UTF-16 or UTF-8 columns) to `text`, for checking
/// what a code action would do.
pub fn apply_text_edits(text: &str, edits: &[Json], utf8: bool) -> String {
    let offset = |pos: &Json| -> usize {
        let line = pos["line"].as_u64().unwrap() as usize;
        let character = pos["character"].as_u64().unwrap() as usize;
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let start = *starts.get(line).unwrap_or(&text.len());
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' || c == '\r' {
                return start + i;
            }
            units += if utf8 { c.len_utf8() } else { c.len_utf16() };
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (a, b, new) in spans {
        out.replace_range(a..b, &new);
    }
    out
}
