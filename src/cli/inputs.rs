//! What every command starts with: the workspace, and the responses read from
//! the command-line paths with a line on stderr for each one that could not be.

use std::path::PathBuf;

use crate::cli::args::Cli;
use crate::workspace::{Batch, Workspace};

/// The workspace from `--config`, or found from the current folder up, with
/// `--schema` applied.
pub fn workspace(cli: &Cli) -> anyhow::Result<Workspace> {
    let workspace = match &cli.config {
        Some(path) => Workspace::from_config_file(path)?,
        None => Workspace::discover(&std::env::current_dir()?)?,
    };
    match &cli.schema {
        Some(name) => workspace.with_schema(name),
        None => Ok(workspace),
    }
}

/// Reads and analyses the responses `paths` name, telling stderr about every
/// file that could not be read and every file that was decoded with a note.
/// `None` when nothing at all could be read (the caller exits with 2).
pub fn read(workspace: &Workspace, paths: &[PathBuf]) -> Option<Batch> {
    let batch = workspace.read_all(paths);
    for error in &batch.errors {
        eprintln!("foil: {error}");
    }
    for doc in &batch.documents {
        if let Some(note) = &doc.note {
            eprintln!("foil: {}: note: {note}", doc.display);
        }
    }
    if batch.documents.is_empty() {
        if batch.errors.is_empty() {
            eprintln!("foil: no responses found (folders are searched for *.txt and *.md)");
        }
        return None;
    }
    Some(batch)
}
