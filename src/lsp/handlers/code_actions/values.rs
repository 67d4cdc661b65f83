//! Value actions: "Not a figure: 2024" and "Not an item: …" (a `set` that
//! keeps the other values), "Add figure 158" for a figure of the answer foil
//! did not read (and "Add figures …" for all of them), "Read as yes" / "Read
//! as no" for a yes/no question, and "Correct the values…", a `set` of the
//! current reading to edit (a snippet with the value selected, where the
//! client takes snippet edits).

use tower_lsp_server::ls_types::CodeActionKind;

use super::Builder;
use crate::engine::annotation::suggest::{self, Unread};
use crate::engine::annotation::{edit, render, Literal};
use crate::engine::{Span, ValueKind};
use crate::lsp::display;

/// How many "Not a figure" / "Add figure" actions one request offers for
/// the lines it covers: enough for a figure's line, not a table's every cell.
const PER_KIND: usize = 6;

/// "Not a figure" and "Not an item" for the values on the lines asked about,
/// "Add figure …" for the figures there that foil did not read.
pub(super) fn figures(b: &mut Builder, index: usize, lines: Span) {
    let e = &b.analysis.exchanges[index];
    let touching = |span: Span| span.start < lines.end && lines.start < span.end;
    let mut offered = 0;
    for (j, v) in e.values.iter().enumerate() {
        if offered >= PER_KIND || !touching(v.span) {
            continue;
        }
        match v.kind {
            ValueKind::List => {
                for (k, item) in v.items.iter().enumerate().take(PER_KIND) {
                    let draft = edit::drop_item_draft(b.analysis, index, j, k);
                    let title = format!("Not an item: {}", display::truncate(item, 40));
                    b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
                }
            }
            ValueKind::Text | ValueKind::Contact => continue,
            _ => {
                let draft = edit::drop_value_draft(b.analysis, index, j);
                let what = display::truncate(&display::value(v), 40);
                let left = e.values.len() - 1;
                let title = match left {
                    0 => format!("Not a figure: {what} (the answer gives none)"),
                    _ => format!("Not a figure: {what} (keeps the other {left})"),
                };
                b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
            }
        }
        offered += 1;
    }
    let unread = suggest::unread_figures(&b.snap.text, b.analysis, index);
    let here: Vec<&Unread> = unread.iter().filter(|u| touching(u.span)).collect();
    for u in here.iter().take(PER_KIND) {
        let draft = edit::add_values_draft(b.analysis, index, std::slice::from_ref(&u.literal))
            .map(|mut a| {
                if u.money {
                    a.unit = Some("GBP".into());
                }
                a
            });
        let title = format!("Add figure {}", figure(u));
        b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
    }
    // Figures of one kind written in turn ("23 hours", "14.5 hours", "16
    // hours"): all of them in one action.
    let unit_of = |u: &Unread| {
        let after = b.snap.text.get(u.span.end..).unwrap_or("");
        let word: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        (word.len() >= 3).then_some(word)
    };
    let mut units: Vec<String> = unread.iter().filter_map(unit_of).collect();
    units.sort();
    units.dedup();
    for unit in units.iter().take(3) {
        let same: Vec<&Unread> = unread
            .iter()
            .filter(|u| unit_of(u).as_ref() == Some(unit))
            .collect();
        if same.len() < 2 || same.len() == unread.len() {
            continue;
        }
        let literals: Vec<Literal> = same.iter().map(|u| u.literal.clone()).collect();
        let shown: Vec<String> = same.iter().map(|u| figure(u)).collect();
        let draft = edit::add_values_draft(b.analysis, index, &literals);
        let title = format!(
            "Add the {} figures in {unit}: {}",
            same.len(),
            display::truncate(&shown.join(", "), 60)
        );
        b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
    }
    if unread.len() >= 2 {
        let literals: Vec<Literal> = unread.iter().map(|u| u.literal.clone()).collect();
        let shown: Vec<String> = unread.iter().map(figure).collect();
        let draft = edit::add_values_draft(b.analysis, index, &literals).map(|mut a| {
            if unread.iter().all(|u| u.money) {
                a.unit = Some("GBP".into());
            }
            a
        });
        let title = format!(
            "Add the {} figures foil did not read: {}",
            unread.len(),
            display::truncate(&shown.join(", "), 60)
        );
        b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
    }
}

/// A figure as the person wrote it, for a title.
fn figure(u: &Unread) -> String {
    let n = match &u.literal {
        Literal::Number { value, .. } => display::number(*value),
        Literal::Percent(p) => format!("{}%", display::number(*p)),
        other => other.render(),
    };
    if u.money {
        format!("£{n}")
    } else {
        n
    }
}

/// "Read as yes" / "Read as no", "Read as a list: …", "Read … as one
/// figure", then "Correct the values…".
pub(super) fn corrections(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    let text = &b.snap.text;
    // A list question read with no list, or one item where the answer names several.
    let listed = e
        .values
        .iter()
        .filter(|v| v.kind == ValueKind::List)
        .map(|v| v.items.len())
        .sum::<usize>();
    if e.expects.contains(&ValueKind::List) && listed <= 1 {
        let items = e
            .answer
            .as_ref()
            .map(|a| suggest::list_items(a.text.as_str()))
            .unwrap_or_default();
        if !items.is_empty() {
            let draft = edit::list_draft(b.analysis, index, &items);
            let title = format!(
                "Read as a list: {}",
                display::truncate(&items.join("; "), 80)
            );
            b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
        }
    }
    let grouped = suggest::space_grouped(text, e);
    if !grouped.is_empty() {
        let joined: Vec<String> = grouped.iter().map(|g| display::number(g.2)).collect();
        let draft = edit::join_draft(b.analysis, index, &grouped);
        let title = format!(
            "Read figures grouped by spaces as one: {}",
            display::truncate(&joined.join(" · "), 60)
        );
        b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
    }
    if suggest::asks_yes_no(e) {
        let read = e
            .values
            .iter()
            .find(|v| v.kind == ValueKind::YesNo)
            .and_then(|v| v.value.as_bool());
        for answer in [true, false] {
            if read == Some(answer) {
                continue;
            }
            let draft = edit::yes_no_draft(b.analysis, index, answer);
            let title = format!("Read as {}", if answer { "yes" } else { "no" });
            b.add(title, CodeActionKind::QUICKFIX, index, draft, Vec::new());
        }
    }
    let Some(draft) = edit::correct_values_draft(b.analysis, index) else {
        return;
    };
    let kind = CodeActionKind::REFACTOR_REWRITE;
    if !b.wanted(&kind) {
        return;
    }
    let placed = edit::place(&b.snap.text, b.analysis, index, &draft);
    let snippet = snippet_of(&placed.new_text, &render(&draft));
    let rendered = render(&draft);
    // What follows `<!-- foil set q=KEY `: the values and status it states.
    let tokens = rendered
        .trim_end_matches(" -->")
        .splitn(5, ' ')
        .nth(4)
        .unwrap_or("");
    let title = format!("Correct the values… ({})", display::truncate(tokens, 60));
    b.push_edit(title, kind, vec![placed], Vec::new(), snippet);
}

/// The placed text as a snippet: the first `value=`'s value (or the last
/// token's) selected as the placeholder, `$`, `}` and `\` escaped elsewhere.
fn snippet_of(placed: &str, rendered: &str) -> Option<String> {
    let at = placed.find(rendered)?;
    let value = rendered
        .find(" value=")
        .map(|i| i + " value=".len())
        .or_else(|| rendered.rfind('=').map(|i| i + 1))?;
    let end = rendered[value..]
        .find(' ')
        .map_or(rendered.len(), |i| value + i);
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('$', "\\$")
            .replace('}', "\\}")
    };
    let (before, selected, after) = (
        &placed[..at + value],
        &placed[at + value..at + end],
        &placed[at + end..],
    );
    Some(format!(
        "{}${{1:{}}}{}",
        escape(before),
        escape(selected),
        escape(after)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_select_the_first_value() {
        let rendered = "<!-- foil set q=x value=6793 value=12 -->";
        let placed = format!("{rendered}\n");
        assert_eq!(
            snippet_of(&placed, rendered).unwrap(),
            "<!-- foil set q=x value=${1:6793} value=12 -->\n"
        );
        let money = r#"<!-- foil set q=x value=none note="$5 {a}" -->"#;
        assert_eq!(
            snippet_of(money, money).unwrap(),
            r#"<!-- foil set q=x value=${1:none} note="\$5 {a\}" -->"#
        );
    }
}
