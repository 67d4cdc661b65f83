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
    let t = cell.trim().trim_end_matches('*').trim();
    let t = t.strip_prefix(['£', '$', '€']).unwrap_or(t).trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Thousands grouped by spaces ("14 082"): groups of three after the first.
    let spaced: Vec<&str> = t.split([' ', '\u{a0}', '\u{202f}', '\u{2009}']).collect();
    if spaced.len() > 1 {
        let grouped = (1..=3).contains(&spaced[0].len())
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
    let l = label.trim().to_lowercase();
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
        if let Some(found) = aligned_block(lines, i).or_else(|| key_value_block(lines, i)) {
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
        match cells(lines[j].1) {
            Some(c) if c.len() == width || (c.len() + 1 == width && width > 2) => rows.push((j, c)),
            _ => break,
        }
        j += 1;
    }
    if rows.len() < 2 {
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
