//! What a person marked with layout annotations (SPEC "Layout annotations"):
//! question starts win over the starts the layout found (the layout then cuts
//! each question's region as it cuts its own), and answer starts give a
//! question the answer that runs from there to the next question, answer or
//! layout annotation.

use crate::engine::model::Span;
use crate::engine::text;

use super::layout::Start;
use super::lines::{Kind, LineInfo};
use super::markers::{Label, LabelStyle, Labels, Marker};
use super::{Layout, Part};

/// Adds a start on every pinned line, in line order, replacing any start the
/// layout found on that line (a question starting mid-line included).
pub(super) fn pin_starts(text: &str, infos: &[LineInfo], starts: &mut Vec<Start>) {
    let pinned: Vec<usize> = (0..infos.len()).filter(|&i| infos[i].pinned).collect();
    if pinned.is_empty() {
        return;
    }
    starts.retain(|s| !pinned.contains(&s.line));
    for line in pinned {
        let at = starts.partition_point(|s| s.line < line);
        let parent = starts[..at].iter().rev().find_map(Start::number);
        starts.insert(at, pinned_start(text, infos, line, parent));
    }
}

/// The start of a pinned line: its label when it has one (a lettered one
/// under the question before it: "b)" after question 3 is 3b), its words
/// after the label or bullet.
fn pinned_start(text: &str, infos: &[LineInfo], line: usize, parent: Option<u32>) -> Start {
    let info = &infos[line];
    let content = info.text(text);
    let (labels, rest) = match &info.marker {
        Some(Marker::Question {
            labels,
            style: LabelStyle::Letter,
            rest,
        }) => (
            labels
                .iter()
                .map(|l| Label {
                    number: parent,
                    letter: l.letter,
                })
                .collect(),
            *rest,
        ),
        Some(Marker::Question { labels, rest, .. }) => (*labels, *rest),
        _ => match loose_label(content) {
            Some((n, rest)) => (Labels::one(Label::number(n)), rest),
            None => (Labels::default(), bullet_len(content)),
        },
    };
    Start {
        line,
        at: info.content.start,
        text_at: info.content.start + rest,
        labels,
        inline: false,
    }
}

/// A number label the markers do not take ("2.)", "3 -"): the number and
/// where the words after it begin.
fn loose_label(s: &str) -> Option<(u32, usize)> {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &s[digits..];
    let marks = after.len() - after.trim_start_matches(['.', ')', ':', '-', '–']).len();
    let rest = &after[marks..];
    if marks == 0 || !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let words = s.len() - rest.trim_start().len();
    Some((s[..digits].parse().ok()?, words))
}

/// The length of a leading bullet and the space after it ("- ", "• ").
fn bullet_len(s: &str) -> usize {
    let words = s.trim_start_matches(['•', '-', '–', '*', '·', '▪', '◦']);
    if words.len() == s.len() || !words.starts_with(char::is_whitespace) {
        return 0;
    }
    s.len() - words.trim_start().len()
}

/// A pinned line the layout left inside another question or answer (a
/// response part that restates no question there, say) starts a question
/// of its own all the same: the line is its question, the rest of what held
/// it (from the line on) its answer.
pub fn keep_pinned(text: &str, infos: &[LineInfo], layout: &mut Layout) {
    for (line, info) in infos.iter().enumerate().filter(|(_, i)| i.pinned) {
        let span = info.span;
        let starts_here = |p: &Option<Part>| {
            p.as_ref()
                .is_some_and(|p| span.start <= p.span.start && p.span.start <= span.end)
        };
        if layout.segments.iter().any(|s| starts_here(&s.question)) {
            continue;
        }
        let holds = |p: &Option<Part>| {
            p.as_ref().is_some_and(|p| {
                p.pieces
                    .iter()
                    .any(|x| x.start >= span.start && x.start <= span.end)
            })
        };
        let owner = layout
            .segments
            .iter()
            .position(|s| holds(&s.question) || holds(&s.answer));
        let start = pinned_start(text, infos, line, None);
        let question = text::trim_span(text, Span::new(start.text_at, info.content.end));
        let mut seg = super::Segment {
            label: (!start.labels.is_empty()).then(|| start.labels.printed()),
            number: start.number(),
            question: Part::from_pieces(vec![question]),
            span: Span::new(start.at, info.content.end),
            ..Default::default()
        };
        let at = match owner {
            Some(k) => {
                let owner = &mut layout.segments[k];
                let later = |p: &Span| p.start > span.end;
                let taken: Vec<Span> = [&owner.question, &owner.answer]
                    .into_iter()
                    .flatten()
                    .flat_map(|p| p.pieces.iter().copied())
                    .filter(later)
                    .collect();
                let range = Span::new(span.start, taken.last().map_or(span.end, |p| p.end));
                owner.question = without(owner.question.take(), range);
                owner.answer = without(owner.answer.take(), range);
                seg.answer = Part::from_pieces(taken);
                if let Some(a) = &seg.answer {
                    seg.span = seg.span.cover(a.span);
                }
                k + 1
            }
            None => layout
                .segments
                .partition_point(|s| s.span.start < span.start),
        };
        layout.segments.insert(at, seg);
        for d in &mut layout.doubts {
            if let Some(k) = d.segment.filter(|&k| k >= at) {
                d.segment = Some(k + 1);
            }
        }
    }
    remove_empty(layout, &[]);
}

/// Gives each `(segment, line)` of `answers` the answer that starts on that
/// line and runs to the next question, the next other answer, the next line
/// of `stops` (layout annotations) or the closing boilerplate. What it takes
/// leaves every other question and answer. Returns the indices of the
/// segments left with neither question nor answer, which are removed.
pub fn place_answers(
    text: &str,
    infos: &[LineInfo],
    layout: &mut Layout,
    answers: &[(usize, usize)],
    stops: &[usize],
) -> Vec<usize> {
    let line_of = |at: usize| infos.partition_point(|i| i.span.end < at);
    let mut taken: Vec<(usize, Span, Option<Part>)> = Vec::new();
    for &(target, line) in answers {
        if target >= layout.segments.len() || line >= infos.len() {
            continue;
        }
        let own = layout.segments[target].answer.as_ref().map(|a| a.span);
        let later_start = |span: Option<Span>| span.map(|s| line_of(s.start)).filter(|&l| l > line);
        let mut end = infos.len();
        for (k, seg) in layout.segments.iter().enumerate() {
            let answer = seg.answer.as_ref().map(|a| a.span);
            let other_answer = if k != target && answer != own {
                answer
            } else {
                None
            };
            for l in [seg.question.as_ref().map(|q| q.span), other_answer]
                .into_iter()
                .filter_map(&later_start)
            {
                end = end.min(l);
            }
        }
        let stop = stops.iter().copied().filter(|&l| l > line).min();
        let closing = (line + 1..end).find(|&l| infos[l].kind == Kind::Closing);
        end = end.min(stop.unwrap_or(end)).min(closing.unwrap_or(end));
        let pieces: Vec<Span> = (line..end)
            .filter_map(|l| answer_piece(text, &infos[l]))
            .collect();
        let range = Span::new(infos[line].span.start, infos[end - 1].span.end);
        taken.push((target, range, Part::from_pieces(pieces)));
    }
    for (k, seg) in layout.segments.iter_mut().enumerate() {
        for (target, range, part) in &taken {
            seg.question = without(seg.question.take(), *range);
            seg.answer = if k == *target {
                seg.joint = false;
                part.clone()
            } else {
                without(seg.answer.take(), *range)
            };
        }
        let parts = [&seg.question, &seg.answer];
        if let Some(span) = parts
            .iter()
            .filter_map(|p| p.as_ref().map(|p| p.span))
            .reduce(Span::cover)
        {
            seg.span = span;
        }
    }
    let answered: Vec<usize> = taken.iter().map(|t| t.0).collect();
    remove_empty(layout, &answered)
}

/// The words of a line that can be part of an answer: its content after any
/// answer marker ("Our response:"); none for furniture, headings, blank lines.
fn answer_piece(text: &str, info: &LineInfo) -> Option<Span> {
    if info.kind != Kind::Text {
        return None;
    }
    let span = match &info.marker {
        Some(Marker::Answer { rest, .. }) => {
            text::trim_span(text, Span::new(info.content.start + rest, info.content.end))
        }
        _ => info.content,
    };
    (!span.is_empty()).then_some(span)
}

/// `part` without its pieces inside `range`.
fn without(part: Option<Part>, range: Span) -> Option<Part> {
    let part = part?;
    let inside = |p: &Span| range.start <= p.start && p.end <= range.end;
    if !part.pieces.iter().any(inside) {
        return Some(part);
    }
    Part::from_pieces(part.pieces.into_iter().filter(|p| !inside(p)).collect())
}

/// Removes the segments with neither question nor answer (and the doubts
/// about them, or about the segments whose answer a person placed); returns
/// the indices removed.
fn remove_empty(layout: &mut Layout, answered: &[usize]) -> Vec<usize> {
    let empty: Vec<usize> = (0..layout.segments.len())
        .filter(|&k| layout.segments[k].question.is_none() && layout.segments[k].answer.is_none())
        .collect();
    layout.doubts.retain_mut(|d| match d.segment {
        Some(k) if empty.contains(&k) || answered.contains(&k) => false,
        Some(k) => {
            d.segment = Some(k - empty.iter().filter(|&&e| e < k).count());
            true
        }
        None => true,
    });
    for &k in empty.iter().rev() {
        layout.segments.remove(k);
    }
    empty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_labels_are_read() {
        assert_eq!(loose_label("2.) Are any beds closed?"), Some((2, 4)));
        assert_eq!(loose_label("12.6 WTE"), None);
        assert_eq!(loose_label("2021 figures"), None);
    }

    #[test]
    fn bullets_are_not_the_question() {
        assert_eq!(bullet_len("- The number of claims"), 2);
        assert_eq!(bullet_len("•  How many?"), "•  ".len());
        assert_eq!(bullet_len("-1 is negative"), 0);
        assert_eq!(bullet_len("How many?"), 0);
    }
}
