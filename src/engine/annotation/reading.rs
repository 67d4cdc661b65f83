//! Between the engine's values and annotation literals: what a `verify` states
//! about a reading, and the values a `set` produces.

use crate::engine::model::{Exchange, Reading, Scalar, Span, Value, ValueKind};

use super::literal::is_word;
use super::Literal;

/// foil's reading of an exchange as literals: what a `verify` confirms.
///
/// Prose and contact values have none (a verify quotes prose instead, and
/// personal data is never copied into an annotation); a table states its total.
pub fn reading_literals(exchange: &Exchange) -> Vec<Literal> {
    exchange.values.iter().flat_map(value_literals).collect()
}

/// The literals stating one value.
pub fn value_literals(v: &Value) -> Vec<Literal> {
    match v.kind {
        ValueKind::Text | ValueKind::Contact => Vec::new(),
        ValueKind::Table => v
            .table
            .as_ref()
            .and_then(|t| t.total)
            .map(|total| Literal::Number {
                value: super::literal::tidy(total),
                approximate: false,
            })
            .into_iter()
            .collect(),
        ValueKind::List => v.items.iter().map(|i| Literal::Text(i.clone())).collect(),
        ValueKind::YesNo => v.value.as_bool().map(Literal::Bool).into_iter().collect(),
        ValueKind::Enum => v
            .value
            .as_text()
            .map(|s| {
                if is_word(s) {
                    Literal::Word(s.to_string())
                } else {
                    Literal::Text(s.to_string())
                }
            })
            .into_iter()
            .collect(),
        _ => figure_literal(
            v.kind,
            v.value.as_number(),
            v.min.zip(v.max),
            v.approximate,
            v.label.as_deref(),
        )
        .into_iter()
        .collect(),
    }
}

/// The literal for alternative reading `r` of value `v` (keeping `v`'s label).
pub fn alternative_literal(v: &Value, r: &Reading) -> Option<Literal> {
    match r.kind {
        ValueKind::YesNo => r.value.as_bool().map(Literal::Bool),
        ValueKind::Enum => r.value.as_text().map(|s| Literal::Word(s.to_string())),
        ValueKind::Text | ValueKind::List => r.value.as_text().map(|s| Literal::Text(s.into())),
        kind => figure_literal(
            kind,
            r.value.as_number(),
            r.min.zip(r.max),
            r.approximate,
            v.label.as_deref(),
        ),
    }
}

fn figure_literal(
    kind: ValueKind,
    number: Option<f64>,
    range: Option<(f64, f64)>,
    approximate: bool,
    label: Option<&str>,
) -> Option<Literal> {
    if let Some((min, max)) = range {
        return Some(Literal::Range { min, max });
    }
    let value = number?;
    Some(match label {
        Some(label) if is_word(label) => Literal::Labelled {
            label: label.to_string(),
            value,
            approximate,
        },
        _ if kind == ValueKind::Percent => Literal::Percent(value),
        _ => Literal::Number { value, approximate },
    })
}

/// One `value=` of a `set`: the literal, where it was written and how.
#[derive(Debug, Clone)]
pub struct Written<'a> {
    pub literal: &'a Literal,
    pub span: Span,
    pub raw: &'a str,
}

/// The values a `set` gives an exchange that `expects` these kinds; `unit` is
/// the annotation's `unit=` (`GBP` makes figures money, `%` percents, `WTE` wte).
pub fn literals_to_values(
    written: &[Written],
    expects: &[ValueKind],
    unit: Option<&str>,
) -> Vec<Value> {
    let wants_list = expects.contains(&ValueKind::List);
    let mut out: Vec<Value> = Vec::new();
    let mut list: Option<usize> = None;
    for w in written {
        let words = match w.literal {
            Literal::Text(s) | Literal::Word(s) => Some(s),
            _ => None,
        };
        if let (true, Some(item)) = (wants_list, words) {
            // Every quoted value (and bare word) of a list question is one item of one list.
            match list {
                Some(at) => {
                    let v = &mut out[at];
                    v.items.push(item.clone());
                    v.span = v.span.cover(w.span);
                    v.text = format!("{}, {}", v.text, w.raw);
                }
                None => {
                    let mut v = Value::new(ValueKind::List, w.span, w.raw);
                    v.items.push(item.clone());
                    list = Some(out.len());
                    out.push(v);
                }
            }
            continue;
        }
        out.push(literal_to_value(w, expects, unit));
    }
    out
}

fn literal_to_value(w: &Written, expects: &[ValueKind], unit: Option<&str>) -> Value {
    let figure_kind = figure_kind(expects, unit);
    let mut v = match w.literal {
        Literal::Number { value, approximate } => {
            let mut v = Value::new(figure_kind, w.span, w.raw);
            v.value = Scalar::Number(*value);
            v.approximate = *approximate;
            v
        }
        Literal::Labelled {
            label,
            value,
            approximate,
        } => {
            let mut v = Value::new(figure_kind, w.span, w.raw);
            v.value = Scalar::Number(*value);
            v.approximate = *approximate;
            v.label = Some(label.clone());
            v
        }
        Literal::Percent(n) => {
            let mut v = Value::new(ValueKind::Percent, w.span, w.raw);
            v.value = Scalar::Number(*n);
            v
        }
        Literal::Range { min, max } => {
            let kind = if figure_kind == ValueKind::Money {
                ValueKind::Money
            } else {
                ValueKind::Range
            };
            let mut v = Value::new(kind, w.span, w.raw);
            v.min = Some(*min);
            v.max = Some(*max);
            v
        }
        Literal::Bool(b) => {
            let mut v = Value::new(ValueKind::YesNo, w.span, w.raw);
            v.value = Scalar::Bool(*b);
            v
        }
        Literal::Word(s) => {
            let kind = if expects.contains(&ValueKind::Enum) {
                ValueKind::Enum
            } else {
                ValueKind::Text
            };
            let mut v = Value::new(kind, w.span, w.raw);
            v.value = Scalar::Text(s.clone());
            v
        }
        Literal::Text(s) => {
            let mut v = Value::new(ValueKind::Text, w.span, w.raw);
            v.value = Scalar::Text(s.clone());
            v
        }
    };
    if v.kind == ValueKind::Money {
        v.currency = Some("GBP");
    }
    if v.kind.is_numeric() && !is_gbp(unit) {
        v.unit = unit.map(str::to_string);
    }
    v
}

/// The kind a bare figure takes: from `unit=`, else the first figure kind the
/// question expects, else a plain number.
fn figure_kind(expects: &[ValueKind], unit: Option<&str>) -> ValueKind {
    if is_gbp(unit) {
        return ValueKind::Money;
    }
    match unit.map(|u| u.to_ascii_lowercase()).as_deref() {
        Some("%") => return ValueKind::Percent,
        Some("wte") => return ValueKind::Wte,
        _ => {}
    }
    expects
        .iter()
        .copied()
        .find(|k| {
            matches!(
                k,
                ValueKind::Count
                    | ValueKind::Number
                    | ValueKind::Money
                    | ValueKind::Percent
                    | ValueKind::Wte
            )
        })
        .unwrap_or(ValueKind::Number)
}

fn is_gbp(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.eq_ignore_ascii_case("gbp") || u == "£")
}

/// Whether any value is money (a draft then writes `unit=GBP`).
pub fn has_money(values: &[Value]) -> bool {
    values
        .iter()
        .any(|v| v.kind == ValueKind::Money || v.currency.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::Table;

    fn number(kind: ValueKind, n: f64) -> Value {
        let mut v = Value::new(kind, Span::new(0, 1), "x");
        v.value = Scalar::Number(n);
        v
    }

    fn written(literals: &[Literal]) -> Vec<Written<'_>> {
        literals
            .iter()
            .enumerate()
            .map(|(i, literal)| Written {
                literal,
                span: Span::new(i * 10, i * 10 + 3),
                raw: "raw",
            })
            .collect()
    }

    #[test]
    fn values_to_literals() {
        let mut approx = number(ValueKind::Count, 84500.0);
        approx.approximate = true;
        assert_eq!(
            value_literals(&approx),
            [Literal::Number {
                value: 84500.0,
                approximate: true
            }]
        );
        let mut labelled = number(ValueKind::Wte, 0.8);
        labelled.label = Some("agency".into());
        assert!(
            matches!(&value_literals(&labelled)[..], [Literal::Labelled { label, .. }] if label == "agency")
        );
        assert_eq!(
            value_literals(&number(ValueKind::Percent, 0.1)),
            [Literal::Percent(0.1)]
        );
        let mut money = Value::new(ValueKind::Money, Span::new(0, 1), "x");
        (money.min, money.max) = (Some(60000.0), Some(80000.0));
        assert_eq!(
            value_literals(&money),
            [Literal::Range {
                min: 60000.0,
                max: 80000.0
            }]
        );
        let mut list = Value::new(ValueKind::List, Span::new(0, 1), "x");
        list.items = vec!["Medicode".into(), "iPM".into()];
        assert_eq!(value_literals(&list).len(), 2);
        let mut table = Value::new(ValueKind::Table, Span::new(0, 1), "x");
        table.table = Some(Box::new(Table {
            total: Some(12.0),
            ..Table::default()
        }));
        assert_eq!(
            value_literals(&table),
            [Literal::Number {
                value: 12.0,
                approximate: false
            }]
        );
        let mut contact = Value::new(ValueKind::Contact, Span::new(0, 1), "x");
        contact.value = Scalar::Text("Jo Bloggs".into());
        assert!(value_literals(&contact).is_empty());
    }

    #[test]
    fn figures_take_the_expected_kind() {
        let lits = [
            Literal::Number {
                value: 5.0,
                approximate: false,
            },
            Literal::Range { min: 1.0, max: 2.0 },
        ];
        let vs = literals_to_values(&written(&lits), &[ValueKind::Money], None);
        assert_eq!(vs[0].kind, ValueKind::Money);
        assert_eq!(vs[0].currency, Some("GBP"));
        assert_eq!(
            (vs[1].kind, vs[1].min, vs[1].max),
            (ValueKind::Money, Some(1.0), Some(2.0))
        );
        let vs = literals_to_values(&written(&lits), &[ValueKind::Wte], None);
        assert_eq!((vs[0].kind, vs[1].kind), (ValueKind::Wte, ValueKind::Range));
        let vs = literals_to_values(&written(&lits), &[ValueKind::Text], Some("GBP"));
        assert_eq!(vs[0].kind, ValueKind::Money);
        assert_eq!(vs[0].unit, None);
        let vs = literals_to_values(&written(&lits[..1]), &[], None);
        assert_eq!(vs[0].kind, ValueKind::Number);
        assert_eq!(vs[0].span, Span::new(0, 3));
        assert_eq!(vs[0].text, "raw");
    }

    #[test]
    fn words_lists_and_labels() {
        let lits = [
            Literal::Word("both".into()),
            Literal::Labelled {
                label: "inpatient".into(),
                value: 3.0,
                approximate: false,
            },
        ];
        let vs = literals_to_values(&written(&lits), &[ValueKind::Enum], None);
        assert_eq!(vs[0].kind, ValueKind::Enum);
        assert_eq!(vs[0].value, Scalar::Text("both".into()));
        assert_eq!(
            (vs[1].kind, vs[1].label.as_deref()),
            (ValueKind::Number, Some("inpatient"))
        );
        let vs = literals_to_values(&written(&lits[..1]), &[ValueKind::Count], None);
        assert_eq!(vs[0].kind, ValueKind::Text);

        let items = [
            Literal::Text("Medicode".into()),
            Literal::Text("iPM".into()),
        ];
        let vs = literals_to_values(&written(&items), &[ValueKind::List], None);
        assert_eq!(vs.len(), 1);
        assert_eq!(vs[0].items, ["Medicode", "iPM"]);
        assert_eq!(vs[0].span, Span::new(0, 13));
        let vs = literals_to_values(&written(&items), &[ValueKind::Text], None);
        assert_eq!(vs.len(), 2);
        let yes = [Literal::Bool(true)];
        assert_eq!(
            literals_to_values(&written(&yes), &[], None)[0].value,
            Scalar::Bool(true)
        );
    }
}
