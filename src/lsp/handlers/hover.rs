//! Hover: how foil read what is under the cursor — a figure, an answer, a
//! question or an annotation.

use tower_lsp_server::ls_types::{Hover, HoverContents, Position};

use super::{target_at, Target};
use crate::engine::annotation::complete::describe;
use crate::engine::{exemptions, Analysis, Exchange, Status, Value};
use crate::lsp::client_flags::ClientFlags;
use crate::lsp::display;
use crate::lsp::snapshot::Snapshot;
use crate::lsp::to_proto;

/// Lines of a hover, written once and rendered as markdown or plain text.
#[derive(Default)]
struct Card {
    markdown: Vec<String>,
    plain: Vec<String>,
}

impl Card {
    fn title(&mut self, text: &str) {
        self.markdown.push(format!("**{}**", escape(text)));
        self.plain.push(text.to_string());
    }

    fn field(&mut self, name: &str, value: &str) {
        self.markdown.push(format!("- {name}: {}", escape(value)));
        self.plain.push(format!("{name}: {value}"));
    }

    fn code_field(&mut self, name: &str, value: &str) {
        self.markdown
            .push(format!("- {name}: `{}`", value.replace('`', "'")));
        self.plain.push(format!("{name}: {value}"));
    }

    fn text(&mut self, text: &str) {
        self.markdown.push(escape(text));
        self.plain.push(text.to_string());
    }

    fn markdown_only(&mut self, markdown: String, plain: String) {
        self.markdown.push(markdown);
        self.plain.push(plain);
    }

    fn gap(&mut self) {
        self.markdown.push(String::new());
        self.plain.push(String::new());
    }
}

/// Escapes characters markdown would read as formatting.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn hover(snap: &Snapshot, flags: &ClientFlags, position: Position) -> Option<Hover> {
    let analysis = snap.analysis()?;
    let offset = snap.offset(position);
    let (card, span) = match target_at(analysis, offset)? {
        Target::Annotation(annotation) => {
            let text = describe(annotation, analysis);
            let plain = text.replace("**", "").replace(['`', '*'], "");
            let mut card = Card::default();
            card.markdown_only(text, plain);
            (card, annotation.span)
        }
        Target::Value(i, j) => {
            let e = &analysis.exchanges[i];
            let v = &e.values[j];
            (value_card(snap, analysis, e, v), v.span)
        }
        Target::Answer(i) => {
            let e = &analysis.exchanges[i];
            (answer_card(analysis, e), e.answer.as_ref()?.span)
        }
        Target::Question(i) => {
            let e = &analysis.exchanges[i];
            (question_card(snap, e), e.question.as_ref()?.span)
        }
    };
    let markdown = card.markdown.join("\n");
    let plain = card.plain.join("\n");
    Some(Hover {
        contents: HoverContents::Markup(to_proto::markup(flags, markdown, plain)),
        range: Some(snap.range(span)),
    })
}

fn schema_field(snap: &Snapshot, e: &Exchange) -> Option<String> {
    let schema = snap.schema()?;
    let q = schema.questions.get(e.schema_question?)?;
    Some(format!(
        "{} (question {} of {})",
        q.key, q.number, schema.name
    ))
}

fn value_card(snap: &Snapshot, analysis: &Analysis, e: &Exchange, v: &Value) -> Card {
    let mut card = Card::default();
    card.title(&display::value(v));
    card.code_field("written", &v.text);
    card.field("kind", v.kind.as_str());
    if let Some(unit) = &v.unit {
        card.field("unit", unit);
    }
    if let Some(label) = &v.label {
        card.field("label", label);
    }
    let approximate = match (&v.ambiguity, v.approximate) {
        (Some(a), true) => format!("yes ({})", a.describe()),
        (_, true) => "yes".to_string(),
        (_, false) => "no".to_string(),
    };
    card.field("approximate", &approximate);
    if let Some(a) = v.ambiguity.as_ref().filter(|_| !v.approximate) {
        card.field("uncertain", a.describe());
    }
    if v.personal_data {
        card.field("personal data", "yes");
    }
    match schema_field(snap, e) {
        Some(field) => card.code_field("schema field", &field),
        None => card.code_field("key", &e.key),
    }
    // Compared with the same question's figures in the workspace's responses.
    for f in analysis
        .findings
        .iter()
        .filter(|f| crate::lsp::campaign::is_outlier(f) && f.span == v.span)
    {
        card.field("across the campaign", &f.message);
    }
    if !v.alternatives.is_empty() {
        let others: Vec<String> = v
            .alternatives
            .iter()
            .map(|r| format!("{} ({})", display::reading(r), r.description))
            .collect();
        card.field("other readings", &others.join("; "));
    }
    if let Some(a) = e.annotation.and_then(|i| analysis.annotations.get(i)) {
        card.field("annotation", &format!("foil {}", a.verb.as_str()));
    }
    card
}

fn answer_card(analysis: &Analysis, e: &Exchange) -> Card {
    let mut card = Card::default();
    card.title(&format!("{} — {}", display::heading(e), e.status.label()));
    if let Some(ex) = &e.exemption {
        card.text(&format!("Withheld under {}", exemptions::describe(ex)));
    }
    if let Some(target) = &e.refers_to {
        let label = analysis
            .exchange(target)
            .and_then(display::label)
            .map_or_else(|| target.clone(), |label| format!("{label} ({target})"));
        card.text(&format!("Refers to {label}"));
    }
    if e.status == Status::Answered || e.status == Status::Partial {
        if let Some(values) = display::values(e) {
            card.field("reading", &values);
        }
    }
    if let Some(a) = e.annotation.and_then(|i| analysis.annotations.get(i)) {
        card.field(
            "decided by",
            &format!("foil {} annotation", a.verb.as_str()),
        );
    }
    if !e.checks.is_empty() {
        card.gap();
        card.text("Checks:");
        for c in &e.checks {
            let mark = if c.passed { "✓ passed" } else { "✗ failed" };
            card.field(mark, &c.description);
        }
    }
    card
}

fn question_card(snap: &Snapshot, e: &Exchange) -> Card {
    let mut card = Card::default();
    let schema = snap.schema();
    let matched = schema.and_then(|s| Some((s, s.questions.get(e.schema_question?)?)));
    match matched {
        Some((schema, q)) => {
            card.title(&format!(
                "{} matches question {} of {}: {}",
                display::name(e),
                q.number,
                schema.name,
                q.key
            ));
            card.markdown_only(format!("> {}", escape(&q.text)), q.text.clone());
        }
        None => match schema {
            Some(schema) => card.title(&format!(
                "{} matches no question of {} (key {})",
                display::name(e),
                schema.name,
                e.key
            )),
            None => card.title(&format!("{} (no schema)", display::heading(e))),
        },
    }
    let expects: Vec<&str> = e.expects.iter().map(|k| k.as_str()).collect();
    card.field(
        "expects",
        &if expects.is_empty() {
            "prose".to_string()
        } else {
            expects.join(" or ")
        },
    );
    card.field("status", &display::status(e));
    card
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::handlers::fixture::{self, span, TEXT};
    use tower_lsp_server::ls_types::MarkupKind;

    fn hover_at(offset: usize, flags: &ClientFlags) -> Option<(String, MarkupKind)> {
        let snap = fixture::snapshot();
        let h = hover(&snap, flags, snap.position(offset))?;
        match h.contents {
            HoverContents::Markup(m) => Some((m.value, m.kind)),
            _ => None,
        }
    }

    #[test]
    fn figure_hover_shows_the_reading() {
        let at = span("84.5K", 0).start + 2;
        let (text, kind) = hover_at(at, &fixture::rich_client()).unwrap();
        assert_eq!(kind, MarkupKind::Markdown);
        insta::assert_snapshot!(text, @r"
        **84,500 episodes ≈**
        - written: `84.5K`
        - kind: count
        - unit: episodes
        - approximate: yes (the figure is approximate)
        - schema field: `episodes_coded (question 1 of nhs-clinical-coding-2024)`
        - other readings: 84.5 (84.5 without the K)
        ");
    }

    #[test]
    fn plain_text_for_clients_without_markdown() {
        let at = span("Standalone", 0).start;
        let (text, kind) = hover_at(at, &ClientFlags::default()).unwrap();
        assert_eq!(kind, MarkupKind::PlainText);
        assert!(
            text.starts_with("no\nwritten: Standalone\nkind: yes_no"),
            "{text}"
        );
        assert!(text.contains("schema field: automated_solution (question 9"));
    }

    #[test]
    fn answer_hover_names_the_exemption_and_checks() {
        let at = span("personal details", 0).start;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(
            text.contains("Q3 · responsible\\_contact — exempt"),
            "{text}"
        );
        assert!(text.contains("Withheld under section 40 — personal information"));
        let at = span("84.5K episodes", 0).start + 9;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(text.contains("- ✓ passed: coded + uncoded agree with the total"));
        assert!(text.contains("- ✗ failed: the figure is exact"));
        let at = span("Please see response", 0).start;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(text.contains("Refers to Q1 (episodes\\_coded)"), "{text}");
    }

    #[test]
    fn question_hover_shows_the_schema_question() {
        let at = span("coded in 2024", 0).start;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(
            text.starts_with(
                "**Q1 matches question 1 of nhs-clinical-coding-2024: episodes\\_coded**"
            ),
            "{text}"
        );
        assert!(text.contains("- expects: count"));
        let at = span("colour", 0).start;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(
            text.contains("matches no question of nhs-clinical-coding-2024"),
            "{text}"
        );
    }

    #[test]
    fn annotation_hover_describes_it_and_nothing_elsewhere() {
        let at = span("<!-- foil", 0).start + 5;
        let (text, _) = hover_at(at, &fixture::rich_client()).unwrap();
        assert!(text.contains("**foil verify**"), "{text}");
        let (plain, _) = hover_at(at, &ClientFlags::default()).unwrap();
        assert!(plain.starts_with("foil verify confirms"), "{plain}");
        let blank = TEXT.find("\r\n\r\n").unwrap() + 2;
        assert_eq!(hover_at(blank, &fixture::rich_client()), None);
    }
}
