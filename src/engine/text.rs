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
    let push = |out: &mut Vec<Line>, a: usize, b: usize| {
        let index = out.len();
        out.push(Line {
            span: Span::new(a, b),
            index,
        });
    };
    if memchr::memchr(b'\r', bytes).is_none() {
        // The common case: one vectorised pass for line feeds only.
        for end in memchr::memchr_iter(b'\n', bytes) {
            push(&mut out, start, end);
            start = end + 1;
        }
    } else {
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    push(&mut out, start, i);
                    i += 1;
                    start = i;
                }
                b'\r' => {
                    push(&mut out, start, i);
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
    }
    if start < bytes.len() {
        push(&mut out, start, bytes.len());
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
/// The decimal digits of `n`, written into `buf`: numbers are printed by
/// the thousand (labels, grouped figures, positions in JSON), and the
/// formatting machinery costs more than the digits.
pub fn decimal_digits(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    &buf[at..]
}

pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first character boundary at or after `offset` (at most `text.len()`).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The last `max` bytes of `s` (fewer, to stay on a character boundary): the
/// window that context checks look at, so that work per figure or per split
/// point stays bounded on a megabyte-long line.
pub fn tail(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    &s[ceil_char_boundary(s, s.len() - max)..]
}

/// The first `max` bytes of `s` (fewer, to stay on a character boundary).
pub fn head(s: &str, max: usize) -> &str {
    &s[..floor_char_boundary(s, max)]
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

/// Words of `s` with their byte ranges (letters and digits; inner
/// apostrophes and hyphens kept so "don't" and "follow-up" stay whole).
pub fn words(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for_each_word(s, |a, b| out.push((a, b)));
    out
}

/// Calls `f` with the byte range of each word of `s` (as [`words`]), without
/// collecting them.
pub fn for_each_word(s: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = s.as_bytes();
    let char_at = |i: usize| s[i..].chars().next().unwrap_or(' ');
    let is_word_at = |i: usize| match bytes.get(i) {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => char_at(i).is_alphanumeric(),
    };
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (c, width) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            let c = char_at(i);
            (c, c.len_utf8())
        };
        let is_word = if b.is_ascii() {
            b.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        let word_continues =
            is_word || (start.is_some() && matches!(c, '\'' | '’' | '-') && is_word_at(i + width));
        match (start, word_continues) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                f(st, i);
                start = None;
            }
            _ => {}
        }
        i += width;
    }
    if let Some(st) = start {
        f(st, s.len());
    }
}

fn is_stopword(w: &[u8]) -> bool {
    matches!(
        w,
        b"a" | b"an"
            | b"and"
            | b"any"
            | b"are"
            | b"as"
            | b"at"
            | b"be"
            | b"by"
            | b"can"
            | b"could"
            | b"did"
            | b"do"
            | b"does"
            | b"e"
            | b"eg"
            | b"etc"
            | b"for"
            | b"from"
            | b"g"
            | b"has"
            | b"have"
            | b"how"
            | b"i"
            | b"if"
            | b"in"
            | b"into"
            | b"is"
            | b"it"
            | b"its"
            | b"me"
            | b"of"
            | b"on"
            | b"or"
            | b"our"
            | b"please"
            | b"provide"
            | b"so"
            | b"that"
            | b"the"
            | b"their"
            | b"there"
            | b"these"
            | b"this"
            | b"those"
            | b"to"
            | b"was"
            | b"were"
            | b"what"
            | b"which"
            | b"who"
            | b"whom"
            | b"will"
            | b"with"
            | b"would"
            | b"you"
            | b"your"
            | b"yours"
    )
}

/// A word's stem, hashed: crude English stemming, enough to make
/// "coders"/"coder", "coded"/"coding"/"code", "specialities"/"specialty"
/// meet. Hashing keeps matching free of allocation (it runs on every question
/// of every document).
pub type Stem = u64;

/// Longest word prefix that is stemmed; longer words are cut (they still hash
/// consistently).
const STEM_BUF: usize = 48;

fn lower_word(word: &str, buf: &mut [u8; STEM_BUF]) -> usize {
    let mut n = 0;
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() && n < STEM_BUF {
        let b = bytes[i];
        if b == b'\'' {
            i += 1;
        } else if bytes[i..].starts_with("’".as_bytes()) {
            i += 3;
        } else {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
            i += 1;
        }
    }
    n
}

fn stem_bytes(w: &[u8]) -> &[u8] {
    let w = w.strip_suffix(b"s'").unwrap_or(w);
    for suffix in [
        &b"ities"[..],
        b"ations",
        b"ation",
        b"ings",
        b"ing",
        b"ied",
        b"ies",
        b"ity",
        b"ed",
        b"es",
        b"er",
        b"ers",
        b"ly",
        b"s",
        b"e",
        b"y",
    ] {
        if w.len() > suffix.len() + 2 && w.ends_with(suffix) {
            return &w[..w.len() - suffix.len()];
        }
    }
    w
}

fn hash_bytes(b: &[u8]) -> Stem {
    // FNV-1a: tiny inputs, no need for anything stronger.
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn stem(word: &str) -> Stem {
    let mut buf = [0u8; STEM_BUF];
    let n = lower_word(word, &mut buf);
    hash_bytes(stem_bytes(&buf[..n]))
}

/// Content-word stems of `s` (stop words and one-letter words left out), for
/// similarity scoring.
pub fn content_stems(s: &str) -> Vec<Stem> {
    let mut out = Vec::new();
    let mut buf = [0u8; STEM_BUF];
    for_each_word(s, |a, b| {
        let n = lower_word(&s[a..b], &mut buf);
        let w = &buf[..n];
        let one_letter = w.len() <= 1 && !w.iter().all(u8::is_ascii_digit);
        if !is_stopword(w) && !one_letter {
            out.push(hash_bytes(stem_bytes(w)));
        }
    });
    out
}

/// Where the first table cell of `s` ends (a `|` or a tab), if it has one.
pub fn cell_break(s: &str) -> Option<usize> {
    memchr::memchr2(b'|', b'\t', s.as_bytes())
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
    fn decimal_digits_as_display_writes_them() {
        let mut buf = [0; 20];
        for n in [0, 9, 10, 4_072, 1_000_000, u64::MAX] {
            assert_eq!(decimal_digits(n, &mut buf), n.to_string().as_bytes());
        }
    }

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
        assert_eq!(stem("Coders’"), stem("coder"));
        assert!(is_stopword(b"the") && is_stopword(b"yours") && !is_stopword(b"coded"));
    }

    #[test]
    fn words_keep_inner_joiners() {
        let s = "don't follow-up -x";
        let w: Vec<&str> = words(s).iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(w, ["don't", "follow-up", "x"]);
    }
}

/// Compiles a pattern with ASCII word classes: `\b`, `\d`, `\w` and `\W` mean
/// their ASCII forms. Unicode word boundaries would push every search off the
/// fast DFA path, and responses' figures and words are ASCII where it matters
/// (the text may still hold `£`, `–`, `’`: literal non-ASCII characters match
/// as written).
pub fn regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(&ascii_classes(pattern))
        .unwrap_or_else(|e| panic!("invalid built-in pattern {pattern:?}: {e}"))
}

/// [`regex`] for a set of patterns.
pub fn regex_set(patterns: &[&str]) -> regex::RegexSet {
    regex::RegexSet::new(patterns.iter().map(|p| ascii_classes(p)))
        .unwrap_or_else(|e| panic!("invalid built-in pattern set: {e}"))
}

fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    // A space in a pattern also matches a no-break space, which text pasted
    // from letters puts anywhere a space goes (verbose patterns, which
    // ignore literal spaces, spell out their white space).
    let verbose = pattern
        .strip_prefix("(?")
        .is_some_and(|flags| flags.split([')', ':']).next().unwrap_or("").contains('x'));
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push(c);
                    break;
                };
                match (n, in_class) {
                    ('b', false) => out.push_str("(?-u:\\b)"),
                    ('d', false) => out.push_str("[0-9]"),
                    ('d', true) => out.push_str("0-9"),
                    ('w', false) => out.push_str("[0-9A-Za-z_]"),
                    ('w', true) => out.push_str("0-9A-Za-z_"),
                    ('W', false) => out.push_str("[^0-9A-Za-z_]"),
                    _ => {
                        out.push('\\');
                        out.push(n);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !verbose && !in_class => out.push_str("[ \u{a0}]"),
            ' ' if !verbose && in_class => out.push_str(" \u{a0}"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod regex_tests {
    #[test]
    fn ascii_classes_keep_meaning() {
        assert_eq!(
            super::ascii_classes(r"\b\d+[\w.]\W"),
            r"(?-u:\b)[0-9]+[0-9A-Za-z_.][^0-9A-Za-z_]"
        );
        let re = super::regex(r"\bNo\b");
        assert!(re.is_match("No."));
        assert!(!re.is_match("None"));
        assert!(super::regex(r"£\d+").is_match("£60"));
        // A space matches a no-break space too.
        assert!(super::regex(r"(?i)not held").is_match("Not\u{a0}held"));
        assert!(super::regex(r"a[ ,]b").is_match("a\u{a0}b"));
    }
}

/// Several patterns searched in one pass: the set says which match, and only
/// those are run again for their positions.
#[derive(Debug)]
pub struct Phrases {
    set: regex::RegexSet,
    each: Vec<regex::Regex>,
}

impl Phrases {
    pub fn new(patterns: &[&str]) -> Phrases {
        Phrases {
            set: regex_set(patterns),
            each: patterns.iter().map(|p| regex(p)).collect(),
        }
    }

    /// The earliest match in `s` of any pattern: `(pattern index, start, end)`.
    pub fn first(&self, s: &str) -> Option<(usize, usize, usize)> {
        // Most texts match none: a plain yes/no search stops sooner than
        // asking which patterns match.
        if !self.set.is_match(s) {
            return None;
        }
        self.set
            .matches(s)
            .iter()
            .filter_map(|i| self.each[i].find(s).map(|m| (i, m.start(), m.end())))
            .min_by_key(|&(_, start, _)| start)
    }

    /// The indices of every pattern that matches `s`, in pattern order.
    pub fn matching(&self, s: &str) -> Vec<usize> {
        self.set.matches(s).into_iter().collect()
    }

    pub fn is_match(&self, s: &str) -> bool {
        self.set.is_match(s)
    }
}

/// A short lowercased copy of a string on the stack: ASCII letters lowered,
/// `’` written as `'`, a no-break space as a space, cut at `N` bytes on a
/// character boundary. For the many
/// small case-insensitive comparisons made on every line, without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lower<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Lower<N> {
    pub fn new(s: &str) -> Self {
        let mut buf = [0u8; N];
        let mut len = 0;
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() && len < N {
            let b = bytes[i];
            if b.is_ascii() {
                buf[len] = b.to_ascii_lowercase();
                len += 1;
                i += 1;
                continue;
            }
            // A multi-byte character: whole or not at all.
            let width = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let ch = &bytes[i..(i + width).min(bytes.len())];
            if ch == "’".as_bytes() {
                buf[len] = b'\'';
                len += 1;
            } else if ch == "\u{a0}".as_bytes() {
                // A no-break space compares as a space.
                buf[len] = b' ';
                len += 1;
            } else if len + ch.len() <= N {
                buf[len..len + ch.len()].copy_from_slice(ch);
                len += ch.len();
            } else {
                break;
            }
            i += width;
        }
        Lower { buf, len }
    }

    pub fn as_str(&self) -> &str {
        // Only whole characters were copied and ASCII lowering keeps UTF-8 valid.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// `s` starts with `prefix`, ignoring ASCII case (no allocation).
pub fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// `s` ends with `suffix`, ignoring ASCII case (no allocation).
pub fn ends_with_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}
