//! What every command starts with: the responses the command-line paths name,
//! read one at a time, each with the `foil.toml` nearest to it, with a line on
//! stderr for each file that could not be read.

use std::collections::HashSet;
use std::io::{self, IsTerminal as _};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

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
/// naming them. When no file at all was found that is said too. A long run at
/// a terminal shows a progress bar on stderr (see [`shows_progress`]).
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
        eprintln!(
            "foil: no responses found (folders are searched for *.txt and *.md, \
             leaving out hidden files and what .gitignore or .ignore lists)"
        );
    }
    let progress = Progress::new(files.len());
    let mut unusable_configs = HashSet::new();
    for (done, file) in files.iter().enumerate() {
        progress.at(done, file);
        let found = inputs.workspaces.for_response(file);
        let workspace = match found.workspace {
            Ok(workspace) => workspace,
            Err(reason) => {
                // Said once per settings file; its responses are not read.
                if unusable_configs.insert(reason.to_string()) {
                    progress.say(format_args!("foil: {reason}"));
                }
                counts.unreadable += 1;
                counts.failed = true;
                continue;
            }
        };
        if inputs.verbose {
            let shown = file.display();
            match found.config_file {
                Some(config) => progress.say(format_args!(
                    "foil: {shown}: read with {}",
                    config.display()
                )),
                None => progress.say(format_args!(
                    "foil: {shown}: no foil.toml at or above its folder, default settings"
                )),
            }
        }
        match workspace.read_one(file) {
            Ok(loaded) => {
                if let Some(note) = &loaded.note {
                    progress.say(format_args!("foil: {}: note: {note}", loaded.display));
                }
                counts.read += 1;
                // The command's own output and messages go out with the bar cleared.
                progress.suspend(|| each(loaded))?;
            }
            Err(error) => {
                counts.unreadable += 1;
                counts.failed |= named.contains(file.as_path()) || error.reason != decode::BINARY;
                progress.say(format_args!("foil: {error}"));
            }
        }
    }
    Ok(counts)
}

/// Runs with more files than this show a progress bar (at a terminal).
pub const PROGRESS_AFTER: usize = 40;

/// Whether reading `files` files shows a progress bar: only for more than a
/// few dozen, only when stderr is a terminal, and never in CI logs (`CI` set)
/// or on a terminal that cannot redraw a line (`TERM=dumb`).
pub fn shows_progress(
    files: usize,
    stderr_is_terminal: bool,
    env: impl Fn(&str) -> Option<String>,
) -> bool {
    let in_ci = env("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    let dumb = env("TERM").is_some_and(|t| t == "dumb");
    files > PROGRESS_AFTER && stderr_is_terminal && !in_ci && !dumb
}

/// A progress bar on stderr, or nothing.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(files: usize) -> Progress {
        let env = |name: &str| std::env::var(name).ok();
        if !shows_progress(files, io::stderr().is_terminal(), env) {
            return Progress(None);
        }
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} files  {wide_msg}")
            .expect("a valid template");
        let bar = ProgressBar::new(files as u64).with_style(style);
        bar.tick();
        Progress(Some(bar))
    }

    /// `done` files are done and `file` is being read.
    fn at(&self, done: usize, file: &Path) {
        if let Some(bar) = &self.0 {
            bar.set_position(done as u64);
            bar.set_message(file.display().to_string());
        }
    }

    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// One line on stderr, above the bar.
    fn say(&self, line: std::fmt::Arguments) {
        self.suspend(|| eprintln!("{line}"));
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_only_for_long_runs_at_a_terminal_outside_ci() {
        let plain = |name: &str| (name == "TERM").then(|| "xterm".to_string());
        assert!(shows_progress(PROGRESS_AFTER + 1, true, plain));
        assert!(!shows_progress(PROGRESS_AFTER, true, plain));
        assert!(!shows_progress(500, false, plain));
        let ci = |name: &str| (name == "CI").then(|| "true".to_string());
        assert!(!shows_progress(500, true, ci));
        let not_ci = |name: &str| (name == "CI").then(|| "false".to_string());
        assert!(shows_progress(500, true, not_ci));
        let dumb = |name: &str| (name == "TERM").then(|| "dumb".to_string());
        assert!(!shows_progress(500, true, dumb));
    }
}
