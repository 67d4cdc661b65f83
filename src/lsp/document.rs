//! An open document's text: a rope edited in place by incremental changes.

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::position::{char_index, Encoding};

/// The text of an open document at a version.
#[derive(Debug, Clone)]
pub struct DocumentText {
    pub rope: Rope,
    pub version: i32,
}

/// What applying a batch of changes had to repair.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ChangeReport {
    /// Ranges that pointed outside the document (or were reversed) and were clamped.
    pub clamped: usize,
    /// The version did not increase.
    pub version_went_back: bool,
}

impl DocumentText {
    pub fn new(text: &str, version: i32) -> Self {
        DocumentText {
            rope: Rope::from_str(text),
            version,
        }
    }

    /// Applies `changes` in order (each relative to the text the previous one
    /// left) and moves to `version`.
    ///
    /// A version that does not increase is reported but the changes are still
    /// applied: they arrive in the order the client made them, so applying them
    /// keeps the text in step with the client's.
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        version: i32,
        encoding: Encoding,
    ) -> ChangeReport {
        let mut report = ChangeReport {
            version_went_back: version <= self.version,
            ..ChangeReport::default()
        };
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = char_index(&self.rope, range.start, encoding);
                    let end = char_index(&self.rope, range.end, encoding);
                    let (mut a, mut b) = (start.value, end.value);
                    if a > b {
                        std::mem::swap(&mut a, &mut b);
                        report.clamped += 1;
                    } else if start.clamped || end.clamped {
                        report.clamped += 1;
                    }
                    if a < b {
                        self.rope.remove(a..b);
                    }
                    if !change.text.is_empty() {
                        self.rope.insert(a, &change.text);
                    }
                }
            }
        }
        self.version = version;
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn applies_changes_in_sequence() {
        let mut doc = DocumentText::new("£1 – x\r\n😀y\n", 1);
        let report = doc.apply(
            &[
                change(0, 1, 0, 2, "2"),        // £1 → £2 (UTF-16: £ is one unit)
                change(1, 2, 1, 3, "z"),        // after the emoji's two units
                change(0, 6, 1, 0, " joined "), // removes the CRLF
            ],
            2,
            Encoding::Utf16,
        );
        assert_eq!(report, ChangeReport::default());
        assert_eq!(doc.rope.to_string(), "£2 – x joined 😀z\n");
        assert_eq!(doc.version, 2);
    }

    #[test]
    fn full_replacement_and_repairs() {
        let mut doc = DocumentText::new("abc", 3);
        let report = doc.apply(
            &[
                TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: "new text".into(),
                },
                change(0, 5, 0, 3, ""),  // reversed: swapped
                change(7, 0, 9, 9, "!"), // past the end: appended
            ],
            3,
            Encoding::Utf8,
        );
        assert_eq!(doc.rope.to_string(), "newext!");
        assert_eq!(report.clamped, 2);
        assert!(report.version_went_back);
    }
}
