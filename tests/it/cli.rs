//! End-to-end tests of the `foil` binary on invented responses in temporary
//! folders. Tests marked "engine" depend on the engine's reading stages (a test
//! that needs the engine to find questions or values says so); tests marked
//! "annot" depend on `engine::annotation` from the `annot` branch.

mod annotate;
mod check;
mod config;
mod extract;
mod files;
mod lsp;
mod progress;
mod schema;
mod support;
