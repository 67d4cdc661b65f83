//! Figures in free text with their exact spans: counts, decimals, money,
//! percentages, WTE, ranges, number words, labels ("IP coded activity =
//! 244,608", "1.0 substantive"). Years, dates, ordinals, section numbers,
//! references, phone numbers, versions, bands and question numbers are not
//! figures.

use std::sync::LazyLock;

use crate::engine::text;
use regex::Regex;

use crate::engine::model::{Ambiguity, Reading, Scalar, Span, ValueKind};

use super::words;

/// A figure as read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub span: Span,
    pub kind: ValueKind,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub approximate: bool,
    pub unit: Option<String>,
    pub label: Option<String>,
    pub money: bool,
    /// Written as words ("Eight").
    pub word: bool,
    /// The word after the figure, lowercased (what it counts).
    pub noun: Option<String>,
    pub ambiguity: Option<Ambiguity>,
    pub alternatives: Vec<Reading>,
}

impl Figure {
    fn new(span: Span, value: f64) -> Figure {
        Figure {
            span,
            kind: ValueKind::Count,
            value: Some(value),
            min: None,
            max: None,
            approximate: false,
            unit: None,
            label: None,
            money: false,
            word: false,
            noun: None,
            ambiguity: None,
            alternatives: Vec::new(),
        }
    }

    /// The numbers this figure stands for (value, or range ends).
    pub fn numbers(&self) -> Vec<f64> {
        match self.value {
            Some(v) => vec![v],
            None => self.min.into_iter().chain(self.max).collect(),
        }
    }
}

/// Parts of a line that are never figures: addresses, e-mails, times, dates,
/// financial years, phone numbers, section and question references, versions.
static MASKS: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = [
        r"(?i)\b(?:https?://|www\.)\S+",
        r"\S+@\S+",
        r"\b\d{1,2}:\d{2}(?::\d{2})?\b",
        r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}\b",
        // 2024/25, 2023-24, 2016 - 2017, 2021/23
        r"\b(?:19|20)\d{2}\s?[/\-–—]\s?(?:(?:19|20)\d{2}|\d{2})\b",
        // 18-19 financial year, 23/24 financial year
        r"(?i)\b\d{2}[/\-–]\d{2}\s+(?:financial|fiscal)\b",
        r"(?i)\b(?:tel|telephone|phone|switchboard|mobile|mob|fax|ext|extension)\.?:?\s*[+\d][\d\s\-()]{5,}\d",
        r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}\b",
        r"(?i)\b(?:sections?|s\.|regulations?|reg\.|articles?|paragraphs?|paras?\.?|clauses?|schedules?|chapters?|bands?|levels?|grades?|tiers?|stages?|phases?|steps?|pages?|pp?\.|versions?|v\.?|editions?|questions?|q|answers?|items?|points?|no\.|ref\.?|reference|act|regulations|icd|nhs|covid|windows|afc|agenda\s+for\s+change\s+band|attachments?|appendix|appendices|annex(?:es)?|enclosures?)\s*-?\s*\d+[a-z]?(?:\.\d+)*(?:\(\w+\))*(?:\s*(?:&|and|,|/|-|–|to|or)\s*(?:q|a)?\d+[a-wyz]?\b(?:\(\w+\))*)*",
        r"\b24/7\b",
        // A product's version or edition: "Microsoft 365", "Windows 11".
        r"\b(?:Microsoft|Office|Windows|Dynamics|Android|iOS|macOS|Teams|Exchange|SQL\s+Server|Server)\s+\d{1,4}\b",
        r"(?i)\b(?:19|20)\d{2}\s*\((?:ytd|year to date)\)",
    ]
    .iter()
    .map(|p| format!("(?:{p})"))
    .collect();
    // One pass for all of them.
    text::regex(&alternatives.join("|"))
});

/// "2013 – 13" or "2015 – 28" in a list of figures by year is a year and its
/// figure, not a span of years: a two-digit figure after a spaced dash that
/// is not the next year (as in the financial year "2023 - 24").
fn is_year_then_value(masked: &str) -> bool {
    let dash_or_space = |c: char| matches!(c, '-' | '–' | '—') || c.is_whitespace();
    let Some((year, tail)) = masked
        .split_once(char::is_whitespace)
        .map(|(y, rest)| (y, rest.trim_start_matches(dash_or_space)))
    else {
        return false;
    };
    let (Ok(year), Ok(tail)) = (year.parse::<u32>(), tail.parse::<u32>()) else {
        return false;
    };
    (1900..2100).contains(&year) && tail < 100 && tail != (year + 1) % 100
}

/// Numbers written as words, to skip lines without any.
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
    )
});

static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?xi)
        (?:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?
        \b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?
        (?:\s+\d{1,2}(?:st|nd|rd|th)?\b(?:\s*,)?)?
        (?:\s+(?:19|20)\d{2}\b)?",
    )
});

static NUMBER: LazyLock<Regex> = LazyLock::new(|| text::regex(r"\d[\d,]*(?:\.\d+)?|\.\d+"));

static APPROX_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)(?:approx\.?|approximately|around|about|circa|c\.|~|roughly|nearly|almost|over|more than|less than|fewer than|under|up to|at least|estimated|est\.|in excess of|in the region of|just over|just under)\s*$",
    )
});

/// Words after a figure that label a part of a breakdown.
const LABEL_WORDS: &[&str] = &[
    "substantive",
    "permanent",
    "bank",
    "agency",
    "locum",
    "contract",
    "contractor",
    "contractors",
    "fixed-term",
    "fixed",
    "inpatient",
    "inpatients",
    "outpatient",
    "outpatients",
    "elective",
    "non-elective",
    "emergency",
    "day-case",
    "daycase",
];

/// Words after "one" that make it a pronoun ("we have one across all wards").
const PRONOUN_FOLLOWERS: &[&str] = &[
    "across",
    "in",
    "at",
    "on",
    "for",
    "with",
    "from",
    "by",
    "that",
    "which",
    "who",
    "is",
    "was",
    "are",
    "and",
    "but",
    "as",
    "too",
    "also",
    "each",
    "more",
    "less",
    "here",
    "there",
    "now",
    "already",
    "currently",
    "available",
    "place",
];

/// Words after a figure that say what it counts (kept as the unit).
const UNIT_WORDS: &[&str] = &[
    "days",
    "day",
    "weeks",
    "week",
    "months",
    "month",
    "years",
    "hours",
    "hour",
    "hrs",
    "minutes",
    "mins",
    "episodes",
    "episode",
    "spells",
    "fces",
    "fce",
    "patients",
    "staff",
    "coders",
    "beds",
    "referrals",
    "cases",
    "claims",
    "requests",
    "sites",
    "systems",
    "audits",
    "people",
    "posts",
    "appointments",
    "admissions",
    "complaints",
    "contractors",
    "wards",
    "vacancies",
    "trees",
    "individuals",
    "headcount",
    "members",
    "records",
    "attendances",
    "discharges",
    "deaths",
    "incidents",
];

fn prev_char(s: &str, at: usize) -> Option<char> {
    s[..at].chars().next_back()
}

fn next_char(s: &str, at: usize) -> Option<char> {
    s[at..].chars().next()
}

/// The word just before byte `at` (letters only), lowercased.
fn prev_word(s: &str, at: usize) -> String {
    let before = s[..at].trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\''))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    before[start..].to_lowercase()
}

/// The word just after byte `at`, lowercased, without trailing punctuation.
fn next_word(s: &str, at: usize) -> (String, usize) {
    let after = &s[at..];
    let trimmed = after.trim_start();
    let lead = after.len() - trimmed.len();
    let end = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' || c == '/'))
        .unwrap_or(trimmed.len());
    (trimmed[..end].to_lowercase(), at + lead + end)
}

/// Reads the figures of one line. `base` is the line's offset in the document.
pub fn scan(line: &str, base: usize) -> Vec<Figure> {
    let has_digits = line.bytes().any(|b| b.is_ascii_digit());
    let has_words = NUMBER_WORD.is_match(line);
    if !has_digits && !has_words {
        return Vec::new();
    }
    let merged = masked_ranges(line, has_digits);
    let is_masked = |a: usize, b: usize| {
        let i = merged.partition_point(|&(_, e)| e <= a);
        merged.get(i).is_some_and(|&(s, _)| s < b)
    };

    let mut figures: Vec<Figure> = Vec::new();
    let numbers: Vec<(usize, usize)> = NUMBER
        .find_iter(line)
        .map(|m| {
            // "c.450" is about 450, not 0.45: a full stop after a letter ends
            // an abbreviation.
            let after_letter = line[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
            if m.as_str().starts_with('.') && after_letter {
                (m.start() + 1, m.end())
            } else {
                (m.start(), m.end())
            }
        })
        .filter(|&(a, b)| !is_masked(a, b))
        .collect();
    let mut k = 0;
    while k < numbers.len() {
        let (a, b) = numbers[k];
        // Only a line's single figure: a row of figures ("248 224 248")
        // is cells, not groups.
        let groups = space_grouped(line, &numbers[k..]);
        // A line of figures alone ("248 224") is cells; a figure grouped by
        // spaces stands with words ("58 912 FCEs", "General Medicine 14 082").
        let labelled = line.chars().any(char::is_alphabetic);
        let groups = if groups == numbers.len() && labelled {
            groups
        } else {
            1
        };
        if groups > 1 {
            // "58 912", "14 082": thousands grouped by spaces, one figure.
            let end = numbers[k + groups - 1].1;
            let digits: String = line[a..end].chars().filter(char::is_ascii_digit).collect();
            if let (Some(mut f), Ok(value)) = (
                read_number(line, a, b, base).into_iter().next(),
                digits.parse::<f64>(),
            ) {
                f.value = Some(value);
                f.span = Span::new(base + a, base + end);
                f.noun = next_word(line, end).0.into();
                figures.push(f);
                k += groups;
                continue;
            }
        }
        figures.extend(read_number(line, a, b, base));
        k += 1;
    }
    if has_words {
        figures.extend(read_words(line, base, &is_masked, &figures));
    }
    figures.sort_by_key(|f| f.span.start);
    join_ranges(line, base, &mut figures);
    attach_labels(line, base, &mut figures);
    figures
}

/// The parts of `line` that are never figures (see `MASKS`, and dates with
/// a month name), merged and in order, so each number looks its masks up
/// rather than going through all of them (a long line holds thousands).
fn masked_ranges(line: &str, has_digits: bool) -> Vec<(usize, usize)> {
    let mut masked: Vec<(usize, usize)> = Vec::new();
    masked.extend(
        MASKS
            .find_iter(line)
            .filter(|m| !is_year_then_value(m.as_str()))
            .map(|m| (m.start(), m.end())),
    );
    for m in MONTH_DATE.find_iter(line).filter(|_| has_digits) {
        // "May 16", "16 May", "December 2018", "1st June 2021" — but not "may" the verb.
        let t = m.as_str();
        if t.chars().any(|c| c.is_ascii_digit()) && !t.eq_ignore_ascii_case("may") {
            masked.push((m.start(), m.end()));
        }
    }
    masked.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(masked.len());
    for (s, e) in masked {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// How many of `numbers` (positions in `line`, the first one first) form one
/// figure grouped by spaces: a first group of one to three digits, then
/// groups of exactly three after a single space (or a no-break or thin
/// space). 1 when not.
fn space_grouped(line: &str, numbers: &[(usize, usize)]) -> usize {
    let is_space = |s: &str| matches!(s, " " | "\u{a0}" | "\u{202f}" | "\u{2009}");
    let digits = |(a, b): (usize, usize)| line[a..b].bytes().all(|c| c.is_ascii_digit());
    let (a, b) = numbers[0];
    if !(1..=3).contains(&(b - a)) || !digits(numbers[0]) {
        return 1;
    }
    let mut n = 1;
    while let Some(&(c, d)) = numbers.get(n) {
        let (_, prev_end) = numbers[n - 1];
        if d - c != 3 || !digits((c, d)) || !is_space(&line[prev_end..c]) {
            break;
        }
        n += 1;
    }
    n
}

/// Reads the digits at `a..b` with their surroundings.
fn read_number(line: &str, a: usize, b: usize, base: usize) -> Vec<Figure> {
    if is_stuck_to_word(line, a) || is_list_number(line, a, b) {
        return Vec::new();
    }
    let raw = line[a..b].trim_end_matches(',');
    let b = a + raw.len();
    let (value, misplaced_comma) = match read_digits(line, a, raw, base) {
        Digits::One(value, misplaced_comma) => (value, misplaced_comma),
        Digits::Several(figures) => return figures,
    };
    if !value.is_finite() {
        return Vec::new();
    }

    let mut fig = Figure::new(Span::new(base + a, base + b), value);
    if let Some(reading) = misplaced_comma {
        fig.ambiguity = Some(Ambiguity::SeveralReadings);
        fig.alternatives.push(reading);
    }
    let start = mark_currency_before(line, a, &mut fig);

    // Suffix: k, m, bn, WTE, %, x, ordinals, other letters.
    let after = &line[b..];
    let suffix_len = after
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(after.len());
    let suffix = &after[..suffix_len];
    let Some(mut end) = apply_suffix(&mut fig, suffix, value, raw.contains('.'), after, b) else {
        return Vec::new();
    };

    let is_percent_next = percent_follows(&line[end..]);
    if is_bare_year(line, a, raw, &fig, is_percent_next, suffix)
        || is_reference_number(line, a, raw, &fig, suffix)
    {
        return Vec::new();
    }
    end = read_kind_after(line, end, is_percent_next, &mut fig);
    if fig.money {
        fig.kind = ValueKind::Money;
        fig.unit = Some("GBP".into());
    }
    attach_noun(line, end, &mut fig);
    if APPROX_BEFORE.is_match(text::tail(&line[..start], 40)) {
        fig.approximate = true;
        fig.ambiguity.get_or_insert(Ambiguity::Approximate);
    }
    if fig.approximate {
        fig.ambiguity.get_or_insert(Ambiguity::Approximate);
    }
    fig.span = Span::new(base + start, base + end);
    vec![fig]
}

/// Digits stuck to a word before are part of a code ("K2", "v8", "FOI2030",
/// "ICD-10", "FOI_9014") or of a section number ("3.2").
fn is_stuck_to_word(line: &str, a: usize) -> bool {
    match prev_char(line, a) {
        Some(c) if c.is_alphabetic() || c == '_' || c == '#' => true,
        Some('-') if prev_char(line, a - 1).is_some_and(char::is_alphabetic) => true,
        Some('.') if prev_char(line, a - 1).is_some_and(|c| c.is_ascii_digit()) => true,
        _ => false,
    }
}

/// A list number at the start of a line ("1. Finance").
fn is_list_number(line: &str, a: usize, b: usize) -> bool {
    line[..a].trim().is_empty()
        && line[b..].starts_with(['.', ')'])
        && line[b + 1..].starts_with(' ')
}

/// What the digits of one number (commas kept, trailing comma dropped) read as.
enum Digits {
    /// One value, with the money reading of a misplaced comma when it has one.
    One(f64, Option<Reading>),
    /// Commas that are no thousands separators: separate figures.
    Several(Vec<Figure>),
}

/// Thousands groups must have three digits; "1,040,18" has two readings.
fn read_digits(line: &str, a: usize, raw: &str, base: usize) -> Digits {
    let groups: Vec<&str> = raw.split(',').collect();
    let malformed = groups.len() > 1
        && groups[1..]
            .iter()
            .any(|g| g.split('.').next().unwrap_or("").len() != 3);
    if !malformed {
        return Digits::One(raw.replace(',', "").parse().unwrap_or(f64::NAN), None);
    }
    let last = groups.last().unwrap_or(&"");
    let money_before = prev_non_space(line, a) == Some('£');
    if money_before && last.len() == 2 && groups.len() > 2 {
        let joined: String = groups.concat();
        let whole: String = groups[..groups.len() - 1].concat();
        let as_int: f64 = joined.parse().unwrap_or(0.0);
        let as_dec: f64 = format!("{whole}.{last}").parse().unwrap_or(0.0);
        let reading = Reading {
            kind: ValueKind::Money,
            value: Scalar::Number(as_dec),
            min: None,
            max: None,
            approximate: false,
            unit: Some("GBP".into()),
            description: format!("£{whole}.{last} (a misplaced comma for a decimal point)"),
        };
        return Digits::One(as_int, Some(reading));
    }
    // "questions 2,3": separate figures, each read alone.
    let mut out = Vec::new();
    let mut at = a;
    for g in &groups {
        if !g.is_empty() {
            out.extend(read_number(line, at, at + g.len(), base));
        }
        at += g.len() + 1;
    }
    Digits::Several(out)
}

/// Currency before: "£60k", "£ 5", "GBP 5". Marks the figure as money and
/// returns where it starts (at the symbol, which is part of it).
fn mark_currency_before(line: &str, a: usize, fig: &mut Figure) -> usize {
    let before = &line[..a];
    let before_trim = before.trim_end();
    if before_trim.ends_with(['£', '$', '€']) && before.len() - before_trim.len() <= 1 {
        fig.money = true;
        return before_trim.len() - before_trim.chars().next_back().map_or(1, char::len_utf8);
    }
    if text::ends_with_ci(before_trim, "GBP") {
        fig.money = true;
    }
    a
}

/// Applies the letters stuck after the digits (`suffix`, at `b`); returns
/// where the figure ends, or `None` when they make it no figure ("5th",
/// "9PH", "8a", "3M", "24hrs").
fn apply_suffix(
    fig: &mut Figure,
    suffix: &str,
    value: f64,
    has_decimal: bool,
    after: &str,
    b: usize,
) -> Option<usize> {
    let past_suffix = b + suffix.len();
    match suffix {
        "" => return Some(b),
        "k" | "K" => {
            fig.value = Some(value * 1e3);
            fig.approximate = true;
        }
        "m" | "M" | "bn" if fig.money || has_decimal || suffix == "m" => {
            let factor = if suffix == "bn" { 1e9 } else { 1e6 };
            fig.value = Some(value * factor);
            fig.approximate = true;
        }
        "WTE" | "wte" | "FTE" | "fte" | "Wte" => {
            fig.kind = ValueKind::Wte;
            fig.unit = Some("WTE".into());
        }
        "x" | "X" => {}
        "p" if !fig.money && !next_char(after, 1).is_some_and(char::is_alphanumeric) => {
            fig.money = true;
            fig.value = Some(value / 100.0);
        }
        _ => return None,
    }
    Some(past_suffix)
}

/// "%", "per cent" or "percent" next (after spaces).
fn percent_follows(after: &str) -> bool {
    let t = after.trim_start();
    t.starts_with('%') || text::starts_with_ci(t, "per cent") || text::starts_with_ci(t, "percent")
}

/// A year: 4 digits with no separator, not money, not a percentage, unless
/// it is given as a value ("Total = 2024").
fn is_bare_year(
    line: &str,
    a: usize,
    raw: &str,
    fig: &Figure,
    is_percent_next: bool,
    suffix: &str,
) -> bool {
    let looks_like_year = raw.len() == 4
        && !raw.contains([',', '.'])
        && fig.value.is_some_and(|v| (1900.0..=2099.0).contains(&v))
        && !fig.money
        && !is_percent_next
        && suffix.is_empty();
    looks_like_year && !matches!(line[..a].trim_end().chars().next_back(), Some('=' | ':'))
}

/// A reference number after an all-capitals code ("HWHCT 340", "FOI 3605").
fn is_reference_number(line: &str, a: usize, raw: &str, fig: &Figure, suffix: &str) -> bool {
    if fig.money || !suffix.is_empty() || raw.contains([',', '.']) {
        return false;
    }
    let word = prev_token(line, a);
    word.len() >= 3
        && word.chars().all(|c| c.is_ascii_uppercase())
        && !matches!(
            word.as_str(),
            "WTE" | "FTE" | "GBP" | "FCE" | "FCES" | "TOTAL" | "AND"
        )
        && line[..a].ends_with(' ')
}

/// The kind said after the figure (ending at `end`): a percentage, WTE,
/// pounds, or a multiplier word. Returns where the figure now ends.
fn read_kind_after(line: &str, mut end: usize, is_percent_next: bool, fig: &mut Figure) -> usize {
    let after = &line[end..];
    if is_percent_next {
        let t = after.trim_start();
        let len = if t.starts_with('%') {
            1
        } else if text::starts_with_ci(t, "per cent") {
            8
        } else {
            7
        };
        end += after.len() - t.len() + len;
        fig.kind = ValueKind::Percent;
        fig.unit = Some("%".into());
    } else if fig.money {
        fig.kind = ValueKind::Money;
        fig.unit = Some("GBP".into());
        // "£1.2 million"
        let (word, word_end) = next_word(line, end);
        if let Some(factor) = scale_word(&word) {
            fig.value = fig.value.map(|v| v * factor);
            fig.approximate = true;
            end = word_end;
        }
    } else if fig.kind != ValueKind::Wte {
        let (word, word_end) = next_word(line, end);
        if matches!(word.as_str(), "wte" | "fte") {
            fig.kind = ValueKind::Wte;
            fig.unit = Some("WTE".into());
            end = word_end;
        } else if word == "whole"
            && (text::starts_with_ci(line[end..].trim_start(), "whole time equivalent")
                || text::starts_with_ci(line[end..].trim_start(), "whole-time equivalent"))
        {
            fig.kind = ValueKind::Wte;
            fig.unit = Some("WTE".into());
        } else if matches!(word.as_str(), "pounds" | "gbp") {
            fig.kind = ValueKind::Money;
            fig.money = true;
            fig.unit = Some("GBP".into());
        } else if let Some(factor) = scale_word(&word) {
            fig.value = fig.value.map(|v| v * factor);
            fig.approximate = true;
            end = word_end;
        } else if fig.value.is_some_and(|v| v.fract() != 0.0) {
            fig.kind = ValueKind::Number;
        }
    }
    end
}

/// What "million", "thousand" or "billion" after a figure multiply it by.
fn scale_word(word: &str) -> Option<f64> {
    match word {
        "thousand" => Some(1e3),
        "million" => Some(1e6),
        "billion" => Some(1e9),
        _ => None,
    }
}

/// The word after the figure: what it counts, and its unit or breakdown
/// label when it is one.
fn attach_noun(line: &str, end: usize, fig: &mut Figure) {
    let (noun, _) = next_word(line, end);
    if noun.is_empty() {
        return;
    }
    if UNIT_WORDS.contains(&noun.as_str()) && fig.unit.is_none() {
        fig.unit = Some(noun.clone());
    }
    if LABEL_WORDS.contains(&noun.as_str()) {
        fig.label = Some(normalise_label(&noun));
    }
    fig.noun = Some(noun);
}

fn prev_non_space(line: &str, at: usize) -> Option<char> {
    line[..at].trim_end().chars().next_back()
}

/// The token before `at` (up to white space), as written.
fn prev_token(line: &str, at: usize) -> String {
    let before = line[..at].trim_end();
    before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Number words: "Eight", "three sites", "one individual".
fn read_words(
    line: &str,
    base: usize,
    is_masked: &dyn Fn(usize, usize) -> bool,
    digits: &[Figure],
) -> Vec<Figure> {
    let mut out = Vec::new();
    let tokens: Vec<(usize, usize)> = crate::engine::text::words(line);
    let mut i = 0;
    while i < tokens.len() {
        let (a, b) = tokens[i];
        let w = &line[a..b];
        if words::word_value(w).is_none() || is_masked(a, b) {
            i += 1;
            continue;
        }
        let run: Vec<&str> = tokens[i..].iter().map(|&(s, e)| &line[s..e]).collect();
        let Some((value, used)) = words::parse_words(&run) else {
            i += 1;
            continue;
        };
        let end = tokens[i + used - 1].1;
        if digits
            .iter()
            .any(|f| f.span.start < base + end && base + a < f.span.end)
        {
            i += used;
            continue;
        }
        let prev = prev_word(line, a);
        let (next, _) = next_word(line, end);
        if is_idiom(&prev, w, &next) {
            i += used;
            continue;
        }
        let mut fig = Figure::new(Span::new(base + a, base + end), f64::from(value));
        fig.word = true;
        fig.ambiguity = Some(Ambiguity::NumberWord);
        if !next.is_empty() {
            if UNIT_WORDS.contains(&next.as_str()) {
                fig.unit = Some(next.clone());
            }
            if LABEL_WORDS.contains(&next.as_str()) {
                fig.label = Some(normalise_label(&next));
            }
            fig.noun = Some(next);
        }
        out.push(fig);
        i += used;
    }
    out
}

/// A number word that counts nothing here: "no one", "any one", "one of",
/// "one-off", "the one", "one across all wards". `prev` and `next` are the
/// words around it, lowercased.
fn is_idiom(prev: &str, word: &str, next: &str) -> bool {
    matches!(
        prev,
        "no" | "any"
            | "each"
            | "every"
            | "the"
            | "which"
            | "this"
            | "that"
            | "at"
            | "question"
            | "questions"
            | "part"
            | "phase"
            | "stage"
            | "level"
            | "band"
            | "page"
            | "section"
            | "tier"
            // "more than one pothole", "fewer than two": a comparison.
            | "than"
    ) || matches!(
        next,
        "of" | "off" | "another" | "or" | "way" | "day" | "time" | "stop" | "to"
    ) || (word.eq_ignore_ascii_case("one")
        && (next.is_empty() && !prev.is_empty() || PRONOUN_FOLLOWERS.contains(&next)))
}

/// "30-35", "30- 40", "£60k to £80k", "between 10 and 12": one range value.
/// Figures are moved into a new list rather than spliced in place, which on a
/// long line of ranges took the square of their number.
fn join_ranges(line: &str, base: usize, figures: &mut Vec<Figure>) {
    let mut out = Vec::with_capacity(figures.len());
    let mut rest = std::mem::take(figures).into_iter().peekable();
    while let Some(a) = rest.next() {
        match rest.peek().and_then(|b| joined(line, base, &a, b)) {
            Some(range) => {
                rest.next();
                out.push(range);
            }
            None => out.push(a),
        }
    }
    *figures = out;
}

/// `a` and `b` read as one range, when they are written as one.
fn joined(line: &str, base: usize, a: &Figure, b: &Figure) -> Option<Figure> {
    let gap = &line[a.span.end - base..b.span.start - base];
    let gap_trim = gap.trim();
    let between =
        text::tail(line[..a.span.start - base].trim_end(), 7).eq_ignore_ascii_case("between");
    let dash = matches!(gap_trim, "-" | "–" | "—");
    let to =
        gap_trim.eq_ignore_ascii_case("to") || (between && gap_trim.eq_ignore_ascii_case("and"));
    let (lo, hi) = (a.value?, b.value?);
    // Money and a bare figure make a range only when written as one ("£5-10").
    let compatible = a.money == b.money || dash || to;
    if !((dash || to) && compatible && hi > lo && !a.word && !b.word && a.label.is_none()) {
        return None;
    }
    let money = a.money || b.money;
    let kind = if money {
        ValueKind::Money
    } else if a.kind == ValueKind::Wte || b.kind == ValueKind::Wte {
        ValueKind::Wte
    } else if b.kind == ValueKind::Percent {
        ValueKind::Percent
    } else {
        ValueKind::Range
    };
    let mut r = b.clone();
    r.span = Span::new(a.span.start, b.span.end);
    r.kind = kind;
    r.value = None;
    r.min = Some(lo);
    r.max = Some(hi);
    r.money = money;
    r.approximate =
        a.approximate && b.approximate && !matches!(a.ambiguity, Some(Ambiguity::Approximate));
    if !r.approximate
        && matches!(r.ambiguity, Some(Ambiguity::Approximate))
        && !APPROX_BEFORE.is_match(text::tail(&line[..a.span.start - base], 40))
    {
        r.ambiguity = None;
    }
    if money {
        r.unit = Some("GBP".into());
    }
    Some(r)
}

/// "IP coded activity = 244,608", "Total agency 2023/24: £8,161,319.97",
/// "Band 8a: 1WTE": the words before `=`/`:`/`–` name the figure after it.
fn attach_labels(line: &str, base: usize, figures: &mut [Figure]) {
    for k in 0..figures.len() {
        if figures[k].label.is_some() {
            continue;
        }
        let start = figures[k].span.start - base;
        let before = line[..start].trim_end();
        let Some(sep) = before.chars().next_back() else {
            continue;
        };
        if !matches!(sep, '=' | ':' | '–' | '—' | '-') {
            // "245 (0.1%)": a bracketed percentage shares its figure's label.
            if before.ends_with('(') && k > 0 {
                let prev = &figures[k - 1];
                let gap = &line[prev.span.end - base..start];
                if gap.trim() == "(" {
                    figures[k].label = prev.label.clone();
                }
            } else {
                // "inpatient 121,440", "Substantive 33.2 WTE": a breakdown word just before.
                let word = prev_word(line, start);
                if LABEL_WORDS.contains(&word.as_str()) {
                    figures[k].label = Some(normalise_label(&word));
                }
            }
            continue;
        }
        // A label is a few words: look no further back than a line's worth.
        let raw_head = before[..before.len() - sep.len_utf8()].trim_end();
        let head = text::tail(raw_head, 160);
        let head_start = raw_head.len() - head.len();
        let clause_start = head
            .rfind(['&', ',', ';', '(', '|', '\t', '•'])
            .map_or(0, |i| i + 1);
        // Not reaching back past the figure before.
        let prev_fig_end = if k > 0 {
            figures[k - 1].span.end.saturating_sub(base)
        } else {
            0
        };
        let clause_start =
            clause_start.max(prev_fig_end.saturating_sub(head_start).min(head.len()));
        let label = head[clause_start..]
            .trim()
            .trim_start_matches(['-', '–', '—', '*', '•', ' '])
            .trim();
        let words = label.split_whitespace().count();
        if (1..=12).contains(&words) && label.chars().any(char::is_alphabetic) {
            figures[k].label = Some(normalise_label(label));
        }
    }
}

/// "IP …" → inpatient, "OP …" → outpatient; other labels as written.
fn normalise_label(label: &str) -> String {
    let first = label
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    match first.as_str() {
        "ip" | "inpatient" | "inpatients" | "in-patient" | "in-patients" => "inpatient".into(),
        "op" | "outpatient" | "outpatients" | "out-patient" | "out-patients" => "outpatient".into(),
        "permanent" => "substantive".into(),
        _ if label.split_whitespace().count() == 1 => first,
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(line: &str) -> Vec<(ValueKind, Vec<f64>)> {
        scan(line, 0)
            .into_iter()
            .map(|f| (f.kind, f.numbers()))
            .collect()
    }

    fn nums(line: &str) -> Vec<f64> {
        scan(line, 0).iter().flat_map(Figure::numbers).collect()
    }

    #[test]
    fn plain_and_separated() {
        assert_eq!(nums("6793 episodes were coded in 2024"), [6793.0]);
        assert_eq!(
            nums("There were 202,973 (including well babies) spells"),
            [202973.0]
        );
        assert_eq!(nums("0."), [0.0]);
        assert_eq!(
            nums("On average there are 158 finished inpatient episodes per month."),
            [158.0]
        );
    }

    #[test]
    fn suffixes_money_percent_wte() {
        let f = &scan("84.5K", 0)[0];
        assert_eq!((f.value, f.approximate), (Some(84500.0), true));
        for (text, value) in [
            ("£1.2 million", 1.2e6),
            ("£3 billion", 3e9),
            ("2.5 million", 2.5e6),
        ] {
            let f = &scan(text, 0)[0];
            assert_eq!((f.value, f.approximate), (Some(value), true), "{text}");
        }
        // "c." is circa: about 450, not 0.45.
        let f = &scan("c.450", 0)[0];
        assert_eq!((f.value, f.approximate), (Some(450.0), true));
        assert_eq!(nums("0.45 and .5"), [0.45, 0.5]);
        assert_eq!(
            values("£60k to £80k"),
            [(ValueKind::Money, vec![60000.0, 80000.0])]
        );
        assert_eq!(values("0.1%"), [(ValueKind::Percent, vec![0.1])]);
        assert_eq!(values("1.8 WTE."), [(ValueKind::Wte, vec![1.8])]);
        assert_eq!(
            values("Band 4: 9.16WTE, Band 3: 17WTE"),
            [(ValueKind::Wte, vec![9.16]), (ValueKind::Wte, vec![17.0])]
        );
        assert_eq!(
            values("costing £32.45 per hour"),
            [(ValueKind::Money, vec![32.45])]
        );
        assert_eq!(
            values("£93,174,404.30"),
            [(ValueKind::Money, vec![93174404.3])]
        );
        assert_eq!(nums("Yes, 3M"), Vec::<f64>::new());
        assert_eq!(nums("£1.2m"), [1_200_000.0]);
    }

    #[test]
    fn ranges() {
        assert_eq!(
            values("Average of 30-35 FCEs per day"),
            [(ValueKind::Range, vec![30.0, 35.0])]
        );
        assert_eq!(
            values("30- 40 FCEs every coder"),
            [(ValueKind::Range, vec![30.0, 40.0])]
        );
        assert_eq!(
            values("between 10 and 12 weeks"),
            [(ValueKind::Range, vec![10.0, 12.0])]
        );
    }

    #[test]
    fn not_figures() {
        assert!(nums("Exempt under Section 40 – personal details").is_empty());
        assert!(nums("cost limit under section 12(1) of the Act 2000").is_empty());
        assert!(nums("Please see response to Question 1 above.").is_empty());
        assert!(nums("Not applicable as per A9").is_empty());
        assert!(nums("Refer to attached document: HWHCT 340 FOI").is_empty());
        assert!(nums("Tel: 01795 514525").is_empty());
        assert!(nums("We use ICD-10 5th Edition UK").is_empty());
        assert!(nums("between 01/01/2024 and 31/12/2024").is_empty());
        assert!(nums("Methodology v8 by the team").is_empty());
        assert!(nums("Date Request Replied To: 11/11/2025 00:00:00").is_empty());
        assert!(nums("in the year 2024/25").is_empty());
        assert!(nums("Figures for December 2018 to November 2019").is_empty());
        assert!(nums("1st June 2021 to 31st May 2022").is_empty());
        assert!(nums("Progressive Supranuclear Palsy  G23.1").is_empty());
        assert!(nums("In response to questions 6 and 7 of this request").is_empty());
        assert!(nums("Band 7 Agency Clinical Coders").is_empty());
        assert!(nums("RG24 9NA").is_empty());
        assert!(nums("sarah.smith11@nhs.net").is_empty());
        assert_eq!(
            nums("1 Contractor from May 16, 2 from June 16 & 3 from July"),
            [1.0, 2.0, 3.0]
        );
        assert_eq!(
            nums("1x Band 6 Manager, 2x Band 5 Deputy Managers, 18x Band 4 and 14x Band 3 & 2"),
            [1.0, 2.0, 18.0, 14.0]
        );
    }

    #[test]
    fn fractions_and_slashes() {
        assert_eq!(
            nums("1088/1345 (81%) audited episodes"),
            [1088.0, 1345.0, 81.0]
        );
        assert_eq!(nums("/ 1105 / 430/1329*"), [1105.0, 430.0, 1329.0]);
    }

    #[test]
    fn words_and_idioms() {
        assert_eq!(nums("Eight"), [8.0]);
        assert_eq!(nums("split over three sites"), [3.0]);
        assert_eq!(
            nums("two qualified trainers plus one qualified auditor"),
            [2.0, 1.0]
        );
        assert!(nums("no one was able to say").is_empty());
        assert!(nums("one of the teams").is_empty());
    }

    #[test]
    fn labels() {
        let f = scan(
            "IP coded activity = 244,608 & OP coded activity = 860,437",
            0,
        );
        let got: Vec<(Option<String>, f64)> = f
            .iter()
            .map(|f| (f.label.clone(), f.value.unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("inpatient".into()), 244608.0),
                (Some("outpatient".into()), 860437.0)
            ]
        );
        let f = scan("1.0 substantive / 0.8 agency.", 0);
        let got: Vec<Option<String>> = f.iter().map(|f| f.label.clone()).collect();
        assert_eq!(got, [Some("substantive".into()), Some("agency".into())]);
        let f = scan("IP uncoded = 245 (0.1%) & OP uncoded = 155 (0.02%)", 0);
        let got: Vec<Option<String>> = f.iter().map(|f| f.label.clone()).collect();
        assert_eq!(
            got,
            [
                Some("inpatient".into()),
                Some("inpatient".into()),
                Some("outpatient".into()),
                Some("outpatient".into())
            ]
        );
    }

    #[test]
    fn malformed_grouping_has_two_readings() {
        let f = &scan("aside from 2021/23 – £1,040,18 – one individual", 0);
        assert_eq!(f[0].value, Some(104018.0));
        assert_eq!(f[0].alternatives[0].value, Scalar::Number(1040.18));
        assert_eq!(f[1].value, Some(1.0));
    }

    #[test]
    fn spans_are_exact() {
        let line = "Total agency spend is £129,867 and 84.5K";
        let f = scan(line, 10);
        assert_eq!(
            f[0].span.slice(&format!("{}{line}", " ".repeat(10))),
            "£129,867"
        );
        assert_eq!(&line[f[1].span.start - 10..f[1].span.end - 10], "84.5K");
    }
}
