//! Comparisons across a campaign: each response's figure for each numeric
//! question of a schema, their distribution, and the figures far outside it.
//!
//! A figure is compared only with figures of the same schema, key and kind (a
//! count with counts, a percentage with percentages), after the engine's
//! normalisation ("84.5K" is 84,500, "£60k" is 60,000). Far outside is a
//! robust rule on a log scale, since such figures span orders of magnitude
//! (an acute trust codes a hundred times a community trust's episodes): more
//! than [`OUTLIER_MADS`] median absolute deviations from the median of
//! ln(1 + x), among at least [`MIN_RESPONSES`] responses.

use crate::engine::model::{Code, Exchange, Finding, Span, Status, Value, ValueKind};

/// How many median absolute deviations from the median make a figure an outlier.
pub const OUTLIER_MADS: f64 = 3.5;
/// How many responses with a figure a comparison needs.
pub const MIN_RESPONSES: usize = 8;

/// One response's figure for one numeric question.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Index of the response in the campaign.
    pub response: usize,
    pub value: f64,
    /// What it was read from: the value's span (the first value's, for a sum).
    pub span: Span,
    /// The source text, for people ("84.5K").
    pub text: String,
}

/// The figures of one question of one schema, of one kind, across the campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    pub schema: String,
    pub key: String,
    pub kind: ValueKind,
    /// Sorted by value.
    pub figures: Vec<Figure>,
    pub median: f64,
    pub lower_quartile: f64,
    pub upper_quartile: f64,
    /// Indices into `figures` of the outliers.
    pub outliers: Vec<usize>,
}

/// The key as words: `episodes_coded` → "episodes coded".
pub fn key_words(key: &str) -> String {
    key.replace('_', " ")
}

/// The figure an exchange gives for its question, of each numeric kind it
/// expects: one value, or the sum of a labelled split ("IP 244,608 & OP
/// 860,437"), or a range's midpoint. Exchanges that withhold or give nothing
/// have none.
pub fn figures_of(e: &Exchange) -> Vec<(ValueKind, f64, Span, String)> {
    if !matches!(e.status, Status::Answered | Status::Partial) || e.schema_question.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for kind in e.expects.iter().copied().filter(|k| k.is_numeric()) {
        let of_kind: Vec<&Value> = e.values.iter().filter(|v| v.kind == kind).collect();
        let Some(first) = of_kind.first() else {
            continue;
        };
        let Some(n) = scalar(first) else { continue };
        let split = of_kind.len() > 1
            && kind != ValueKind::Percent
            && of_kind.iter().all(|v| v.label.is_some());
        let value = if split {
            of_kind.iter().filter_map(|v| scalar(v)).sum()
        } else {
            n
        };
        if value.is_finite() && value >= 0.0 {
            let text = if split {
                of_kind
                    .iter()
                    .map(|v| v.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" + ")
            } else {
                first.text.clone()
            };
            out.push((kind, value, first.span, text));
        }
    }
    out
}

fn scalar(v: &Value) -> Option<f64> {
    v.number().or(match (v.min, v.max) {
        (Some(a), Some(b)) => Some((a + b) / 2.0),
        _ => None,
    })
}

impl Distribution {
    /// The distribution of `figures` (any order); outliers need
    /// [`MIN_RESPONSES`] of them.
    pub fn new(schema: &str, key: &str, kind: ValueKind, mut figures: Vec<Figure>) -> Self {
        figures.sort_by(|a, b| {
            a.value
                .total_cmp(&b.value)
                .then(a.response.cmp(&b.response))
        });
        let values: Vec<f64> = figures.iter().map(|f| f.value).collect();
        let outliers = if values.len() >= MIN_RESPONSES {
            outliers(&values)
        } else {
            Vec::new()
        };
        Distribution {
            schema: schema.to_string(),
            key: key.to_string(),
            kind,
            median: quantile(&values, 0.5),
            lower_quartile: quantile(&values, 0.25),
            upper_quartile: quantile(&values, 0.75),
            figures,
            outliers,
        }
    }

    pub fn is_outlier(&self, index: usize) -> bool {
        self.outliers.contains(&index)
    }

    /// The finding for the outlier at `index` of `figures`:
    /// "6,793 episodes coded: lowest of 42 responses (median 84,500)".
    pub fn finding(&self, index: usize) -> Finding {
        let f = &self.figures[index];
        let n = self.figures.len();
        let message = format!(
            "{} {}: {} of {n} responses (median {})",
            format_figure(self.kind, f.value),
            key_words(&self.key),
            rank_words(index, n, f.value < self.median),
            format_figure(self.kind, self.median),
        );
        Finding::new(Code::Outlier, f.span, message).with_key(&self.key)
    }
}

/// "lowest", "2nd lowest", "highest", … for position `index` of `n` sorted.
fn rank_words(index: usize, n: usize, low: bool) -> String {
    let (place, side) = if low {
        (index + 1, "lowest")
    } else {
        (n - index, "highest")
    };
    if place == 1 {
        side.to_string()
    } else {
        format!("{} {side}", ordinal(place))
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The `q` quantile of sorted `values`, interpolated between neighbours.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    match values.len() {
        0 => f64::NAN,
        1 => values[0],
        n => {
            let at = q * (n - 1) as f64;
            let lo = at.floor() as usize;
            let hi = at.ceil() as usize;
            values[lo] + (values[hi] - values[lo]) * (at - lo as f64)
        }
    }
}

/// Indices of the values (sorted, non-negative) more than [`OUTLIER_MADS`]
/// median absolute deviations from the median on the scale ln(1 + x). When
/// more than half the figures are equal the deviation is zero and nothing is
/// called an outlier: a figure cannot be far from a spread there is not.
fn outliers(values: &[f64]) -> Vec<usize> {
    let logs: Vec<f64> = values.iter().map(|v| v.ln_1p()).collect();
    let median = quantile(&logs, 0.5);
    let mut deviations: Vec<f64> = logs.iter().map(|l| (l - median).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    let mad = quantile(&deviations, 0.5);
    if mad <= f64::EPSILON {
        return Vec::new();
    }
    logs.iter()
        .enumerate()
        .filter(|(_, l)| (*l - median).abs() > OUTLIER_MADS * mad)
        .map(|(i, _)| i)
        .collect()
}

/// A figure as people write it: "84,500", "£60,000", "12.5%", "1.8 WTE".
pub fn format_figure(kind: ValueKind, n: f64) -> String {
    let number = group_digits(n);
    match kind {
        ValueKind::Money => format!("£{number}"),
        ValueKind::Percent => format!("{number}%"),
        ValueKind::Wte => format!("{number} WTE"),
        _ => number,
    }
}

/// Thousands separated by commas, at most two decimals, none when whole.
pub fn group_digits(n: f64) -> String {
    if !n.is_finite() {
        return "–".to_string();
    }
    let rounded = (n * 100.0).round() / 100.0;
    let whole = rounded.trunc().abs() as u64;
    let mut digits = whole.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 4);
    if rounded < 0.0 {
        grouped.push('-');
    }
    let first = digits.len() % 3;
    for (i, c) in digits.drain(..).enumerate() {
        if i > 0 && (i + 3 - first) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let fraction = (rounded.abs() - whole as f64) * 100.0;
    let cents = fraction.round() as u64;
    if cents > 0 {
        let decimals = format!("{cents:02}");
        grouped.push('.');
        grouped.push_str(decimals.trim_end_matches('0'));
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(values: &[f64]) -> Vec<Figure> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Figure {
                response: i,
                value: *v,
                span: Span::new(i, i + 1),
                text: v.to_string(),
            })
            .collect()
    }

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&[7.0], 0.75), 7.0);
    }

    #[test]
    fn a_figure_orders_of_magnitude_off_is_an_outlier() {
        let mut values: Vec<f64> = (0..41).map(|i| 70_000.0 + 1_000.0 * i as f64).collect();
        values.push(6_793.0);
        let d = Distribution::new("s", "episodes_coded", ValueKind::Count, figures(&values));
        assert_eq!(d.outliers, [0]);
        assert_eq!(d.figures[0].value, 6_793.0);
        assert_eq!(
            d.finding(0).message,
            "6,793 episodes coded: lowest of 42 responses (median 89,500)"
        );
        assert_eq!(d.finding(0).code, Code::Outlier);
        assert_eq!(d.finding(0).severity, crate::engine::model::Severity::Hint);
    }

    #[test]
    fn ordinary_spread_and_small_campaigns_have_no_outliers() {
        let spread = [
            5_000.0, 12_000.0, 30_000.0, 45_000.0, 80_000.0, 120_000.0, 200_000.0, 300_000.0,
        ];
        let d = Distribution::new("s", "k", ValueKind::Count, figures(&spread));
        assert!(d.outliers.is_empty(), "{:?}", d.outliers);
        let few = [1.0, 1_000.0, 1_100.0, 1_200.0, 1_300.0, 1_400.0, 1_500.0];
        let d = Distribution::new("s", "k", ValueKind::Count, figures(&few));
        assert!(d.outliers.is_empty(), "seven responses are too few");
        let same = [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 90.0];
        let d = Distribution::new("s", "k", ValueKind::Wte, figures(&same));
        assert!(d.outliers.is_empty(), "no spread to be far from");
    }

    #[test]
    fn highest_figures_are_named_from_the_top() {
        let mut values: Vec<f64> = (0..10).map(|i| 10.0 + i as f64).collect();
        values.push(2_000.0);
        values.push(1_900.0);
        let d = Distribution::new("s", "coding_wte", ValueKind::Wte, figures(&values));
        assert_eq!(d.outliers, [10, 11]);
        assert_eq!(
            d.finding(10).message,
            "1,900 WTE coding wte: 2nd highest of 12 responses (median 15.5 WTE)"
        );
    }

    #[test]
    fn figures_are_written_as_people_write_them() {
        assert_eq!(group_digits(84_500.0), "84,500");
        assert_eq!(group_digits(1_234_567.891), "1,234,567.89");
        assert_eq!(group_digits(0.1), "0.1");
        assert_eq!(group_digits(999.0), "999");
        assert_eq!(format_figure(ValueKind::Money, 60_000.0), "£60,000");
        assert_eq!(format_figure(ValueKind::Percent, 12.5), "12.5%");
        assert_eq!(ordinal(11), "11th");
        assert_eq!(ordinal(22), "22nd");
    }
}
