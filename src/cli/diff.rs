//! Unified diffs of annotation edits, for `foil annotate` without `--write`,
//! by `similar` (three lines of context, as `diff -u` and git print them).

use similar::TextDiff;

use crate::engine::annotation::edit::{apply_edits, TextEdit};

/// The unified diff that applying `edits` to `old` makes, labelled with `path`;
/// empty when nothing changes. Edits must lie inside `old` on character
/// boundaries and not overlap (see [`edits_are_valid`]).
pub fn unified_diff(path: &str, old: &str, edits: &[TextEdit]) -> String {
    let new = apply_edits(old, edits);
    if new == old {
        return String::new();
    }
    TextDiff::from_lines(old, &new)
        .unified_diff()
        .header(path, path)
        .to_string()
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
            "--- c.txt\n+++ c.txt\n@@ -1 +1,2 @@\n-Q1 Yes\n\\ No newline at end of file\n+Q1 Yes\n+<!-- foil verify q=q1 value=yes -->\n\\ No newline at end of file\n"
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
        assert_eq!(empty, "--- e.txt\n+++ e.txt\n@@ -0,0 +1 @@\n+x\n");
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
