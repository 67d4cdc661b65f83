//! Files on disk: reading and decoding responses, walking folders, finding and
//! loading `foil.toml`. Being written on the `cli` branch: these signatures are
//! the contract the CLI and the language server share.

use std::path::{Path, PathBuf};

use crate::engine::Engine;

/// A response's text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when the bytes were not UTF-8 and were decoded another way
    /// ("decoded as Windows-1252").
    pub note: Option<String>,
}

/// Why a file could not be read; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ReadError {
    pub path: String,
    pub reason: String,
}

/// Decodes bytes: UTF-8 (BOM stripped), else Windows-1252 with a note; binary
/// data (NUL bytes) is refused.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    std::str::from_utf8(bytes)
        .map(|s| Decoded {
            text: s.to_string(),
            note: None,
        })
        .map_err(|e| e.to_string())
}

/// Reads and decodes one response file.
pub fn read_response(path: &Path) -> Result<Decoded, ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    decode(&bytes).map_err(|reason| ReadError {
        path: path.display().to_string(),
        reason,
    })
}

/// The files to read for these command-line paths: files as given, folders walked
/// for `*.txt` and `*.md` in sorted order. Paths that cannot be walked are
/// returned as errors.
pub fn walk(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    (paths.to_vec(), Vec::new())
}

/// A workspace: its root (where `foil.toml` is), settings and engine.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    pub root: Option<PathBuf>,
    pub engine: Engine,
}

impl Workspace {
    /// The workspace around `start`: the nearest folder at or above it with a
    /// `foil.toml`, or defaults when there is none.
    pub fn discover(start: &Path) -> anyhow::Result<Workspace> {
        let _ = start;
        Ok(Workspace::default())
    }

    /// Whether `path` is an FOI response by the workspace's include/exclude globs
    /// (by default `*.txt` and `*.md`).
    pub fn is_response(&self, path: &Path) -> bool {
        matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md")
        )
    }
}
