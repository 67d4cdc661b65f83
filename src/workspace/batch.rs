//! Reading and analysing many responses at once.
//!
//! One thread by default: on the 2-core machine this was measured on
//! (`cargo bench --bench extract`, 1,000 responses), two threads were no faster
//! than one (3.68 s against 3.51 s) and used more CPU time in all, so the
//! threads do not pay for themselves. [`Workspace::read_all_on`] keeps the
//! parallel path, and the benchmark keeps comparing the two.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// The responses that were read, in input order, and the files that could not be.
#[derive(Debug, Default)]
pub struct Batch {
    pub documents: Vec<Loaded>,
    /// Paths that could not be walked first, then files that could not be read,
    /// each in input order.
    pub errors: Vec<ReadError>,
}

impl Batch {
    pub fn documents(&self) -> Vec<Document<'_>> {
        self.documents.iter().map(Loaded::document).collect()
    }
}

impl Workspace {
    /// Walks `paths` (see [`Workspace::walk`]), reads every file and analyses it.
    pub fn read_all(&self, paths: &[PathBuf]) -> Batch {
        self.read_all_on(paths, 1)
    }

    /// [`read_all`](Self::read_all) on up to `threads` threads; the order of the
    /// results does not depend on them.
    pub fn read_all_on(&self, paths: &[PathBuf], threads: usize) -> Batch {
        let (files, mut errors) = self.walk(paths);
        let results = map_parallel(&files, threads, |path| self.read_one(path));
        let mut documents = Vec::with_capacity(results.len());
        for result in results {
            match result {
                Ok(loaded) => documents.push(loaded),
                Err(e) => errors.push(e),
            }
        }
        Batch { documents, errors }
    }

    /// Reads and analyses one file.
    pub fn read_one(&self, path: &Path) -> Result<Loaded, ReadError> {
        let (decoded, encoding) = read_response_with_encoding(path)?;
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

/// `f` over `items` on up to `threads` threads, results in the same order.
pub fn map_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    // Threads take the next item from a shared counter, so one slow file does
    // not hold up a whole pre-assigned share.
    let next = AtomicUsize::new(0);
    let mut indexed: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    indexed.sort_unstable_by_key(|(i, _)| *i);
    indexed.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_order() {
        let items: Vec<usize> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let doubled = map_parallel(&items, threads, |n| n * 2);
            assert_eq!(doubled, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
        assert!(map_parallel(&[] as &[u8], 4, |b| *b).is_empty());
    }
}
