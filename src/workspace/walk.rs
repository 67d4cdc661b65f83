//! Which files the command-line paths name: files as given, folders walked by
//! `ignore` (ripgrep's walker).

use std::io;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// Why a file could not be read; the message names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ReadError {
    pub path: String,
    pub reason: String,
    /// Met while walking a folder and left out (a FIFO, a dangling link, a
    /// link loop), rather than a file that should have been read and was not.
    pub skipped: bool,
}

impl ReadError {
    pub fn new(path: &Path, reason: impl Into<String>) -> ReadError {
        ReadError {
            path: path.display().to_string(),
            reason: reason.into(),
            skipped: false,
        }
    }

    pub fn io(path: &Path, error: &io::Error) -> ReadError {
        ReadError::new(path, describe_io_error(error))
    }

    fn skipped(path: &Path, reason: impl Into<String>) -> ReadError {
        ReadError {
            skipped: true,
            ..ReadError::new(path, reason)
        }
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

/// `*.txt` and `*.md`, the default shape of a response file.
pub fn has_response_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

/// The files to read for these command-line paths: files as given, folders
/// walked for the files for which `wanted` holds. Paths that cannot be walked
/// are returned as errors.
///
/// Files named on the command line are always kept. Folders are walked in
/// sorted order as ripgrep walks them: hidden entries and what `.gitignore`,
/// `.ignore` and git's excludes list are left out (in a git repository or
/// not), and links are followed. A FIFO, socket or device, a dangling link
/// that `wanted` would take, and a link loop are each returned once as a
/// skipped error, never opened. A path given twice is kept once.
pub fn walk_filtered(
    paths: &[PathBuf],
    mut wanted: impl FnMut(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk_folder(path, &mut wanted, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(ReadError::io(path, &e)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    let mut seen = std::collections::HashSet::new();
    errors.retain(|e| seen.insert(e.path.clone()));
    (files, errors)
}

fn walk_folder(
    folder: &Path,
    wanted: &mut impl FnMut(&Path) -> bool,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<ReadError>,
) {
    let walk = WalkBuilder::new(folder)
        .follow_links(true)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walk {
        match entry {
            Ok(entry) => {
                let Some(kind) = entry.file_type().filter(|k| !k.is_dir()) else {
                    continue;
                };
                let path = entry.into_path();
                if !wanted(&path) {
                    continue;
                }
                if kind.is_file() {
                    files.push(path);
                } else {
                    errors.push(ReadError::skipped(&path, not_regular(kind)));
                }
            }
            Err(error) => {
                if let Some(error) = walk_error(error, wanted) {
                    errors.push(error);
                }
            }
        }
    }
}

/// What the walker could not follow or read, as said to the user.
fn walk_error(error: ignore::Error, wanted: &mut impl FnMut(&Path) -> bool) -> Option<ReadError> {
    let mut error = &error;
    let mut at = None;
    loop {
        match error {
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err;
            }
            ignore::Error::WithPath { path, err } => {
                at = Some(path.clone());
                error = err;
            }
            ignore::Error::Loop { ancestor, child } => {
                let reason = format!("link loop back to {}, not followed", ancestor.display());
                return Some(ReadError::skipped(child, reason));
            }
            ignore::Error::Io(io) => {
                let path = at?;
                let is_link = path.symlink_metadata().is_ok_and(|m| m.is_symlink());
                return if is_link && io.kind() == io::ErrorKind::NotFound {
                    wanted(&path).then(|| ReadError::skipped(&path, "dangling link, skipped"))
                } else {
                    Some(ReadError::io(&path, io))
                };
            }
            // A bad pattern in an ignore file: said, and the walk goes on.
            other => {
                let path = at.unwrap_or_default();
                return Some(ReadError::skipped(&path, other.to_string()));
            }
        }
    }
}

/// Why a file that is neither a regular file nor a folder is not read.
pub(crate) fn not_regular(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO, not a regular file; skipped";
        }
        if kind.is_socket() {
            return "a socket, not a regular file; skipped";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device, not a regular file; skipped";
        }
    }
    let _ = kind;
    "not a regular file; skipped"
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
        std::fs::write(dir.join(".gitignore"), "target/\nnode_modules/\n").unwrap();
        for rel in [
            "b.txt",
            "a.md",
            "sub/c.txt",
            "sub/deeper/d.TXT",
            "notes.docx",
            ".hidden/e.txt",
            ".f.txt",
            "sub/.ignore",
            "sub/drafts/x.txt",
            "target/g.txt",
            "node_modules/h.md",
            "z.txt",
        ] {
            touch(&dir, rel);
        }
        std::fs::write(dir.join("sub/.ignore"), "drafts/\n").unwrap();
        let (files, errors) = walk_filtered(std::slice::from_ref(&dir), has_response_extension);
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
        let (files, errors) = walk_filtered(&paths, has_response_extension);
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

    #[cfg(unix)]
    #[test]
    fn special_files_dangling_links_and_loops_are_reported_once_and_never_opened() {
        use std::os::unix::fs::symlink;
        let dir = scratch("special");
        touch(&dir, "a.txt");
        touch(&dir, "sub/b.txt");
        let fifo = dir.join("fifo.txt");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.md")).unwrap();
        symlink(dir.join("missing.txt"), dir.join("dangling.txt")).unwrap();
        symlink(dir.join("missing.pdf"), dir.join("dangling.pdf")).unwrap();
        symlink(dir.join("a.txt"), dir.join("c.txt")).unwrap();
        symlink(dir.join("sub"), dir.join("linked")).unwrap();
        std::fs::create_dir_all(dir.join("cycle")).unwrap();
        symlink(dir.join("cycle"), dir.join("cycle/back")).unwrap();

        // The folder named twice: still one line each.
        let (files, errors) = walk_filtered(&[dir.clone(), dir.clone()], has_response_extension);
        let rel = |p: &str| p.strip_prefix(dir.to_str().unwrap()).unwrap().to_string();
        let files: Vec<String> = files.iter().map(|f| rel(f.to_str().unwrap())).collect();
        assert_eq!(files, ["/a.txt", "/c.txt", "/linked/b.txt", "/sub/b.txt"]);
        let errors: Vec<(String, &str, bool)> = errors
            .iter()
            .map(|e| (rel(&e.path), e.reason.as_str(), e.skipped))
            .collect();
        let cycle = dir.join("cycle");
        let loop_reason = format!("link loop back to {}, not followed", cycle.display());
        assert_eq!(
            errors,
            [
                ("/cycle/back".to_string(), loop_reason.as_str(), true),
                ("/dangling.txt".to_string(), "dangling link, skipped", true),
                (
                    "/fifo.txt".to_string(),
                    "a FIFO, not a regular file; skipped",
                    true
                ),
                (
                    "/sock.md".to_string(),
                    "a socket, not a regular file; skipped",
                    true
                ),
            ]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
