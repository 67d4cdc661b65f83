//! Layout actions, on any line: "Question N starts here", "Answer to question
//! N starts here" (the questions with no answer first), "This line is not
//! part of the answer" (page furniture caught in an answer); and, on the
//! diagnostic of a schema question the response never asks, "Question N
//! (key) starts at line L" where its wording stands. Each inserts a layout
//! annotation on the line before the one it marks.

use tower_lsp_server::ls_types::CodeActionKind;

use super::Builder;
use crate::engine::annotation::edit::{self, TextEdit};
use crate::engine::annotation::suggest;
use crate::engine::annotation::{is_annotation_line, Annotation, Verb};
use crate::engine::schema::similarity;
use crate::engine::{Exchange, Span};
use crate::lsp::display;
use crate::lsp::handlers::in_text;

/// How many questions "Answer to question N starts here" names on one line.
const ANSWER_CANDIDATES: usize = 5;
/// How many schema questions "Question N (key) starts here" names on one line,
/// and how many lines one missing question is offered on.
const SCHEMA_CANDIDATES: usize = 2;
/// How close a line's wording must come to a schema question's to be offered
/// as where it starts.
const WORDING: f32 = 0.3;

pub(super) fn offer(b: &mut Builder, line: Span) {
    let words = line.slice(&b.snap.text).trim();
    if words.is_empty() || is_annotation_line(words) {
        return;
    }
    question_starts(b, line);
    answer_starts(b, line);
    furniture(b, line);
}

/// The questions of the text, in text order (indices).
fn in_order(b: &Builder) -> Vec<usize> {
    let exchanges = &b.analysis.exchanges;
    let mut order: Vec<usize> = (0..exchanges.len())
        .filter(|&k| in_text(&exchanges[k]))
        .collect();
    order.sort_by_key(|&k| (exchanges[k].span.start, k));
    order
}

fn starts_on(span: Option<Span>, line: Span) -> bool {
    span.is_some_and(|s| line.start <= s.start && s.start <= line.end)
}

fn question_starts(b: &mut Builder, line: Span) {
    let exchanges = &b.analysis.exchanges;
    if exchanges
        .iter()
        .any(|e| starts_on(e.question.as_ref().map(|q| q.span), line))
    {
        return;
    }
    let Some(schema) = b.snap.schema() else {
        // Keys follow the questions' order: the new one takes its place.
        let before = in_order(b)
            .into_iter()
            .filter(|&k| exchanges[k].span.start < line.start)
            .count();
        let n = before + 1;
        let title = format!("Question {n} starts here");
        let key = format!("q{n}");
        push_before(b, title, line, Verb::Question, Some(&key));
        return;
    };
    let words = line.slice(&b.snap.text);
    let mut unasked: Vec<(f32, usize)> = exchanges
        .iter()
        .filter(|e| !in_text(e))
        .filter_map(|e| e.schema_question)
        .map(|k| (similarity(words, &schema.questions[k].text), k))
        .filter(|&(score, _)| score >= WORDING)
        .collect();
    unasked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    if unasked.is_empty() {
        // Worded like none of the schema's missing questions: a question of its own.
        push_before(
            b,
            "A question starts here".into(),
            line,
            Verb::Question,
            None,
        );
    }
    for (_, k) in unasked.into_iter().take(SCHEMA_CANDIDATES) {
        let q = &schema.questions[k];
        let title = format!("Question {} ({}) starts here", q.number, q.key);
        push_before(b, title, line, Verb::Question, Some(&q.key.clone()));
    }
}

/// "Answer to question N starts here": the questions with no answer before
/// this line (nearest first), the question this line belongs to, the
/// question asked last before it.
fn answer_starts(b: &mut Builder, line: Span) {
    let exchanges = &b.analysis.exchanges;
    let order = in_order(b);
    let asked_before: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&k| {
            exchanges[k]
                .question
                .as_ref()
                .is_some_and(|q| q.span.start < line.start)
        })
        .collect();
    let mut candidates: Vec<usize> = asked_before
        .iter()
        .rev()
        .copied()
        .filter(|&k| exchanges[k].answer.is_none())
        .collect();
    let enclosing = order
        .iter()
        .copied()
        .find(|&k| exchanges[k].span.start <= line.start && line.start <= exchanges[k].span.end);
    candidates.extend(enclosing);
    candidates.extend(asked_before.last().copied());
    let mut offered = Vec::new();
    for k in candidates {
        let e = &exchanges[k];
        let answers_here = starts_on(e.answer.as_ref().map(|a| a.span), line);
        if offered.contains(&k) || answers_here || e.question.is_none() {
            continue;
        }
        if offered.len() == ANSWER_CANDIDATES {
            break;
        }
        offered.push(k);
        let title = format!("Answer to question {} starts here", question_name(e));
        let key = e.key.clone();
        push_before(b, title, line, Verb::Answer, Some(&key));
    }
}

/// "This line is not part of the answer" (or question).
fn furniture(b: &mut Builder, line: Span) {
    let within =
        |span: Option<Span>| span.is_some_and(|s| s.start <= line.start && line.end <= s.end);
    let exchanges = &b.analysis.exchanges;
    let title = if exchanges
        .iter()
        .any(|e| within(e.answer.as_ref().map(|a| a.span)))
    {
        "This line is not part of the answer"
    } else if exchanges.iter().any(|e| {
        within(e.question.as_ref().map(|q| q.span))
            && !starts_on(e.question.as_ref().map(|q| q.span), line)
    }) {
        "This line is not part of the question"
    } else {
        return;
    };
    push_before(b, title.to_string(), line, Verb::Furniture, None);
}

/// Over several lines: "Question N starts at line L" for the lines inside an
/// answer there that read as a question foil did not see (a label, a
/// question mark, or, with a schema, the wording of a question it misses).
pub(super) fn hidden_questions(b: &mut Builder, lines: Span) {
    const SCANNED: usize = 400;
    let text = &b.snap.text;
    let exchanges = &b.analysis.exchanges;
    let inside_answer = |l: Span| {
        exchanges.iter().any(|e| {
            e.answer
                .as_ref()
                .is_some_and(|a| a.span.start < l.start && l.end <= a.span.end)
        })
    };
    let schema = b.snap.schema();
    let unasked: Vec<usize> = exchanges
        .iter()
        .filter(|e| !in_text(e))
        .filter_map(|e| e.schema_question)
        .collect();
    let line_index = crate::engine::text::LineIndex::new(text);
    let mut found = Vec::new();
    for line in crate::engine::text::lines(lines.slice(text))
        .into_iter()
        .take(SCANNED)
    {
        let l = Span::new(lines.start + line.span.start, lines.start + line.span.end);
        let words = l.slice(text);
        if !inside_answer(l) || is_annotation_line(words.trim()) {
            continue;
        }
        let key = match schema {
            Some(schema) => unasked
                .iter()
                .map(|&k| (similarity(words, &schema.questions[k].text), k))
                .filter(|&(score, _)| score >= WORDING)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, k)| {
                    (
                        schema.questions[k].number.clone(),
                        schema.questions[k].key.clone(),
                    )
                }),
            None if suggest::reads_as_question_start(words) => {
                let n = exchanges
                    .iter()
                    .filter(|e| in_text(e) && e.span.start < l.start)
                    .count()
                    + 1;
                Some((n.to_string(), format!("q{n}")))
            }
            None => None,
        };
        if let Some((number, key)) = key {
            found.push((l, number, key));
        }
        if found.len() == SCHEMA_CANDIDATES {
            break;
        }
    }
    for (l, number, key) in found {
        let name = match schema {
            Some(_) => format!("{number} ({key})"),
            None => number,
        };
        let title = format!(
            "Question {name} starts at line {}: {}",
            line_index.line_of(l.start) + 1,
            display::truncate(l.slice(text).trim(), 40)
        );
        push_before(b, title, l, Verb::Question, Some(&key));
    }
}

/// On the diagnostic of schema question `index`, which the response never
/// asks: "Question N (key) starts at line L" on the lines worded most like it.
pub(super) fn missing_question(b: &mut Builder, index: usize) {
    let Some(schema) = b.snap.schema() else {
        return;
    };
    let Some(q) = b.analysis.exchanges[index]
        .schema_question
        .and_then(|k| schema.questions.get(k))
    else {
        return;
    };
    let text = &b.snap.text;
    let starts: Vec<usize> = b
        .analysis
        .exchanges
        .iter()
        .filter_map(|e| e.question.as_ref().map(|q| q.span.start))
        .collect();
    let mut lines: Vec<(f32, Span)> = crate::engine::text::lines(text)
        .into_iter()
        .map(|l| l.span)
        .filter(|l| !starts.iter().any(|&s| l.start <= s && s <= l.end))
        .map(|l| (similarity(l.slice(text), &q.text), l))
        .filter(|&(score, _)| score >= WORDING)
        .collect();
    lines.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
    let line_index = crate::engine::text::LineIndex::new(text);
    for (_, line) in lines.into_iter().take(SCHEMA_CANDIDATES) {
        let title = format!(
            "Question {} ({}) starts at line {}: {}",
            q.number,
            q.key,
            line_index.line_of(line.start) + 1,
            display::truncate(line.slice(text), 40)
        );
        push_before(b, title, line, Verb::Question, Some(&q.key.clone()));
    }
}

/// How a title names a question: its printed number, with its key when the
/// key says more (`1 (episodes_coded)`, `3`, `q4`).
pub(super) fn question_name(e: &Exchange) -> String {
    match e.number.as_deref().map(str::trim) {
        Some(n) if e.key == format!("q{n}") => n.to_string(),
        Some(n) if !n.is_empty() => format!("{n} ({})", e.key),
        _ => e.key.clone(),
    }
}

fn push_before(b: &mut Builder, title: String, line: Span, verb: Verb, key: Option<&str>) {
    let draft: Annotation = edit::layout_draft(verb, key);
    let placed: TextEdit = edit::place_before_line(&b.snap.text, line.start, &draft);
    b.push(title, CodeActionKind::QUICKFIX, vec![placed], Vec::new());
}
