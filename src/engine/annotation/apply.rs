//! Lets annotations win over the text: `verify` confirms the reading (or goes
//! stale), `set` overrides values and status, `ignore` silences one finding code.

use crate::engine::model::{Analysis, Code, Exchange, Finding, Span, Status, Value, ValueKind};
use crate::engine::schema::Schema;

use super::bind::{anchor, bind, map_to_schema};
use super::literal::{self, same_readings};
use super::reading::{literals_to_values, reading_literals, value_literals, Written};
use super::{exemptions, own_words, Annotation, Literal, Outcome, Scanned, Verb};

/// Binds annotations to exchanges and lets them win over the text.
///
/// Called after the engine has read `text` (keys, values, statuses and
/// findings are final). Fills `analysis.annotations` with every annotation that
/// was read and bound, in text order, and points each exchange at the
/// annotation that decides it: its last `set`, else its last current `verify`.
pub fn apply(text: &str, analysis: &mut Analysis, scanned: &[Scanned], schema: Option<&Schema>) {
    if scanned.is_empty() {
        // Nothing to apply: most documents, and the copy below is not free.
        return;
    }
    let mut annotations = Vec::new();
    for s in scanned {
        match &s.result {
            Ok(a) => annotations.push(a.clone()),
            Err(invalid) => analysis.findings.push(Finding::new(
                Code::AnnotationInvalid,
                invalid.span,
                invalid.message.clone(),
            )),
        }
    }
    map_to_schema(analysis, &annotations, schema);
    // foil's own reading of the text, before any `set` changes it.
    let read = analysis.exchanges.clone();

    let mut bound = Vec::with_capacity(annotations.len());
    for mut a in annotations {
        if a.verb == Verb::Furniture {
            bound.push(a); // about a line, not a question
            continue;
        }
        match bind(analysis, &a, schema) {
            Ok(i) => {
                a.exchange = Some(i);
                bound.push(a);
            }
            Err(message) => {
                analysis
                    .findings
                    .push(Finding::new(Code::AnnotationInvalid, a.span, message))
            }
        }
    }
    let outcomes: Vec<Outcome> = bound
        .iter()
        .map(|a| {
            let Some(i) = a.exchange else {
                return Outcome::Pending;
            };
            match a.verb {
                Verb::Verify => verify(text, analysis, &read[i], i, a),
                Verb::Set => set(analysis, &read[i], i, a),
                // Layout annotations did their work before the reading.
                _ => Outcome::Current,
            }
        })
        .collect();
    // Last, so that an ignore can silence what the others reported too.
    for a in &bound {
        if let (Verb::Ignore, Some(i), Some(code)) = (a.verb, a.exchange, a.code) {
            let (key, span) = (
                analysis.exchanges[i].key.clone(),
                analysis.exchanges[i].span,
            );
            analysis
                .findings
                .retain(|f| !(f.code == code && is_about(f, &key, span)));
        }
    }
    decide(analysis, &bound, &outcomes);
    analysis.annotations = bound;
}

fn verify(
    text: &str,
    analysis: &mut Analysis,
    read: &Exchange,
    i: usize,
    a: &Annotation,
) -> Outcome {
    let reasons = stale_reasons(text, read, a);
    if reasons.is_empty() {
        // A person confirmed the reading: it is no longer in doubt.
        drop_findings(analysis, i, &[Code::AmbiguousValue]);
        return Outcome::Current;
    }
    let message = reasons.join("; ");
    let mut finding =
        Finding::new(Code::AnnotationStale, a.span, message.clone()).with_key(&read.key);
    if let Some(answer) = &read.answer {
        finding = finding.with_related(answer.span, "the answer it verifies");
    }
    analysis.findings.push(finding);
    Outcome::Stale(message)
}

/// What no longer holds of what `a` verified, in words; empty when it is current.
fn stale_reasons(text: &str, read: &Exchange, a: &Annotation) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(quote) = &a.quote {
        match &read.answer {
            Some(answer) if occurs(&own_words(text, answer.span), quote) => {}
            Some(_) => reasons.push(format!(
                "the quoted text {quote:?} no longer occurs in the answer"
            )),
            None => reasons.push(format!(
                "the quoted text {quote:?} no longer occurs: the question has no answer now"
            )),
        }
    }
    if !a.values.is_empty() {
        let now = reading_literals(read);
        if !same_readings(stated(a), &now) {
            reasons.push(format!(
                "verified {} but the answer now reads {}",
                literal::describe(stated(a)),
                literal::describe(&now)
            ));
        }
    }
    if let Some(status) = a.status.filter(|s| *s != read.status) {
        reasons.push(format!(
            "verified status {} but the answer now reads {}",
            status.label(),
            read.status.label()
        ));
    }
    if let Some(exemption) = a
        .exemption
        .as_ref()
        .filter(|e| read.exemption.as_ref() != Some(*e))
    {
        reasons.push(format!(
            "verified exemption {exemption} but the answer now cites {}",
            read.exemption.as_deref().unwrap_or("none")
        ));
    }
    reasons
}

/// Whether `quote` occurs in `answer`, exactly or with white space refolded
/// (a re-wrapped paragraph still says the same thing); a quote that stands
/// `[personal data]` in for a name is looked for in the answer so redacted.
fn occurs(answer: &str, quote: &str) -> bool {
    use crate::engine::personal;
    use crate::engine::text::fold_whitespace;
    let found = |answer: &str| {
        answer.contains(quote) || fold_whitespace(answer).contains(&fold_whitespace(quote))
    };
    found(answer) || (quote.contains(personal::PLACEHOLDER) && found(&personal::redact(answer)))
}

/// The values an annotation states: `value=none` states that there are none.
pub(super) fn stated(a: &Annotation) -> &[Literal] {
    match &a.values[..] {
        [Literal::Word(w)] if w.eq_ignore_ascii_case(NONE) => &[],
        values => values,
    }
}

/// The literal a `set` writes to say the answer gives no figure.
pub const NONE: &str = "none";

fn set(analysis: &mut Analysis, read: &Exchange, i: usize, a: &Annotation) -> Outcome {
    let values_set = !a.values.is_empty();
    if values_set {
        let e = &mut analysis.exchanges[i];
        e.values = values_of(a, &e.expects, &read.values);
        drop_findings(analysis, i, &[Code::AmbiguousValue]);
    }
    if let Some(target) = &a.refers {
        if !analysis.exchanges.iter().any(|e| &e.key == target) {
            let message = format!("refers={target}: no question of this response has that key");
            analysis
                .findings
                .push(Finding::new(Code::AnnotationInvalid, a.span, message));
        }
    }

    let e = &analysis.exchanges[i];
    let status = a.status.or(match () {
        _ if a.exemption.is_some() => Some(Status::Exempt),
        _ if a.refers.is_some() => Some(Status::Referred),
        _ if values_set && !matches!(e.status, Status::Answered | Status::Partial) => {
            Some(Status::Answered)
        }
        _ => None,
    });
    if let Some(status) = status {
        let e = &mut analysis.exchanges[i];
        let keeps_exemption = matches!(status, Status::Exempt | Status::Partial);
        e.exemption = a
            .exemption
            .clone()
            .or(e.exemption.take().filter(|_| keeps_exemption));
        if status != Status::Referred {
            e.refers_to = None;
        } else if let Some(target) = &a.refers {
            e.refers_to = Some(target.clone());
        }
        let gives_values = matches!(status, Status::Answered | Status::Partial);
        if !values_set && !gives_values {
            e.values.clear();
        }
        // The figures read from an answer marked not held, exempt, … come back.
        if !values_set && gives_values && e.values.is_empty() {
            e.values = read.set_aside.clone();
        }
        e.status = status;
        drop_findings(analysis, i, &STATUS_CODES);
        let e = &analysis.exchanges[i];
        if let Some(f) = status_finding(e, a.span) {
            analysis.findings.push(f);
        }
    }

    match mismatch(read, &analysis.exchanges[i], a) {
        Some(message) => {
            let mut finding =
                Finding::new(Code::AnnotationMismatch, a.span, message.clone()).with_key(&read.key);
            if let Some(span) = anchor(read) {
                finding = finding.with_related(span, "what the text says");
            }
            analysis.findings.push(finding);
            Outcome::Overrides(message)
        }
        None => Outcome::Current,
    }
}

/// The values a `set` gives. A value foil read as the set states it is kept
/// as read (its source span, table, label): a `set` that only drops or adds a
/// figure leaves the others where they are. The rest are located at their
/// `value=` tokens and written as there.
fn values_of(a: &Annotation, expects: &[ValueKind], read: &[Value]) -> Vec<Value> {
    if stated(a).is_empty() {
        return Vec::new();
    }
    let (kept, rest) = keep_read_values(&a.values, read);
    let mut values = written_values(a, expects, &rest);
    values.extend(kept);
    values.sort_by_key(|v| (v.span.start, v.span.end));
    values
}

/// The values of `read` that `literals` state one for one (each literal
/// used once, multi-literal values such as lists left to the literals), and
/// the indices of the literals left over.
fn keep_read_values(literals: &[Literal], read: &[Value]) -> (Vec<Value>, Vec<usize>) {
    let mut used = vec![false; literals.len()];
    let mut kept = Vec::new();
    for v in read {
        let [own] = &value_literals(v)[..] else {
            continue;
        };
        if let Some(j) = (0..literals.len()).find(|&j| !used[j] && literals[j].matches(own)) {
            used[j] = true;
            kept.push(v.clone());
        }
    }
    let rest = (0..literals.len()).filter(|&j| !used[j]).collect();
    (kept, rest)
}

/// The values of the literals at `which`, located at their `value=` tokens.
fn written_values(a: &Annotation, expects: &[ValueKind], which: &[usize]) -> Vec<Value> {
    let spans = a.value_spans();
    let raws: Vec<&str> = a
        .tokens
        .iter()
        .filter(|t| t.name == "value")
        .map(|t| t.raw.as_str())
        .collect();
    let rendered: Vec<String> = a.values.iter().map(Literal::render).collect();
    let written: Vec<Written> = a
        .values
        .iter()
        .zip(&rendered)
        .enumerate()
        .filter(|(j, _)| which.contains(j))
        .map(|(j, (literal, rendered))| Written {
            literal,
            span: spans.get(j).copied().unwrap_or(a.span),
            raw: raws.get(j).copied().unwrap_or(rendered),
        })
        .collect();
    literals_to_values(&written, expects, a.unit.as_deref())
}

/// `text reads X; annotation sets Y` when the set disagrees with the reading.
fn mismatch(read: &Exchange, now: &Exchange, a: &Annotation) -> Option<String> {
    let mut was = Vec::new();
    let mut becomes = Vec::new();
    if !a.values.is_empty() {
        let text_reads = reading_literals(read);
        if !same_readings(stated(a), &text_reads) {
            was.push(literal::describe(&text_reads));
            becomes.push(literal::describe(stated(a)));
        }
    }
    if read.status != now.status
        || read.exemption != now.exemption
        || read.refers_to != now.refers_to
    {
        was.push(status_phrase(read));
        becomes.push(status_phrase(now));
    }
    if was.is_empty() {
        return None;
    }
    Some(format!(
        "text reads {}; annotation sets {}",
        was.join(", "),
        becomes.join(", ")
    ))
}

fn status_phrase(e: &Exchange) -> String {
    match (&e.exemption, &e.refers_to) {
        (Some(ex), _) => format!("{} ({ex})", e.status.label()),
        (None, Some(target)) if e.status == Status::Referred => {
            format!("{} (to {target})", e.status.label())
        }
        _ => e.status.label().to_string(),
    }
}

/// The status findings a `set` of status replaces.
const STATUS_CODES: [Code; 8] = [
    Code::MissingQuestion,
    Code::NotHeld,
    Code::Exempt,
    Code::Referred,
    Code::Attached,
    Code::NotApplicable,
    Code::MissingAnswer,
    Code::AmbiguousValue,
];

/// The finding the engine would give an exchange with this status, marked as set.
fn status_finding(e: &Exchange, by: Span) -> Option<Finding> {
    let withheld = |how: &str| match &e.exemption {
        Some(ex) => format!("{how} under {}", exemptions::describe(ex)),
        None => format!("{how} under an exemption"),
    };
    let (code, message) = match e.status {
        Status::NotHeld => (Code::NotHeld, "the information is not held".to_string()),
        Status::Exempt => (Code::Exempt, withheld("withheld")),
        Status::Partial if e.exemption.is_some() => (Code::Exempt, withheld("partly withheld")),
        Status::Referred => (
            Code::Referred,
            match &e.refers_to {
                Some(k) => format!("refers to the answer to {k}"),
                None => "refers to another answer".to_string(),
            },
        ),
        Status::Attached => (Code::Attached, "the information is in an attachment".into()),
        Status::NotApplicable => (Code::NotApplicable, "not applicable".into()),
        Status::Missing => (Code::MissingAnswer, "no answer".into()),
        Status::Answered | Status::Partial => return None,
    };
    // As the engine words them: `question 3 (income_lost): …`.
    let about = match &e.number {
        Some(n) => format!("question {n} ({})", e.key),
        None => e.key.clone(),
    };
    Some(
        Finding::new(
            code,
            anchor(e).unwrap_or(by),
            format!("{about}: {message} (set by an annotation)"),
        )
        .with_key(&e.key)
        .with_related(by, "the annotation that sets it"),
    )
}

fn drop_findings(analysis: &mut Analysis, i: usize, codes: &[Code]) {
    let (key, span) = (
        analysis.exchanges[i].key.clone(),
        analysis.exchanges[i].span,
    );
    analysis
        .findings
        .retain(|f| !(codes.contains(&f.code) && is_about(f, &key, span)));
}

/// Whether finding `f` is about the exchange with `key` spanning `span`.
fn is_about(f: &Finding, key: &str, span: Span) -> bool {
    match &f.key {
        Some(k) => k == key,
        None => !span.is_empty() && span.start <= f.span.start && f.span.end <= span.end,
    }
}

/// Points each exchange at its last `set`, else its last current `verify`.
fn decide(analysis: &mut Analysis, bound: &[Annotation], outcomes: &[Outcome]) {
    let n = analysis.exchanges.len();
    let mut last_set = vec![None; n];
    let mut last_verify = vec![None; n];
    for (index, (a, outcome)) in bound.iter().zip(outcomes).enumerate() {
        let Some(i) = a.exchange.filter(|&i| i < n) else {
            continue;
        };
        match (a.verb, outcome) {
            (Verb::Set, _) => last_set[i] = Some(index),
            (Verb::Verify, Outcome::Current) => last_verify[i] = Some(index),
            _ => {}
        }
    }
    for (i, e) in analysis.exchanges.iter_mut().enumerate() {
        e.annotation = last_set[i].or(last_verify[i]);
    }
}
