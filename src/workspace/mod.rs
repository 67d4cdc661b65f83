//! Files on disk: reading and decoding responses, walking folders, finding and
//! loading `foil.toml`. The CLI and the language server share all of it.
//!
//! - [`decode`](mod@decode): bytes to text (UTF-8, UTF-16, Windows-1252, binary refused).
//! - [`walk`](mod@walk): command-line paths to the files to read.
//! - [`project`]: the [`Workspace`] a `foil.toml` describes.
//! - [`loaded`]: one response read and analysed.

pub mod decode;
pub mod loaded;
pub mod project;
pub mod walk;

use std::path::Path;

pub use decode::{decode, decode_with_encoding, encode, Decoded, Encoding};
pub use loaded::Loaded;
pub use project::{Workspace, Workspaces};
pub use walk::{walk_filtered, ReadError};

/// Reads and decodes one response file.
pub fn read_response(path: &Path) -> Result<Decoded, ReadError> {
    read_response_with_encoding(path).map(|(decoded, _)| decoded)
}

/// [`read_response`], also saying which encoding the file was in.
pub fn read_response_with_encoding(path: &Path) -> Result<(Decoded, Encoding), ReadError> {
    let bytes = std::fs::read(path).map_err(|e| ReadError::io(path, &e))?;
    decode_with_encoding(&bytes).map_err(|reason| ReadError::new(path, reason))
}
