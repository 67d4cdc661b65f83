//! foil reads Freedom of Information responses into checked, structured data.
//!
//! - [`campaign`]: many readings read together: triage, figure distributions
//!   and outliers, verification progress, the review queue.
//! - [`engine`]: the pure analysis, from `&str` to [`engine::Analysis`].
//! - [`export`]: the dataset views of analyses (JSON, JSONL, CSV), shared by the
//!   CLI and the language server.
//! - [`workspace`]: files on disk: reading and decoding them, walking folders,
//!   finding and loading `foil.toml`.
//! - [`cli`]: the batch commands (`check`, `extract`, `annotate`, `schema`).
//! - [`lsp`]: the language server (`foil lsp`).

pub mod campaign;
pub mod cli;
pub mod engine;
pub mod export;
pub mod lsp;
pub mod workspace;
