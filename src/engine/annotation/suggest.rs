//! What a person correcting a reading may mean, found in the text: figures in
//! an answer that foil did not read ("Add figure …"), and where a question or
//! an answer could start (the layout code actions).

use std::sync::LazyLock;

use regex::Regex;

use crate::engine::model::{Analysis, Exchange, Span, Status, ValueKind};
use crate::engine::text;

use super::{is_annotation_line, Literal};

/// A figure in an answer that no value of its reading covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Unread {
    pub span: Span,
    pub literal: Literal,
    /// Written with `£`: the figure is money.
    pub money: bool,
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(r"(?i)(£\s?)?\b(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%)?|\b(nil|zero)\b")
});

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The figures of exchange `index`'s answer that none of its values covers,
/// in text order. Years, dates, times, labels, section and reference numbers
/// are not figures (SPEC "Values") and are left out.
pub fn unread_figures(text: &str, analysis: &Analysis, index: usize) -> Vec<Unread> {
    let Some(e) = analysis.exchanges.get(index) else {
        return Vec::new();
    };
    let Some(answer) = &e.answer else {
        return Vec::new();
    };
    if !matches!(e.status, Status::Answered | Status::Partial) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for line in text::lines(super::slice(text, answer.span)) {
        let start = answer.span.start + line.span.start;
        let s = super::slice(text, Span::new(start, answer.span.start + line.span.end));
        if is_annotation_line(s.trim()) {
            continue;
        }
        for c in FIGURE.captures_iter(s) {
            let whole = c.get(0).expect("a match");
            let span = Span::new(start + whole.start(), start + whole.end());
            if covered(e, span) || !stands_alone(s, whole.start(), whole.end()) {
                continue;
            }
            if let Some(unread) = figure(&c, s, span) {
                out.push(unread);
            }
        }
    }
    out
}

fn figure(c: &regex::Captures, line: &str, span: Span) -> Option<Unread> {
    if c.get(5).is_some() {
        return Some(Unread {
            span,
            literal: Literal::Number {
                value: 0.0,
                approximate: false,
            },
            money: false,
        });
    }
    let digits = c.get(2)?;
    let grouped = digits.as_str().contains(',');
    let plain = digits.as_str().replace(',', "");
    let decimals = c.get(3).map_or("", |m| m.as_str());
    let value: f64 = format!("{plain}{decimals}").parse().ok()?;
    let money = c.get(1).is_some();
    let percent = c.get(4).is_some();
    let whole_number = decimals.is_empty() && !grouped;
    let year = whole_number && plain.len() == 4 && (1900.0..=2099.0).contains(&value);
    let long_code = !grouped && plain.len() >= 7;
    if (!money && !percent && (year || is_label(line, c) || near_date(line, c)))
        || long_code
        || after_section(line, digits.start())
    {
        return None;
    }
    let literal = if percent {
        Literal::Percent(value)
    } else {
        Literal::Number {
            value,
            approximate: false,
        }
    };
    Some(Unread {
        span,
        literal,
        money,
    })
}

/// Whether `e` read a value at `span` (a table covers its cells).
fn covered(e: &Exchange, span: Span) -> bool {
    e.values
        .iter()
        .chain(&e.set_aside)
        .any(|v| v.span.start < span.end && span.start < v.span.end)
}

/// Whether the match stands as a word of its own: not glued to letters or
/// to other figures ("F14", "24-25385", "01/04/2024", "10:30", "7th").
fn stands_alone(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start].chars().next_back();
    let after = line[end..].chars().next();
    let after_next = line[end..].chars().nth(1);
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || "/_.:".contains(c))
        || (before == Some('-')
            && line[..start]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_alphanumeric()));
    let glued_after = after.is_some_and(|c| c.is_alphabetic() || c == '/' || c == '_')
        || (matches!(after, Some(':' | '-' | '.'))
            && after_next.is_some_and(|c| c.is_ascii_digit()));
    !glued_before && !glued_after
}

/// A label opening the line ("1.", "3)", "2 -").
fn is_label(line: &str, c: &regex::Captures) -> bool {
    let whole = c.get(0).expect("a match");
    let before = line[..whole.start()]
        .trim_start_matches(|ch: char| ch.is_whitespace() || "•*-–(".contains(ch));
    before.is_empty() && line[whole.end()..].starts_with(['.', ')'])
}

/// A day of a date written with its month ("15 August", "August 15").
fn near_date(line: &str, c: &regex::Captures) -> bool {
    let whole = c.get(0).expect("a match");
    let is_month = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w
                .trim_matches(|ch: char| !ch.is_alphabetic())
                .to_ascii_lowercase();
            w.len() >= 3 && MONTHS.iter().any(|m| w.starts_with(m))
        })
    };
    is_month(line[..whole.start()].split_whitespace().next_back())
        || is_month(line[whole.end()..].split_whitespace().next())
}

/// A section or regulation number ("Section 40", "s.12", "regulation 13").
fn after_section(line: &str, start: usize) -> bool {
    let before = line[..start].trim_end().to_ascii_lowercase();
    [
        "section",
        "sections",
        "s.",
        "s",
        "regulation",
        "reg.",
        "article",
        "schedule",
    ]
    .iter()
    .any(|w| {
        before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphabetic)
    })
}

/// Whether exchange `e` asks for yes or no.
pub fn asks_yes_no(e: &Exchange) -> bool {
    e.expects.contains(&ValueKind::YesNo)
}

/// The items of an answer read as a list, for a question that asks for one
/// and got none: its bullet lines, else its first sentence split at commas,
/// semicolons and a last "and" ("Medicode (3M), Lorenzo PAS and Evolve").
/// Empty when the answer does not read as two or more short items.
pub fn list_items(answer: &str) -> Vec<String> {
    const LONGEST: usize = 80;
    let lines: Vec<&str> = answer
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_annotation_line(l))
        .collect();
    let bullets: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix(['-', '•', '*', '·', '–']))
        .map(|l| l.trim().trim_end_matches([';', ',', '.']).to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let items = if bullets.len() >= 2 {
        bullets
    } else {
        let first = lines.first().copied().unwrap_or("");
        let sentence = first
            .match_indices(". ")
            .map(|(at, _)| at)
            .next()
            .map_or(first, |at| &first[..at]);
        split_items(sentence.trim_end_matches('.'))
    };
    let short = items.iter().all(|i| i.chars().count() <= LONGEST);
    if items.len() >= 2 && short {
        items
    } else {
        Vec::new()
    }
}

/// "A, B and C" → A, B, C (never inside brackets).
fn split_items(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut from = 0;
    for (at, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' if depth == 0 => {
                parts.push(&s[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[from..]);
    let last = parts.pop().unwrap_or("");
    match last.rsplit_once(" and ") {
        Some((a, b)) if !a.contains('(') || a.contains(')') => {
            parts.push(a);
            parts.push(b);
        }
        _ => parts.push(last),
    }
    parts
        .into_iter()
        .map(|p| p.trim().trim_start_matches("and ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Pairs of values (indices) that are one figure written with a space
/// between its thousands ("58 912"): a number of one to three digits, one
/// space, then exactly three digits. Returns `(first, second, joined)`.
pub fn space_grouped(text: &str, e: &Exchange) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    for j in 1..e.values.len() {
        let (a, b) = (&e.values[j - 1], &e.values[j]);
        let gap = text.get(a.span.end..b.span.start).unwrap_or("x");
        let thin = !gap.is_empty()
            && gap
                .chars()
                .all(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'));
        let digits = |v: &crate::engine::model::Value| {
            let s = v.span.slice(text);
            let d: String = s.chars().take_while(char::is_ascii_digit).collect();
            (
                d.len(),
                s.len() == d.len() || !s[d.len()..].starts_with(['.', ',']),
            )
        };
        let (first_len, first_whole) = digits(a);
        let (second_len, second_whole) = digits(b);
        let (Some(x), Some(y)) = (a.value.as_number(), b.value.as_number()) else {
            continue;
        };
        let taken = out.iter().any(|&(_, second, _)| second == j - 1);
        if thin
            && !taken
            && (1..=3).contains(&first_len)
            && second_len == 3
            && first_whole
            && second_whole
        {
            out.push((j - 1, j, x * 1000.0 + y));
        }
    }
    out
}

/// Whether a line reads as the start of a question: a numbered label
/// ("4.", "Q4)", "Question 4:") before words, or a question mark at its end.
pub fn reads_as_question_start(line: &str) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        text::regex(
            r"(?i)^\s*(?:q(?:uestion)?\s*)?\d{1,3}[a-z]?(?:\s*(?:,|&|and)\s*\d{1,3}[a-z]?)*\s*(?:[.):]\s+|\s-\s)[a-z]\S*\s+\S+\s+\S+",
        )
    });
    let line = line.trim();
    LABEL.is_match(line) || (line.ends_with('?') && line.split_whitespace().count() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unread(answer: &str) -> Vec<String> {
        let text = format!("1. How many claims were received?\nOUR RESPONSE: {answer}\n");
        let analysis = crate::engine::analyze(&text);
        let index = analysis
            .exchanges
            .iter()
            .position(|e| e.answer.is_some())
            .expect("an answer");
        unread_figures(&text, &analysis, index)
            .into_iter()
            .map(|u| u.span.slice(&text).to_string())
            .collect()
    }

    #[test]
    fn years_dates_labels_and_references_are_not_figures() {
        let text = "x 2021 £1,200 F14 24-25385 01/04/2024 10:30 7th Section 40 s.12 15 August 1234567 12.5% nil";
        let line = format!("1. How many claims?\nOUR RESPONSE: {text}\n");
        let mut analysis = crate::engine::analyze(&line);
        // Nothing read: every figure is foil's to miss.
        for e in &mut analysis.exchanges {
            e.values.clear();
            e.set_aside.clear();
            e.status = Status::Answered;
        }
        let found: Vec<String> = unread_figures(&line, &analysis, 0)
            .into_iter()
            .map(|u| u.span.slice(&line).to_string())
            .collect();
        assert_eq!(found, ["£1,200", "12.5%", "nil"]);
    }

    #[test]
    fn a_label_opening_a_line_is_not_a_figure() {
        let labels = |line: &str| {
            FIGURE
                .captures_iter(line)
                .filter(|c| is_label(line, c))
                .map(|c| c[0].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(labels("  3) 45 claims"), ["3"]);
        assert_eq!(labels("- 4. 12 beds"), ["4"]);
        assert!(labels("45 claims (3)").is_empty());
    }

    #[test]
    fn answers_read_as_lists() {
        assert_eq!(
            list_items("Medicode encoder (3M), Lorenzo PAS and the Evolve system. Not coded."),
            ["Medicode encoder (3M)", "Lorenzo PAS", "the Evolve system"]
        );
        assert_eq!(list_items("- Epic\n- CITO\n"), ["Epic", "CITO"]);
        assert!(list_items("We use one system only.").is_empty());
        assert_eq!(list_items("A (x, y) and B"), ["A (x, y)", "B"]);
    }

    #[test]
    fn question_starts_are_labels_or_question_marks() {
        assert!(reads_as_question_start("9, 10 & 11. Does the Trust"));
        assert!(!reads_as_question_start("9 WTE are coders"));
        assert!(reads_as_question_start("Q4) How many beds are there"));
        assert!(reads_as_question_start("Do you use automated coding?"));
        assert!(!reads_as_question_start("12.6 WTE substantive, 0.4 bank"));
    }

    #[test]
    fn figures_the_reading_covers_are_not_offered() {
        assert!(unread("There were 158 claims.").is_empty());
    }
}
