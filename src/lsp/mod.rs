//! The language server (`foil lsp`): the engine's reading, live in any editor.
//!
//! The engine knows nothing of the protocol; this module converts. Layout:
//! - [`server`]: the `LanguageServer` methods, thin glue;
//! - [`state`]: open documents, settings, and the analysis loop, which runs
//!   the engine on one [`worker`] thread;
//! - [`document`] (rope edits), [`position`] (encodings), [`snapshot`] (one
//!   analysed version);
//! - [`to_proto`] / [`from_proto`], [`display`] (words and figures for people);
//! - [`capabilities`], [`client_flags`], [`settings`], [`setup`];
//! - [`transport`]: a guard that keeps malformed input from stopping the server;
//! - [`handlers`]: one module per feature;
//! - [`campaign`]: the workspace's responses read together in the background
//!   (workspace diagnostics, outliers, the review queue).

pub mod campaign;
pub mod capabilities;
pub mod client_flags;
pub mod display;
pub mod document;
pub mod from_proto;
pub mod handlers;
pub mod position;
pub mod server;
pub mod settings;
pub mod setup;
pub mod snapshot;
pub mod snippet;
pub mod state;
pub mod to_proto;
pub mod transport;
pub mod worker;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::LspService;

/// Serves the Language Server Protocol on stdin/stdout until `exit`.
///
/// Returns an error when the client leaves without `shutdown` (the process
/// should then exit with status 1, as the protocol asks).
pub fn serve_stdio() -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let output = transport::Output::<tokio::io::Stdout>::Blocking(transport::stdout());
    let outcome = runtime.block_on(serve_to(tokio::io::stdin(), output));
    // The thread reading stdin may be blocked in read() on a pipe the client
    // keeps open: do not wait for it, so the process ends right after `exit`.
    runtime.shutdown_background();
    outcome
}

/// Serves the protocol over any byte streams (in-process tests use a duplex
/// pipe) until `exit` or the end of the input.
pub async fn serve<I, O>(input: I, output: O) -> anyhow::Result<()>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    serve_to(input, transport::Output::Stream(output)).await
}

async fn serve_to<I, O>(input: I, output: transport::Output<O>) -> anyhow::Result<()>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (outbox, outgoing) = transport::outbox();
    let server_outbox = outbox.clone();
    let (service, socket) =
        LspService::new(move |client| server::Server::new(client, server_outbox));
    let state = service.inner().state();
    transport::guarded(input, output, (outbox, outgoing), |input, output| {
        tower_lsp_server::Server::new(input, output, socket).serve(service)
    })
    .await;
    if state.shutdown_requested() {
        Ok(())
    } else {
        anyhow::bail!("the client left without asking the language server to shut down")
    }
}

/// Logs go to stderr (stdout carries the protocol); `FOIL_LOG` sets the level.
fn init_logging() {
    use tracing_subscriber::prelude::*;
    // The CLI may have installed a subscriber already; keep it then.
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .finish()
        .with(log_filter())
        .try_init();
}

/// What `FOIL_LOG` asks for: a level (`debug`) or targets with levels
/// (`foil::lsp=trace,warn`); warnings only when it is unset or unreadable.
pub fn log_filter() -> tracing_subscriber::filter::Targets {
    log_filter_from(std::env::var("FOIL_LOG").ok().as_deref())
}

fn log_filter_from(spec: Option<&str>) -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    spec.and_then(|spec| spec.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::WARN))
}

#[cfg(test)]
mod tests {
    use super::log_filter_from;
    use tracing::Level;

    #[test]
    fn foil_log_sets_the_level_or_levels_per_target() {
        let unset = log_filter_from(None);
        assert!(unset.would_enable("foil::lsp", &Level::WARN));
        assert!(!unset.would_enable("foil::lsp", &Level::INFO));

        let debug = log_filter_from(Some("debug"));
        assert!(debug.would_enable("tower_lsp_server", &Level::DEBUG));
        assert!(!debug.would_enable("tower_lsp_server", &Level::TRACE));

        let per_target = log_filter_from(Some("foil::lsp=trace,error"));
        assert!(per_target.would_enable("foil::lsp::state", &Level::TRACE));
        assert!(!per_target.would_enable("foil::cli", &Level::WARN));
        assert!(per_target.would_enable("foil::cli", &Level::ERROR));

        let unreadable = log_filter_from(Some("foil=loud"));
        assert!(unreadable.would_enable("foil", &Level::WARN));
        assert!(!unreadable.would_enable("foil", &Level::INFO));
    }
}
