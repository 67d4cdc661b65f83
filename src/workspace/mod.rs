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

/// Reads and decodes one response file of at most the default size limit
/// (see [`read_response_with_encoding`]).
pub fn read_response(path: &Path) -> Result<Decoded, ReadError> {
    let limit = crate::engine::Config::default().max_response_bytes();
    read_response_with_encoding(path, limit).map(|(decoded, _)| decoded)
}

/// Reads and decodes one response file, also saying which encoding it was in.
///
/// Only regular files are read: a FIFO, socket or device is refused without
/// being opened (opening a FIFO waits for a writer, forever). A file over
/// `max_bytes` is refused without being read, and so is one that memory
/// cannot hold: one file never stops the others.
pub fn read_response_with_encoding(
    path: &Path,
    max_bytes: u64,
) -> Result<(Decoded, Encoding), ReadError> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| ReadError::io(path, &e))?;
    if meta.is_dir() {
        return Err(ReadError::new(path, "is a folder"));
    }
    if !meta.is_file() {
        return Err(ReadError::new(path, walk::not_regular(meta.file_type())));
    }
    let too_large = |size: u64| {
        ReadError::new(
            path,
            format!(
                "{} is over the {} limit for a response, not read (max_response_mb in foil.toml raises it)",
                megabytes(size),
                megabytes(max_bytes)
            ),
        )
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(meta.len() as usize)
        .map_err(|_| ReadError::new(path, "not enough memory to read it"))?;
    let file = std::fs::File::open(path).map_err(|e| ReadError::io(path, &e))?;
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::io(path, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64)); // it grew meanwhile
    }
    decode_with_encoding(&bytes).map_err(|reason| ReadError::new(path, reason))
}

/// `51.0 MB`: sizes in megabytes of 2^20 bytes, as the limit is set.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}
