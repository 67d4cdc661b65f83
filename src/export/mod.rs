//! Dataset views of analyses (SPEC "Extraction output"): JSON, JSONL and CSV.
//! The CLI's `foil extract` and the language server's `foil.exportDataset` both
//! render through here, so the two always agree.
//!
//! - [`json`]: SPEC's JSON objects (and the findings-only view `foil check` prints).
//! - [`csv`](mod@csv): one row per document, a value and a status column per question.
//! - [`redact`](mod@redact): personal data replaced by `[personal data]`, which
//!   every dataset does unless asked not to.
//! - [`csv_long`]: one row per document × question × value (tidy data).
//! - [`sqlite`]: tables `responses`, `answers`, `values`, `findings`.
//!
//! A question's `annotation` is `null` or an object
//! `{"verb": "verify"|"set"|"ignore", "line": 1-based line, "text": the comment line as written}`:
//! the line as written rather than a re-rendering, so that it is exactly what is
//! in the file and can be found there.

pub mod csv;
pub mod csv_long;
pub mod json;
pub mod redact;
pub mod sqlite;
pub mod tidy;

use crate::engine::model::Analysis;

pub use self::csv::{to_csv, CsvTable};
pub use self::json::{
    document_json, findings_json, to_json, to_jsonl, write_jsonl_line, JsonArray,
};
pub use self::redact::{redact, Redaction};

/// One analysed response as it goes into a dataset.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The path as given.
    pub path: &'a str,
    pub text: &'a str,
    pub analysis: &'a Analysis,
}
