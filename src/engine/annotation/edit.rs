//! Edits that insert or replace annotation lines (code actions, `foil annotate`).
//!
//! Edits only ever insert a whole annotation line or replace an existing one:
//! every other byte of the response stays as it is.

use crate::engine::model::{Analysis, Span};

pub use super::draft::{
    add_values_draft, correct_values_draft, drop_item_draft, drop_value_draft, ignore_draft,
    join_draft, layout_draft, list_draft, map_draft, reading_draft, referral_draft,
    set_status_draft, verify_draft, yes_no_draft,
};

use super::bind::anchor;
use super::syntax::{is_annotation_line, render};
use super::{Annotation, Verb};

/// Replace `span` with `new_text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// Where `draft` goes for exchange `index`: over its existing annotation of
/// the same verb (the same code, for `ignore`), else on a new line right after
/// its answer and any annotation lines already following it.
pub fn place(text: &str, analysis: &Analysis, index: usize, draft: &Annotation) -> TextEdit {
    let rendered = render(draft);
    let existing = analysis.annotations.iter().rev().find(|a| {
        a.exchange == Some(index)
            && a.verb == draft.verb
            && (draft.verb != Verb::Ignore || a.code == draft.code)
    });
    // Only a span that is still an annotation line of this text is replaced.
    if let Some(line) = existing.map(|a| a.span).filter(|s| {
        text.get(s.start..s.end)
            .is_some_and(|l| is_annotation_line(l) && is_whole_line(text, *s))
    }) {
        return TextEdit {
            span: line,
            new_text: rendered,
        };
    }
    let after = analysis
        .exchanges
        .get(index)
        .and_then(anchor)
        .map(|span| line_end(text, trimmed_end(text, span)));
    let eol = line_ending(text);
    match after.map(|end| skip_annotation_lines(text, end)) {
        Some(Insertion::LineStart(at)) => TextEdit {
            span: Span::empty(at),
            new_text: rendered + eol,
        },
        // The last line has no line break: give it one first.
        Some(Insertion::AfterLastLine) => TextEdit {
            span: Span::empty(text.len()),
            new_text: format!("{eol}{rendered}"),
        },
        // Nothing to follow: `q=` binds it wherever it is, at the end.
        None if text.is_empty() || text.ends_with(['\n', '\r']) => TextEdit {
            span: Span::empty(text.len()),
            new_text: rendered + eol,
        },
        None => TextEdit {
            span: Span::empty(text.len()),
            new_text: format!("{eol}{rendered}"),
        },
    }
}

/// Where a layout annotation goes: on a new line right before the line that
/// starts at `line_start` (it marks the line after it), or over the layout
/// annotation of the same verb already standing there.
pub fn place_before_line(text: &str, line_start: usize, draft: &Annotation) -> TextEdit {
    let rendered = render(draft);
    let line_start = crate::engine::text::floor_char_boundary(text, line_start.min(text.len()));
    let before = &text[..line_start];
    let prev_end = before.trim_end_matches(['\n', '\r']).len();
    if prev_end < line_start && break_len(text, prev_end) == line_start - prev_end {
        let prev_start = text[..prev_end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let prev = Span::new(prev_start, prev_end);
        let same_verb = super::parse_line(prev.slice(text), prev_start)
            .and_then(Result::ok)
            .is_some_and(|a| a.verb == draft.verb);
        if same_verb {
            return TextEdit {
                span: prev,
                new_text: rendered,
            };
        }
    }
    TextEdit {
        span: Span::empty(line_start),
        new_text: rendered + line_ending(text),
    }
}

/// `verify` lines for every exchange with an answer that has no `verify` or
/// `set` yet (one that has is left as a person decided it).
pub fn verify_all(text: &str, analysis: &Analysis) -> Vec<TextEdit> {
    (0..analysis.exchanges.len())
        .filter(|&i| {
            analysis.exchanges[i].annotation.is_none()
                && !analysis
                    .annotations
                    .iter()
                    .any(|a| a.exchange == Some(i) && matches!(a.verb, Verb::Verify | Verb::Set))
        })
        .filter_map(|i| {
            let draft = verify_draft(text, analysis, i)?;
            Some(place(text, analysis, i, &draft))
        })
        .collect()
}

/// Applies non-overlapping edits to `text`; an edit that overlaps an earlier
/// one or does not fit the text is skipped.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    // Stable: insertions at one point keep their order.
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + edits.len() * 80);
    let mut at = 0;
    for e in sorted {
        let fits = at <= e.span.start
            && e.span.start <= e.span.end
            && text.is_char_boundary(e.span.start)
            && text.is_char_boundary(e.span.end)
            && e.span.end <= text.len();
        if !fits {
            continue;
        }
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

enum Insertion {
    /// At the start of a line (after the previous line's break).
    LineStart(usize),
    /// After the last line, which has no line break.
    AfterLastLine,
}

/// The end of `span` with trailing white space left out.
fn trimmed_end(text: &str, span: Span) -> usize {
    match text.get(span.start..span.end) {
        Some(s) => span.start + s.trim_end().len(),
        None => span.end.min(text.len()),
    }
}

/// Where the line holding byte `at` ends (before its break).
fn line_end(text: &str, at: usize) -> usize {
    let at = crate::engine::text::floor_char_boundary(text, at);
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// The length of the line break at `at` (0 at the end of the text).
fn break_len(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at..) {
        Some([b'\r', b'\n', ..]) => 2,
        Some([b'\r' | b'\n', ..]) => 1,
        _ => 0,
    }
}

/// From the end of a line, past the annotation lines that directly follow it
/// (up to a layout annotation, which belongs to the line after it).
fn skip_annotation_lines(text: &str, mut end: usize) -> Insertion {
    loop {
        let brk = break_len(text, end);
        if brk == 0 {
            return Insertion::AfterLastLine;
        }
        let next = end + brk;
        let next_end = line_end(text, next);
        let line = &text[next..next_end];
        if next == text.len() || !is_annotation_line(line) || is_layout_line(line) {
            return Insertion::LineStart(next);
        }
        end = next_end;
    }
}

fn is_layout_line(line: &str) -> bool {
    super::parse_line(line, 0)
        .and_then(Result::ok)
        .is_some_and(|a| a.verb.is_layout())
}

/// Whether `span` runs from a line start to a line end.
fn is_whole_line(text: &str, span: Span) -> bool {
    let starts = span.start == 0 || text[..span.start].ends_with(['\n', '\r']);
    starts && line_end(text, span.start) == span.end
}

/// The document's line break: that of its first line, else `\n`.
fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']).map(|i| &text.as_bytes()[i..]) {
        Some([b'\r', b'\n', ..]) => "\r\n",
        Some([b'\r', ..]) => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\rb"), "\r");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("one line"), "\n");
    }

    #[test]
    fn skips_following_annotation_lines() {
        let t = "A: 5\n<!-- foil verify -->\n<!-- foil set x -->\nnext\n";
        match skip_annotation_lines(t, 4) {
            Insertion::LineStart(at) => assert_eq!(&t[at..], "next\n"),
            Insertion::AfterLastLine => panic!("expected a line start"),
        }
        let t = "A: 5\r\n<!-- foil verify -->";
        assert!(matches!(
            skip_annotation_lines(t, 4),
            Insertion::AfterLastLine
        ));
        // A layout annotation marks the line after it: a verify goes before it.
        let t = "A: 5\n<!-- foil verify q=a -->\n<!-- foil question q=b -->\nQ2\n";
        match skip_annotation_lines(t, 4) {
            Insertion::LineStart(at) => assert!(t[at..].starts_with("<!-- foil question")),
            Insertion::AfterLastLine => panic!("expected a line start"),
        }
    }

    #[test]
    fn apply_edits_skips_what_does_not_fit() {
        let edits = [
            TextEdit {
                span: Span::new(1, 3),
                new_text: "X".into(),
            },
            TextEdit {
                span: Span::new(2, 4),
                new_text: "overlaps".into(),
            },
            TextEdit {
                span: Span::new(6, 6),
                new_text: "!".into(),
            },
            TextEdit {
                span: Span::new(99, 99),
                new_text: "out".into(),
            },
        ];
        assert_eq!(apply_edits("abcdef", &edits), "aXdef!");
        let multibyte = [TextEdit {
            span: Span::new(1, 1),
            new_text: "inside £".into(),
        }];
        assert_eq!(apply_edits("£", &multibyte), "£");
    }
}
