//! The language server (`foil lsp`). Being written on the `lsp` branch.

/// Serves the Language Server Protocol on stdin/stdout until `exit`.
pub fn serve_stdio() -> anyhow::Result<()> {
    anyhow::bail!("the language server is not built yet")
}
