//! Which exchange an annotation is about, and mapping an answer to a schema key
//! (`set q=KEY` after an answer that was matched to nothing, or to the wrong
//! question).

use crate::engine::model::{Analysis, Code, Exchange, Finding, Span, Status};
use crate::engine::schema::Schema;

use super::{Annotation, Verb};

/// The exchange `annotation` is about, or why it is about none.
pub(super) fn bind(
    analysis: &Analysis,
    annotation: &Annotation,
    schema: Option<&Schema>,
) -> Result<usize, String> {
    // A question annotation is about the question it starts (its key, if
    // any, mapped that question to the schema before the reading).
    if annotation.verb == Verb::Question {
        return next_question(analysis, annotation.span)
            .ok_or_else(|| "no question follows this annotation".into());
    }
    let Some(key) = &annotation.key else {
        return nearest(analysis, annotation.span).ok_or_else(|| {
            "this annotation follows no question or answer: put it after one, or add q=KEY".into()
        });
    };
    if let Some(i) = analysis.exchanges.iter().position(|e| &e.key == key) {
        return Ok(i);
    }
    if schema.is_some_and(|s| s.question(key).is_some()) {
        return Err(match annotation.verb {
            Verb::Set => format!(
                "no question or answer comes before this annotation to map to {key}: put it right after the answer"
            ),
            _ => format!(
                "no answer here is matched to {key}: write <!-- foil set q={key} --> after its answer to map it"
            ),
        });
    }
    Err(unknown_key(analysis, schema, key))
}

/// The exchange whose answer (or, without an answer, question) is the last to
/// begin before `line`: the one the annotation follows.
pub(super) fn nearest(analysis: &Analysis, line: Span) -> Option<usize> {
    analysis
        .exchanges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| anchor(e).map(|span| (i, span)))
        .filter(|(_, span)| span.start < line.start)
        .max_by_key(|&(i, span)| (span.start, i))
        .map(|(i, _)| i)
}

/// The exchange whose question is the first to begin after `line`.
fn next_question(analysis: &Analysis, line: Span) -> Option<usize> {
    analysis
        .exchanges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((i, e.question.as_ref()?.span.start)))
        .filter(|&(_, start)| start >= line.end)
        .min_by_key(|&(i, start)| (start, i))
        .map(|(i, _)| i)
}

/// Where an exchange shows in the text: its answer, else its question.
pub(super) fn anchor(e: &Exchange) -> Option<Span> {
    e.answer.as_ref().or(e.question.as_ref()).map(|l| l.span)
}

/// A schema question the document never asks nor answers.
fn is_placeholder(e: &Exchange) -> bool {
    e.question.is_none() && e.answer.is_none()
}

/// Re-keys answers that a `set q=KEY` maps to a schema question no answer has.
/// Runs before binding so that every annotation then finds the new key.
pub(super) fn map_to_schema(
    analysis: &mut Analysis,
    annotations: &[Annotation],
    schema: Option<&Schema>,
) {
    let Some(schema) = schema else { return };
    for a in annotations.iter().filter(|a| a.verb == Verb::Set) {
        let Some(key) = &a.key else { continue };
        let Some(question) = schema.questions.iter().position(|q| &q.key == key) else {
            continue;
        };
        let answered = analysis
            .exchanges
            .iter()
            .any(|e| &e.key == key && !is_placeholder(e));
        if answered {
            continue;
        }
        if let Some(target) = nearest(analysis, a.span) {
            remap(analysis, target, schema, question, a.span);
        }
    }
}

fn remap(analysis: &mut Analysis, target: usize, schema: &Schema, question: usize, by: Span) {
    let new = &schema.questions[question];
    let old_key = analysis.exchanges[target].key.clone();
    let old_question = analysis.exchanges[target].schema_question;
    if old_key == new.key {
        return;
    }
    // The placeholder's findings (its missing answer) no longer hold, nor does
    // "matches no question" for the mapped answer; the rest follow the answer.
    analysis.findings.retain(|f| {
        let key = f.key.as_deref();
        key != Some(new.key.as_str())
            && !(key == Some(old_key.as_str()) && f.code == Code::UnknownQuestion)
    });
    for f in &mut analysis.findings {
        if f.key.as_deref() == Some(old_key.as_str()) {
            f.key = Some(new.key.clone());
        }
    }
    for e in &mut analysis.exchanges {
        if e.refers_to.as_deref() == Some(old_key.as_str()) {
            e.refers_to = Some(new.key.clone());
        }
    }
    let placeholder = analysis
        .exchanges
        .iter()
        .position(|e| e.key == new.key && is_placeholder(e));
    let e = &mut analysis.exchanges[target];
    e.key = new.key.clone();
    e.schema_question = Some(question);
    e.expects = new.expects.clone();

    let orphaned = old_question.and_then(|i| schema.questions.get(i).map(|q| (i, q)));
    let Some((i, old)) = orphaned else {
        // The answer takes the placeholder's place, keeping the schema's order.
        if let Some(p) = placeholder {
            let answer = analysis.exchanges.remove(target);
            let p = if target < p { p - 1 } else { p };
            analysis.exchanges[p] = answer;
        }
        return;
    };
    // The schema question the answer used to be matched to is now unanswered:
    // it gets the placeholder the engine gives every unanswered one.
    let missing = Exchange {
        schema_question: Some(i),
        expects: old.expects.clone(),
        ..Exchange::bare(old.key.clone(), Status::Missing)
    };
    match placeholder {
        Some(p) => {
            analysis.exchanges.swap(target, p);
            analysis.exchanges[target] = missing;
        }
        None => analysis.exchanges.push(missing),
    }
    analysis.findings.push(
        Finding::new(
            Code::MissingAnswer,
            by,
            format!(
                "question {} ({}) has no answer: an annotation maps its answer to {}",
                old.number, old.key, new.key
            ),
        )
        .with_key(old.key.clone()),
    );
}

fn unknown_key(analysis: &Analysis, schema: Option<&Schema>, key: &str) -> String {
    let mut message = format!("unknown question key {key:?}: expected ");
    let here: Vec<&str> = analysis.exchanges.iter().map(|e| e.key.as_str()).collect();
    message.push_str(&match here.is_empty() {
        true => "a key of a question in this response".into(),
        false => format!("a key of this response ({})", short_list(&here)),
    });
    if let Some(schema) = schema {
        let keys: Vec<&str> = schema
            .questions
            .iter()
            .map(|q| q.key.as_str())
            .filter(|k| !here.contains(k))
            .collect();
        if !keys.is_empty() {
            message.push_str(&format!(" or of {} ({})", schema.name, short_list(&keys)));
        }
    }
    message
}

fn short_list(keys: &[&str]) -> String {
    const SHOWN: usize = 8;
    let mut s = keys[..keys.len().min(SHOWN)].join(", ");
    if keys.len() > SHOWN {
        s.push_str(", …");
    }
    s
}
