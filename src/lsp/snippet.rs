//! Snippet edits (LSP 3.18 `SnippetTextEdit`), which the protocol types this
//! server is built on (ls-types 0.0.6) do not have: neither the client's
//! `workspace.workspaceEdit.snippetEditSupport` nor the edit itself survives
//! their (de)serialization.
//!
//! So the transport looks for the capability in the raw `initialize` request
//! ([`client_supports`]), the server marks a snippet edit as an
//! `AnnotatedTextEdit` whose annotation id is [`MARK`] (only for a client
//! that supports them), and the transport turns each marked edit into a
//! `SnippetTextEdit` on its way out ([`rewrite`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::Value as Json;

/// The annotation id that marks a snippet edit inside the server.
pub const MARK: &str = "foil.snippet";

/// Whether the client said it applies snippet edits, shared by the transport
/// (which reads `initialize`) and the server (which reads it at `initialize`).
#[derive(Debug, Clone, Default)]
pub struct Support(Arc<AtomicBool>);

impl Support {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    /// Records what an incoming message says, if it is `initialize`.
    pub fn learn_from(&self, message: &[u8]) {
        if memchr::memmem::find(message, b"\"initialize\"").is_none() {
            return;
        }
        if let Ok(json) = serde_json::from_slice::<Json>(message) {
            if json["method"] == "initialize" {
                self.0
                    .store(client_supports(&json["params"]), Ordering::Release);
            }
        }
    }
}

/// `params.capabilities.workspace.workspaceEdit.snippetEditSupport` of an
/// `initialize` request.
pub fn client_supports(params: &Json) -> bool {
    params["capabilities"]["workspace"]["workspaceEdit"]["snippetEditSupport"] == true
}

/// A server message with every marked edit turned into a `SnippetTextEdit`
/// (`{range, snippet: {kind: "snippet", value}}`) and the marker's change
/// annotation removed; any other message as it is.
pub fn rewrite(body: Vec<u8>) -> Vec<u8> {
    if memchr::memmem::find(&body, MARK.as_bytes()).is_none() {
        return body;
    }
    let Ok(mut json) = serde_json::from_slice::<Json>(&body) else {
        return body;
    };
    convert(&mut json);
    serde_json::to_vec(&json).unwrap_or(body)
}

fn convert(json: &mut Json) {
    match json {
        Json::Object(map) => {
            if let Some(Json::Object(annotations)) = map.get_mut("changeAnnotations") {
                annotations.remove(MARK);
                if annotations.is_empty() {
                    map.remove("changeAnnotations");
                }
            }
            if map.get("annotationId").and_then(Json::as_str) == Some(MARK) {
                let value = map.remove("newText").unwrap_or(Json::Null);
                map.remove("annotationId");
                map.insert(
                    "snippet".into(),
                    serde_json::json!({"kind": "snippet", "value": value}),
                );
                return;
            }
            map.values_mut().for_each(convert);
        }
        Json::Array(items) => items.iter_mut().for_each(convert),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn marked_edits_become_snippet_edits() {
        let message = json!({"jsonrpc": "2.0", "id": 3, "result": [{
            "title": "Correct the values…",
            "edit": {
                "documentChanges": [{"textDocument": {"uri": "file:///a.txt", "version": 1},
                    "edits": [{"range": {"start": {"line": 1, "character": 0},
                                         "end": {"line": 1, "character": 0}},
                               "newText": "<!-- foil set q=x value=${1:5} -->\n",
                               "annotationId": MARK}]}],
                "changeAnnotations": {MARK: {"label": "snippet"}}}}]});
        let out: Json = serde_json::from_slice(&rewrite(message.to_string().into_bytes())).unwrap();
        let edit = &out["result"][0]["edit"];
        assert_eq!(
            edit["documentChanges"][0]["edits"][0],
            json!({"range": {"start": {"line": 1, "character": 0},
                             "end": {"line": 1, "character": 0}},
                   "snippet": {"kind": "snippet", "value": "<!-- foil set q=x value=${1:5} -->\n"}})
        );
        assert!(edit.get("changeAnnotations").is_none());
        let plain = br#"{"jsonrpc":"2.0","id":1,"result":null}"#.to_vec();
        assert_eq!(rewrite(plain.clone()), plain);
    }

    #[test]
    fn the_capability_is_read_from_initialize() {
        let support = Support::default();
        support.learn_from(br#"{"jsonrpc":"2.0","id":1,"method":"initialized","params":{}}"#);
        assert!(!support.get());
        let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "capabilities": {"workspace": {"workspaceEdit": {"snippetEditSupport": true}}}}});
        support.learn_from(init.to_string().as_bytes());
        assert!(support.get());
    }
}
