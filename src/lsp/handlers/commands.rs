//! `workspace/executeCommand`: commands the server carries out itself, so they
//! work the same in every editor.
//!
//! - `foil.exportDataset` — arguments
//!   `[{"format": "csv" | "json", "output": "path", "overwrite": bool}]`
//!   (or `["csv", "path"]`; all optional, CSV to `foil-dataset.csv` by
//!   default). Reads every FOI response in the workspace through the engine
//!   (open documents as they stand in the editor, unsaved edits included),
//!   writes the dataset to a file inside the workspace and returns
//!   `{"path": …, "documents": n, "skipped": […]}`. Personal data is left
//!   out, as `foil extract` does by default. The file is written only inside
//!   the workspace's real folder, never through a symbolic link, never over a
//!   response or `foil.toml`, and over an existing file only with
//!   `"overwrite": true`.
//! - `foil.verifyAll` — arguments `[uri]`. Asks the client to apply the "verify
//!   all answers" edit to that document; returns whether it was applied.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value as Json};

use crate::export::{self, Document};
use crate::lsp::setup::Setup;
use crate::workspace;

pub const EXPORT_DATASET: &str = "foil.exportDataset";
pub const VERIFY_ALL: &str = "foil.verifyAll";
pub const ALL: &[&str] = &[EXPORT_DATASET, VERIFY_ALL];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    fn parse(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!(
                "unknown dataset format {other:?} (expected csv or json)"
            )),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportArgs {
    pub format: Format,
    pub output: Option<String>,
    /// Whether an existing file (an earlier export) may be replaced.
    pub overwrite: bool,
}

pub fn export_args(args: &[Json]) -> Result<ExportArgs, String> {
    let (format, output, overwrite) = match args {
        [] => (None, None, false),
        [Json::Object(map)] => (
            map.get("format").and_then(Json::as_str),
            map.get("output").and_then(Json::as_str),
            map.get("overwrite").and_then(Json::as_bool).unwrap_or(false),
        ),
        [Json::String(f)] => (Some(f.as_str()), None, false),
        [Json::String(f), Json::String(o)] => (Some(f.as_str()), Some(o.as_str()), false),
        _ => {
            return Err(format!(
                "{EXPORT_DATASET} takes [{{\"format\": \"csv\"|\"json\", \"output\": path, \"overwrite\": bool}}]"
            ))
        }
    };
    Ok(ExportArgs {
        format: format
            .map(Format::parse)
            .transpose()?
            .unwrap_or(Format::Csv),
        output: output.filter(|o| !o.trim().is_empty()).map(str::to_string),
        overwrite,
    })
}

/// The file to write: `output` taken relative to `root` (or absolute), which
/// must stay inside `root`.
pub fn output_path(root: &Path, output: Option<&str>, format: Format) -> Result<PathBuf, String> {
    let default = format!("foil-dataset.{}", format.extension());
    let wanted = Path::new(output.unwrap_or(&default));
    let joined = if wanted.is_absolute() {
        wanted.to_path_buf()
    } else {
        root.join(wanted)
    };
    // Lexical normalisation: the file may not exist yet, so no canonicalize.
    let mut normal = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                if !normal.pop() {
                    return Err(format!("{} leaves the workspace", wanted.display()));
                }
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    if !normal.starts_with(root) || normal == root {
        return Err(format!(
            "the dataset must be written inside the workspace ({}), not to {}",
            root.display(),
            wanted.display()
        ));
    }
    Ok(normal)
}

fn is_text_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// The real folder `path` would be written in: its nearest existing
/// ancestor with every link resolved, which must lie inside `root`'s real
/// folder. Folders still to be made are made only after that check.
fn real_folder(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let folder = path.parent().unwrap_or(root);
    let mut existing = folder;
    while !existing.exists() {
        existing = existing.parent().unwrap_or(root);
    }
    let real = existing
        .canonicalize()
        .map_err(|e| format!("{}: {e}", existing.display()))?;
    if !real.starts_with(&real_root) {
        return Err(format!(
            "{} is not inside the workspace: {} leads to {}",
            path.display(),
            existing.display(),
            real.display()
        ));
    }
    Ok(real.join(folder.strip_prefix(existing).unwrap_or(Path::new(""))))
}

/// Whether the dataset may be written to `path` (see the module's notes);
/// `is_response` says which files are responses.
fn check_target(
    root: &Path,
    path: &Path,
    overwrite: bool,
    is_response: impl Fn(&Path) -> bool,
) -> Result<(), String> {
    real_folder(root, path)?;
    let shown = path.display();
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(()); // a new file
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{shown} is a symbolic link: the dataset is not written through links"
        ));
    }
    if !meta.is_file() {
        return Err(format!("{shown} exists and is not a file"));
    }
    let is_config = path.file_name().is_some_and(|n| n == "foil.toml");
    if is_config || is_response(path) {
        return Err(format!(
            "{shown} is {}: the dataset is never written over it",
            if is_config {
                "foil's settings"
            } else {
                "a response"
            }
        ));
    }
    if !overwrite {
        return Err(format!(
            "{shown} already exists: pass \"overwrite\": true to replace it"
        ));
    }
    Ok(())
}

/// Writes `body` to `path` after [`check_target`]: a new file is created
/// only if nothing (not even a link) appeared there meanwhile; an existing
/// one is replaced by renaming a new file over it, which replaces a link
/// rather than following it.
fn write_inside(
    root: &Path,
    path: &Path,
    body: &[u8],
    overwrite: bool,
    is_response: impl Fn(&Path) -> bool,
) -> Result<(), String> {
    check_target(root, path, overwrite, is_response)?;
    let folder = real_folder(root, path)?;
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    // Made now: check again that no link led the new folders outside.
    real_folder(root, path)?;
    let name = path.file_name().unwrap_or_default();
    let target = folder.join(name);
    let failed = |at: &Path, e: std::io::Error| format!("{}: {e}", at.display());
    let create_new = |at: &Path| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(at)
    };
    if std::fs::symlink_metadata(&target).is_err() {
        let mut file = create_new(&target).map_err(|e| failed(path, e))?;
        return file.write_all(body).map_err(|e| failed(path, e));
    }
    let temporary = folder.join(format!(
        ".{}.foil-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_file(&temporary);
    let written = create_new(&temporary).and_then(|mut file| file.write_all(body));
    if let Err(e) = written.and_then(|()| std::fs::rename(&temporary, &target)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(path, e));
    }
    Ok(())
}

#[derive(Debug)]
pub struct Exported {
    pub path: PathBuf,
    pub documents: usize,
    /// Files that could not be read, each with the reason.
    pub skipped: Vec<String>,
}

impl Exported {
    pub fn to_json(&self) -> Json {
        json!({
            "path": self.path.display().to_string(),
            "documents": self.documents,
            "skipped": self.skipped,
        })
    }
}

/// The dataset being written, one document at a time, so no more than one
/// analysis is held at once.
enum Dataset {
    Csv(export::CsvTable),
    Json(export::JsonArray<Vec<u8>>),
}

impl Dataset {
    fn new(format: Format) -> Dataset {
        match format {
            Format::Csv => Dataset::Csv(export::CsvTable::new(false)),
            Format::Json => Dataset::Json(export::JsonArray::new(Vec::new())),
        }
    }

    fn add(&mut self, doc: &Document) -> Result<(), String> {
        match self {
            Dataset::Csv(table) => table.add(doc),
            Dataset::Json(array) => array.push_document(doc).map_err(|e| e.to_string())?,
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, String> {
        match self {
            Dataset::Csv(table) => Ok(table.finish().into_bytes()),
            Dataset::Json(array) => array.finish().map_err(|e| e.to_string()),
        }
    }
}

/// Reads every FOI response under `root` (preferring the editor's text of open
/// documents) and writes the dataset.
pub fn export_dataset(
    root: &Path,
    setup: &Setup,
    open: &HashMap<PathBuf, String>,
    args: &ExportArgs,
) -> Result<Exported, String> {
    let path = output_path(root, args.output.as_deref(), args.format)?;
    // Refused before the work of reading every response.
    check_target(root, &path, args.overwrite, |p| {
        setup.is_candidate(Some(p)) || is_text_file(p)
    })?;
    let (files, errors) =
        workspace::walk_filtered(&[root.to_path_buf()], |p| setup.is_candidate(Some(p)));
    let mut skipped: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let engine = &setup.workspace.engine;
    let mut dataset = Dataset::new(args.format);
    let mut documents = 0;
    for file in files {
        if file == path {
            continue;
        }
        let text = match open.get(&file) {
            Some(text) => text.clone(),
            None => match workspace::read_response(&file) {
                Ok(decoded) => decoded.text,
                Err(e) => {
                    skipped.push(e.to_string());
                    continue;
                }
            },
        };
        if text.len() > setup.max_document_bytes {
            skipped.push(format!(
                "{}: larger than the document size limit",
                file.display()
            ));
            continue;
        }
        let analysis = engine.analyze(&text);
        if setup.is_included(Some(&file)) || analysis.looks_like_foi || analysis.schema.is_some() {
            let shown = file
                .strip_prefix(root)
                .unwrap_or(&file)
                .display()
                .to_string();
            dataset.add(&Document {
                path: &shown,
                text: &text,
                analysis: &analysis,
            })?;
            documents += 1;
        }
    }
    let body = dataset.finish()?;
    write_inside(root, &path, &body, args.overwrite, |p| {
        setup.is_candidate(Some(p)) || is_text_file(p)
    })?;
    Ok(Exported {
        path,
        documents,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_in_either_shape() {
        assert_eq!(
            export_args(&[json!({"format": "json", "output": "out/data.json"})]).unwrap(),
            ExportArgs {
                format: Format::Json,
                output: Some("out/data.json".into()),
                overwrite: false,
            }
        );
        assert_eq!(
            export_args(&[json!("CSV")]).unwrap(),
            ExportArgs {
                format: Format::Csv,
                output: None,
                overwrite: false,
            }
        );
        assert_eq!(export_args(&[]).unwrap().format, Format::Csv);
        assert!(export_args(&[json!("xlsx")]).unwrap_err().contains("xlsx"));
        assert!(export_args(&[json!(1), json!(2), json!(3)]).is_err());
    }

    #[test]
    fn output_stays_inside_the_workspace() {
        let root = Path::new("/ws");
        assert_eq!(
            output_path(root, None, Format::Csv).unwrap(),
            Path::new("/ws/foil-dataset.csv")
        );
        assert_eq!(
            output_path(root, Some("out/../data.json"), Format::Json).unwrap(),
            Path::new("/ws/data.json")
        );
        assert_eq!(
            output_path(root, Some("/ws/sub/x.csv"), Format::Csv).unwrap(),
            Path::new("/ws/sub/x.csv")
        );
        assert!(output_path(root, Some("../escape.csv"), Format::Csv).is_err());
        assert!(output_path(root, Some("/etc/passwd"), Format::Csv).is_err());
        assert!(output_path(root, Some("."), Format::Csv).is_err());
    }
}
