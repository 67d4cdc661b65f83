//! rustc-style rendering of findings: a header, the `--> path:line:column`
//! pointer, the source line(s) with a gutter and carets under the span, and
//! `related` places as notes.
//!
//! ```text
//! warning[inconsistent]: coded + uncoded (7,000) is not the total (6,900)
//!   --> responses/northby.txt:12:15
//!    |
//! 12 | OUR RESPONSE: 6793 episodes
//!    |               ^^^^
//! ```

use crate::engine::model::{Finding, Severity, Span};
use crate::engine::text::{floor_char_boundary, LineIndex};

/// Source lines wider than this are cut around the span.
const MAX_LINE_WIDTH: usize = 140;
/// How far before the span a cut line starts.
const LEAD_IN: usize = 30;
/// Tabs are shown as this many spaces, so that carets line up whatever the terminal's tab stops.
const TAB_WIDTH: usize = 4;

/// One response's text with its line index, for rendering its findings.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub index: LineIndex,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Source {
            path,
            text,
            index: LineIndex::new(text),
        }
    }

    /// The text of 0-based line `line` without its terminator.
    fn line_text(&self, line: usize) -> &'a str {
        let start = self.index.line_start(line).unwrap_or(self.text.len());
        let end = self
            .index
            .line_start(line + 1)
            .unwrap_or(self.text.len())
            .max(start);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The span clamped into the text and onto character boundaries.
    fn clamp(&self, span: Span) -> Span {
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end).max(start);
        Span::new(start, end)
    }

    /// 0-based first and last line of a span.
    fn lines_of(&self, span: Span) -> (usize, usize) {
        let first = self.index.line_of(span.start);
        let last = if span.end > span.start {
            self.index.line_of(span.end - 1)
        } else {
            first
        };
        (first, last.max(first))
    }
}

/// ANSI styles, or nothing when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: bool,
}

const BOLD: &str = "1";
const RED: &str = "1;31";
const YELLOW: &str = "1;33";
const CYAN: &str = "1;36";
const GREEN: &str = "1;32";
const BLUE: &str = "1;34";

impl Paint {
    fn paint(&self, style: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{style}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The word a severity is printed as, and its colour.
pub fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("error", RED),
        Severity::Warning => ("warning", YELLOW),
        Severity::Information => ("info", CYAN),
        Severity::Hint => ("hint", GREEN),
    }
}

/// One finding, rustc-style, ending with a blank line.
pub fn render_finding(source: &Source, finding: &Finding, paint: Paint) -> String {
    let (label, style) = severity_label(finding.severity);
    let main = source.clamp(finding.span);
    let related: Vec<(Span, &str)> = finding
        .related
        .iter()
        .map(|r| (source.clamp(r.span), r.message.as_str()))
        .collect();
    let width = std::iter::once(main)
        .chain(related.iter().map(|(span, _)| *span))
        .map(|span| digits(source.lines_of(span).1 + 1))
        .max()
        .unwrap_or(1);

    let mut out = String::new();
    out.push_str(&paint.paint(style, &format!("{label}[{}]", finding.code)));
    out.push_str(&paint.paint(BOLD, &format!(": {}", one_line(&finding.message))));
    out.push('\n');
    push_snippet(&mut out, source, main, style, width, paint);
    for (span, message) in related {
        out.push_str(&paint.paint(GREEN, "note"));
        out.push_str(&paint.paint(BOLD, &format!(": {}", one_line(message))));
        out.push('\n');
        push_snippet(&mut out, source, span, GREEN, width, paint);
    }
    out.push('\n');
    out
}

/// The pointer line, the source line(s) and the carets under `span`.
fn push_snippet(
    out: &mut String,
    source: &Source,
    span: Span,
    style: &str,
    width: usize,
    paint: Paint,
) {
    let (line, column) = source.index.line_col(source.text, span.start);
    let pad = " ".repeat(width);
    out.push_str(&format!(
        "{pad}{} {}:{line}:{column}\n",
        paint.paint(BLUE, "-->"),
        source.path
    ));
    out.push_str(&paint.paint(BLUE, &format!("{pad} |")));
    out.push('\n');
    let line_start = |l: usize| source.index.line_start(l).unwrap_or(source.text.len());
    let marked = Marked {
        source,
        style,
        width,
        paint,
    };
    let (first, last) = source.lines_of(span);
    if first == last {
        let start = line_start(first);
        marked.push(out, first, span.start - start, span.end - start);
    } else {
        marked.push(out, first, span.start - line_start(first), usize::MAX);
        if last > first + 1 {
            out.push_str(&paint.paint(BLUE, &format!("{:>width$}", "...")));
            out.push('\n');
        }
        let last_text = source.line_text(last);
        let indent = last_text.len() - last_text.trim_start().len();
        marked.push(out, last, indent, span.end - line_start(last));
    }
}

/// Prints source lines with carets in one style.
struct Marked<'s, 'a> {
    source: &'s Source<'a>,
    style: &'s str,
    width: usize,
    paint: Paint,
}

impl Marked<'_, '_> {
    /// Line `line` (0-based) with carets under its bytes `from..to`.
    fn push(&self, out: &mut String, line: usize, from: usize, to: usize) {
        let width = self.width;
        let shown = show_line(self.source.line_text(line), from, to);
        out.push_str(&self.paint.paint(BLUE, &format!("{:>width$} |", line + 1)));
        if !shown.text.is_empty() {
            out.push(' ');
            out.push_str(&shown.text);
        }
        out.push('\n');
        out.push_str(&self.paint.paint(BLUE, &format!("{:>width$} |", "")));
        out.push(' ');
        out.push_str(&" ".repeat(shown.caret_start));
        out.push_str(&self.paint.paint(self.style, &"^".repeat(shown.caret_len)));
        out.push('\n');
    }
}

/// A source line as displayed, and where the carets go, in display columns.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    text: String,
    caret_start: usize,
    caret_len: usize,
}

/// `line` as displayed (tabs expanded, control characters replaced, cut around
/// the span when very long) with the columns of bytes `from..to` (clamped to the
/// line; at least one caret).
fn show_line(line: &str, from: usize, to: usize) -> Shown {
    let from = floor_char_boundary(line, from.min(line.len()));
    let to = floor_char_boundary(line, to.min(line.len())).max(from);
    // (display text, display width, byte offset) per character.
    let mut cells: Vec<(String, usize, usize)> = Vec::with_capacity(line.len());
    let (mut caret_start, mut caret_end, mut col) = (None, None, 0);
    for (i, c) in line.char_indices() {
        if i >= from && caret_start.is_none() {
            caret_start = Some(col);
        }
        if i >= to && caret_end.is_none() {
            caret_end = Some(col);
        }
        let (shown, w) = display(c);
        col += w;
        cells.push((shown, w, i));
    }
    let caret_start = caret_start.unwrap_or(col);
    let caret_end = caret_end.unwrap_or(col).max(caret_start);
    let total = col;

    let (window_start, prefix) = if total > MAX_LINE_WIDTH && caret_start > LEAD_IN {
        (caret_start - LEAD_IN, "...")
    } else {
        (0, "")
    };
    let mut text = String::from(prefix);
    let mut col = 0;
    let mut cut_end = false;
    for (shown, w, _) in &cells {
        if col >= window_start {
            if col + w > window_start + MAX_LINE_WIDTH {
                cut_end = true;
                break;
            }
            text.push_str(shown);
        }
        col += w;
    }
    if cut_end {
        text.push_str("...");
    }
    let visible_end = window_start + MAX_LINE_WIDTH;
    let start = caret_start.min(visible_end) - window_start + prefix.len();
    let end = caret_end.min(visible_end) - window_start + prefix.len();
    Shown {
        text,
        caret_start: start,
        caret_len: (end - start).max(1),
    }
}

/// How a character is shown and how many terminal columns it takes.
fn display(c: char) -> (String, usize) {
    match c {
        '\t' => (" ".repeat(TAB_WIDTH), TAB_WIDTH),
        c if c.is_control() => ("\u{FFFD}".to_string(), 1),
        c => (c.to_string(), char_width(c)),
    }
}

/// Terminal columns of a printable character: 2 for East Asian wide characters
/// and emoji, 0 for combining marks and joiners, else 1.
fn char_width(c: char) -> usize {
    let n = u32::from(c);
    let zero = matches!(n,
        0x0300..=0x036F | 0x200B..=0x200F | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F
        | 0xE0100..=0xE01EF);
    let wide = matches!(n,
        0x1100..=0x115F | 0x231A..=0x231B | 0x2329..=0x232A | 0x23E9..=0x23EC | 0x23F0 | 0x23F3
        | 0x25FD..=0x25FE | 0x2614..=0x2615 | 0x2648..=0x2653 | 0x267F | 0x2693 | 0x26A1
        | 0x26AA..=0x26AB | 0x26BD..=0x26BE | 0x26C4..=0x26C5 | 0x26CE | 0x26D4 | 0x26EA
        | 0x26F2..=0x26F3 | 0x26F5 | 0x26FA | 0x26FD | 0x2705 | 0x270A..=0x270B | 0x2728 | 0x274C
        | 0x274E | 0x2753..=0x2755 | 0x2757 | 0x2795..=0x2797 | 0x27B0 | 0x27BF | 0x2B1B..=0x2B1C
        | 0x2B50 | 0x2B55 | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F004 | 0x1F0CF | 0x1F18E
        | 0x1F191..=0x1F19A | 0x1F200..=0x1F2FF | 0x1F300..=0x1F64F | 0x1F680..=0x1F6FF
        | 0x1F7E0..=0x1F7EB | 0x1F90C..=0x1F9FF | 0x1FA70..=0x1FAFF | 0x20000..=0x3FFFD);
    if zero {
        0
    } else if wide {
        2
    } else {
        1
    }
}

fn digits(n: usize) -> usize {
    n.to_string().len()
}

fn one_line(message: &str) -> String {
    crate::engine::text::fold_whitespace(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Code;

    fn render(text: &str, finding: &Finding) -> String {
        render_finding(
            &Source::new("in/a.txt", text),
            finding,
            Paint { color: false },
        )
    }

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn carets_sit_under_the_span_past_multibyte_characters() {
        let text = "Q1. Cost?\r\nAnswer – £60k 😀 or 6793\r\n";
        let f = Finding::new(Code::Inconsistent, span_of(text, "6793"), "does not add up")
            .with_key("q1");
        let got = render(text, &f);
        let expected = "\
warning[inconsistent]: does not add up
 --> in/a.txt:2:20
  |
2 | Answer – £60k 😀 or 6793
  |                     ^^^^

";
        // 6793 is character 20 of its line (the pointer), but 21 terminal columns
        // in, because the emoji is two columns wide: the carets follow the terminal.
        assert_eq!(got, expected);
    }

    #[test]
    fn tabs_are_expanded_and_the_gutter_fits_the_line_number() {
        let mut text = "x\n".repeat(11);
        text.push_str("\tTotal\t84.5K\n");
        let f = Finding::new(Code::AmbiguousValue, span_of(&text, "84.5K"), "approximate");
        let got = render(&text, &f);
        assert_eq!(
            got,
            "\
info[ambiguous-value]: approximate
  --> in/a.txt:12:8
   |
12 |     Total    84.5K
   |              ^^^^^

"
        );
    }

    #[test]
    fn related_places_are_notes_and_multiline_spans_show_both_ends() {
        let text = "1. Coded?\n6793 episodes\n2. Total?\nIt was\nabout\n7000 in all\n";
        let answer = Span::new(text.find("It was").unwrap(), text.find(" in all").unwrap());
        let f = Finding::new(Code::Inconsistent, answer, "the total\ndoes not match")
            .with_related(span_of(text, "6793"), "coded here");
        let got = render(text, &f);
        assert_eq!(
            got,
            "\
warning[inconsistent]: the total does not match
 --> in/a.txt:4:1
  |
4 | It was
  | ^^^^^^
...
6 | 7000 in all
  | ^^^^
note: coded here
 --> in/a.txt:2:1
  |
2 | 6793 episodes
  | ^^^^

"
        );
    }

    #[test]
    fn empty_and_out_of_range_spans_still_get_one_caret() {
        let text = "No.";
        let f = Finding::new(Code::MissingAnswer, Span::new(50, 60), "none");
        let got = render(text, &f);
        assert!(got.contains("1 | No.\n  |    ^\n"), "{got}");
        let mut f = Finding::new(Code::AnnotationInvalid, Span::empty(0), "bad");
        f.severity = Severity::Error;
        let got = render("", &f);
        assert!(
            got.starts_with("error[annotation-invalid]: bad\n --> in/a.txt:1:1\n"),
            "{got}"
        );
    }

    #[test]
    fn very_long_lines_are_cut_around_the_span() {
        let text = format!("{}6793{}", "a".repeat(1000), "b".repeat(1000));
        let f = Finding::new(Code::AmbiguousValue, span_of(&text, "6793"), "x");
        let got = render(&text, &f);
        let source_line = got.lines().nth(3).unwrap();
        let caret_line = got.lines().nth(4).unwrap();
        assert!(source_line.len() < 200, "{source_line}");
        assert!(source_line.contains("...aaa") && source_line.ends_with("bbb..."));
        let at = source_line.find("6793").unwrap();
        assert_eq!(caret_line.find('^'), Some(at));
        assert_eq!(caret_line.matches('^').count(), 4);
    }

    #[test]
    fn colour_wraps_labels_only_when_asked() {
        let f = Finding::new(Code::Exempt, Span::new(0, 2), "section 40");
        let plain = render("No", &f);
        assert!(!plain.contains('\x1b'));
        let coloured = render_finding(&Source::new("a", "No"), &f, Paint { color: true });
        assert!(
            coloured.starts_with("\x1b[1;36minfo[exempt]\x1b[0m"),
            "{coloured:?}"
        );
    }

    #[test]
    fn wide_and_zero_width_characters() {
        assert_eq!(char_width('a'), 1);
        assert_eq!(char_width('£'), 1);
        assert_eq!(char_width('–'), 1);
        assert_eq!(char_width('😀'), 2);
        assert_eq!(char_width('中'), 2);
        assert_eq!(char_width('\u{301}'), 0);
    }
}
