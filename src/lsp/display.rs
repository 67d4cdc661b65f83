//! Words and figures for people: how a reading is shown in hovers, hints, lenses
//! and action titles ("84,500 ≈", "£60,000–£80,000", "1.8 WTE").

use crate::engine::{Exchange, Reading, Scalar, Status, Value, ValueKind};

/// `84500` → `84,500`; `1234.5` → `1,234.5`; `0.1` → `0.1`.
pub fn number(n: f64) -> String {
    let plain = plain_number(n);
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The shortest exact form without grouping: `84500`, `0.1` (what annotations
/// and comparisons with the source text use).
pub fn plain_number(n: f64) -> String {
    if n == 0.0 {
        "0".to_string() // also for -0
    } else {
        format!("{n}")
    }
}

/// The parts of a reading that decide how it is written.
struct Parts<'a> {
    kind: ValueKind,
    value: &'a Scalar,
    min: Option<f64>,
    max: Option<f64>,
    approximate: bool,
    unit: Option<&'a str>,
    currency: Option<&'a str>,
}

fn money(n: f64, currency: Option<&str>) -> String {
    match currency {
        Some("GBP") | None => format!("£{}", number(n)),
        Some(other) => format!("{} {other}", number(n)),
    }
}

fn render(p: &Parts) -> String {
    let fig = |n: f64| match p.kind {
        ValueKind::Money => money(n, p.currency),
        _ => number(n),
    };
    let mut out = match (p.value.as_number(), p.min, p.max) {
        (_, Some(lo), Some(hi)) => format!("{}–{}", fig(lo), fig(hi)),
        (Some(n), _, _) => fig(n),
        (None, _, _) => match p.value {
            Scalar::Bool(true) => "yes".to_string(),
            Scalar::Bool(false) => "no".to_string(),
            Scalar::Text(t) => t.clone(),
            _ => String::new(),
        },
    };
    match p.kind {
        ValueKind::Percent if !out.is_empty() => out.push('%'),
        ValueKind::Wte if !out.is_empty() => out.push_str(" WTE"),
        _ => {
            if let Some(unit) = p.unit.filter(|u| !u.is_empty() && *u != "GBP") {
                if !out.is_empty() {
                    out.push(' ');
                    out.push_str(unit);
                }
            }
        }
    }
    if p.approximate {
        out.push_str(" ≈");
    }
    out
}

/// The normalised form of a value: `84,500 ≈`, `inpatient: 244,608`,
/// `£60,000–£80,000`, `yes`, `Medicode, iPM`, `3 rows, total 1,234`.
pub fn value(v: &Value) -> String {
    let body = match v.kind {
        ValueKind::List => {
            if v.items.is_empty() {
                "none".to_string()
            } else {
                v.items.join(", ")
            }
        }
        ValueKind::Table => match v.table.as_deref() {
            Some(t) => {
                let rows = format!("{} row{}", t.rows.len(), plural(t.rows.len()));
                match t.total {
                    Some(total) => format!("{rows}, total {}", number(total)),
                    None => rows,
                }
            }
            None => "table".to_string(),
        },
        ValueKind::Contact => {
            if v.personal_data {
                "contact (personal data)".to_string()
            } else {
                "contact".to_string()
            }
        }
        ValueKind::Text => truncate(&v.text, 60),
        _ => render(&Parts {
            kind: v.kind,
            value: &v.value,
            min: v.min,
            max: v.max,
            approximate: v.approximate,
            unit: v.unit.as_deref(),
            currency: v.currency,
        }),
    };
    match &v.label {
        Some(label) if !label.is_empty() => format!("{label}: {body}"),
        _ => body,
    }
}

/// The normalised form of an alternative reading.
pub fn reading(r: &Reading) -> String {
    render(&Parts {
        kind: r.kind,
        value: &r.value,
        min: r.min,
        max: r.max,
        approximate: r.approximate,
        unit: r.unit.as_deref(),
        currency: (r.kind == ValueKind::Money).then_some("GBP"),
    })
}

/// Whether showing the normalised form tells the reader something the text does
/// not: an approximation, a number word, a multiplier (`84.5K`), a yes/no or an
/// option read from other words.
pub fn reads_differently(v: &Value) -> bool {
    if v.approximate {
        return true;
    }
    let source: String = v
        .text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}'))
        .collect::<String>()
        .to_lowercase();
    match v.kind {
        k if k.is_numeric() => {
            let figures: Vec<f64> = match (v.number(), v.min, v.max) {
                (_, Some(lo), Some(hi)) => vec![lo, hi],
                (Some(n), _, _) => vec![n],
                _ => return false,
            };
            !figures
                .iter()
                .all(|n| contains_figure(&source, &plain_number(*n)))
        }
        ValueKind::YesNo => {
            let word = source.trim_end_matches(['.', '!', ';', ':']);
            match v.value {
                Scalar::Bool(true) => word != "yes",
                Scalar::Bool(false) => word != "no",
                _ => false,
            }
        }
        ValueKind::Enum => match v.value.as_text() {
            Some(option) => source.trim_end_matches('.') != option.to_lowercase(),
            None => false,
        },
        _ => false,
    }
}

/// Whether `figure` occurs in `source` as a whole number (not inside a longer one).
fn contains_figure(source: &str, figure: &str) -> bool {
    let bytes = source.as_bytes();
    let is_num = |b: u8| b.is_ascii_digit() || b == b'.';
    source.match_indices(figure).any(|(at, m)| {
        let end = at + m.len();
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(end).copied();
        let decimal_follows =
            after == Some(b'.') && bytes.get(end + 1).is_some_and(|b| b.is_ascii_digit());
        let joined_after = after.is_some_and(|b| b.is_ascii_digit() || b == b'k' || b == b'm');
        !(before.is_some_and(is_num) || joined_after || decimal_follows)
    })
}

/// How an exchange's status reads: `not held`, `exempt (s40)`, `referred → q1`.
pub fn status(e: &Exchange) -> String {
    match (e.status, &e.exemption, &e.refers_to) {
        (Status::Exempt | Status::Partial, Some(ex), _) => {
            format!("{} ({ex})", e.status.label())
        }
        (Status::Referred, _, Some(target)) => format!("referred → {target}"),
        (st, _, _) => st.label().to_string(),
    }
}

/// The exchange's printed number as a label (`Q1`, `Q4a`), when it has one.
pub fn label(e: &Exchange) -> Option<String> {
    match e.number.as_deref().map(str::trim) {
        Some(n) if n.chars().next().is_some_and(|c| c.is_ascii_digit()) => Some(format!("Q{n}")),
        Some(n) if !n.is_empty() => Some(n.to_string()),
        _ => None,
    }
}

/// How to name an exchange in one word: its label, else its key.
pub fn name(e: &Exchange) -> String {
    label(e).unwrap_or_else(|| e.key.clone())
}

/// `Q1 · episodes_coded`, or the key alone for an unnumbered question.
pub fn heading(e: &Exchange) -> String {
    match label(e) {
        Some(label) => format!("{label} · {}", e.key),
        None => e.key.clone(),
    }
}

/// The values of an exchange, normalised and joined: `inpatient: 244,608 · outpatient: 860,437`.
pub fn values(e: &Exchange) -> Option<String> {
    if e.values.is_empty() {
        return None;
    }
    Some(e.values.iter().map(value).collect::<Vec<_>>().join(" · "))
}

/// `s40` → `section 40`, `r12` → `regulation 12`.
pub fn exemption_section(code: &str) -> String {
    match (code.get(..1), code.get(1..)) {
        (Some("s"), Some(n)) => format!("section {n}"),
        (Some("r"), Some(n)) => format!("regulation {n}"),
        _ => code.to_string(),
    }
}

/// The legislation page of an exemption (FOI Act 2000, its Scottish
/// counterpart, or the Environmental Information Regulations 2004).
pub fn exemption_url(code: &str, scottish: bool) -> Option<String> {
    let n: u32 = code.get(1..)?.parse().ok()?;
    match code.get(..1)? {
        "s" if scottish => Some(format!(
            "https://www.legislation.gov.uk/asp/2002/13/section/{n}"
        )),
        "s" => Some(format!(
            "https://www.legislation.gov.uk/ukpga/2000/36/section/{n}"
        )),
        "r" => Some(format!(
            "https://www.legislation.gov.uk/uksi/2004/3391/regulation/{n}"
        )),
        _ => None,
    }
}

/// At most `max` characters of `s` on one line, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let one_line = crate::engine::text::fold_whitespace(s);
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Span, Table};

    fn v(kind: ValueKind, text: &str, n: Option<f64>) -> Value {
        let mut v = Value::new(kind, Span::new(0, text.len()), text);
        if let Some(n) = n {
            v.value = Scalar::Number(n);
        }
        v
    }

    #[test]
    fn numbers_are_grouped_and_exact() {
        assert_eq!(number(84500.0), "84,500");
        assert_eq!(number(1234567.25), "1,234,567.25");
        assert_eq!(number(-1000.0), "-1,000");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(999.0), "999");
        assert_eq!(plain_number(-0.0), "0");
    }

    #[test]
    fn values_read_as_spec_shows_them() {
        let mut approx = v(ValueKind::Count, "84.5K", Some(84500.0));
        approx.approximate = true;
        assert_eq!(value(&approx), "84,500 ≈");
        let mut range = v(ValueKind::Money, "£60k to £80k", None);
        (range.min, range.max, range.currency) = (Some(60000.0), Some(80000.0), Some("GBP"));
        assert_eq!(value(&range), "£60,000–£80,000");
        let mut ip = v(ValueKind::Count, "244,608", Some(244608.0));
        ip.label = Some("inpatient".into());
        assert_eq!(value(&ip), "inpatient: 244,608");
        assert_eq!(value(&v(ValueKind::Percent, "0.1%", Some(0.1))), "0.1%");
        assert_eq!(value(&v(ValueKind::Wte, "1.8 WTE", Some(1.8))), "1.8 WTE");
        let mut yes = v(ValueKind::YesNo, "Standalone", None);
        yes.value = Scalar::Bool(false);
        assert_eq!(value(&yes), "no");
        let mut list = v(ValueKind::List, "None.", None);
        assert_eq!(value(&list), "none");
        list.items = vec!["Medicode".into(), "iPM".into()];
        assert_eq!(value(&list), "Medicode, iPM");
        let mut table = v(ValueKind::Table, "…", None);
        table.table = Some(Box::new(Table {
            rows: vec![vec![], vec![]],
            total: Some(1234.0),
            ..Table::default()
        }));
        assert_eq!(value(&table), "2 rows, total 1,234");
        let mut episodes = v(ValueKind::Count, "6793 episodes", Some(6793.0));
        episodes.unit = Some("episodes".into());
        assert_eq!(value(&episodes), "6,793 episodes");
    }

    #[test]
    fn only_readings_that_differ_from_the_text_are_flagged() {
        assert!(!reads_differently(&v(
            ValueKind::Count,
            "244,608",
            Some(244608.0)
        )));
        assert!(!reads_differently(&v(
            ValueKind::Count,
            "6793",
            Some(6793.0)
        )));
        assert!(!reads_differently(&v(
            ValueKind::Percent,
            "0.1%",
            Some(0.1)
        )));
        assert!(!reads_differently(&v(ValueKind::Wte, "1.8 WTE", Some(1.8))));
        assert!(reads_differently(&v(ValueKind::Count, "Eight", Some(8.0))));
        assert!(reads_differently(&v(
            ValueKind::Count,
            "84.5K",
            Some(84500.0)
        )));
        // 8 inside 84.5 is not the figure 8
        assert!(reads_differently(&v(ValueKind::Count, "84.5", Some(8.0))));
        let mut range = v(ValueKind::Range, "30-35 FCEs per day", None);
        (range.min, range.max) = (Some(30.0), Some(35.0));
        assert!(!reads_differently(&range));
        let mut money = v(ValueKind::Money, "£60k to £80k", None);
        (money.min, money.max) = (Some(60000.0), Some(80000.0));
        assert!(reads_differently(&money));
        let mut yes = v(ValueKind::YesNo, "Yes.", None);
        yes.value = Scalar::Bool(true);
        assert!(!reads_differently(&yes));
        yes.text = "Standalone".into();
        assert!(reads_differently(&yes));
    }

    #[test]
    fn exemptions_are_named_and_linked() {
        assert_eq!(exemption_section("s40"), "section 40");
        assert_eq!(exemption_section("r12"), "regulation 12");
        assert_eq!(
            exemption_url("s43", false).as_deref(),
            Some("https://www.legislation.gov.uk/ukpga/2000/36/section/43")
        );
        assert!(exemption_url("s38", true)
            .unwrap()
            .contains("/asp/2002/13/"));
        assert_eq!(exemption_url("x", false), None);
        assert_eq!(truncate("a  b\nc", 10), "a b c");
        assert_eq!(truncate("abcdefghijkl", 5), "abcd…");
    }
}
