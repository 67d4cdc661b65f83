//! rustc-style rendering of findings, by annotate-snippets (rustc's own
//! renderer): a header, the `--> path:line:column` pointer, the source line(s)
//! with carets under the span, and `related` places as notes.
//!
//! ```text
//! warning[inconsistent]: coded + uncoded (7,000) is not the total (6,900)
//!   --> responses/northby.txt:12:15
//!    |
//! 12 | OUR RESPONSE: 6793 episodes
//!    |               ^^^^
//! ```

use std::borrow::Cow;

use std::cell::Cell;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use crate::engine::annotation::resolved::Resolved;
use crate::engine::model::{Finding, Severity, Span};
use crate::engine::text::{ceil_char_boundary, floor_char_boundary, fold_whitespace, LineIndex};

/// Bytes of a very long line kept on each side of a finding's span.
const WINDOW: usize = 512;

/// A location the renderer prints for a window of a very long line, and the
/// line's own location that replaces it.
struct Relocation {
    shown: String,
    actual: String,
}

/// One response's text with its line index, for rendering its findings.
pub struct Source<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub index: LineIndex,
    /// The last column found on a very long line: (byte offset, column).
    last_column: Cell<(usize, usize)>,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, text: &'a str) -> Self {
        Source {
            path,
            text,
            index: LineIndex::new(text),
            last_column: Cell::new((0, 1)),
        }
    }

    /// The lines `span` touches, as a snippet marking it. Only those lines are
    /// handed to the renderer, so a finding costs the length of its lines, not
    /// of the response.
    fn snippet(&self, span: Span) -> (Snippet<'a, Annotation<'a>>, Option<Relocation>) {
        let start = floor_char_boundary(self.text, span.start);
        let end = floor_char_boundary(self.text, span.end).max(start);
        let first = self.index.line_of(start);
        let last = self.index.line_of(end.saturating_sub(1).max(start));
        let mut from = self.line_start(first);
        let mut to = self.line_start(last + 1);
        // A very long line (a document saved without line breaks) is handed
        // over as a window around the span: the renderer cuts it to the
        // terminal anyway, and the whole line per finding would make a
        // megabyte line's findings quadratic to draw.
        // The renderer then counts columns from the window's start, so the
        // location it prints is put right afterwards.
        let mut relocation = None;
        if first == last && to - from > 2 * WINDOW {
            let line_from = from;
            from = ceil_char_boundary(self.text, start.saturating_sub(WINDOW).max(from));
            to = floor_char_boundary(self.text, (end + WINDOW).min(to));
            let at = |column| format!("{}:{}:{column}", self.path, first + 1);
            relocation = Some(Relocation {
                shown: at(self.text[from..start].chars().count() + 1),
                actual: at(self.char_column(line_from, start)),
            });
        }
        let snippet = Snippet::source(lone_cr_as_lf(&self.text[from..to]))
            .line_start(first + 1)
            .path(self.path)
            .annotation(AnnotationKind::Primary.span(start - from..end - from));
        (snippet, relocation)
    }

    /// The 1-based character column of `at` in the line starting at
    /// `line_start`. Findings come in text order, so counting on from the
    /// previous one keeps a megabyte line's columns linear to find.
    fn char_column(&self, line_start: usize, at: usize) -> usize {
        let (mut from, mut column) = self.last_column.get();
        if from < line_start || from > at {
            (from, column) = (line_start, 1);
        }
        column += self.text[from..at].chars().count();
        self.last_column.set((at, column));
        column
    }

    fn line_start(&self, line: usize) -> usize {
        self.index.line_start(line).unwrap_or(self.text.len())
    }
}

/// One finding, rustc-style, ending with a blank line; ANSI colours when `color`.
pub fn render_finding(source: &Source, finding: &Finding, color: bool) -> String {
    let message = fold_whitespace(&finding.message);
    let mut relocations = Vec::new();
    let (snippet, relocation) = source.snippet(finding.span);
    relocations.extend(relocation);
    let mut report = vec![level(finding.severity)
        .primary_title(message)
        .id(finding.code.as_str())
        .element(snippet)];
    for related in &finding.related {
        let note = Level::NOTE.secondary_title(fold_whitespace(&related.message));
        let (snippet, relocation) = source.snippet(related.span);
        relocations.extend(relocation);
        report.push(Group::with_title(note).element(snippet));
    }
    finish(renderer(color).render(&report), &relocations)
}

/// A finding of the text that annotations resolved, as a note pointing at
/// the annotation lines that did.
pub fn render_resolved(source: &Source, r: &Resolved, color: bool) -> String {
    let title = format!(
        "resolved by {}: {}",
        if r.by.len() == 1 {
            "an annotation"
        } else {
            "annotations"
        },
        fold_whitespace(&r.finding.message)
    );
    let mut relocations = Vec::new();
    let mut group = Group::with_title(Level::NOTE.primary_title(title).id(r.finding.code.as_str()));
    for &line in &r.by {
        let (snippet, relocation) = source.snippet(line);
        relocations.extend(relocation);
        group = group.element(snippet);
    }
    finish(renderer(color).render(&[group]), &relocations)
}

fn renderer(color: bool) -> Renderer {
    if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// Puts each windowed snippet's location right, in the order they were
/// printed, and ends the report with a blank line.
fn finish(mut out: String, relocations: &[Relocation]) -> String {
    let mut cursor = 0;
    for r in relocations {
        if let Some(at) = out[cursor..].find(&r.shown) {
            let at = cursor + at;
            out.replace_range(at..at + r.shown.len(), &r.actual);
            cursor = at + r.actual.len();
        }
    }
    out.push_str("\n\n");
    out
}

/// The renderer breaks lines at `\n` (and `\r\n`) only: a lone `\r`, which
/// ends lines in old Mac files as it does for the engine, becomes `\n`, byte
/// for byte so that spans stay put.
fn lone_cr_as_lf(lines: &str) -> Cow<'_, str> {
    if !lines.contains('\r') {
        return Cow::Borrowed(lines);
    }
    let mut bytes = lines.as_bytes().to_vec();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    Cow::Owned(String::from_utf8(bytes).expect("one ASCII byte replaced by another"))
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint => Level::HELP.with_name("hint"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Code;

    fn render(text: &str, finding: &Finding) -> String {
        render_finding(&Source::new("in/a.txt", text), finding, false)
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
        // 6793 is character 20 of its line (the pointer), but 21 terminal columns
        // in, because the emoji is two columns wide: the carets follow the terminal.
        let expected = "\
warning[inconsistent]: does not add up
 --> in/a.txt:2:20
  |
2 | Answer – £60k 😀 or 6793
  |                     ^^^^

";
        assert_eq!(render(text, &f), expected);
    }

    #[test]
    fn tabs_are_expanded_and_the_gutter_fits_the_line_number() {
        let mut text = "x\n".repeat(11);
        text.push_str("\tTotal\t84.5K\n");
        let f = Finding::new(Code::AmbiguousValue, span_of(&text, "84.5K"), "approximate");
        let expected = "\
info[ambiguous-value]: approximate
  --> in/a.txt:12:8
   |
12 |     Total    84.5K
   |              ^^^^^

";
        assert_eq!(render(&text, &f), expected);
    }

    #[test]
    fn related_places_are_notes_and_multiline_spans_show_their_lines() {
        let text = "1. Coded?\n6793 episodes\n2. Total?\nIt was\nabout\n7000 in all\n";
        let answer = Span::new(text.find("It was").unwrap(), text.find(" in all").unwrap());
        let f = Finding::new(Code::Inconsistent, answer, "the total\ndoes not match")
            .with_related(span_of(text, "6793"), "coded here");
        let expected = "\
warning[inconsistent]: the total does not match
 --> in/a.txt:4:1
  |
4 | / It was
5 | | about
6 | | 7000 in all
  | |____^
  |
note: coded here
 --> in/a.txt:2:1
  |
2 | 6793 episodes
  | ^^^^

";
        assert_eq!(render(text, &f), expected);
    }

    #[test]
    fn long_spans_fold_and_only_their_lines_are_rendered() {
        let text = "Q1?\n".to_string() + &"line of answer\n".repeat(40) + &"later\n".repeat(10_000);
        let end = text.find("later").unwrap() - 3;
        let f = Finding::new(Code::Inconsistent, Span::new(4, end), "long");
        let got = render(&text, &f);
        assert!(
            got.contains(" 5 | | line of answer\n...  |\n40 | | line of answer\n"),
            "{got}"
        );
        assert!(!got.contains("later"), "{got}");
    }

    #[test]
    fn empty_out_of_range_and_lone_cr_spans_still_get_their_line() {
        let f = Finding::new(Code::MissingAnswer, Span::new(50, 60), "none");
        let got = render("No.", &f);
        assert!(got.contains("1 | No.\n  |    ^\n"), "{got}");
        let mut f = Finding::new(Code::AnnotationInvalid, Span::empty(0), "bad");
        f.severity = Severity::Error;
        let got = render("", &f);
        assert!(
            got.starts_with("error[annotation-invalid]: bad\n --> in/a.txt:1:1\n"),
            "{got}"
        );
        let text = "one\rtwo 6793\rthree";
        let f = Finding::new(Code::AmbiguousValue, span_of(text, "6793"), "x");
        let got = render(text, &f);
        assert!(
            got.contains(" --> in/a.txt:2:5\n  |\n2 | two 6793\n  |     ^^^^\n"),
            "{got}"
        );
    }

    #[test]
    fn very_long_lines_are_cut_around_the_span_and_controls_are_shown_safely() {
        let text = format!("{}6793{}", "a".repeat(1000), "b".repeat(1000));
        let f = Finding::new(Code::AmbiguousValue, span_of(&text, "6793"), "x");
        let got = render(&text, &f);
        // Only a window of the line is drawn, but the column is the line's.
        assert!(got.contains(" --> in/a.txt:1:1001\n"), "{got}");
        let source_line = got.lines().nth(3).unwrap();
        let caret_line = got.lines().nth(4).unwrap();
        assert!(source_line.len() < 200, "{source_line}");
        assert!(source_line.contains("...aaa") && source_line.ends_with("bbb..."));
        let at = source_line.find("6793").unwrap();
        assert_eq!(caret_line.find('^'), Some(at));
        assert_eq!(caret_line.matches('^').count(), 4);
        // Columns stay right finding after finding along one long line, and
        // for a note in a window of its own.
        let source = Source::new("in/a.txt", &text);
        let f = Finding::new(Code::AmbiguousValue, Span::new(1500, 1501), "x")
            .with_related(Span::new(1999, 2000), "end");
        let got = render_finding(&source, &f, false);
        assert!(got.contains(" --> in/a.txt:1:1501\n"), "{got}");
        assert!(got.contains(" --> in/a.txt:1:2000\n"), "{got}");
        let f = Finding::new(Code::AmbiguousValue, Span::new(990, 991), "x");
        let got = render_finding(&source, &f, false);
        assert!(got.contains(" --> in/a.txt:1:991\n"), "{got}");
        // A bell and a right-to-left override cannot reach the terminal.
        let text = "two\u{7}\u{202e} 6793";
        let f = Finding::new(Code::AmbiguousValue, span_of(text, "6793"), "x");
        let got = render(text, &f);
        assert!(!got.contains(['\u{7}', '\u{202e}']), "{got:?}");
    }

    #[test]
    fn colour_only_when_asked_and_hints_are_named_hint() {
        let mut f = Finding::new(Code::Exempt, Span::new(0, 2), "section 40");
        let plain = render("No", &f);
        assert!(plain.starts_with("info[exempt]: section 40\n") && !plain.contains('\x1b'));
        f.severity = Severity::Hint;
        let coloured = render_finding(&Source::new("a", "No"), &f, true);
        assert!(coloured.contains("hint[exempt]\x1b[0m"), "{coloured:?}");
        assert!(coloured.starts_with("\x1b["), "{coloured:?}");
    }
}
