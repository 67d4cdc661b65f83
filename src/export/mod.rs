//! Dataset views of analyses (SPEC "Extraction output"): JSON, JSONL and CSV.
//! Being written on the `cli` branch: these signatures are the contract.

use crate::engine::model::Analysis;

/// One analysed response as it goes into a dataset.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The path as given.
    pub path: &'a str,
    pub text: &'a str,
    pub analysis: &'a Analysis,
}

/// SPEC's JSON object for one document.
pub fn document_json(doc: &Document) -> serde_json::Value {
    serde_json::json!({ "path": doc.path })
}

/// A JSON array, one object per document, in order.
pub fn to_json(docs: &[Document]) -> String {
    serde_json::Value::Array(docs.iter().map(document_json).collect()).to_string()
}

/// One JSON object per line.
pub fn to_jsonl(docs: &[Document]) -> String {
    docs.iter()
        .map(|d| document_json(d).to_string() + "\n")
        .collect()
}

/// One row per document; a column per question key plus `<key>_status`.
/// Personal data is left out unless `include_personal`.
pub fn to_csv(docs: &[Document], include_personal: bool) -> String {
    let _ = (docs, include_personal);
    String::new()
}
