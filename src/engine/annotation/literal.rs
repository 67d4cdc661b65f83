//! Value literals: reading a bare `value=` word, writing literals and quoted
//! strings back, and comparing literals with a tolerance.

use super::Literal;

/// What a malformed `value=` should have looked like.
pub const EXPECTED: &str = "expected a number (6793, 1.8, 84500~), a range (30..35), a percent (0.1%), yes or no, a word, label:N or \"quoted text\"";

/// Relative tolerance for comparing figures (a verify against a re-read value).
const TOLERANCE: f64 = 1e-9;

impl Literal {
    /// Reads an unquoted literal; `None` when it matches no literal form.
    pub fn parse_bare(s: &str) -> Option<Literal> {
        if s.eq_ignore_ascii_case("yes") {
            return Some(Literal::Bool(true));
        }
        if s.eq_ignore_ascii_case("no") {
            return Some(Literal::Bool(false));
        }
        if let Some(n) = s.strip_suffix('%') {
            return parse_number(n).map(Literal::Percent);
        }
        if let Some((min, max)) = s.split_once("..") {
            return Some(Literal::Range {
                min: parse_number(min)?,
                max: parse_number(max)?,
            });
        }
        if let Some((label, n)) = s.split_once(':') {
            if !is_word(label) {
                return None;
            }
            let (value, approximate) = parse_approximate(n)?;
            return Some(Literal::Labelled {
                label: label.to_string(),
                value,
                approximate,
            });
        }
        if is_word(s) {
            return Some(Literal::Word(s.to_string()));
        }
        let (value, approximate) = parse_approximate(s)?;
        Some(Literal::Number { value, approximate })
    }

    /// The literal as written in an annotation (`84500~`, `"iPM"`).
    pub fn render(&self) -> String {
        match self {
            Literal::Number { value, approximate } => approx(format_number(*value), *approximate),
            Literal::Range { min, max } => {
                format!("{}..{}", format_number(*min), format_number(*max))
            }
            Literal::Percent(n) => format!("{}%", format_number(*n)),
            Literal::Bool(true) => "yes".into(),
            Literal::Bool(false) => "no".into(),
            // A word that would read back as something else is written quoted.
            Literal::Word(w) if is_word(w) && !is_yes_no(w) => w.clone(),
            Literal::Word(w) => quote(w),
            Literal::Labelled {
                label,
                value,
                approximate,
            } => approx(format!("{label}:{}", format_number(*value)), *approximate),
            Literal::Text(t) => quote(t),
        }
    }

    /// Whether two literals state the same reading: figures within a relative
    /// 1e-9 with the same approximate marker, labels and words without regard
    /// to ASCII case, quoted text exactly.
    pub fn matches(&self, other: &Literal) -> bool {
        use Literal::*;
        match (self, other) {
            (
                Number {
                    value: a,
                    approximate: x,
                },
                Number {
                    value: b,
                    approximate: y,
                },
            ) => same_number(*a, *b) && x == y,
            (Range { min: a, max: b }, Range { min: c, max: d }) => {
                same_number(*a, *c) && same_number(*b, *d)
            }
            (Percent(a), Percent(b)) => same_number(*a, *b),
            (Bool(a), Bool(b)) => a == b,
            (Text(a), Text(b)) => a == b,
            (Word(a), Word(b)) | (Word(a), Text(b)) | (Text(a), Word(b)) => {
                a.eq_ignore_ascii_case(b)
            }
            (
                Labelled {
                    label: l,
                    value: a,
                    approximate: x,
                },
                Labelled {
                    label: m,
                    value: b,
                    approximate: y,
                },
            ) => l.eq_ignore_ascii_case(m) && same_number(*a, *b) && x == y,
            _ => false,
        }
    }
}

/// Whether `a` and `b` state the same readings, in any order.
pub fn same_readings(a: &[Literal], b: &[Literal]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut used = vec![false; b.len()];
    a.iter().all(|x| {
        let found = (0..b.len()).find(|&j| !used[j] && x.matches(&b[j]));
        if let Some(j) = found {
            used[j] = true;
        }
        found.is_some()
    })
}

/// Literals for a message: `6793, inpatient:244608`, or `no value`.
pub fn describe(literals: &[Literal]) -> String {
    if literals.is_empty() {
        return "no value".into();
    }
    literals
        .iter()
        .map(Literal::render)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A figure without a trailing `.0` and never in exponent form: 6793, 1.8, 0.02.
pub fn format_number(n: f64) -> String {
    // Rust's `Display` for f64 is the shortest text that reads back exactly.
    format!("{n}")
}

/// `n` without a sum's rounding noise (18.400000000000002 for a table's
/// total is 18.4): rounded to ten decimals when that moves it by no more
/// than 1e-12 of itself.
pub fn tidy(n: f64) -> f64 {
    if !n.is_finite() || n.abs() >= 1e15 {
        return n;
    }
    let rounded = (n * 1e10).round() / 1e10;
    if (rounded - n).abs() <= 1e-12 * n.abs() {
        rounded
    } else {
        n
    }
}

/// `"text"` with `\` and `"` escaped, written so that the annotation stays
/// one line and one HTML comment (the lexer reads every escape back):
/// - `\n` and `\r` for line breaks, and `\uXXXX` for the other characters
///   an editor or a renderer may break a line at (vertical tab, form feed,
///   U+0085, U+2028, U+2029) and for control characters;
/// - `\-` for a hyphen that follows a hyphen: a comment ends at `-->` or
///   `--!>` and may not hold `--` at all.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '-' if out.ends_with('-') => out.push_str("\\-"),
            '\t' => out.push(c),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Whether `s` can be written without quotes and read back unchanged as a
/// token value (keys, dates, initials, units, codes). Never with `--`, which
/// an HTML comment cannot hold.
pub fn is_bare_safe(s: &str) -> bool {
    !s.is_empty()
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '@' | '+'))
}

/// A word literal: a letter, then letters, digits, `_` or `-` (never `--`,
/// which an HTML comment cannot hold).
pub fn is_word(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic())
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !s.contains("--")
}

fn is_yes_no(s: &str) -> bool {
    s.eq_ignore_ascii_case("yes") || s.eq_ignore_ascii_case("no")
}

fn approx(mut s: String, approximate: bool) -> String {
    if approximate {
        s.push('~');
    }
    s
}

fn parse_approximate(s: &str) -> Option<(f64, bool)> {
    match s.strip_suffix('~') {
        Some(n) => parse_number(n).map(|v| (v, true)),
        None => parse_number(s).map(|v| (v, false)),
    }
}

/// `-?digits(.digits)?`: what `format_number` writes, nothing looser.
fn parse_number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    s.parse().ok()
}

fn same_number(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= TOLERANCE * a.abs().max(b.abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_lose_their_rounding_noise_only() {
        assert_eq!(format_number(tidy(18.400000000000002)), "18.4");
        assert_eq!(format_number(tidy(0.1 + 0.2)), "0.3");
        assert_eq!(tidy(6793.0), 6793.0);
        assert_eq!(tidy(1e-11), 1e-11);
        assert_eq!(tidy(0.123456789012345), 0.123456789012345);
    }

    fn bare(s: &str) -> Option<Literal> {
        Literal::parse_bare(s)
    }

    #[test]
    fn numbers() {
        let n = |value, approximate| Some(Literal::Number { value, approximate });
        assert_eq!(bare("6793"), n(6793.0, false));
        assert_eq!(bare("1.8"), n(1.8, false));
        assert_eq!(bare("-3"), n(-3.0, false));
        assert_eq!(bare("84500~"), n(84500.0, true));
    }

    #[test]
    fn ranges_percents_and_labels() {
        assert_eq!(
            bare("30..35"),
            Some(Literal::Range {
                min: 30.0,
                max: 35.0
            })
        );
        assert_eq!(
            bare("-1.5..2"),
            Some(Literal::Range {
                min: -1.5,
                max: 2.0
            })
        );
        assert_eq!(bare("0.1%"), Some(Literal::Percent(0.1)));
        assert_eq!(
            bare("inpatient:244608"),
            Some(Literal::Labelled {
                label: "inpatient".into(),
                value: 244608.0,
                approximate: false
            })
        );
        assert_eq!(
            bare("agency:0.8~"),
            Some(Literal::Labelled {
                label: "agency".into(),
                value: 0.8,
                approximate: true
            })
        );
    }

    #[test]
    fn booleans_and_words() {
        assert_eq!(bare("yes"), Some(Literal::Bool(true)));
        assert_eq!(bare("No"), Some(Literal::Bool(false)));
        assert_eq!(bare("both"), Some(Literal::Word("both".into())));
        assert_eq!(
            bare("multi-site_2"),
            Some(Literal::Word("multi-site_2".into()))
        );
        assert_eq!(bare("Café"), Some(Literal::Word("Café".into())));
    }

    #[test]
    fn malformed_literals_are_refused() {
        for bad in [
            "", "12abc", "1,000", "1.", ".5", "1e5", "5..", "..5", "a..b", "%", "x%", "~", "5~~",
            ":5", "label:", "label:x", "9a:5", "1.2.3", "£60k", "--5", "a+b",
        ] {
            assert_eq!(bare(bad), None, "{bad:?} should not read");
        }
    }

    #[test]
    fn rendering() {
        let cases = [
            (
                Literal::Number {
                    value: 6793.0,
                    approximate: false,
                },
                "6793",
            ),
            (
                Literal::Number {
                    value: 84500.0,
                    approximate: true,
                },
                "84500~",
            ),
            (
                Literal::Number {
                    value: 0.02,
                    approximate: false,
                },
                "0.02",
            ),
            (
                Literal::Range {
                    min: 60000.0,
                    max: 80000.0,
                },
                "60000..80000",
            ),
            (Literal::Percent(0.1), "0.1%"),
            (Literal::Bool(true), "yes"),
            (Literal::Word("pbr".into()), "pbr"),
            (Literal::Word("Yes".into()), "\"Yes\""),
            (Literal::Word("two words".into()), "\"two words\""),
            (
                Literal::Text("say \"hi\" \\ then\nbye".into()),
                r#""say \"hi\" \\ then\nbye""#,
            ),
        ];
        for (lit, want) in cases {
            assert_eq!(lit.render(), want);
        }
        // What would end the comment, or break the line, is escaped.
        assert_eq!(
            quote("a --> b --!> c --- d\u{2028}e\u{85}f\u{b}g\u{c}h\ti"),
            r#""a -\-> b -\-!> c -\-\- d\u2028e\u0085f\u000Bg\u000Ch	i""#
        );
        assert!(!is_bare_safe("s--40") && !is_word("in--patient"));
        assert_eq!(format_number(1e21), "1000000000000000000000");
    }

    #[test]
    fn comparisons() {
        let n = |value, approximate| Literal::Number { value, approximate };
        assert!(n(6793.0, false).matches(&n(6793.000000000001, false)));
        assert!(!n(6793.0, false).matches(&n(6794.0, false)));
        assert!(!n(84500.0, true).matches(&n(84500.0, false)));
        assert!(Literal::Word("PbR".into()).matches(&Literal::Text("pbr".into())));
        assert!(!Literal::Text("iPM".into()).matches(&Literal::Text("IPM".into())));
        assert!(!n(1.0, false).matches(&Literal::Percent(1.0)));
        let a = [n(1.0, false), Literal::Bool(true)];
        let b = [Literal::Bool(true), n(1.0, false)];
        assert!(same_readings(&a, &b));
        assert!(!same_readings(&a, &b[..1]));
        assert!(!same_readings(
            &[n(1.0, false), n(1.0, false)],
            &[n(1.0, false), n(2.0, false)]
        ));
        assert_eq!(describe(&a), "1, yes");
        assert_eq!(describe(&[]), "no value");
    }
}
