//! Test support: hand-built exchanges, and a toy reader of one simple layout
//! that stands in for the engine's stages so that annotations can be tested
//! end to end (text → analysis → edits → text) whatever the engine reads.
//!
//! Toy layout: `Q<n>. question` lines, `A: answer` lines (continued by the
//! following non-blank lines), annotation lines anywhere. Answers read as:
//! figures (`6793`, `244,608`, `84.5K` approximate and ambiguous), `Yes`/`No`,
//! `not held`, `Section N` (exempt), otherwise prose.

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::annotation::{apply, scan};
use crate::engine::model::{
    Ambiguity, Analysis, Code, Exchange, Finding, Located, Reading, Scalar, Span, Status, Value,
    ValueKind,
};
use crate::engine::schema::{Schema, SchemaSet};
use crate::engine::text::lines;

pub fn clinical_coding() -> Schema {
    SchemaSet::builtin()
        .get("nhs-clinical-coding-2024")
        .expect("built-in schema")
        .clone()
}

/// An exchange with nothing read yet.
pub fn exchange(key: &str) -> Exchange {
    Exchange::bare(key, Status::Answered)
}

/// The span of the first occurrence of `needle` in `text`.
pub fn find(text: &str, needle: &str) -> Span {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(at, at + needle.len())
}

pub fn located(text: &str, needle: &str) -> Located {
    Located {
        text: needle.into(),
        span: find(text, needle),
    }
}

/// A figure read from `needle` in `text`.
pub fn figure(text: &str, needle: &str, kind: ValueKind, n: f64) -> Value {
    let mut v = Value::new(kind, find(text, needle), needle);
    v.value = Scalar::Number(n);
    v
}

/// Reads the toy layout, then applies the annotations as the pipeline does.
pub fn toy_analyze(text: &str, schema: Option<&Schema>) -> Analysis {
    let mut analysis = toy_read(text);
    let scanned = scan(text);
    apply(text, &mut analysis, &scanned, schema);
    analysis
}

/// The toy reading alone (annotation lines skipped, none applied).
pub fn toy_read(text: &str) -> Analysis {
    static QUESTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Q(\d+)\. (.*)$").unwrap());
    let annotation_lines: Vec<Span> = scan(text).into_iter().map(|s| s.line).collect();
    let mut analysis = Analysis {
        looks_like_foi: true,
        ..Analysis::default()
    };
    let mut in_answer = false;
    for line in lines(text) {
        let s = line.span.slice(text);
        if annotation_lines.contains(&line.span) {
            continue;
        }
        if let Some(c) = QUESTION.captures(s) {
            let n = c.get(1).unwrap();
            let q = c.get(2).unwrap();
            let mut e = exchange(&format!("q{}", n.as_str()));
            e.number = Some(n.as_str().into());
            e.question = Some(Located {
                text: q.as_str().into(),
                span: Span::new(line.span.start + q.start(), line.span.start + q.end()),
            });
            e.status = Status::Missing;
            e.span = line.span;
            analysis.exchanges.push(e);
            in_answer = false;
        } else if let (Some(rest), Some(e)) = (s.strip_prefix("A: "), analysis.exchanges.last_mut())
        {
            let start = line.span.start + 3;
            e.answer = Some(Located {
                text: rest.into(),
                span: Span::new(start, line.span.end),
            });
            e.span = e.span.cover(line.span);
            in_answer = true;
        } else if s.trim().is_empty() {
            in_answer = false;
        } else if let (true, Some(e)) = (in_answer, analysis.exchanges.last_mut()) {
            let answer = e.answer.as_mut().unwrap();
            answer.span.end = line.span.end;
            answer.text = answer.span.slice(text).into();
            e.span = e.span.cover(line.span);
        }
    }
    for e in &mut analysis.exchanges {
        read_answer(text, e, &mut analysis.findings);
    }
    analysis
}

fn read_answer(text: &str, e: &mut Exchange, findings: &mut Vec<Finding>) {
    let Some(answer) = &e.answer else {
        findings.push(Finding::new(Code::MissingAnswer, e.span, "no answer").with_key(&e.key));
        return;
    };
    let (span, body) = (answer.span, answer.span.slice(text));
    static SECTION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"Section (\d+)").unwrap());
    static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b|\b\d+(?:\.\d+)?K?\b").unwrap()
    });
    static ANNOTATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?m)^\s*<!-- foil.*$").unwrap());
    if let Some(c) = SECTION.captures(body) {
        e.status = Status::Exempt;
        e.exemption = Some(format!("s{}", &c[1]));
        findings.push(Finding::new(Code::Exempt, span, "exempt").with_key(&e.key));
        return;
    }
    if body.to_lowercase().contains("not held") {
        e.status = Status::NotHeld;
        findings.push(Finding::new(Code::NotHeld, span, "not held").with_key(&e.key));
        return;
    }
    e.status = Status::Answered;
    let word = body.trim().trim_end_matches('.');
    if word == "Yes" || word == "No" {
        let at = span.start + body.find(word).unwrap();
        let mut v = Value::new(ValueKind::YesNo, Span::new(at, at + word.len()), word);
        v.value = Scalar::Bool(word == "Yes");
        e.values.push(v);
        return;
    }
    let annotations: Vec<_> = ANNOTATION.find_iter(body).map(|m| m.range()).collect();
    let in_annotation = |at: usize| annotations.iter().any(|r| r.contains(&at));
    for m in FIGURE.find_iter(body).filter(|m| !in_annotation(m.start())) {
        let raw = m.as_str();
        let at = Span::new(span.start + m.start(), span.start + m.end());
        let mut v = Value::new(ValueKind::Count, at, raw);
        if let Some(thousands) = raw.strip_suffix('K') {
            let n: f64 = thousands.parse().unwrap();
            v.value = Scalar::Number(n * 1000.0);
            v.approximate = true;
            v.ambiguity = Some(Ambiguity::SeveralReadings);
            v.alternatives.push(Reading {
                kind: ValueKind::Count,
                value: Scalar::Number(n * 1000.0),
                min: None,
                max: None,
                approximate: false,
                unit: None,
                description: "exactly that many thousand".into(),
            });
            findings.push(Finding::new(Code::AmbiguousValue, at, "approximate").with_key(&e.key));
        } else {
            v.value = Scalar::Number(raw.replace(',', "").parse().unwrap());
        }
        e.values.push(v);
    }
}

/// Codes of the findings about `key`.
pub fn codes_of(analysis: &Analysis, key: &str) -> Vec<Code> {
    analysis
        .findings
        .iter()
        .filter(|f| f.key.as_deref() == Some(key))
        .map(|f| f.code)
        .collect()
}

/// The findings with `code`.
pub fn with_code(analysis: &Analysis, code: Code) -> Vec<&Finding> {
    analysis
        .findings
        .iter()
        .filter(|f| f.code == code)
        .collect()
}
