//! Positions: converting between byte offsets (what the engine speaks) and LSP
//! `Position`s (line plus a column in the negotiated encoding) over a rope.
//!
//! Lines break at `\n`, `\r\n` and a lone `\r`, as LSP and the engine agree.
//! Columns count UTF-8 bytes, UTF-16 code units or characters. Positions past
//! the end of a line or of the document are clamped, never a panic.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// The unit columns are counted in, as negotiated at `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// LSP's default, which every client must support.
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// The encoding to use given what the client offers: UTF-8 when offered (no
    /// conversion at all), else UTF-32 when offered, else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }
}

/// A converted position, and whether it had to be moved to be valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clamped<T> {
    pub value: T,
    pub clamped: bool,
}

/// Char index of the end of `line`'s content (before its line break).
fn line_end_char(rope: &Rope, line: usize) -> usize {
    let next = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        return rope.len_chars();
    };
    let mut end = next;
    if end > 0 && rope.char(end - 1) == '\n' {
        end -= 1;
        if end > 0 && rope.char(end - 1) == '\r' {
            end -= 1;
        }
    } else if end > 0 && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    end
}

/// The char index `position` designates in `rope`, clamped to the document.
pub fn char_index(rope: &Rope, position: Position, encoding: Encoding) -> Clamped<usize> {
    let line = position.line as usize;
    let column = position.character as usize;
    if line >= rope.len_lines() {
        return Clamped {
            value: rope.len_chars(),
            clamped: true,
        };
    }
    let start = rope.line_to_char(line);
    let end = line_end_char(rope, line);
    let (value, clamped) = match encoding {
        Encoding::Utf32 => {
            let target = start + column;
            (target.min(end), target > end)
        }
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(start);
            let end_cu = rope.char_to_utf16_cu(end);
            let target = start_cu + column;
            if target > end_cu {
                (end, true)
            } else {
                let c = rope.utf16_cu_to_char(target);
                // Inside a surrogate pair: floor to the character's start.
                (c, rope.char_to_utf16_cu(c) != target)
            }
        }
        Encoding::Utf8 => {
            let start_b = rope.char_to_byte(start);
            let end_b = rope.char_to_byte(end);
            let target = start_b + column;
            if target > end_b {
                (end, true)
            } else {
                let c = rope.byte_to_char(target);
                (c, rope.char_to_byte(c) != target)
            }
        }
    };
    Clamped { value, clamped }
}

/// The byte offset `position` designates in `rope`, clamped to the document
/// and floored to a character boundary.
pub fn byte_offset(rope: &Rope, position: Position, encoding: Encoding) -> Clamped<usize> {
    let c = char_index(rope, position, encoding);
    Clamped {
        value: rope.char_to_byte(c.value),
        clamped: c.clamped,
    }
}

/// The position of byte `offset` in `rope`; an offset past the end or inside a
/// character is clamped to the end or floored to the character's start, and an
/// offset inside a line break to the end of its line.
pub fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let c = rope.byte_to_char(offset);
    position_of_char(rope, c, encoding)
}

/// The position of char index `c` in `rope` (clamped like [`position`]).
pub fn position_of_char(rope: &Rope, c: usize, encoding: Encoding) -> Position {
    let c = c.min(rope.len_chars());
    let line = rope.char_to_line(c);
    let start = rope.line_to_char(line);
    let c = c.min(line_end_char(rope, line));
    let column = match encoding {
        Encoding::Utf32 => c - start,
        Encoding::Utf16 => rope.char_to_utf16_cu(c) - rope.char_to_utf16_cu(start),
        Encoding::Utf8 => rope.char_to_byte(c) - rope.char_to_byte(start),
    };
    Position::new(saturate(line), saturate(column))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where each line of a text starts, for converting many byte offsets to
/// positions in O(log lines) each without walking a rope: a large response's
/// thousands of diagnostics need two conversions apiece.
///
/// Gives exactly what [`position`] gives on a rope of the same text.
#[derive(Debug, Default)]
pub struct LineIndex {
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<u32>,
}

/// Columns further than this from the start of their line are counted by the
/// rope instead (in O(log n)): scanning would be quadratic on one huge line.
pub const MAX_SCAN: usize = 4096;

impl LineIndex {
    /// The index of `text`, or `None` for a text too long for 32-bit offsets.
    pub fn new(text: &str) -> Option<LineIndex> {
        u32::try_from(text.len()).ok()?;
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(at) = find_break(&bytes[i..]) {
            let at = i + at;
            // A CR followed by LF is one break.
            i = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(i as u32);
        }
        starts.shrink_to_fit();
        Some(LineIndex { starts })
    }

    /// The position of byte `offset` in `text` (the text the index was built
    /// from), clamped like [`position`]; `None` when the column lies more than
    /// [`MAX_SCAN`] bytes into its line and is better counted by the rope.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Option<Position> {
        self.position_near(text, offset, encoding, &mut 0)
    }

    /// [`LineIndex::position`], looking first at the line `near` (which it then
    /// sets to the line found): offsets converted in text order, as a
    /// document's sorted findings are, take a step each instead of a search.
    pub fn position_near(
        &self,
        text: &str,
        offset: usize,
        encoding: Encoding,
        near: &mut usize,
    ) -> Option<Position> {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let line = self.line_of(offset, *near);
        *near = line;
        let start = self.starts[line] as usize;
        // The end of the line's content: before its break (if any).
        let mut end = match self.starts.get(line + 1) {
            Some(&next) => next as usize,
            None => bytes.len(),
        };
        if end > start && line + 1 < self.starts.len() {
            end -= 1;
            if bytes[end] == b'\n' && end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        let mut offset = offset.min(end);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset - start > MAX_SCAN {
            return None;
        }
        let prefix = &text[start..offset];
        let column = if prefix.is_ascii() || encoding == Encoding::Utf8 {
            prefix.len()
        } else if encoding == Encoding::Utf32 {
            prefix.chars().count()
        } else {
            prefix.chars().map(char::len_utf16).sum()
        };
        Some(Position::new(saturate(line), saturate(column)))
    }

    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// The last line starting at or before `offset`, tried from line `near`
    /// and the few after it before searching.
    fn line_of(&self, offset: usize, near: usize) -> usize {
        let starts_by = |line: usize| self.starts.get(line).is_some_and(|&s| s as usize <= offset);
        if starts_by(near) {
            if let Some(line) = (near..near + 8).find(|&line| !starts_by(line + 1)) {
                return line;
            }
        }
        self.starts.partition_point(|&s| s as usize <= offset) - 1
    }
}

/// The first line break byte (`\n` or `\r`) in `bytes`.
fn find_break(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "£60k – 80k\r\nit’s 😀 done\rlast\nend";

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(Some(&[K::UTF16, K::UTF32])),
            Encoding::Utf32
        );
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16])), Encoding::Utf16);
    }

    #[test]
    fn every_encoding_round_trips_every_boundary() {
        let rope = Rope::from_str(TEXT);
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, ch) in TEXT.char_indices() {
                if ch == '\n' && TEXT[..offset].ends_with('\r') {
                    continue; // between CR and LF: not addressable
                }
                let p = position(&rope, offset, enc);
                let back = byte_offset(&rope, p, enc);
                assert_eq!(back.value, offset, "{enc:?} {p:?} {ch:?}");
                assert!(!back.clamped);
            }
        }
    }

    #[test]
    fn columns_count_in_the_negotiated_unit() {
        let rope = Rope::from_str(TEXT);
        let done = TEXT.find("done").unwrap();
        // "it’s 😀 " : ’ is 3 bytes / 1 unit; 😀 is 4 bytes / 2 UTF-16 units.
        assert_eq!(position(&rope, done, Encoding::Utf8), pos(1, 12));
        assert_eq!(position(&rope, done, Encoding::Utf16), pos(1, 8));
        assert_eq!(position(&rope, done, Encoding::Utf32), pos(1, 7));
        let dash = TEXT.find('–').unwrap();
        assert_eq!(position(&rope, dash, Encoding::Utf8), pos(0, 6));
        assert_eq!(position(&rope, dash, Encoding::Utf16), pos(0, 5));
        // a lone CR breaks the line
        let last = TEXT.find("last").unwrap();
        assert_eq!(position(&rope, last, Encoding::Utf16), pos(2, 0));
        assert_eq!(position(&rope, TEXT.len(), Encoding::Utf16), pos(3, 3));
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let rope = Rope::from_str(TEXT);
        let eol = TEXT.find('\r').unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let c = byte_offset(&rope, pos(0, 500), enc);
            assert_eq!((c.value, c.clamped), (eol, true), "{enc:?}");
            let c = byte_offset(&rope, pos(99, 0), enc);
            assert_eq!((c.value, c.clamped), (TEXT.len(), true));
        }
        // inside the emoji's surrogate pair / inside £'s bytes: floored
        let emoji = TEXT.find('😀').unwrap();
        let c = byte_offset(&rope, pos(1, 6), Encoding::Utf16);
        assert_eq!((c.value, c.clamped), (emoji, true));
        let c = byte_offset(&rope, pos(0, 1), Encoding::Utf8);
        assert_eq!((c.value, c.clamped), (0, true));
        // offsets past the end or inside a CRLF
        assert_eq!(position(&rope, 10_000, Encoding::Utf8), pos(3, 3));
        let lf = TEXT.find('\n').unwrap();
        assert_eq!(position(&rope, lf, Encoding::Utf32), pos(0, 10));
        assert_eq!(position(&rope, emoji + 1, Encoding::Utf16), pos(1, 5));
    }

    /// The index agrees with the rope at every byte offset (inside characters
    /// and line breaks, past the end) of texts mixing every kind of break.
    #[test]
    fn the_line_index_gives_what_the_rope_gives() {
        let texts = [
            TEXT,
            "",
            "\n",
            "\r",
            "\r\n",
            "a\r\r\nb\n\rc\r",
            "😀\r\n\r\n£\n\n",
            "no break at all – none",
        ];
        for text in texts {
            let rope = Rope::from_str(text);
            let index = LineIndex::new(text).unwrap();
            assert_eq!(index.lines(), rope.len_lines(), "{text:?}");
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let mut near = 0;
                for offset in 0..=text.len() + 2 {
                    let expected = Some(position(&rope, offset, enc));
                    assert_eq!(
                        index.position(text, offset, enc),
                        expected,
                        "{text:?} at {offset} in {enc:?}"
                    );
                    // From the previous offset's line, and from anywhere else.
                    assert_eq!(index.position_near(text, offset, enc, &mut near), expected);
                    for from in [0, 3, index.lines() - 1, index.lines() + 5] {
                        let mut from = from;
                        assert_eq!(index.position_near(text, offset, enc, &mut from), expected);
                    }
                }
            }
        }
    }

    #[test]
    fn far_into_a_long_line_the_index_defers_to_the_rope() {
        let text = "é".repeat(MAX_SCAN);
        let index = LineIndex::new(&text).unwrap();
        assert_eq!(
            index.position(&text, MAX_SCAN, Encoding::Utf16),
            Some(Position::new(0, MAX_SCAN as u32 / 2))
        );
        assert_eq!(index.position(&text, MAX_SCAN + 2, Encoding::Utf16), None);
    }

    #[test]
    fn empty_and_trailing_break_documents() {
        let rope = Rope::from_str("");
        assert_eq!(byte_offset(&rope, pos(0, 0), Encoding::Utf16).value, 0);
        assert_eq!(position(&rope, 0, Encoding::Utf16), pos(0, 0));
        let rope = Rope::from_str("a\r\n");
        assert_eq!(position(&rope, 3, Encoding::Utf16), pos(1, 0));
        assert_eq!(byte_offset(&rope, pos(1, 0), Encoding::Utf8).value, 3);
    }
}
