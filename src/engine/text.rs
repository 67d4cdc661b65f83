//! Text primitives shared by every stage: lines (LF, CRLF and lone CR), byte
//! offset to line/column conversion, and word normalisation for matching.

use crate::engine::model::Span;

/// One line of the text, without its terminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub span: Span,
    /// Index of the line, 0-based.
    pub index: usize,
}

/// Splits `text` into lines, treating `\n`, `\r\n` and a lone `\r` as breaks.
/// A text that ends with a break has no empty last line; an empty text has none.
pub fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 40 + 1);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(Line {
                    span: Span::new(start, i),
                    index: out.len(),
                });
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push(Line {
                    span: Span::new(start, i),
                    index: out.len(),
                });
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push(Line {
            span: Span::new(start, bytes.len()),
            index: out.len(),
        });
    }
    out
}

/// Byte offsets of line starts, for converting offsets to 1-based lines and
/// character columns (what SPEC's JSON and rustc-style output print).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the text's end past the last line).
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and 1-based column counted in characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line];
        let col = text[start..offset].chars().count();
        (line + 1, col + 1)
    }
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Span of `inner` inside `outer` with leading and trailing white space removed.
pub fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.start + s.trim_end().len();
    if start >= end {
        Span::empty(span.start)
    } else {
        Span::new(start, end)
    }
}

/// Lowercased words of `s` with their byte ranges (letters and digits; inner
/// apostrophes and hyphens kept so "don't" and "follow-up" stay whole).
pub fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let is_word = c.is_alphanumeric();
        let joiner = (c == '\'' || c == '’' || c == '-') && start.is_some();
        let next_is_word = chars
            .peek()
            .map(|(_, n)| n.is_alphanumeric())
            .unwrap_or(false);
        match (start, is_word || (joiner && next_is_word)) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

const STOPWORDS: &[&str] = &[
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does",
    "e", "eg", "etc", "for", "from", "g", "has", "have", "how", "i", "if", "in", "into", "is",
    "it", "its", "me", "of", "on", "or", "our", "please", "provide", "so", "that", "the", "their",
    "there", "these", "this", "those", "to", "was", "were", "what", "which", "who", "whom", "will",
    "with", "would", "you", "your", "yours",
];

/// Crude English stem: enough to make "coders"/"coder", "coded"/"coding"/"code",
/// "specialities"/"specialty" meet.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase().replace(['’', '\''], "");
    let w = w.trim_end_matches("s'").to_string();
    let mut s: &str = &w;
    for suffix in [
        "ities", "ations", "ation", "ings", "ing", "ied", "ies", "ity", "ed", "es", "er", "ers",
        "ly", "s", "e", "y",
    ] {
        if s.len() > suffix.len() + 2 && s.ends_with(suffix) {
            s = &s[..s.len() - suffix.len()];
            break;
        }
    }
    s.to_string()
}

/// Content-word stems of `s`, for similarity scoring.
pub fn content_stems(s: &str) -> Vec<String> {
    words(s)
        .into_iter()
        .map(|(a, b)| s[a..b].to_lowercase())
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
        .filter(|w| w.len() > 1 || w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| stem(&w))
        .collect()
}

/// Folds runs of white space to single spaces and trims.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_handle_every_break() {
        let t = "a\r\nb\rc\n\nd";
        let got: Vec<&str> = lines(t).iter().map(|l| l.span.slice(t)).collect();
        assert_eq!(got, ["a", "b", "c", "", "d"]);
        assert!(lines("").is_empty());
        assert_eq!(lines("x\n").len(), 1);
    }

    #[test]
    fn line_index_counts_characters() {
        let t = "£1\r\n– 2\rx😀y";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), (1, 1));
        assert_eq!(idx.line_col(t, 2), (1, 2)); // after £ (2 bytes)
        let dash = t.find('–').unwrap();
        assert_eq!(idx.line_col(t, dash), (2, 1));
        let y = t.find('y').unwrap();
        assert_eq!(idx.line_col(t, y), (3, 3));
        // inside a multi-byte character: floors to its start
        assert_eq!(idx.line_col(t, 1), (1, 1));
        assert_eq!(idx.line_col(t, t.len() + 5), (3, 4));
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("coders"), stem("coder"));
        assert_eq!(stem("coded"), stem("coding"));
        assert_eq!(stem("episodes"), stem("episode"));
        assert_eq!(
            content_stems("How many episodes were coded?"),
            vec![stem("many"), stem("episodes"), stem("coded")]
        );
    }

    #[test]
    fn words_keep_inner_joiners() {
        let s = "don't follow-up -x";
        let w: Vec<&str> = words(s).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(w, ["don't", "follow-up", "x"]);
    }
}
