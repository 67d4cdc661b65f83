//! Tables in answers: tab-, pipe- or space-aligned rows, and "label = figure"
//! lists, continuing across blank lines; a "Total" row gives the total.

use std::sync::LazyLock;

use crate::engine::text;
use regex::Regex;

use crate::engine::model::{Cell, Span, Table};

/// A table found among an answer's lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub table: Table,
    /// Indices of the answer lines it was read from.
    pub lines: Vec<usize>,
    pub span: Span,
}

static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"^[-•*–·]?\s*(?P<label>[^=:]*?[A-Za-z0-9][^=:]*?)\s*(?:=|:)\s*(?P<value>[£$€]?\s?\d[\d,]*(?:\.\d+)?\s?%?)\s*\*?$",
    )
});

static CELL_SPLIT: LazyLock<Regex> = LazyLock::new(|| text::regex(r"\t+|\s*\|\s*| {2,}"));

fn cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if is_rule_row(t) {
        return None;
    }
    if t.contains('\t') || t.matches('|').count() >= 2 || t.contains("  ") {
        let parts: Vec<String> = CELL_SPLIT
            .split(t.trim_matches('|'))
            .map(|c| c.trim().to_string())
            .collect();
        let parts: Vec<String> = trim_empty_ends(parts);
        if parts.len() >= 2 {
            return Some(parts);
        }
    }
    None
}

/// A markdown table's rule row ("| --- | :---: |"): no row of the table.
fn is_rule_row(t: &str) -> bool {
    t.contains("--")
        && t.chars()
            .all(|c| c.is_whitespace() || matches!(c, '|' | '-' | ':' | '+' | '='))
}

fn trim_empty_ends(mut v: Vec<String>) -> Vec<String> {
    while v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    while v.first().is_some_and(String::is_empty) {
        v.remove(0);
    }
    v
}

/// Reads a cell as a figure when the whole cell is one: "7092", "£1,234",
/// "12%", "1,234.5". Years are figures here: a table cell has no other reading.
pub fn cell_number(cell: &str) -> Option<f64> {
    let t = cell.trim().trim_matches(['*', '_']).trim();
    let t = t.strip_prefix(['£', '$', '€']).unwrap_or(t).trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Thousands grouped by spaces ("14 082"): groups of three after the first.
    let spaced: Vec<&str> = t.split([' ', '\u{a0}', '\u{202f}', '\u{2009}']).collect();
    if spaced.len() > 1 {
        // "240 248" in a column of three-digit figures is two cells run
        // together; a grouped figure opens with one or two digits.
        let grouped = (1..=2).contains(&spaced[0].len())
            && spaced[1..].iter().all(|g| g.len() == 3)
            && spaced.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
        return grouped.then(|| spaced.concat().parse().ok()).flatten();
    }
    let groups: Vec<&str> = t.split(',').collect();
    if groups.len() > 1
        && groups[1..]
            .iter()
            .any(|g| g.split('.').next().unwrap_or("").len() != 3)
    {
        return None;
    }
    let plain = t.replace(',', "");
    if plain.chars().all(|c| c.is_ascii_digit() || c == '.') && plain.matches('.').count() <= 1 {
        plain.parse().ok()
    } else {
        None
    }
}

fn to_cell(s: &str) -> Cell {
    match cell_number(s) {
        Some(n) => Cell::Number(n),
        None => Cell::Text(s.to_string()),
    }
}

fn is_total(label: &str) -> bool {
    // Markdown emphasis around the label ("**Total**") is no word.
    let l = label
        .trim()
        .trim_matches(['*', '_'])
        .trim()
        .to_lowercase()
        .replace('\u{a0}', " ");
    l == "total"
        || l.starts_with("total ")
        || l.starts_with("grand total")
        || l.starts_with("totals")
}

/// Finds tables among `lines` (an answer's content lines with their spans).
pub fn find(lines: &[(Span, &str)]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(found) = aligned_block(lines, i)
            .or_else(|| key_value_block(lines, i))
            .or_else(|| stacked_block(lines, i))
        {
            i = found.lines.last().map_or(i + 1, |l| l + 1);
            out.push(found);
        } else {
            i += 1;
        }
    }
    out
}

/// Rows split by tabs, pipes or runs of spaces, with the same number of cells
/// (a header may have as many).
fn aligned_block(lines: &[(Span, &str)], start: usize) -> Option<Found> {
    let first = cells(lines[start].1)?;
    let width = first.len();
    let mut rows: Vec<(usize, Vec<String>)> = vec![(start, first)];
    let mut j = start + 1;
    while j < lines.len() {
        if is_rule_row(lines[j].1.trim()) {
            j += 1;
            continue;
        }
        match cells(lines[j].1) {
            Some(c) if c.len() == width || (c.len() + 1 == width && width > 2) => rows.push((j, c)),
            _ => break,
        }
        j += 1;
    }
    // Columns of words ("2019-20 :- 23 hours – £2714      Dept: A&E") are
    // prose laid out wide: its figures are read from the words.
    let figures = rows[1..]
        .iter()
        .any(|(_, r)| r.iter().any(|c| cell_number(c).is_some()));
    if rows.len() < 2 || !figures {
        return None;
    }
    Some(build(lines, rows))
}

/// "- December 2018 = 11781" lines: three or more, every value a figure.
fn key_value_block(lines: &[(Span, &str)], start: usize) -> Option<Found> {
    let mut rows = Vec::new();
    let mut j = start;
    while j < lines.len() {
        let line = lines[j].1.trim();
        // "label = 12" / "label: 12": a separator and a digit, before the pattern.
        if !line.contains(['=', ':']) || !line.bytes().any(|b| b.is_ascii_digit()) {
            break;
        }
        let Some(c) = KEY_VALUE.captures(line) else {
            break;
        };
        let label = c.name("label")?.as_str().trim().to_string();
        let value = c.name("value")?.as_str().trim().to_string();
        rows.push((j, vec![label, value]));
        j += 1;
    }
    let data = rows.iter().filter(|(_, r)| !is_total(&r[0])).count();
    if data < 3 {
        return None;
    }
    Some(build(lines, rows))
}

/// A table flattened one cell per line, as PDF and web conversion leave
/// them: a header of `h` short lines ("Specialty" / "FCEs"), then rows of
/// `h` lines whose cells after the first are figures; or, without a header,
/// label and figure lines in turn. Two rows or more.
fn stacked_block(lines: &[(Span, &str)], start: usize) -> Option<Found> {
    let cell = |i: usize| stacked_cell(lines, i);
    let run = (start..lines.len())
        .take_while(|&i| cell(i).is_some_and(is_stacked_label))
        .count();
    let rows_from =
        |from: usize, width: usize, labels: usize| stacked_rows(lines, from, width, labels);
    // A header then rows that open with one or two labels ("Specialty / FCEs
    // / General Medicine / 18,204", "Role / Band / WTE / Head of Coding /
    // Band 8a / 1.0"); a header then rows that open with a figure ("Year /
    // Dismissed / 2010 / 0"); label and figure in turn.
    let found_rows = [
        (run.saturating_sub(1), 1),
        (run.saturating_sub(2), 2),
        (run, 0),
        (0, 1),
    ]
    .into_iter()
    .filter(|&(h, labels)| h == 0 || ((2..=6).contains(&h) && labels < h))
    .map(|(h, labels)| (h, rows_from(start + h, h.max(2), labels)))
    .find(|(_, rows)| rows.len() >= 2);
    // Or a header, then one row of figures only, one per column ("Total
    // Spells / Coded / Uncoded / 3120 / 3050 / 70"): its first cell is data.
    let (header, rows, first_names_row) = match found_rows {
        Some((h, rows)) => (h, rows, true),
        None => (run, figures_row(start + run, run, &cell)?, false),
    };
    let first_row = start + header;
    // The cells were read from every line of the rows, not their first only.
    let last = rows
        .last()
        .map_or(first_row, |(at, cells)| at + cells.len() - 1);
    let mut found = build(lines, rows);
    found.lines = (start..=last).collect();
    found.span = Span::new(lines[start].0.start, lines[last].0.end);
    if header > 0 {
        found.table.columns = (start..first_row)
            .filter_map(cell)
            .map(str::to_string)
            .collect();
    }
    // The first cell names the row ("2019", "General Medicine"): a label.
    for row in found.table.rows.iter_mut().filter(|_| first_names_row) {
        if let Some(Cell::Number(n)) = row.first() {
            row[0] = Cell::Text(n.to_string());
        }
    }
    Some(found)
}

/// Line `i` of a stacked table as a cell.
fn stacked_cell<'a>(lines: &[(Span, &'a str)], i: usize) -> Option<&'a str> {
    lines.get(i).map(|(_, l)| l.trim().trim_matches('|').trim())
}

/// A cell that names a column or a row: words, or a financial year
/// ("2021/22"), short, and no sentence.
fn is_stacked_label(c: &str) -> bool {
    let financial_year = {
        let (a, b) = c.split_once(['/', '-']).unwrap_or(("", ""));
        a.len() == 4
            && (a.starts_with("19") || a.starts_with("20"))
            && matches!(b.len(), 2 | 4)
            && c.bytes().filter(u8::is_ascii_digit).count() == a.len() + b.len()
    };
    (c.chars().any(char::is_alphabetic) || financial_year)
        && cell_number(c).is_none()
        && c.len() <= 40
        && c.split_whitespace().count() <= 6
        && !c.ends_with(['.', '?', ':', ','])
}

/// Rows of `width` lines from `from`: `labels` label cells, then figures
/// (`labels` 0: a year, then figures); a total row may drop its empty cells
/// ("**Total** / **18.4**").
fn stacked_rows(
    lines: &[(Span, &str)],
    from: usize,
    width: usize,
    labels: usize,
) -> Vec<(usize, Vec<String>)> {
    let cell = |i: usize| stacked_cell(lines, i);
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut at = from;
    while at + width <= lines.len() {
        let row: Vec<&str> = (at..at + width).filter_map(cell).collect();
        let lead = labels.max(1);
        let figures = row.len() == width && row[lead..].iter().all(|c| cell_number(c).is_some());
        // Rows that open with a figure open with a year ("2010 / 0").
        let year = row[0].len() == 4 && row[0].starts_with("19")
            || row[0].starts_with("20") && row[0].len() == 4;
        let led = if labels == 0 {
            year
        } else {
            row[..lead].iter().all(|c| is_stacked_label(c))
        };
        if !figures || !led {
            break;
        }
        rows.push((at, row.iter().map(|c| c.to_string()).collect()));
        at += width;
    }
    if let (Some(label), Some(figure)) = (cell(at), cell(at + 1)) {
        if !rows.is_empty() && width > 2 && is_total(label) && cell_number(figure).is_some() {
            rows.push((at, vec![label.to_string(), figure.to_string()]));
        }
    }
    rows
}

/// The one row of `width` figures at `from`, under a header of `width`
/// cells, with no figure after it.
fn figures_row<'c>(
    from: usize,
    width: usize,
    cell: &impl Fn(usize) -> Option<&'c str>,
) -> Option<Vec<(usize, Vec<String>)>> {
    if !(2..=6).contains(&width) {
        return None;
    }
    let row: Vec<&str> = (from..from + width).filter_map(cell).collect();
    let figures = row.len() == width && row.iter().all(|c| cell_number(c).is_some());
    let more = cell(from + width).is_some_and(|c| cell_number(c).is_some());
    (figures && !more).then(|| vec![(from, row.iter().map(|c| c.to_string()).collect())])
}

fn build(lines: &[(Span, &str)], rows: Vec<(usize, Vec<String>)>) -> Found {
    let span = Span::new(
        lines[rows[0].0].0.start,
        lines[rows[rows.len() - 1].0].0.end,
    );
    let line_ids: Vec<usize> = rows.iter().map(|(i, _)| *i).collect();
    let mut rows: Vec<Vec<String>> = rows.into_iter().map(|(_, r)| r).collect();
    let numeric = |r: &Vec<String>| r.iter().any(|c| cell_number(c).is_some());
    let columns = if !numeric(&rows[0]) && rows[1..].iter().any(numeric) {
        rows.remove(0)
    } else {
        Vec::new()
    };
    let mut table = Table {
        columns,
        ..Table::default()
    };
    for r in rows {
        if is_total(&r[0]) && numeric(&r) {
            table.total = r.iter().rev().find_map(|c| cell_number(c));
            table.total_stated = true;
            continue;
        }
        table.rows.push(r.iter().map(|c| to_cell(c)).collect());
    }
    // The sum of the one numeric column, when there is exactly one.
    let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    let numeric_cols: Vec<usize> = (0..width)
        .filter(|&c| {
            table
                .rows
                .iter()
                .any(|r| matches!(r.get(c), Some(Cell::Number(_))))
        })
        .collect();
    if numeric_cols.len() == 1 && table.rows.len() > 1 {
        let c = numeric_cols[0];
        table.computed_total = Some(
            table
                .rows
                .iter()
                .filter_map(|r| r.get(c)?.as_number())
                .sum(),
        );
    }
    if table.total.is_none() {
        table.total = table.computed_total;
    }
    Found {
        table,
        lines: line_ids,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<(Span, &str)> {
        let mut at = 0;
        text.split('\n')
            .map(|l| {
                let s = Span::new(at, at + l.len());
                at += l.len() + 1;
                (s, l)
            })
            .collect()
    }

    #[test]
    fn tab_table_with_header() {
        let t = "Service\tCount\nCardiology\t120\nOncology\t80\nFracture\t2025";
        let found = find(&lines_of(t));
        assert_eq!(found.len(), 1);
        let table = &found[0].table;
        assert_eq!(table.columns, ["Service", "Count"]);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.total, Some(2225.0));
        assert!(!table.total_stated);
    }

    #[test]
    fn key_value_list_with_total() {
        let t = "- Jan = 10\n- Feb = 20\n- Mar = 30\n- Total for period = 60";
        let found = find(&lines_of(t));
        let table = &found[0].table;
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.total, Some(60.0));
        assert!(table.total_stated);
        assert_eq!(table.computed_total, Some(60.0));
    }

    #[test]
    fn one_cell_per_line() {
        let t = "Specialty\nFCEs\nGeneral Medicine\n18,204\nGeneral Surgery\n11,637\nTotal\n29,841";
        let found = find(&lines_of(t));
        assert_eq!(found.len(), 1, "{found:?}");
        let table = &found[0].table;
        assert_eq!(table.columns, ["Specialty", "FCEs"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.total, Some(29841.0));
        let years = "Year |\nDismissed |\n2010 |\n0 |\n2011 |\n1 |";
        let table = &find(&lines_of(years))[0].table;
        assert_eq!(
            table.rows[0],
            [Cell::Text("2010".into()), Cell::Number(0.0)]
        );
        // Prose with a figure on its own line is no table.
        assert!(find(&lines_of("The figure for 2024 was\n12\nas in 2023.")).is_empty());
    }

    #[test]
    fn two_key_values_are_not_a_table() {
        assert!(find(&lines_of("– Number seen – 1326\n– Proportion seen – 42%")).is_empty());
        assert!(find(&lines_of("One line only")).is_empty());
    }

    #[test]
    fn cells() {
        assert_eq!(cell_number("£1,234"), Some(1234.0));
        assert_eq!(cell_number("12%"), Some(12.0));
        assert_eq!(cell_number("G23.1"), None);
        assert_eq!(cell_number("1,23"), None);
        assert_eq!(cell_number("<5"), None);
    }
}
