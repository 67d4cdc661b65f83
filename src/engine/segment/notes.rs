//! Letters that explain their refusals after the answers: "Exemptions
//! applied" / "Section 40(2) – Personal information" / "The names requested
//! in question 3 are personal data …", or a closing paragraph "… for question
//! 2, we are relying on section 12". Those paragraphs are not the last
//! answer's words; each sentence that names a question is a note on it,
//! read with the heading it stands under.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::model::Span;
use crate::engine::text;

use super::layout::{named_numbers, NAMES_QUESTIONS};
use super::{Part, Segment};

/// A sentence of the notes naming one question, with the heading it sits
/// under; `question` 0 is a section heading that names none (its
/// explanation is for the answers that point below).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub question: u32,
    pub heading: Option<Span>,
    pub sentence: Span,
}

/// A heading that opens a letter's notes on its answers (or a section's
/// heading, [`SECTION_HEADING`]).
static NOTES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?ix)^\W*(?:
            exemptions?(?:\s+(?:applied|used|relied\s+(?:up)?on))?
          | reasons?\s+for\s+(?:the\s+|our\s+)?(?:decision|refusal)
          | explanation(?:\s+of\s+(?:the\s+)?exemptions?)?
          | refusal\s+notice
          | public\s+interest\s+test
        )",
    )
});

/// "Section 40(2) – Personal information": the heading of one exemption.
static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\W*(?:section|regulation)\s+\d{1,2}[a-z]?(?:\s*\(\s*\w{1,4}\s*\))*\s*[–—:\-]",
    )
});

/// Cuts the notes off the last answer and returns their sentences naming
/// questions. The notes start at a paragraph after the answer's first that
/// opens with a notes heading, or that names a question other than the
/// last one.
pub fn cut(text: &str, segments: &mut [Segment]) -> Vec<Note> {
    let Some(last) = segments.last_mut() else {
        return Vec::new();
    };
    let own = last.number;
    let Some(answer) = &last.answer else {
        return Vec::new();
    };
    let pieces = &answer.pieces;
    let starts_paragraph = |k: usize| {
        k > 0 && {
            let gap = &text[pieces[k - 1].end..pieces[k].start];
            gap.matches('\n').count() >= 2
        }
    };
    let names_another = |s: &str| {
        NAMES_QUESTIONS.captures_iter(s).any(|c| {
            let named = named_numbers(&c);
            !named.is_empty() && named.iter().all(|n| Some(*n) != own)
        })
    };
    let Some(from) = (1..pieces.len()).find(|&k| {
        let s = pieces[k].slice(text);
        starts_paragraph(k)
            && (NOTES_HEADING.is_match(s) || SECTION_HEADING.is_match(s) || names_another(s))
    }) else {
        return Vec::new();
    };
    let notes: Vec<Span> = pieces[from..].to_vec();
    last.answer = Part::from_pieces(pieces[..from].to_vec());
    if let Some(a) = &last.answer {
        last.span = last.span.cover(a.span);
    }
    let mut out = Vec::new();
    let mut heading = None;
    for piece in notes {
        let s = piece.slice(text);
        if SECTION_HEADING.is_match(s) {
            heading = Some(piece);
            out.push(Note {
                question: 0,
                heading: None,
                sentence: piece,
            });
        }
        for sentence in sentences(s) {
            let words = &s[sentence.0..sentence.1];
            for c in NAMES_QUESTIONS.captures_iter(words) {
                for question in named_numbers(&c) {
                    out.push(Note {
                        question,
                        heading: heading.filter(|h| *h != piece),
                        sentence: Span::new(piece.start + sentence.0, piece.start + sentence.1),
                    });
                }
            }
        }
    }
    out
}

/// The sentences of a paragraph, as byte ranges.
fn sentences(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in s.match_indices(". ") {
        out.push((start, i + 1));
        start = i + 2;
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}
