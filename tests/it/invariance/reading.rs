//! What must stay the same when a letter's layout changes: per question its key,
//! status, exemption, referral target and values (normalised figures, yes/no,
//! enums, list items, tables, contacts). Spans, printed labels and the values'
//! source text may shift; a value's unit and label words (read from the words
//! around it, which wrapping moves) and prose (`text` values) are not compared.

use std::collections::BTreeMap;
use std::fmt::Write;

use foil::engine::{Analysis, Cell, Scalar, Value, ValueKind};

/// One question's reading, comparable across layouts.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionReading {
    pub status: String,
    pub exemption: Option<String>,
    pub refers_to: Option<String>,
    pub values: Vec<ValueReading>,
}

/// One value: `full` is compared; `shown` is what a diff prints (a table is
/// summarised by its size, first and last rows and total).
#[derive(Debug, Clone)]
pub struct ValueReading {
    pub full: String,
    pub shown: String,
}

impl PartialEq for ValueReading {
    fn eq(&self, other: &Self) -> bool {
        self.full == other.full
    }
}

impl std::fmt::Display for ValueReading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// A document's reading: whether it reads as a response, and its questions in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub looks_like_foi: bool,
    pub keys: Vec<String>,
    pub questions: BTreeMap<String, QuestionReading>,
}

/// Words with their white space folded (no-break spaces and line breaks too).
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number(n: f64) -> String {
    format!("{n}")
}

fn describe(v: &Value) -> Option<ValueReading> {
    let mut out = v.kind.as_str().to_string();
    match v.kind {
        ValueKind::Text => return None,
        ValueKind::Table => {
            let t = v.table.as_deref()?;
            let cell = |c: &Cell| match c {
                Cell::Number(n) => number(*n),
                Cell::Text(s) => fold(s),
            };
            let rows: Vec<String> = t
                .rows
                .iter()
                .map(|r| r.iter().map(cell).collect::<Vec<_>>().join(" | "))
                .collect();
            let total = t
                .total
                .map_or(String::new(), |n| format!(" total {}", number(n)));
            let shown = match rows.as_slice() {
                [] => format!("table of 0 rows{total}"),
                [only] => format!("table of 1 row [{only}]{total}"),
                [first, .., last] => {
                    format!("table of {} rows [{first}; …; {last}]{total}", rows.len())
                }
            };
            let _ = write!(out, " [{}]{total}", rows.join("; "));
            return Some(ValueReading { full: out, shown });
        }
        ValueKind::List => {
            let items: Vec<String> = v.items.iter().map(|i| fold(i)).collect();
            let _ = write!(out, " [{}]", items.join("; "));
            return Some(ValueReading {
                shown: out.clone(),
                full: out,
            });
        }
        _ => {}
    }
    match &v.value {
        Scalar::None => {}
        Scalar::Number(n) => {
            let _ = write!(out, " {}", number(*n));
        }
        Scalar::Bool(b) => {
            let _ = write!(out, " {}", if *b { "yes" } else { "no" });
        }
        Scalar::Text(s) => {
            let _ = write!(out, " {}", fold(s));
        }
    }
    if v.min.is_some() || v.max.is_some() {
        let bound = |b: Option<f64>| b.map_or(String::new(), number);
        let _ = write!(out, " {}..{}", bound(v.min), bound(v.max));
    }
    if v.approximate {
        out.push('~');
    }
    if let Some(c) = v.currency {
        let _ = write!(out, " {c}");
    }
    Some(ValueReading {
        shown: out.clone(),
        full: out,
    })
}

pub fn reading(a: &Analysis) -> Reading {
    let questions = a
        .exchanges
        .iter()
        .map(|e| {
            (
                e.key.clone(),
                QuestionReading {
                    status: e.status.as_str().to_string(),
                    exemption: e.exemption.clone(),
                    refers_to: e.refers_to.clone(),
                    values: e.values.iter().filter_map(describe).collect(),
                },
            )
        })
        .collect();
    Reading {
        looks_like_foi: a.looks_like_foi,
        keys: a.exchanges.iter().map(|e| e.key.clone()).collect(),
        questions,
    }
}

fn opt(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("-")
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

/// The values lost and gained (each as often as it was lost or gained), or the
/// whole lists when only their order changed; with the kind of change.
fn value_changes(before: &[ValueReading], after: &[ValueReading]) -> (String, &'static str) {
    let mut gained: Vec<&ValueReading> = after.iter().collect();
    let mut lost = Vec::new();
    for v in before {
        match gained.iter().position(|g| *g == v) {
            Some(i) => {
                gained.remove(i);
            }
            None => lost.push(v),
        }
    }
    let list = |vs: &[&ValueReading]| {
        vs.iter()
            .map(|v| short(&v.shown, 90))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kind = if lost
        .iter()
        .chain(&gained)
        .any(|v| v.full.starts_with("table"))
    {
        "table changed"
    } else if lost.is_empty() && gained.is_empty() {
        "values reordered"
    } else if lost.is_empty() {
        "values gained"
    } else if gained.is_empty() {
        "values lost"
    } else {
        "values changed"
    };
    if lost.is_empty() && gained.is_empty() {
        let all = |vs: &[ValueReading]| {
            vs.iter()
                .map(|v| short(&v.shown, 40))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return (
            format!("values reordered [{}] → [{}]", all(before), all(after)),
            kind,
        );
    }
    (
        format!("values [{}] → [{}]", list(&lost), list(&gained)),
        kind,
    )
}

fn shown(values: &[ValueReading]) -> String {
    values
        .iter()
        .map(|v| v.shown.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One question (or the document) read differently: a line for people, and
/// the kinds of change for the tally of failure kinds.
pub struct Difference {
    pub line: String,
    pub kinds: Vec<&'static str>,
}

/// What changed from `before` to `after`, one entry per question that changed.
pub fn differences(before: &Reading, after: &Reading) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |line: String, kinds: Vec<&'static str>| {
        out.push(Difference {
            line: short(&line, 240),
            kinds,
        })
    };
    if before.looks_like_foi != after.looks_like_foi {
        push(
            format!(
                "reads as a response: {} → {}",
                before.looks_like_foi, after.looks_like_foi
            ),
            vec!["read as a response or not"],
        );
    }
    for key in &before.keys {
        let b = &before.questions[key];
        let Some(a) = after.questions.get(key) else {
            push(
                format!("{key}: lost (was {} [{}])", b.status, shown(&b.values)),
                vec!["question lost"],
            );
            continue;
        };
        let (mut parts, mut kinds) = (Vec::new(), Vec::new());
        if a.status != b.status {
            parts.push(format!("status {} → {}", b.status, a.status));
            kinds.push("status changed");
        }
        if a.exemption != b.exemption {
            parts.push(format!(
                "exemption {} → {}",
                opt(&b.exemption),
                opt(&a.exemption)
            ));
            kinds.push("exemption changed");
        }
        if a.refers_to != b.refers_to {
            parts.push(format!(
                "refers_to {} → {}",
                opt(&b.refers_to),
                opt(&a.refers_to)
            ));
            kinds.push("referral changed");
        }
        if a.values != b.values {
            let (part, kind) = value_changes(&b.values, &a.values);
            parts.push(part);
            kinds.push(kind);
        }
        if !parts.is_empty() {
            push(format!("{key}: {}", parts.join(", ")), kinds);
        }
    }
    for key in after
        .keys
        .iter()
        .filter(|k| !before.questions.contains_key(*k))
    {
        let a = &after.questions[key];
        push(
            format!("{key}: new ({} [{}])", a.status, shown(&a.values)),
            vec!["question added"],
        );
    }
    out
}
