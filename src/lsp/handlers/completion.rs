//! Completion inside annotation lines (`<!-- foil …`): verbs, keys, schema keys,
//! statuses, exemption codes. The engine decides what fits; this converts.

use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Position, TextEdit,
};

use crate::engine::annotation::complete::complete;
use crate::lsp::snapshot::Snapshot;

/// Typing these inside an annotation asks for completions.
pub const TRIGGER_CHARACTERS: &[char] = &[' ', '='];

pub fn completions(snap: &Snapshot, position: Position) -> Vec<CompletionItem> {
    let Some(analysis) = snap.analysis() else {
        return Vec::new();
    };
    let offset = snap.offset(position);
    complete(&snap.text, offset, analysis, snap.schema())
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            label: c.label.clone(),
            kind: Some(if c.insert_text.ends_with('=') {
                CompletionItemKind::PROPERTY
            } else {
                CompletionItemKind::VALUE
            }),
            detail: c.detail.clone(),
            // keep the engine's order
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(c.insert_text.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: snap.range(c.replace),
                new_text: c.insert_text,
            })),
            ..CompletionItem::default()
        })
        .collect()
}
