//! What the client supports, read once from its `initialize` capabilities so the
//! handlers ask plain questions ("markdown hovers?") instead of walking options.

use tower_lsp_server::ls_types::{ClientCapabilities, MarkupKind};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientFlags {
    pub hover_markdown: bool,
    pub hierarchical_symbols: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`); we then do not push.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub related_information: bool,
    pub code_description: bool,
    pub diagnostic_data: bool,
    /// `workspace/configuration` requests.
    pub configuration: bool,
    pub configuration_dynamic: bool,
    pub watched_files_dynamic: bool,
    pub code_lens_refresh: bool,
    pub inlay_hint_refresh: bool,
    /// `WorkspaceEdit.documentChanges` (versioned edits).
    pub document_changes: bool,
    /// `workspace/applyEdit`.
    pub apply_edit: bool,
    pub code_action_literals: bool,
    pub line_folding_only: bool,
    /// `workspace.workspaceEdit.snippetEditSupport` (LSP 3.18), which the
    /// protocol types drop: the transport reads it (see `lsp::snippet`).
    pub snippet_edits: bool,
}

impl ClientFlags {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFlags {
        let text = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        let publish = text.and_then(|t| t.publish_diagnostics.as_ref());
        ClientFlags {
            hover_markdown: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            related_information: publish.and_then(|p| p.related_information).unwrap_or(false),
            code_description: publish
                .and_then(|p| p.code_description_support)
                .unwrap_or(false),
            diagnostic_data: publish.and_then(|p| p.data_support).unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            configuration_dynamic: ws
                .and_then(|w| w.did_change_configuration.as_ref())
                .and_then(|c| c.dynamic_registration)
                .unwrap_or(false),
            watched_files_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|c| c.dynamic_registration)
                .unwrap_or(false),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
            code_action_literals: text
                .and_then(|t| t.code_action.as_ref())
                .is_some_and(|c| c.code_action_literal_support.is_some()),
            line_folding_only: text
                .and_then(|t| t.folding_range.as_ref())
                .and_then(|f| f.line_folding_only)
                .unwrap_or(false),
            snippet_edits: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_capable_client_and_a_bare_one() {
        let caps: ClientCapabilities = serde_json::from_value(serde_json::json!({
            "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
                "publishDiagnostics": {"relatedInformation": true, "codeDescriptionSupport": true},
                "diagnostic": {},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": []}}}
            },
            "workspace": {"configuration": true, "applyEdit": true,
                          "workspaceEdit": {"documentChanges": true}}
        }))
        .unwrap();
        let f = ClientFlags::from_capabilities(&caps);
        assert!(f.hover_markdown && f.hierarchical_symbols && f.pull_diagnostics);
        assert!(f.related_information && f.code_description && f.configuration);
        assert!(f.apply_edit && f.document_changes && f.code_action_literals);
        assert!(!f.diagnostic_data && !f.line_folding_only);
        assert_eq!(
            ClientFlags::from_capabilities(&ClientCapabilities::default()),
            ClientFlags::default()
        );
    }
}
