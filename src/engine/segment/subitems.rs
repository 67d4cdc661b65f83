//! Lettered sub-questions written inside one numbered question ("1. Spending
//! on X, b) the cap in 2023-24, and c) the cap for 2024-25") and answered line
//! by line ("a) …", "b) …", "c) …") become separate exchanges (1a, 1b, 1c).
//! Short lettered categories of one measure ("a) framework and b) off
//! framework") stay one exchange.
//!
//! Numbered sections of a questionnaire ("QUESTION ONE" / "VTE RISK
//! ASSESSMENT" / a question / its answer / a question / its answer …) become
//! one exchange per question they ask (1a, 1b, …), under the section's title.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::model::Span;
use crate::engine::text;

use super::markers::{self, LabelStyle, Marker};
use super::wording;
use super::{Part, Segment};

static INLINE_LETTER: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?:^|[\s,;:])\(?([a-h])\)(?:\s|$)"));

/// Fewest words a lettered item needs to be a question of its own.
const MIN_ITEM_WORDS: usize = 3;

pub fn split_lettered(text: &str, segments: &mut Vec<Segment>) {
    replace_each(segments, |seg| split_one(text, seg));
}

/// Replaces each segment `split` returns parts for with those parts.
fn replace_each(segments: &mut Vec<Segment>, split: impl Fn(&Segment) -> Option<Vec<Segment>>) {
    let mut k = 0;
    while k < segments.len() {
        match split(&segments[k]) {
            Some(parts) => {
                let n = parts.len();
                segments.splice(k..=k, parts);
                k += n;
            }
            None => k += 1,
        }
    }
}

fn split_one(text: &str, seg: &Segment) -> Option<Vec<Segment>> {
    let question = seg.question.as_ref()?;
    let answer = seg.answer.as_ref()?;
    let answers = lettered_answers(text, answer)?;
    if answers.len() < 2 {
        return None;
    }
    let cuts = inline_letters(text, question)?;
    let letters: Vec<char> = answers.iter().map(|(c, _)| *c).collect();
    let asked: Vec<char> = cuts.iter().map(|c| c.0).collect();
    if letters != asked {
        return None;
    }
    let items = item_spans(text, &cuts, question.span)?;
    let base = seg.number.map(|n| n.to_string()).unwrap_or_default();
    Some(
        items
            .into_iter()
            .zip(answers)
            .map(|(q, (letter, a))| lettered_segment(seg, &base, q, letter, a))
            .collect(),
    )
}

/// Splits each numbered section whose title asks nothing and whose body is
/// unlabelled questions, each followed by its answer.
pub fn split_sections(text: &str, segments: &mut Vec<Segment>) {
    replace_each(segments, |seg| section_questions(text, seg));
}

fn section_questions(text: &str, seg: &Segment) -> Option<Vec<Segment>> {
    let question = seg.question.as_ref()?;
    let asks = |p: &Span| {
        let s = p.slice(text);
        wording::question_score(s) == 2 && s.starts_with(char::is_uppercase)
    };
    // The section's title asks nothing ("FALLS RISK ASSESSMENT"); its first
    // question may have been read with it.
    let title_len = question.pieces.iter().take_while(|p| !asks(p)).count();
    if title_len == 0 {
        return None;
    }
    let title = Part::from_pieces(question.pieces[..title_len].to_vec())?.folded(text);
    if wording::question_score(&title) > 0 {
        return None;
    }
    let answer = seg.answer.as_ref()?;
    let pieces: Vec<Span> = question.pieces[title_len..]
        .iter()
        .chain(&answer.pieces)
        .copied()
        .collect();
    // The body opens with a question, and no two questions are adjacent: a
    // question wrapped over lines, or a list of them answered together, is
    // not a questionnaire's rows.
    if !pieces.first().is_some_and(asks) || pieces.windows(2).any(|w| asks(&w[0]) && asks(&w[1])) {
        return None;
    }
    let mut rows: Vec<(Span, Vec<Span>)> = Vec::new();
    for piece in &pieces {
        if asks(piece) {
            rows.push((*piece, Vec::new()));
        } else if let Some((_, body)) = rows.last_mut() {
            body.push(*piece);
        }
    }
    if rows.len() < 2 {
        return None;
    }
    let base = seg.number.map(|n| n.to_string()).unwrap_or_default();
    let mut parts: Vec<Segment> = rows
        .into_iter()
        .zip('a'..='z')
        .map(|((q, a), letter)| lettered_segment(seg, &base, q, letter, a))
        .collect();
    for part in &mut parts {
        part.heading = Some(title.clone());
    }
    Some(parts)
}

/// Answer lines that start with a letter label, in order, each with the
/// lines that follow it; `None` when the answer does not open with one.
fn lettered_answers(text: &str, answer: &Part) -> Option<Vec<(char, Vec<Span>)>> {
    let mut answers: Vec<(char, Vec<Span>)> = Vec::new();
    for piece in &answer.pieces {
        let s = piece.slice(text);
        match markers::marker(s) {
            Some(Marker::Question {
                labels,
                style: LabelStyle::Letter,
                rest,
            }) => {
                let letter = labels[0].letter?;
                let body = text::trim_span(text, Span::new(piece.start + rest, piece.end));
                answers.push((letter, vec![body]));
            }
            _ => match answers.last_mut() {
                Some((_, spans)) => spans.push(*piece),
                None => return None,
            },
        }
    }
    Some(answers)
}

/// The letters inside the question text, each as (letter, label start,
/// words start).
fn inline_letters(text: &str, question: &Part) -> Option<Vec<(char, usize, usize)>> {
    let mut cuts: Vec<(char, usize, usize)> = Vec::new();
    for piece in &question.pieces {
        let s = piece.slice(text);
        for c in INLINE_LETTER.captures_iter(s) {
            let m = c.get(1)?;
            let letter = m.as_str().chars().next()?;
            let label_start = s[..m.start()]
                .rfind('(')
                .filter(|p| *p + 1 == m.start())
                .unwrap_or(m.start());
            cuts.push((
                letter,
                piece.start + label_start,
                piece.start + c.get(0)?.end(),
            ));
        }
    }
    let qspan = question.span;
    if cuts.first().is_some_and(|c| c.0 != 'a') {
        // "1. Spending on X, b) …": the words before b) are item a.
        cuts.insert(0, ('a', qspan.start, qspan.start));
    }
    Some(cuts)
}

/// The words of each lettered item of the question (spanning `qspan`), up to
/// the next label; `None` when one is too short to be a question.
fn item_spans(text: &str, cuts: &[(char, usize, usize)], qspan: Span) -> Option<Vec<Span>> {
    let mut items: Vec<Span> = Vec::new();
    for (k, cut) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map_or(qspan.end, |n| n.1);
        let span = text::trim_span(text, Span::new(cut.2, end));
        let words = span.slice(text).split_whitespace().count();
        if words < MIN_ITEM_WORDS {
            return None;
        }
        items.push(span);
    }
    Some(items)
}

/// The segment for item `letter` of `seg` ("3a"): question `q`, answer lines `a`.
fn lettered_segment(seg: &Segment, base: &str, q: Span, letter: char, a: Vec<Span>) -> Segment {
    let question = Part {
        span: q,
        pieces: vec![q],
    };
    let answer = Part::from_pieces(a.into_iter().filter(|s| !s.is_empty()).collect());
    let span = answer.as_ref().map_or(q, |a| q.cover(a.span));
    Segment {
        label: Some(format!("{base}{letter}")),
        number: seg.number,
        question: Some(question),
        answer,
        joint: false,
        heading: seg.heading.clone(),
        requested: seg.requested,
        span,
    }
}
