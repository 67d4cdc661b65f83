//! Every integration test, as modules of one test crate: each crate under
//! `tests/` links the whole foil library and its dependencies into a binary of
//! its own, so twenty crates cost twenty links and gigabytes of `target/`.
//!
//! Run one part with `cargo test --test it MODULE::` (e.g.
//! `cargo test --test it corpus::`, `cargo test --test it cli::extract::`).
//! Snapshots are in `tests/it/snapshots/` (`it__<module>__<name>.snap`);
//! proptest's saved failures in `tests/proptest-regressions/`.

mod annotations;
mod campaign;
mod cli;
mod corpus;
mod editors;
mod fixtures;
mod invariance;
mod layout_annotations;
mod layouts;
mod lsp_campaign;
mod lsp_edits;
mod lsp_features;
mod lsp_incremental;
mod lsp_protocol;
mod lsp_stdio;
mod lsp_support;
mod privacy;
mod report_browser;
mod robustness;
mod schema_new;
