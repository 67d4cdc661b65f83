//! The batch commands: `check`, `extract`, `annotate`, `report`, `schema` and `lsp`.
//!
//! Every command reads its paths the same way ([`inputs`]): folders are walked,
//! each file that cannot be read gets one line on stderr naming it, and the
//! others still go through. Results go to stdout; messages and logs to stderr.
//!
//! Exit codes: 0 success; 1 when `check` finds an error-severity finding (or a
//! file could not be rewritten); 2 for usage and configuration errors, and when
//! a named path (or a response in a folder) could not be read.

pub mod annotate;
pub mod args;
pub mod check;
pub mod diff;
pub mod extract;
pub mod help;
pub mod inputs;
pub mod render;
pub mod report;
pub mod schema;

use std::ffi::OsString;
use std::io::{self, IsTerminal as _, Write};

use clap::Parser as _;

use args::{Cli, ColorChoice, Command};
use inputs::Inputs;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    run(std::env::args_os())
}

/// Runs `foil` with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    if let Command::Lsp { .. } = cli.command {
        if let Some(notice) = lsp_terminal_notice(io::stdin().is_terminal()) {
            eprintln!("{notice}");
        }
        // The server sets up its own logging: stdout is its protocol channel.
        return match crate::lsp::serve_stdio() {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!("foil: lsp: {e:#}");
                EXIT_FINDINGS
            }
        };
    }
    init_logging();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = dispatch(&cli, &mut out).and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => code,
        // `foil extract | head` closes the pipe early; that is not an error.
        Err(e) if is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            eprintln!("foil: {e:#}");
            EXIT_USAGE
        }
    }
}

fn dispatch(cli: &Cli, out: &mut dyn Write) -> anyhow::Result<i32> {
    let color = use_color(cli.color);
    match &cli.command {
        Command::Check(args) => check::run(args, &mut Inputs::from_cli(cli)?, color, out),
        Command::Extract(args) => extract::run(args, &mut Inputs::from_cli(cli)?, out),
        Command::Annotate(args) => annotate::run(args, &mut Inputs::from_cli(cli)?, out),
        Command::Report(args) => report::run(args, &mut Inputs::from_cli(cli)?, out),
        Command::Schema { action } => schema::run(action, &schema::workspace(cli)?, out),
        Command::Lsp { .. } => Ok(EXIT_OK),
    }
}

/// What `foil lsp` says when a person, not an editor, started it: it would
/// otherwise wait silently for protocol messages.
pub fn lsp_terminal_notice(stdin_is_terminal: bool) -> Option<&'static str> {
    stdin_is_terminal.then_some(
        "foil lsp: a language server, speaking LSP (JSON-RPC) on stdin/stdout for an editor to start; press Ctrl-C to stop",
    )
}

/// Logs go to stderr only, filtered by `FOIL_LOG` (warnings by default).
fn init_logging() {
    use tracing_subscriber::prelude::*;
    let _ = tracing_subscriber::fmt()
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .finish()
        .with(crate::lsp::log_filter())
        .try_init();
}

/// Colour when asked, or on a terminal unless `NO_COLOR` is set (no-color.org).
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lsp_notice_is_for_terminals_only() {
        let notice = lsp_terminal_notice(true).unwrap();
        assert!(
            !notice.contains('\n') && notice.contains("Ctrl-C"),
            "{notice}"
        );
        assert_eq!(lsp_terminal_notice(false), None);
    }
}
