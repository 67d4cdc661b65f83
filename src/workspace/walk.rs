//! Which files the command-line paths name: files as given, folders walked.

use std::io;
use std::path::{Path, PathBuf};

/// Why a file could not be read; the message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ReadError {
    pub path: String,
    pub reason: String,
}

impl ReadError {
    pub fn new(path: &Path, reason: impl Into<String>) -> ReadError {
        ReadError {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }

    pub fn io(path: &Path, error: &io::Error) -> ReadError {
        ReadError::new(path, describe_io_error(error))
    }
}

/// A short lowercase reason, without the "(os error 2)" tail.
pub fn describe_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            }
        }
    }
}

/// The files to read for these command-line paths: files as given, folders walked
/// for `*.txt` and `*.md` in sorted order. Paths that cannot be walked are
/// returned as errors.
pub fn walk(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    walk_filtered(paths, has_response_extension)
}

/// `*.txt` and `*.md`, the default shape of a response file.
pub fn has_response_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// Like [`walk`], keeping the files found in folders for which `wanted` holds.
///
/// Files named on the command line are always kept. Inside folders, hidden
/// entries (a name starting with `.`), `target` and `node_modules` are skipped and
/// symbolic links to folders are not followed (no cycles). A path given twice is
/// kept once.
pub fn walk_filtered(
    paths: &[PathBuf],
    mut wanted: impl FnMut(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                walk_folder(path, &mut wanted, &mut found, &mut errors);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(ReadError::io(path, &e)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    (files, errors)
}

fn walk_folder(
    folder: &Path,
    wanted: &mut impl FnMut(&Path) -> bool,
    found: &mut Vec<PathBuf>,
    errors: &mut Vec<ReadError>,
) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(ReadError::io(folder, &e));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(ReadError::io(folder, &e));
                continue;
            }
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // `file_type` does not follow symbolic links, so linked folders are skipped.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if name != "target" && name != "node_modules" {
                walk_folder(&path, wanted, found, errors);
            }
        } else if (kind.is_file() || is_link_to_file(&path)) && wanted(&path) {
            found.push(path);
        }
    }
}

fn is_link_to_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("foil-walk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn touch(dir: &Path, rel: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }

    #[test]
    fn folders_are_walked_sorted_and_filtered() {
        let dir = scratch("sorted");
        for rel in [
            "b.txt",
            "a.md",
            "sub/c.txt",
            "sub/deeper/d.TXT",
            "notes.docx",
            ".hidden/e.txt",
            ".f.txt",
            "target/g.txt",
            "node_modules/h.md",
            "z.txt",
        ] {
            touch(&dir, rel);
        }
        let (files, errors) = walk(std::slice::from_ref(&dir));
        assert!(errors.is_empty(), "{errors:?}");
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&dir).unwrap().display().to_string())
            .collect();
        assert_eq!(
            rel,
            ["a.md", "b.txt", "sub/c.txt", "sub/deeper/d.TXT", "z.txt"]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn files_keep_their_order_and_missing_paths_are_errors() {
        let dir = scratch("order");
        touch(&dir, "z.txt");
        touch(&dir, "data.csv");
        touch(&dir, "folder/a.txt");
        let paths = vec![
            dir.join("z.txt"),
            dir.join("missing.txt"),
            dir.join("data.csv"),
            dir.join("folder"),
            dir.join("z.txt"),
        ];
        let (files, errors) = walk(&paths);
        assert_eq!(
            files,
            [
                dir.join("z.txt"),
                dir.join("data.csv"),
                dir.join("folder/a.txt")
            ]
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].path.ends_with("missing.txt"));
        assert_eq!(errors[0].reason, "no such file or folder");
        assert!(errors[0].to_string().contains("missing.txt: no such file"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
