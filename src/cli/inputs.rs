//! What every command starts with: the workspace, and the responses read from
//! the command-line paths one at a time, with a line on stderr for each file
//! that could not be read.

use std::path::PathBuf;

use crate::cli::args::Cli;
use crate::workspace::{Loaded, Workspace};

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

/// How many files were read and how many could not be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub unreadable: usize,
}

/// Reads and analyses the responses `paths` name, in order, handing each to
/// `each` and dropping it after, so that memory holds one response at a time.
///
/// Paths that cannot be walked, files that cannot be read and files decoded
/// with a note each get one line on stderr naming them. When no file at all was
/// found that is said too; `Counts::read == 0` means the command should exit 2.
pub fn for_each(
    workspace: &Workspace,
    paths: &[PathBuf],
    mut each: impl FnMut(Loaded) -> anyhow::Result<()>,
) -> anyhow::Result<Counts> {
    let (files, walk_errors) = workspace.walk(paths);
    let mut counts = Counts {
        read: 0,
        unreadable: walk_errors.len(),
    };
    for error in &walk_errors {
        eprintln!("foil: {error}");
    }
    if files.is_empty() && walk_errors.is_empty() {
        eprintln!("foil: no responses found (folders are searched for *.txt and *.md)");
    }
    for file in &files {
        match workspace.read_one(file) {
            Ok(loaded) => {
                if let Some(note) = &loaded.note {
                    eprintln!("foil: {}: note: {note}", loaded.display);
                }
                counts.read += 1;
                each(loaded)?;
            }
            Err(error) => {
                counts.unreadable += 1;
                eprintln!("foil: {error}");
            }
        }
    }
    Ok(counts)
}
