//! Segmentation: from a response's layout to its exchanges (question span,
//! answer span, printed label), whatever the layout: numbered questions with
//! `OUR RESPONSE:` answers, letters with answers inline, `You asked:` / `Our
//! response:` blocks, markdown `**Q1**` / `**A1**`, a REQUEST section followed by
//! a RESPONSE section, all questions first and answers after, joint answers.
//!
//! Page furniture and the closing boilerplate are kept out of answers;
//! annotation lines are invisible.

mod furniture;
mod layout;
mod lines;
mod markers;
mod notes;
mod overrides;
mod run_together;
mod subitems;
pub mod wording;

pub use layout::segment;
pub(crate) use layout::segment_lines;
pub use lines::{scan as scan_lines, Kind as LineKind, LineInfo};
pub use markers::Label;
pub use notes::Note;
pub use overrides::{keep_pinned, place_answers};
pub use run_together::reading_lines;

use crate::engine::model::Span;

/// A question or an answer as laid out: its whole source range, and the pieces
/// of it that are content (furniture, annotation lines and markers left out).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Part {
    pub span: Span,
    pub pieces: Vec<Span>,
}

impl Part {
    pub fn from_pieces(pieces: Vec<Span>) -> Option<Part> {
        let first = pieces.first()?;
        let last = pieces.last()?;
        Some(Part {
            span: Span::new(first.start, last.end),
            pieces,
        })
    }

    /// The pieces joined by line breaks (answers keep their lines).
    pub fn text(&self, text: &str) -> String {
        let mut out = String::new();
        for (i, p) in self.pieces.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(p.slice(text));
        }
        out
    }

    /// The pieces joined with white space folded (questions read as one line).
    pub fn folded(&self, text: &str) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            for w in p.slice(text).split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(w);
            }
        }
        out
    }
}

/// One exchange as found in the layout, before schemas and reading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Segment {
    /// Printed label: "1", "4", "1a"; `None` for unnumbered questions.
    pub label: Option<String>,
    /// The question number, when it has one.
    pub number: Option<u32>,
    pub question: Option<Part>,
    pub answer: Option<Part>,
    /// The answer is shared with other questions ("Q4 & Q5 - …", two questions
    /// then one answer).
    pub joint: bool,
    /// The heading the question sits under, if any ("Staffing Levels").
    pub heading: Option<String>,
    /// Listed in a request section whose answers come later.
    pub requested: bool,
    /// Where the whole exchange lies, for folding and outlines.
    pub span: Span,
}

/// Something the layout is unsure of, said in words a reviewer can check
/// ("6 questions asked, 5 answers found").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doubt {
    /// The segment it is about; `None` for the whole document.
    pub segment: Option<usize>,
    pub span: Span,
    pub message: String,
}

/// The exchanges of a document and where its parts lie.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    pub segments: Vec<Segment>,
    pub doubts: Vec<Doubt>,
    /// Where the first question starts (the letterhead and preamble lie before).
    pub body_start: usize,
    /// Where a REQUEST heading opens the request before the first question
    /// ("Information Requested"): bodies named after it are the requester's.
    pub request_start: Option<usize>,
    /// Where the text stops in the middle of a sentence ("1. How many epi"),
    /// when it does: what follows was lost, not left unanswered.
    pub cut_off: Option<Span>,
    /// Where the closing boilerplate starts, when there is one.
    pub closing_start: Option<usize>,
    /// Sentences after the answers that explain a question's answer
    /// ("Section 40(2) – … the names requested in question 3 …").
    pub notes: Vec<Note>,
}
