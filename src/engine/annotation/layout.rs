//! Layout annotations (SPEC "Layout annotations"): a person's word on where a
//! question or an answer starts, or that a line is page furniture.
//!
//! ```text
//! <!-- foil question q=episodes_coded -->   the next line starts this question
//! <!-- foil answer q=episodes_coded -->     the next line starts its answer
//! <!-- foil furniture -->                   the next line belongs to no answer
//! ```
//!
//! Each marks the next line with words on it. They are read before the engine
//! lays the response out and win over its layout: a marked question start
//! joins (or replaces) the starts the layout finds, a furniture line is never
//! content, and once questions have their keys, a marked answer runs from its
//! line to the next question, the next other answer, the next `question` or
//! `answer` annotation, or the closing boilerplate.

use crate::engine::model::Span;
use crate::engine::segment::{self, Layout, LineInfo, LineKind};
use crate::engine::text;

use super::{Scanned, Verb};

/// One layout annotation and the line it marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub verb: Verb,
    pub key: Option<String>,
    /// Index (in `text::lines`) of the annotation's own line.
    pub annotation_line: usize,
    /// Index of the line it marks; `None` when no line with words follows.
    pub line: Option<usize>,
}

/// The layout annotations of a response, in text order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    marks: Vec<Mark>,
}

impl Marks {
    /// The valid layout annotations among `scanned`; `lines` are `text::lines(text)`.
    pub fn read(text: &str, lines: &[text::Line], scanned: &[Scanned]) -> Marks {
        let annotation_lines: Vec<Span> = scanned.iter().map(|s| s.line).collect();
        let is_annotation = |l: &text::Line| annotation_lines.binary_search(&l.span).is_ok();
        let marks = scanned
            .iter()
            .filter_map(|s| {
                let a = s.result.as_ref().ok().filter(|a| a.verb.is_layout())?;
                let own = lines.partition_point(|l| l.span.start < s.line.start);
                let line = (own + 1..lines.len()).find(|&j| {
                    !is_annotation(&lines[j]) && !lines[j].span.slice(text).trim().is_empty()
                });
                Some(Mark {
                    verb: a.verb,
                    key: a.key.clone(),
                    annotation_line: own,
                    line,
                })
            })
            .collect();
        Marks { marks }
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Mark> {
        self.marks.iter()
    }

    /// Whether some mark places an answer (the layout then needs the lines' facts again).
    pub fn places_answers(&self) -> bool {
        self.marks.iter().any(|m| m.verb == Verb::Answer)
    }

    /// Marks the lines' facts before the layout is found: furniture is never
    /// content; a marked question or answer line is content, whatever it
    /// looked like.
    pub fn mark_lines(&self, infos: &mut [LineInfo]) {
        for m in &self.marks {
            let Some(info) = m.line.and_then(|l| infos.get_mut(l)) else {
                continue;
            };
            match m.verb {
                Verb::Furniture => {
                    info.kind = LineKind::Furniture;
                    info.pinned = false;
                }
                Verb::Question => {
                    info.pinned = true;
                    info.kind = LineKind::Text;
                }
                Verb::Answer if info.kind != LineKind::ResponseHeading => {
                    info.kind = LineKind::Text;
                }
                _ => {}
            }
        }
    }

    /// `(segment, key)` for each `question q=KEY` whose line starts a
    /// segment's question: that segment takes the key.
    pub fn pinned_keys(&self, lines: &[text::Line], layout: &Layout) -> Vec<(usize, String)> {
        self.marks
            .iter()
            .filter(|m| m.verb == Verb::Question)
            .filter_map(|m| {
                let key = m.key.clone()?;
                let line = lines.get(m.line?)?.span;
                let segment = layout.segments.iter().position(|s| {
                    s.question
                        .as_ref()
                        .is_some_and(|q| line.start <= q.span.start && q.span.start <= line.end)
                })?;
                Some((segment, key))
            })
            .collect()
    }

    /// Gives each question named by an `answer q=KEY` the answer marked for
    /// it; `key_of(k)` is segment `k`'s key. Returns the indices of the
    /// segments left empty and removed (see [`segment::place_answers`]).
    pub fn place_answers(
        &self,
        text: &str,
        infos: &[LineInfo],
        layout: &mut Layout,
        key_of: impl Fn(usize) -> String,
    ) -> Vec<usize> {
        let keys: Vec<String> = (0..layout.segments.len()).map(key_of).collect();
        let answers: Vec<(usize, usize)> = self
            .marks
            .iter()
            .filter(|m| m.verb == Verb::Answer)
            .filter_map(|m| {
                let key = m.key.as_deref()?;
                Some((keys.iter().position(|k| k == key)?, m.line?))
            })
            .collect();
        if answers.is_empty() {
            return Vec::new();
        }
        let stops: Vec<usize> = self
            .marks
            .iter()
            .filter(|m| matches!(m.verb, Verb::Question | Verb::Answer))
            .map(|m| m.annotation_line)
            .collect();
        segment::place_answers(text, infos, layout, &answers, &stops)
    }
}
