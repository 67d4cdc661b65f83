//! The annotations code actions and `foil annotate` offer, as drafts to render.
//! Each quotes exact source text, so a fresh `verify` is current by construction,
//! except personal data, which a quote never copies: `[personal data]` stands
//! in its place (and matches it when the quote is read back).

use crate::engine::model::{Analysis, Code, Exchange, Span, Status, Value, ValueKind};
use crate::engine::personal;
use crate::engine::text::lines;

use super::apply::NONE;
use super::reading::{alternative_literal, has_money, reading_literals, value_literals};
use super::{own_words, slice, Annotation, Literal, Verb};

/// The longest quote of prose a draft makes, in characters.
const PROSE_QUOTE_CHARS: usize = 80;
/// The longest stretch covering several values that is still quoted whole.
const VALUES_QUOTE_CHARS: usize = 120;

/// A `verify` annotation for exchange `index` confirming foil's current reading.
///
/// Figures are stated as values with a quote of their source text; prose and
/// status-only answers are stated by `status=` and a quote of their first
/// sentence. `None` when the exchange has no answer, or when a `set` overrides
/// its reading (there is no reading of foil's left to confirm).
pub fn verify_draft(text: &str, analysis: &Analysis, index: usize) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let answer = e.answer.as_ref()?;
    if is_overridden(analysis, index) {
        return None;
    }
    let own = own_words(text, answer.span);
    let answer_text = own.as_ref();
    let mut a = keyed(Verb::Verify, e);
    a.values = reading_literals(e);
    if a.values.is_empty() || e.status != Status::Answered {
        a.status = Some(e.status);
        a.exemption = e.exemption.clone();
    }
    let quote = if a.values.is_empty() {
        first_sentence(&answer.text, answer_text)
    } else {
        values_quote(text, e)
    };
    a.quote = quote
        .filter(|q| usable_quote(q, answer_text))
        .map(|q| personal::redact_quote(answer_text, q).into_owned());
    Some(a)
}

/// A `set` annotation that gives exchange `index` this status.
pub fn set_status_draft(
    analysis: &Analysis,
    index: usize,
    status: Status,
    exemption: Option<&str>,
) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let mut a = keyed(Verb::Set, e);
    a.status = Some(status);
    a.exemption = exemption.map(|s| s.trim().to_ascii_lowercase());
    Some(a)
}

/// A `set` annotation choosing alternative `reading` of value `value` of
/// exchange `index`; the exchange's other values are kept as they are read.
pub fn reading_draft(
    analysis: &Analysis,
    index: usize,
    value: usize,
    reading: usize,
) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let chosen = e.values.get(value)?;
    let alternative = chosen.alternatives.get(reading)?;
    let mut a = keyed(Verb::Set, e);
    for (j, v) in e.values.iter().enumerate() {
        if j == value {
            a.values.push(alternative_literal(v, alternative)?);
        } else {
            a.values.extend(value_literals(v));
        }
    }
    a.unit = if alternative.kind == ValueKind::Money || has_money(&e.values) {
        Some("GBP".into())
    } else {
        alternative.unit.clone()
    };
    a.quote = Some(chosen.text.as_str())
        .filter(|q| !q.is_empty() && is_one_line(q))
        .map(|q| match &e.answer {
            Some(answer) => personal::redact_quote(&answer.text, q).into_owned(),
            None => personal::redact(q).into_owned(),
        });
    Some(a)
}

/// An `ignore` annotation silencing `code` on exchange `index`.
pub fn ignore_draft(analysis: &Analysis, index: usize, code: Code) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let mut a = keyed(Verb::Ignore, e);
    a.code = Some(code);
    Some(a)
}

/// A `set` annotation mapping exchange `index` to schema key `key`; what an
/// existing `set` of that exchange says is kept (the draft replaces it).
pub fn map_draft(analysis: &Analysis, index: usize, key: &str) -> Option<Annotation> {
    analysis.exchanges.get(index)?;
    let existing = analysis
        .annotations
        .iter()
        .rev()
        .find(|a| a.exchange == Some(index) && a.verb == Verb::Set);
    let mut a = match existing {
        Some(set) => Annotation {
            span: Default::default(),
            tokens: Vec::new(),
            exchange: None,
            ..set.clone()
        },
        None => Annotation::new(Verb::Set),
    };
    a.key = Some(key.to_string());
    Some(a)
}

/// The literals that state value `v` in a `set` that keeps it: a table by its
/// total, prose as quoted text. `None` when no literal can (a table without a
/// total, a contact, which is never copied into an annotation).
fn kept_literals(v: &Value) -> Option<Vec<Literal>> {
    match v.kind {
        ValueKind::Contact => None,
        ValueKind::Text => Some(vec![Literal::Text(
            v.value.as_text().unwrap_or(&v.text).to_string(),
        )]),
        _ => Some(value_literals(v)).filter(|l| !l.is_empty()),
    }
}

/// A `set` stating exactly `values` (each kept as foil read it), or that the
/// answer gives none (`value=none`).
fn set_values_draft(e: &Exchange, values: &[&Value], added: &[Literal]) -> Option<Annotation> {
    let mut a = keyed(Verb::Set, e);
    for v in values {
        a.values.extend(kept_literals(v)?);
    }
    a.values.extend_from_slice(added);
    if a.values.is_empty() {
        a.values.push(Literal::Word(NONE.into()));
    }
    let money = values
        .iter()
        .any(|v| v.kind == ValueKind::Money || v.currency.is_some());
    if money
        || (added
            .iter()
            .any(|l| matches!(l, Literal::Number { .. } | Literal::Range { .. }))
            && e.expects.first() == Some(&ValueKind::Money))
    {
        a.unit = Some("GBP".into());
    }
    Some(a)
}

/// "Not a figure": a `set` keeping every value of exchange `index` but value
/// `value` (`value=none` when it was the only one). `None` when another value
/// cannot be stated (a contact, a table without a total).
pub fn drop_value_draft(analysis: &Analysis, index: usize, value: usize) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    e.values.get(value)?;
    let others: Vec<&Value> = e
        .values
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != value)
        .map(|(_, v)| v)
        .collect();
    set_values_draft(e, &others, &[])
}

/// "Not an item": a `set` keeping the list of exchange `index` but item
/// `item` of its value `value`.
pub fn drop_item_draft(
    analysis: &Analysis,
    index: usize,
    value: usize,
    item: usize,
) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let list = e.values.get(value).filter(|v| v.kind == ValueKind::List)?;
    list.items.get(item)?;
    let mut a = keyed(Verb::Set, e);
    for (j, v) in e.values.iter().enumerate() {
        if j == value {
            let kept = list.items.iter().enumerate().filter(|&(k, _)| k != item);
            a.values.extend(kept.map(|(_, i)| Literal::Text(i.clone())));
        } else {
            a.values.extend(kept_literals(v)?);
        }
    }
    if a.values.is_empty() {
        a.values.push(Literal::Word(NONE.into()));
    }
    Some(a)
}

/// "Add figure …": a `set` keeping every value of exchange `index` and adding
/// `added`.
pub fn add_values_draft(
    analysis: &Analysis,
    index: usize,
    added: &[Literal],
) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let all: Vec<&Value> = e.values.iter().collect();
    set_values_draft(e, &all, added)
}

/// "Read as yes/no": the exchange's values with its yes/no reading replaced
/// by (or, without one, completed with) `answer`.
pub fn yes_no_draft(analysis: &Analysis, index: usize, answer: bool) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let others: Vec<&Value> = e
        .values
        .iter()
        .filter(|v| v.kind != ValueKind::YesNo)
        .collect();
    let mut a = set_values_draft(e, &others, &[Literal::Bool(answer)])?;
    // `yes` first: it is what the question asked.
    a.values.rotate_right(1);
    Some(a)
}

/// "Read as a list": a `set` giving exchange `index` the list `items` in
/// place of any list it read (its other values kept).
pub fn list_draft(analysis: &Analysis, index: usize, items: &[String]) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let others: Vec<&Value> = e
        .values
        .iter()
        .filter(|v| v.kind != ValueKind::List)
        .collect();
    let listed: Vec<Literal> = items.iter().map(|i| Literal::Text(i.clone())).collect();
    set_values_draft(e, &others, &listed)
}

/// "Read … as one figure": a `set` where each pair `(first, second, joined)`
/// of values of exchange `index` becomes the one figure `joined` (with the
/// first's label), the other values kept.
pub fn join_draft(
    analysis: &Analysis,
    index: usize,
    pairs: &[(usize, usize, f64)],
) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let mut a = keyed(Verb::Set, e);
    for (j, v) in e.values.iter().enumerate() {
        if let Some(&(_, _, joined)) = pairs.iter().find(|p| p.0 == j) {
            a.values.push(
                match v.label.as_deref().filter(|l| super::literal::is_word(l)) {
                    Some(label) => Literal::Labelled {
                        label: label.to_string(),
                        value: joined,
                        approximate: false,
                    },
                    None => Literal::Number {
                        value: joined,
                        approximate: false,
                    },
                },
            );
        } else if !pairs.iter().any(|p| p.1 == j) {
            a.values.extend(kept_literals(v)?);
        }
    }
    if has_money(&e.values) {
        a.unit = Some("GBP".into());
    }
    Some(a)
}

/// "Correct the values…": a `set` stating the current reading (its values,
/// else its status) for a person to edit.
pub fn correct_values_draft(analysis: &Analysis, index: usize) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let all: Vec<&Value> = e.values.iter().collect();
    match set_values_draft(e, &all, &[]) {
        Some(a) if !stated_none(&a) => Some(a),
        _ => {
            let mut a = keyed(Verb::Set, e);
            a.values.push(Literal::Word(NONE.into()));
            a.status = Some(e.status).filter(|s| !matches!(s, Status::Answered | Status::Partial));
            Some(a)
        }
    }
}

fn stated_none(a: &Annotation) -> bool {
    matches!(&a.values[..], [Literal::Word(w)] if w == NONE)
}

/// "Refers to question N": a `set` making exchange `index` a referral to `target`.
pub fn referral_draft(analysis: &Analysis, index: usize, target: &str) -> Option<Annotation> {
    let e = analysis.exchanges.get(index)?;
    let mut a = keyed(Verb::Set, e);
    a.status = Some(Status::Referred);
    a.refers = Some(target.to_string());
    Some(a)
}

/// A layout annotation: `question`/`answer` with key `key`, or `furniture`.
pub fn layout_draft(verb: Verb, key: Option<&str>) -> Annotation {
    let mut a = Annotation::new(verb);
    a.key = key.map(str::to_string);
    a
}

/// Whether a `set` gives exchange `index` values or a status (a `set` that only
/// maps the answer to a key leaves foil's reading in place).
fn is_overridden(analysis: &Analysis, index: usize) -> bool {
    analysis.annotations.iter().any(|a| {
        a.exchange == Some(index)
            && a.verb == Verb::Set
            && (!a.values.is_empty() || a.status.is_some() || a.exemption.is_some())
    })
}

fn keyed(verb: Verb, e: &Exchange) -> Annotation {
    let mut a = Annotation::new(verb);
    a.key = Some(e.key.clone());
    a
}

/// The source text the values were read from: one value's text, the stretch
/// covering several on one line, or a table's first data row.
fn values_quote<'t>(text: &'t str, e: &'t Exchange) -> Option<&'t str> {
    let shown: Vec<&Value> = e
        .values
        .iter()
        .filter(|v| !value_literals(v).is_empty())
        .collect();
    if let Some(table) = shown.iter().find(|v| v.kind == ValueKind::Table) {
        return table_row_quote(text, table);
    }
    let first = shown.first()?;
    let cover = shown.iter().fold(first.span, |span, v| span.cover(v.span));
    let whole = slice(text, with_whole_brackets(text, cover));
    if shown.len() > 1 && is_one_line(whole) && whole.chars().count() <= VALUES_QUOTE_CHARS {
        return Some(whole);
    }
    Some(slice(text, with_whole_brackets(text, first.span))).filter(|t| is_one_line(t))
}

/// The pairs of brackets a quote never cuts in half.
const BRACKETS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];

/// `span` widened along its line to the partners of the brackets it cuts, so
/// that a quote of `245 (0.1%) & 155 (0.02%` takes its `)`. A bracket whose
/// partner is not on the line (a list's `a)`) is left as it is.
fn with_whole_brackets(text: &str, mut span: Span) -> Span {
    for (open, close) in BRACKETS {
        let depth = |c: char| i32::from(c == open) - i32::from(c == close);
        let (mut running, mut lowest) = (0, 0);
        for c in slice(text, span).chars() {
            running += depth(c);
            lowest = lowest.min(running);
        }
        let line_start = text[..span.start].rfind(['\n', '\r']).map_or(0, |n| n + 1);
        let mut needed = -lowest;
        let before = if needed > 0 {
            &text[line_start..span.start]
        } else {
            ""
        };
        for (at, c) in before.char_indices().rev() {
            needed -= depth(c);
            if needed == 0 {
                span.start = line_start + at;
                break;
            }
        }
        let end = span.end;
        let line_end = text[end..]
            .find(['\n', '\r'])
            .map_or(text.len(), |n| end + n);
        let mut open = running - lowest;
        let after = if open > 0 { &text[end..line_end] } else { "" };
        for (at, c) in after.char_indices() {
            open += depth(c);
            if open == 0 {
                span.end = end + at + c.len_utf8();
                break;
            }
        }
    }
    span
}

/// The first data row of a table (the line after its header, if it has one).
fn table_row_quote<'t>(text: &'t str, table: &Value) -> Option<&'t str> {
    let has_header = table.table.as_ref().is_some_and(|t| !t.columns.is_empty());
    let source = slice(text, table.span);
    let mut rows = lines(source)
        .into_iter()
        .map(|l| slice(source, l.span).trim())
        .filter(|l| !l.is_empty() && !is_rule(l));
    if has_header {
        rows.next();
    }
    rows.next()
}

/// A markdown table rule like `|---|:--:|`.
fn is_rule(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || matches!(c, '|' | '-' | ':' | '+'))
}

/// The first sentence of an answer, on its first line, cut to at most 80
/// characters at a word boundary: from the cleaned answer text when that is
/// source text, else from the source.
fn first_sentence<'t>(cleaned: &'t str, source: &'t str) -> Option<&'t str> {
    [cleaned, source]
        .into_iter()
        .map(sentence_prefix)
        .find(|q| !q.is_empty() && source.contains(*q))
}

fn sentence_prefix(s: &str) -> &str {
    let s = s.trim_start();
    let line = s.split(['\n', '\r']).next().unwrap_or("").trim_end();
    let sentence = line
        .match_indices(['.', '?', '!'])
        .map(|(at, p)| at + p.len())
        .find(|&end| line[end..].starts_with(char::is_whitespace))
        .map_or(line, |end| &line[..end]);
    before_open_bracket(cut_at_word(sentence, PROSE_QUOTE_CHARS))
}

/// `s` cut before its first bracket left open, so a quote of prose never ends
/// inside one.
fn before_open_bracket(s: &str) -> &str {
    let mut cut = s.len();
    for (open, close) in BRACKETS {
        let mut opened = Vec::new();
        for (at, c) in s.char_indices() {
            if c == open {
                opened.push(at);
            } else if c == close {
                opened.pop();
            }
        }
        cut = cut.min(opened.first().copied().unwrap_or(s.len()));
    }
    s[..cut].trim_end()
}

/// `s` cut to at most `max` characters, at the last white space when it is longer.
fn cut_at_word(s: &str, max: usize) -> &str {
    let Some((limit, _)) = s.char_indices().nth(max) else {
        return s;
    };
    let head = &s[..limit];
    let at_space = s[limit..].starts_with(char::is_whitespace);
    match head.rfind(char::is_whitespace) {
        _ if at_space => head.trim_end(),
        Some(space) if !head[..space].trim_end().is_empty() => head[..space].trim_end(),
        _ => head,
    }
}

fn is_one_line(s: &str) -> bool {
    !s.contains(['\n', '\r'])
}

fn usable_quote(quote: &str, answer: &str) -> bool {
    !quote.is_empty() && is_one_line(quote) && answer.contains(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_are_cut_at_words() {
        assert_eq!(
            sentence_prefix("  Not held. We do not record it."),
            "Not held."
        );
        assert_eq!(sentence_prefix("See 1.5 above\nand more"), "See 1.5 above");
        assert_eq!(
            sentence_prefix("Version 2.0 is used"),
            "Version 2.0 is used"
        );
        let long = "word ".repeat(30);
        let cut = sentence_prefix(&long);
        assert!(
            cut.chars().count() <= 80 && cut.ends_with("word"),
            "{cut:?}"
        );
        let unbroken = "x".repeat(100);
        assert_eq!(sentence_prefix(&unbroken).len(), 80);
        let accented = "é".repeat(79) + " fin";
        assert_eq!(sentence_prefix(&accented), "é".repeat(79));
    }

    #[test]
    fn first_sentence_prefers_cleaned_text_that_is_source() {
        let source = "OUR RESPONSE: Not held. Sorry.";
        assert_eq!(
            first_sentence("Not held. Sorry.", source),
            Some("Not held.")
        );
        // Cleaning folded white space: fall back to the source.
        assert_eq!(
            first_sentence("A B", "OUR RESPONSE: A  B"),
            Some("OUR RESPONSE: A  B")
        );
        assert_eq!(first_sentence("", ""), None);
    }

    #[test]
    fn quotes_take_the_other_half_of_a_bracket_on_their_line() {
        let text = "IP uncoded = 245 (0.1%) & OP uncoded = 155 (0.02%)\nnext (line)";
        let start = text.find("245").unwrap();
        let cut = Span::new(start, text.find("0.02%").unwrap() + "0.02%".len());
        let whole = with_whole_brackets(text, cut);
        assert_eq!(slice(text, whole), "245 (0.1%) & OP uncoded = 155 (0.02%)");
        let inner = Span::new(text.find("0.1%").unwrap(), text.find(" &").unwrap());
        assert_eq!(slice(text, with_whole_brackets(text, inner)), "(0.1%)");
        // Balanced, or with no partner on the line: left as it is.
        let plain = Span::new(start, start + 3);
        assert_eq!(with_whole_brackets(text, plain), plain);
        let list = "a) 12 b) 14 [see (note\n";
        let span = Span::new(3, list.find(" [").unwrap());
        assert_eq!(slice(list, with_whole_brackets(list, span)), "12 b) 14");
        let span = Span::new(3, list.len() - 1);
        assert_eq!(with_whole_brackets(list, span), span);
    }

    #[test]
    fn prose_quotes_stop_before_a_bracket_they_would_cut() {
        let long = format!(
            "Not held (the {} records are kept elsewhere)",
            "word ".repeat(20)
        );
        assert_eq!(sentence_prefix(&long), "Not held");
        assert_eq!(
            sentence_prefix("Not held (see A1). Sorry."),
            "Not held (see A1)."
        );
        assert_eq!(before_open_bracket("(all of it"), "");
    }

    #[test]
    fn a_verify_draft_quotes_every_figure_with_its_brackets() {
        let text = "1. How many episodes were not coded?\nOUR RESPONSE: IP uncoded = 245 (0.1%) & OP uncoded = 155 (0.02%)\n";
        let analysis = crate::engine::analyze(text);
        let draft = verify_draft(text, &analysis, 0).unwrap();
        let quote = draft.quote.unwrap();
        assert!(quote.ends_with("(0.02%)"), "{quote:?}");
        for (open, close) in BRACKETS {
            assert_eq!(
                quote.matches(open).count(),
                quote.matches(close).count(),
                "{quote:?}"
            );
        }
    }
}
