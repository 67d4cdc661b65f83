//! One response read from disk and analysed.
//!
//! Responses are read one at a time on one thread: on the 2-core machine this
//! was measured on (`cargo bench --bench extract`, 1,000 responses), reading
//! them on two threads was no faster than on one (3.68 s against 3.51 s) and
//! used more CPU time in all, so the threaded path was removed.

use std::path::{Path, PathBuf};

use crate::engine::model::Analysis;
use crate::export::Document;
use crate::workspace::decode::Encoding;
use crate::workspace::walk::ReadError;
use crate::workspace::{read_response_with_encoding, Workspace};

/// One response read from disk and analysed.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// The path as given (or as found in a walked folder), for output.
    pub display: String,
    pub text: String,
    /// Set when the file was not UTF-8 (see [`crate::workspace::decode()`]).
    pub note: Option<String>,
    pub encoding: Encoding,
    pub analysis: Analysis,
}

impl Loaded {
    /// The view of it that goes into a dataset.
    pub fn document(&self) -> Document<'_> {
        Document {
            path: &self.display,
            text: &self.text,
            analysis: &self.analysis,
        }
    }
}

impl Workspace {
    /// Reads and analyses one file.
    pub fn read_one(&self, path: &Path) -> Result<Loaded, ReadError> {
        let limit = self.engine.config().max_response_bytes();
        let (decoded, encoding) = read_response_with_encoding(path, limit)?;
        let analysis = self.engine.analyze(&decoded.text);
        Ok(Loaded {
            path: path.to_path_buf(),
            display: path.display().to_string(),
            text: decoded.text,
            note: decoded.note,
            encoding,
            analysis,
        })
    }
}
