//! `foil extract`: the dataset as JSON, JSONL or CSV, to stdout or a file.

use std::io::Write;

use anyhow::Context as _;

use crate::cli::args::{ExtractArgs, ExtractFormat};
use crate::cli::{inputs, EXIT_OK, EXIT_USAGE};
use crate::export;
use crate::workspace::Workspace;

pub fn run(args: &ExtractArgs, workspace: &Workspace, out: &mut dyn Write) -> anyhow::Result<i32> {
    let Some(batch) = inputs::read(workspace, &args.paths) else {
        return Ok(EXIT_USAGE);
    };
    let docs = batch.documents();
    let mut rendered = match args.format {
        ExtractFormat::Json => export::to_json(&docs),
        ExtractFormat::Jsonl => export::to_jsonl(&docs),
        ExtractFormat::Csv => export::to_csv(&docs, args.include_personal_data),
    };
    if !rendered.ends_with('\n') {
        rendered.push('\n');
    }
    match &args.output {
        Some(path) => std::fs::write(path, rendered)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => out.write_all(rendered.as_bytes())?,
    }
    Ok(EXIT_OK)
}
