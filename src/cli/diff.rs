//! Unified diffs of annotation edits, for `foil annotate` without `--write`.
//!
//! The edits only insert or replace whole annotation lines, so instead of a
//! general diff algorithm each edit is widened to the whole lines it touches and
//! those lines become a change, shown with three lines of context.

use crate::engine::annotation::edit::TextEdit;

const CONTEXT: usize = 3;

/// Old lines `old_start..old_start + old.len()` (0-based) become `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change<'a> {
    old_start: usize,
    old: Vec<&'a str>,
    new: Vec<String>,
}

/// The unified diff that applying `edits` to `old` makes, labelled with `path`;
/// empty when nothing changes. Edits must lie inside `old` on character
/// boundaries and not overlap (see [`edits_are_valid`]).
pub fn unified_diff(path: &str, old: &str, edits: &[TextEdit]) -> String {
    let lines = split_lines(old);
    let starts = line_starts(&lines);
    let changes = changes(old, &lines, &starts, edits);
    if changes.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {path}\n+++ {path}\n");
    let mut delta: isize = 0;
    let mut i = 0;
    while i < changes.len() {
        // A hunk takes every following change whose context touches its own.
        let mut j = i + 1;
        while j < changes.len() {
            let prev_end = changes[j - 1].old_start + changes[j - 1].old.len();
            if changes[j].old_start > prev_end + 2 * CONTEXT {
                break;
            }
            j += 1;
        }
        let group = &changes[i..j];
        let first = group[0].old_start.saturating_sub(CONTEXT);
        let last = &group[group.len() - 1];
        let end = (last.old_start + last.old.len() + CONTEXT).min(lines.len());
        let mut body = String::new();
        let (mut old_count, mut new_count) = (0, 0);
        let mut at = first;
        for change in group {
            for line in &lines[at..change.old_start] {
                push_line(&mut body, ' ', line);
            }
            old_count += change.old_start - at;
            new_count += change.old_start - at;
            for line in &change.old {
                push_line(&mut body, '-', line);
            }
            for line in &change.new {
                push_line(&mut body, '+', line);
            }
            old_count += change.old.len();
            new_count += change.new.len();
            at = change.old_start + change.old.len();
        }
        for line in &lines[at..end] {
            push_line(&mut body, ' ', line);
        }
        old_count += end - at;
        new_count += end - at;
        let new_first = first.saturating_add_signed(delta);
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(first, old_count),
            range(new_first, new_count)
        ));
        out.push_str(&body);
        delta += group
            .iter()
            .map(|c| c.new.len() as isize - c.old.len() as isize)
            .sum::<isize>();
        i = j;
    }
    out
}

/// Whether `edits` can be applied to `text`: inside it, on character
/// boundaries, and not overlapping.
pub fn edits_are_valid(text: &str, edits: &[TextEdit]) -> bool {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut at = 0;
    for e in sorted {
        let (start, end) = (e.span.start, e.span.end);
        if start < at || start > end || end > text.len() {
            return false;
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return false;
        }
        at = end;
    }
    true
}

/// `start,count` as unified diffs print it: 1-based, and for an empty range the
/// line before it.
fn range(start: usize, count: usize) -> String {
    if count == 0 {
        format!("{start},0")
    } else {
        format!("{},{count}", start + 1)
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

/// Lines with their terminators (`\n`, which also ends `\r\n`).
fn split_lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn line_starts(lines: &[&str]) -> Vec<usize> {
    let mut at = 0;
    lines
        .iter()
        .map(|l| {
            let start = at;
            at += l.len();
            start
        })
        .collect()
}

/// The edits as whole-line changes, merged where they share lines.
fn changes<'a>(
    old: &'a str,
    lines: &[&'a str],
    starts: &[usize],
    edits: &[TextEdit],
) -> Vec<Change<'a>> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let line_of = |offset: usize| match starts.binary_search(&offset) {
        Ok(i) => i,
        Err(next) => next.saturating_sub(1),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let first_line = line_of(sorted[i].span.start);
        let from = starts.get(first_line).copied().unwrap_or(old.len());
        // Take edits while they start inside the lines this change covers.
        let mut j = i + 1;
        let (mut to, mut new_text) = widen(old, starts, from, &sorted[i..j]);
        while j < sorted.len() && sorted[j].span.start < to {
            j += 1;
            (to, new_text) = widen(old, starts, from, &sorted[i..j]);
        }
        i = j;
        let end_line = if to >= old.len() {
            lines.len()
        } else {
            line_of(to)
        };
        let mut change = Change {
            old_start: first_line,
            old: lines[first_line..end_line].to_vec(),
            new: split_lines(&new_text)
                .into_iter()
                .map(str::to_string)
                .collect(),
        };
        trim_common(&mut change);
        if !change.old.is_empty() || !change.new.is_empty() {
            out.push(change);
        }
    }
    out
}

/// The old byte range `from..to` covering `edits` in whole lines, and its new text.
fn widen(old: &str, starts: &[usize], from: usize, edits: &[&TextEdit]) -> (usize, String) {
    let mut new_text = String::new();
    let mut at = from;
    for e in edits {
        new_text.push_str(old.get(at..e.span.start).unwrap_or(""));
        new_text.push_str(&e.new_text);
        at = e.span.end;
    }
    let at_line_start = at == 0 || starts.binary_search(&at).is_ok();
    let ends_cleanly = new_text.is_empty() || new_text.ends_with('\n');
    let mut to = at;
    if at < old.len() && !(at_line_start && ends_cleanly) {
        // The edit runs into the middle of a line: the whole line changes.
        to = old[at..].find('\n').map_or(old.len(), |n| at + n + 1);
    }
    new_text.push_str(old.get(at..to).unwrap_or(""));
    (to, new_text)
}

/// Drops lines a change leaves as they were at either end.
fn trim_common(change: &mut Change) {
    while let (Some(a), Some(b)) = (change.old.first(), change.new.first()) {
        if *a != b.as_str() {
            break;
        }
        change.old.remove(0);
        change.new.remove(0);
        change.old_start += 1;
    }
    while let (Some(a), Some(b)) = (change.old.last(), change.new.last()) {
        if *a != b.as_str() {
            break;
        }
        change.old.pop();
        change.new.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Span;

    fn insert_after(text: &str, line_text: &str, new: &str) -> TextEdit {
        let at = text.find(line_text).unwrap() + line_text.len();
        TextEdit {
            span: Span::empty(at),
            new_text: new.to_string(),
        }
    }

    const LETTER: &str = "1. Coded?\nOUR RESPONSE: 6793.\n2. Uncoded?\nOUR RESPONSE: 0.\n3. Lost?\nNot held.\n4. Split?\nSee attached.\n5. Team?\nVia the team.\n6. Same?\nYes.\n7. WTE?\n1.8 WTE.\n8. Mix?\n1.0 substantive / 0.8 agency.\n";

    #[test]
    fn insertions_become_hunks_with_three_lines_of_context() {
        let edits = vec![
            insert_after(LETTER, "6793.\n", "<!-- foil verify q=q1 value=6793 -->\n"),
            insert_after(
                LETTER,
                "OUR RESPONSE: 0.\n",
                "<!-- foil verify q=q2 value=0 -->\n",
            ),
            insert_after(
                LETTER,
                "1.8 WTE.\n",
                "<!-- foil verify q=q7 value=1.8 -->\n",
            ),
        ];
        let got = unified_diff("a.txt", LETTER, &edits);
        let expected = "\
--- a.txt
+++ a.txt
@@ -1,7 +1,9 @@
 1. Coded?
 OUR RESPONSE: 6793.
+<!-- foil verify q=q1 value=6793 -->
 2. Uncoded?
 OUR RESPONSE: 0.
+<!-- foil verify q=q2 value=0 -->
 3. Lost?
 Not held.
 4. Split?
@@ -12,5 +14,6 @@
 Yes.
 7. WTE?
 1.8 WTE.
+<!-- foil verify q=q7 value=1.8 -->
 8. Mix?
 1.0 substantive / 0.8 agency.
";
        assert_eq!(got, expected);
    }

    #[test]
    fn replacing_a_line_shows_minus_and_plus() {
        let text = "Q1 Yes\n<!-- foil set q=a value=no -->\nQ2 No\n";
        let start = text.find("<!--").unwrap();
        let end = start + text[start..].find('\n').unwrap() + 1;
        let edits = [TextEdit {
            span: Span::new(start, end),
            new_text: "<!-- foil set q=a value=yes -->\n".into(),
        }];
        let got = unified_diff("b.md", text, &edits);
        assert_eq!(
            got,
            "--- b.md\n+++ b.md\n@@ -1,3 +1,3 @@\n Q1 Yes\n-<!-- foil set q=a value=no -->\n+<!-- foil set q=a value=yes -->\n Q2 No\n"
        );
    }

    #[test]
    fn a_last_line_without_newline_is_marked() {
        let text = "Q1 Yes";
        let edits = [TextEdit {
            span: Span::empty(text.len()),
            new_text: "\n<!-- foil verify q=q1 value=yes -->".into(),
        }];
        let got = unified_diff("c.txt", text, &edits);
        assert_eq!(
            got,
            "--- c.txt\n+++ c.txt\n@@ -1,1 +1,2 @@\n-Q1 Yes\n\\ No newline at end of file\n+Q1 Yes\n+<!-- foil verify q=q1 value=yes -->\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn crlf_lines_keep_their_endings_and_an_insertion_at_the_top_counts_from_zero() {
        let text = "a\r\nb\r\n";
        let edits = [TextEdit {
            span: Span::empty(0),
            new_text: "x\r\n".into(),
        }];
        let got = unified_diff("d.txt", text, &edits);
        assert_eq!(
            got,
            "--- d.txt\n+++ d.txt\n@@ -1,2 +1,3 @@\n+x\r\n a\r\n b\r\n"
        );
        let empty = unified_diff(
            "e.txt",
            "",
            &[TextEdit {
                span: Span::empty(0),
                new_text: "x\n".into(),
            }],
        );
        assert_eq!(empty, "--- e.txt\n+++ e.txt\n@@ -0,0 +1,1 @@\n+x\n");
    }

    #[test]
    fn no_edits_no_diff_and_bad_edits_are_caught() {
        assert_eq!(unified_diff("a", "text\n", &[]), "");
        let bad = [TextEdit {
            span: Span::new(1, 2),
            new_text: String::new(),
        }];
        assert!(!edits_are_valid("£", &bad));
        assert!(!edits_are_valid(
            "ab",
            &[TextEdit {
                span: Span::new(1, 5),
                new_text: String::new()
            }]
        ));
        let overlapping = [
            TextEdit {
                span: Span::new(0, 2),
                new_text: String::new(),
            },
            TextEdit {
                span: Span::new(1, 3),
                new_text: String::new(),
            },
        ];
        assert!(!edits_are_valid("abcd", &overlapping));
        assert!(edits_are_valid("abcd", &overlapping[..1]));
    }
}
