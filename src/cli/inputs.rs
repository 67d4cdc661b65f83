//! What every command starts with: the responses the command-line paths name,
//! read one at a time, each with the `foil.toml` nearest to it, with a line on
//! stderr for each file that could not be read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cli::args::Cli;
use crate::cli::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::workspace::{decode, Loaded, Workspace, Workspaces};

/// How the command-line paths are read.
#[derive(Debug)]
pub struct Inputs {
    pub workspaces: Workspaces,
    /// Say which `foil.toml` each response was read with.
    pub verbose: bool,
}

impl Inputs {
    /// `--config` for every response, or the nearest `foil.toml` to each; with
    /// `--schema` applied.
    pub fn from_cli(cli: &Cli) -> anyhow::Result<Inputs> {
        let workspaces = match &cli.config {
            Some(path) => {
                let workspace = Workspace::from_config_file(path)?;
                Workspaces::fixed(match &cli.schema {
                    Some(name) => workspace.with_schema(name)?,
                    None => workspace,
                })
            }
            None => Workspaces::discovered(cli.schema.clone()),
        };
        Ok(Inputs {
            workspaces,
            verbose: cli.verbose,
        })
    }

    /// Every response read with `workspace`, quietly.
    pub fn fixed(workspace: Workspace) -> Inputs {
        Inputs {
            workspaces: Workspaces::fixed(workspace),
            verbose: false,
        }
    }
}

/// How many files were read, how many could not be, and whether that is a
/// failure (a named path, or a response file that could not be read; a binary
/// file met in a folder is only skipped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: usize,
    pub unreadable: usize,
    pub failed: bool,
}

impl Counts {
    /// 2 when something could not be read (or nothing was), else 1 when a
    /// finding is an error, else 0.
    pub fn exit_code(self, error_findings: bool) -> i32 {
        if self.failed || self.read == 0 {
            EXIT_USAGE
        } else if error_findings {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    }
}

/// Reads and analyses the responses `paths` name, in order, handing each to
/// `each` and dropping it after, so that memory holds one response at a time.
///
/// Paths that cannot be walked, files that cannot be read, settings files that
/// cannot be used and files decoded with a note each get one line on stderr
/// naming them. When no file at all was found that is said too.
pub fn for_each(
    inputs: &mut Inputs,
    paths: &[PathBuf],
    mut each: impl FnMut(Loaded) -> anyhow::Result<()>,
) -> anyhow::Result<Counts> {
    let named: HashSet<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let workspaces = &mut inputs.workspaces;
    let (files, walk_errors) = crate::workspace::walk_filtered(paths, |path| {
        // A file under an unusable foil.toml is kept, to be reported below.
        let found = workspaces.for_response(path);
        found.workspace.map_or(true, |w| w.is_response(path))
    });
    let mut counts = Counts {
        read: 0,
        unreadable: walk_errors.len(),
        failed: walk_errors.iter().any(|e| !e.skipped),
    };
    for error in &walk_errors {
        eprintln!("foil: {error}");
    }
    if files.is_empty() && walk_errors.is_empty() {
        eprintln!("foil: no responses found (folders are searched for *.txt and *.md)");
    }
    let mut unusable_configs = HashSet::new();
    for file in &files {
        let found = inputs.workspaces.for_response(file);
        let workspace = match found.workspace {
            Ok(workspace) => workspace,
            Err(reason) => {
                // Said once per settings file; its responses are not read.
                if unusable_configs.insert(reason.to_string()) {
                    eprintln!("foil: {reason}");
                }
                counts.unreadable += 1;
                counts.failed = true;
                continue;
            }
        };
        if inputs.verbose {
            match found.config_file {
                Some(config) => {
                    eprintln!("foil: {}: read with {}", file.display(), config.display())
                }
                None => eprintln!(
                    "foil: {}: no foil.toml at or above its folder, default settings",
                    file.display()
                ),
            }
        }
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
                counts.failed |= named.contains(file.as_path()) || error.reason != decode::BINARY;
                eprintln!("foil: {error}");
            }
        }
    }
    Ok(counts)
}
