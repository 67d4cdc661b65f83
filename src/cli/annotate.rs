//! `foil annotate`: a `verify` annotation after every answer that has none,
//! printed as a unified diff, or written into the files with `--write`.

use std::io::Write;
use std::path::Path;

use crate::cli::args::AnnotateArgs;
use crate::cli::inputs::{self, Inputs};
use crate::cli::{diff, EXIT_FINDINGS, EXIT_OK};
use crate::engine::annotation::edit::{apply_edits, verify_all, TextEdit};
use crate::engine::model::Analysis;
use crate::workspace::{decode, encode, Loaded};

pub fn run(args: &AnnotateArgs, inputs: &mut Inputs, out: &mut dyn Write) -> anyhow::Result<i32> {
    let mut failed = false;
    let (mut added, mut files_changed) = (0, 0);
    let counts = inputs::for_each(inputs, &args.paths, |doc| {
        let edits = planned_edits(&doc.text, &doc.analysis);
        if !diff::edits_are_valid(&doc.text, &edits) {
            eprintln!(
                "foil: {}: could not place the annotations; file left as it is",
                doc.display
            );
            failed = true;
            return Ok(());
        }
        if !args.write {
            out.write_all(diff::unified_diff(&doc.display, &doc.text, &edits).as_bytes())?;
            return Ok(());
        }
        if edits.is_empty() {
            writeln!(out, "{}: nothing to add", doc.display)?;
            return Ok(());
        }
        match write_back(&doc, &edits) {
            Ok(()) => {
                added += edits.len();
                files_changed += 1;
                let s = if edits.len() == 1 { "" } else { "s" };
                writeln!(out, "{}: added {} annotation{s}", doc.display, edits.len())?;
            }
            Err(reason) => {
                eprintln!("foil: {}: {reason}", doc.display);
                failed = true;
            }
        }
        Ok(())
    })?;
    if counts.read == 0 {
        return Ok(counts.exit_code(false));
    }
    if args.write {
        let s = if files_changed == 1 { "" } else { "s" };
        writeln!(out, "added {added} annotations to {files_changed} file{s}")?;
    }
    Ok(match counts.exit_code(false) {
        EXIT_OK if failed => EXIT_FINDINGS,
        code => code,
    })
}

/// The engine's `verify` insertions, with the file's own line endings.
pub fn planned_edits(text: &str, analysis: &Analysis) -> Vec<TextEdit> {
    let ending = line_ending(text);
    verify_all(text, analysis)
        .into_iter()
        .map(|e| TextEdit {
            span: e.span,
            new_text: with_line_ending(&e.new_text, ending),
        })
        .collect()
}

/// The line ending the text uses (its first), `\n` when it has none.
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

fn with_line_ending(s: &str, ending: &str) -> String {
    let unix = s.replace("\r\n", "\n").replace('\r', "\n");
    if ending == "\n" {
        unix
    } else {
        unix.replace('\n', ending)
    }
}

/// Rewrites the file with the edits applied, in its own encoding, through a
/// temporary file so that a failure never leaves it half written.
fn write_back(doc: &Loaded, edits: &[TextEdit]) -> Result<(), String> {
    let on_disk =
        std::fs::read(&doc.path).map_err(|e| crate::workspace::walk::describe_io_error(&e))?;
    if decode(&on_disk).map(|d| d.text).as_deref() != Ok(doc.text.as_str()) {
        return Err("changed while foil was reading it; not rewritten".into());
    }
    if encode(&doc.text, doc.encoding).as_deref() != Ok(on_disk.as_slice()) {
        // Mixed UTF-8 and Windows-1252 bytes cannot be written back unchanged.
        return Err(
            "mixes encodings, so it cannot be rewritten byte for byte; save it as UTF-8 first"
                .into(),
        );
    }
    let new_text = apply_edits(&doc.text, edits);
    let bytes = encode(&new_text, doc.encoding)?;
    replace_file(&doc.path, &bytes).map_err(|e| crate::workspace::walk::describe_io_error(&e))
}

fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.foil-{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes)
        .and_then(|()| {
            let permissions = std::fs::metadata(path)?.permissions();
            std::fs::set_permissions(&temp, permissions)
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_follow_the_file() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("a\rb"), "\r");
        assert_eq!(line_ending("no break"), "\n");
        assert_eq!(with_line_ending("<!-- x -->\n", "\r\n"), "<!-- x -->\r\n");
        assert_eq!(with_line_ending("\r\n<!-- x -->", "\n"), "\n<!-- x -->");
    }
}
