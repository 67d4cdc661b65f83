//! Splits one annotation line into its header, verb, raw `name=value` pieces and
//! closing `-->`, with byte spans. Lenient: it always returns what it could
//! read (completion works on half-typed lines) plus the first lexical error.

use crate::engine::model::Span;

use super::Invalid;

/// One line as read by [`lex`]; spans are absolute (line offset added).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Lexed {
    /// `<!-- foil` (after any indentation).
    pub header: Span,
    pub verb: Option<Piece>,
    pub tokens: Vec<RawToken>,
    /// The closing `-->`.
    pub close: Option<Span>,
    /// The first problem met, when there is one.
    pub error: Option<Invalid>,
}

/// A bare word with its span.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Piece {
    pub text: String,
    pub span: Span,
}

/// A `name=value` piece as written (or a bare word where one was expected).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawToken {
    pub name: Piece,
    /// Whether `=` followed the name.
    pub has_value: bool,
    /// The value as written, quotes included.
    pub raw: String,
    pub value_span: Span,
    /// The unescaped content when the value was quoted.
    pub quoted: Option<String>,
    /// The whole piece.
    pub span: Span,
}

/// Reads `line` (one line, no line break) starting at byte `offset` of the
/// document; `None` when the line is not an annotation at all.
pub(super) fn lex(line: &str, offset: usize) -> Option<Lexed> {
    let mut cursor = Cursor {
        line,
        offset,
        at: 0,
    };
    cursor.skip_space();
    let start = cursor.at;
    if !cursor.eat("<!--") {
        return None;
    }
    cursor.skip_space();
    if !cursor.eat("foil") {
        return None;
    }
    // `<!-- foilage` is some other comment.
    if cursor
        .peek()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut lexed = Lexed {
        header: cursor.span(start, cursor.at),
        verb: None,
        tokens: Vec::new(),
        close: None,
        error: None,
    };
    loop {
        cursor.skip_space();
        let piece_start = cursor.at;
        if cursor.rest().is_empty() {
            let last = lexed
                .tokens
                .last()
                .map(|t| t.span)
                .or(lexed.verb.as_ref().map(|v| v.span))
                .unwrap_or(lexed.header);
            lexed.fail(last, "missing closing --> at the end of the line");
            break;
        }
        if cursor.eat("-->") {
            lexed.close = Some(cursor.span(piece_start, cursor.at));
            cursor.skip_space();
            if !cursor.rest().is_empty() {
                let trailing = cursor.span(cursor.at, line.len());
                lexed.fail(
                    trailing,
                    "unexpected text after -->: an annotation is a whole line",
                );
            }
            break;
        }
        if lexed.verb.is_none() {
            let text = cursor.bare();
            lexed.verb = Some(Piece {
                text: text.to_string(),
                span: cursor.span(piece_start, cursor.at),
            });
            continue;
        }
        let token = lex_token(&mut cursor, &mut lexed);
        lexed.tokens.push(token);
        if lexed.error.is_some() && cursor.rest().is_empty() {
            break;
        }
    }
    Some(lexed)
}

fn lex_token(cursor: &mut Cursor, lexed: &mut Lexed) -> RawToken {
    let start = cursor.at;
    let name =
        cursor.take_while(|c, rest| c != '=' && !c.is_whitespace() && !rest.starts_with("-->"));
    let name = Piece {
        text: name.to_string(),
        span: cursor.span(start, cursor.at),
    };
    let has_value = cursor.eat("=");
    let value_start = cursor.at;
    let mut quoted = None;
    if has_value && cursor.peek() == Some('"') {
        quoted = Some(read_quoted(cursor, lexed));
    } else if has_value {
        let bare = cursor.bare();
        if bare.contains('"') {
            let span = cursor.span(value_start, cursor.at);
            lexed.fail(
                span,
                format!("stray \" in {bare:?}: quote the whole value, as name=\"…\""),
            );
        }
    }
    RawToken {
        name,
        has_value,
        raw: line_slice(cursor.line, value_start, cursor.at).to_string(),
        value_span: cursor.span(value_start, cursor.at),
        quoted,
        span: cursor.span(start, cursor.at),
    }
}

/// Reads `"…"` with the escapes `literal::quote` writes: `\"`, `\\`, `\n`,
/// `\r`, `\-` and `\uXXXX` (any other `\x` is kept as written); the cursor is
/// on the opening quote.
fn read_quoted(cursor: &mut Cursor, lexed: &mut Lexed) -> String {
    let open = cursor.at;
    cursor.eat("\"");
    let mut out = String::new();
    loop {
        let Some(c) = cursor.next() else {
            let span = cursor.span(open, cursor.at);
            lexed.fail(span, "unterminated quote: expected a closing \"");
            return out;
        };
        match c {
            '"' => break,
            '\\' => match cursor.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(e @ ('"' | '\\' | '-')) => out.push(e),
                Some('u') => match cursor.hex_char() {
                    Some(c) => out.push(c),
                    None => out.push_str("\\u"),
                },
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    let glued = cursor
        .peek()
        .is_some_and(|c| !c.is_whitespace() && !cursor.rest().starts_with("-->"));
    if glued {
        let from = cursor.at;
        cursor.bare();
        let span = cursor.span(from, cursor.at);
        lexed.fail(span, "expected a space after the closing quote");
    }
    out
}

impl Lexed {
    fn fail(&mut self, span: Span, message: impl Into<String>) {
        if self.error.is_none() {
            self.error = Some(Invalid {
                span,
                message: message.into(),
            });
        }
    }
}

struct Cursor<'a> {
    line: &'a str,
    offset: usize,
    /// Byte index into `line`, always on a character boundary.
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        line_slice(self.line, self.at, self.line.len())
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Four hex digits naming a character (after `\u`), taken when they do.
    fn hex_char(&mut self) -> Option<char> {
        let digits = self.rest().get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(digits, 16).ok()?)?;
        self.at += 4;
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.at += s.len();
        }
        found
    }

    fn skip_space(&mut self) {
        self.take_while(|c, _| c.is_whitespace());
    }

    /// An unquoted value: up to white space or `-->`.
    fn bare(&mut self) -> &'a str {
        self.take_while(|c, rest| !c.is_whitespace() && !rest.starts_with("-->"))
    }

    /// Advances while `keep(char, rest starting at that char)` holds.
    fn take_while(&mut self, keep: impl Fn(char, &str) -> bool) -> &'a str {
        let start = self.at;
        while let Some(c) = self.peek() {
            if !keep(c, self.rest()) {
                break;
            }
            self.at += c.len_utf8();
        }
        line_slice(self.line, start, self.at)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.offset + start, self.offset + end)
    }
}

fn line_slice(line: &str, start: usize, end: usize) -> &str {
    line.get(start..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pieces_with_absolute_spans() {
        let line = r#"  <!-- foil verify q=a quote="x \"y\"" -->"#;
        let lexed = lex(line, 100).unwrap();
        assert_eq!(lexed.header, Span::new(102, 111));
        let verb = lexed.verb.unwrap();
        assert_eq!(
            (verb.text.as_str(), verb.span),
            ("verify", Span::new(112, 118))
        );
        assert_eq!(lexed.tokens.len(), 2);
        let quote = &lexed.tokens[1];
        assert_eq!(quote.name.text, "quote");
        assert_eq!(quote.quoted.as_deref(), Some("x \"y\""));
        assert_eq!(quote.raw, r#""x \"y\"""#);
        assert_eq!(
            &line[quote.value_span.start - 100..quote.value_span.end - 100],
            quote.raw
        );
        assert!(lexed.close.is_some());
        assert_eq!(lexed.error, None);
    }

    #[test]
    fn escapes_read_back() {
        let line =
            r#"<!-- foil verify quote="a -\-> b -\-!> c \u2028\u0085\u000B\u000C \uZZ \x" -->"#;
        let lexed = lex(line, 0).unwrap();
        assert_eq!(lexed.error, None);
        assert_eq!(
            lexed.tokens[0].quoted.as_deref(),
            Some("a --> b --!> c \u{2028}\u{85}\u{b}\u{c} \\uZZ \\x")
        );
    }

    #[test]
    fn other_lines_are_not_annotations() {
        for line in [
            "",
            "text",
            "<!-- a comment -->",
            "<!-- foilage -->",
            "x <!-- foil set -->",
        ] {
            assert_eq!(lex(line, 0), None, "{line:?}");
        }
        assert!(lex("<!--foil verify -->", 0).is_some());
    }

    #[test]
    fn half_typed_lines_still_lex() {
        let lexed = lex("<!-- foil set q=", 0).unwrap();
        assert_eq!(lexed.tokens[0].name.text, "q");
        assert!(lexed.tokens[0].has_value);
        assert_eq!(lexed.tokens[0].value_span, Span::empty(16));
        assert!(lexed.error.unwrap().message.contains("missing closing -->"));
    }

    #[test]
    fn bare_value_stops_at_close() {
        let lexed = lex("<!-- foil set q=x-->", 0).unwrap();
        assert_eq!(lexed.tokens[0].raw, "x");
        assert!(lexed.close.is_some());
    }
}
