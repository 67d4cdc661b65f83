//! A markdown explanation of an annotation, for hovers: what it does, which
//! question it is about, and whether it is current, stale or overriding.

use crate::engine::model::{Analysis, Code, Exchange};

use super::{exemptions, literal, Annotation, Outcome, Verb};

/// What applying `annotation` found, as `analysis` (after `apply`) shows it:
/// stale or overriding when its line carries that finding, current when it is
/// bound, pending when it is bound to nothing. A silenced finding reads as current.
pub fn outcome(annotation: &Annotation, analysis: &Analysis) -> Outcome {
    let at_line = |code: Code| {
        analysis
            .findings
            .iter()
            .find(|f| f.code == code && f.span == annotation.span)
            .map(|f| f.message.clone())
    };
    if annotation.verb == Verb::Furniture {
        return Outcome::Current;
    }
    if annotation.exchange.is_none() {
        return Outcome::Pending;
    }
    match annotation.verb {
        Verb::Verify => at_line(Code::AnnotationStale).map_or(Outcome::Current, Outcome::Stale),
        Verb::Set => at_line(Code::AnnotationMismatch).map_or(Outcome::Current, Outcome::Overrides),
        _ => Outcome::Current,
    }
}

/// A markdown explanation of an annotation, for hovers.
pub fn describe(annotation: &Annotation, analysis: &Analysis) -> String {
    let a = annotation;
    let exchange = a.exchange.and_then(|i| analysis.exchanges.get(i));
    let target = match exchange {
        Some(e) => question_phrase(e),
        None if a.verb == Verb::Furniture => "no question or answer".into(),
        None => match &a.key {
            Some(key) => format!("`{key}`, which no question here has"),
            None => "no question: nothing comes before it".into(),
        },
    };
    let action = action(a);
    let mut out = format!("**foil {}** {action} {target}", a.verb.as_str());

    let mut facts = Vec::new();
    if !a.values.is_empty() {
        facts.push(format!("values: `{}`", literal::describe(&a.values)));
    }
    if let Some(status) = a.status {
        facts.push(format!("status: {}", status.label()));
    }
    if let Some(ex) = &a.exemption {
        facts.push(format!("exemption: {}", exemptions::describe(ex)));
    }
    if let Some(target) = &a.refers {
        facts.push(format!("refers to: `{target}`"));
    }
    if let Some(code) = a.code {
        facts.push(format!("code: `{code}` ({})", code.summary()));
    }
    if let Some(unit) = &a.unit {
        facts.push(format!("unit: {unit}"));
    }
    if let Some(quote) = &a.quote {
        facts.push(format!("quote: “{quote}”"));
    }
    if !facts.is_empty() {
        out.push_str("\n\n");
        out.push_str(&facts.join(" · "));
    }

    out.push_str("\n\n");
    out.push_str(&match (&outcome(a, analysis), a.verb) {
        (Outcome::Current, Verb::Verify) => "✓ current: the answer still reads this".to_string(),
        (Outcome::Current, Verb::Set) => "✓ agrees with the text".to_string(),
        (Outcome::Current, _) => "✓ in force".to_string(),
        (Outcome::Stale(why), _) => format!("⚠ stale: {why}"),
        (Outcome::Overrides(what), _) => format!("overrides the text: {what}"),
        (Outcome::Pending, _) => "not applied: it is bound to no question".to_string(),
    });

    let mut provenance = Vec::new();
    if let Some(by) = &a.by {
        provenance.push(format!("by {by}"));
    }
    if let Some(at) = &a.at {
        provenance.push(format!("on {at}"));
    }
    if let Some(note) = &a.note {
        provenance.push(format!("note: {note}"));
    }
    if !provenance.is_empty() {
        out.push_str("\n\n");
        out.push_str(&provenance.join(" · "));
    }
    out
}

/// What the annotation does, as the hover's opening words say it.
fn action(a: &Annotation) -> &'static str {
    match a.verb {
        Verb::Verify => "confirms foil's reading of",
        Verb::Set
            if a.values.is_empty()
                && a.status.is_none()
                && a.exemption.is_none()
                && a.refers.is_none() =>
        {
            "maps the answer above to"
        }
        Verb::Set => "overrides foil's reading of",
        Verb::Ignore => "silences a finding on",
        Verb::Question => "marks the next line as the start of",
        Verb::Answer => "marks the next line as the start of the answer to",
        Verb::Furniture => "keeps the next line out of every answer:",
    }
}

/// `question 1, `episodes_coded` (How many episodes …?)`.
fn question_phrase(e: &Exchange) -> String {
    let mut s = match &e.number {
        Some(n) => format!("question {n}, `{}`", e.key),
        None => format!("question `{}`", e.key),
    };
    if let Some(q) = &e.question {
        let text = crate::engine::text::fold_whitespace(&q.text);
        let cut = match text.char_indices().nth(100) {
            Some((at, _)) => format!("{}…", &text[..at]),
            None => text,
        };
        s.push_str(&format!(" (*{cut}*)"));
    }
    s
}
