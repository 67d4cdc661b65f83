//! Document meta: the answering organisation, its reference, the response
//! date (UK day-first) and the subject, read from the letterhead, the header
//! fields and the sign-off.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::model::{Located, Meta, Span};
use crate::engine::text::{self, Line};

/// Reads the meta of `text`. `body_start` is where the first question starts:
/// header fields are looked for before it; `letterhead_end` is where the
/// request starts (the letterhead names the body, the request may name
/// others). `lines` are `text::lines(text)`.
pub fn read(
    text: &str,
    lines: &[Line],
    (body_start, letterhead_end): (usize, usize),
    closing_start: Option<usize>,
) -> Meta {
    // The header: every line before the first question, and the part of its
    // line before it ("Responded Thu 14 November 20191. Do you …").
    // No question found: the header is the first lines.
    let body_start = if body_start == 0 {
        lines
            .get(HEADER_WITHOUT_QUESTIONS)
            .map_or(text.len(), |l| l.span.start)
    } else {
        body_start
    };
    let clipped: Vec<Line> = lines
        .iter()
        .filter(|l| l.span.start < body_start)
        .map(|l| Line {
            span: Span::new(l.span.start, l.span.end.min(body_start)),
            index: l.index,
        })
        .collect();
    let header: Vec<&Line> = clipped.iter().collect();
    Meta {
        organisation: organisation(text, lines, letterhead_end.min(body_start), closing_start),
        reference: reference(text, &header)
            .or_else(|| reference(text, &lines.iter().take(12).collect::<Vec<_>>()))
            // Web pages of published responses print it in a footer.
            .or_else(|| reference(text, &lines.iter().collect::<Vec<_>>())),
        // A date labelled as the reply's may follow the request ("1. The
        // number of …?" / "Response 08-09-2025" / the answers).
        date: date(text, &header)
            .or_else(|| date(text, &lines.iter().collect::<Vec<_>>()).filter(|d| d.labelled))
            .map(|d| d.located),
        subject: subject(text, &header),
    }
}

/// How many lines count as the header of a text where no question was found.
const HEADER_WITHOUT_QUESTIONS: usize = 40;

// ---------------------------------------------------------------- organisation

/// The words an organisation's name ends with (or starts with, for "NHS …"):
/// lines without one are not searched further.
static ORG_WORD: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"Trust|Council|Board|Authority|Police|Constabulary|Commission|Government|Ministry|Agency|Group|Service|University|Department|Office|Executive|NHS[\ \x{A0}]",
    )
});

static ORG: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?x)
        # Central government and its offices, named from the front (first:
        # 'Office of the Police …' is not 'Office of the Police').
        \b(?:Department|Ministry|Office)[\ \x{A0}]+(?:for|of)[\ \x{A0}]+(?:the[\ \x{A0}]+)?[A-Z][\w’'-]*
            (?:[\ \x{A0}]+(?:(?:and|&|of|for|the)[\ \x{A0}]+)?[A-Z][\w’'-]*){0,6}
        |\b(?:[A-Z][\w’'&.-]*)
        (?:[\ \t\x{A0}]+(?:and|of|&|for|the|upon|on|in|[A-Z][\w’'&.-]*))*?
        [\ \t\x{A0}]+
        (?:
            (?:Trust|Council|Health[\ \x{A0}]Board|Authority|Police|Constabulary|Commission|Government|Ministry|Agency|Clinical[\ \x{A0}]Commissioning[\ \x{A0}]Group|Integrated[\ \x{A0}]Care[\ \x{A0}]Board|Fire[\ \x{A0}]and[\ \x{A0}]Rescue[\ \x{A0}]Service|Ambulance[\ \x{A0}]Service|Police[\ \x{A0}]Service)\b
            # … Ambulance Service NHS Trust
            (?:[\ \x{A0}]NHS(?:[\ \x{A0}]Foundation)?[\ \x{A0}]Trust\b)?
            # X University, before what cannot carry the name on
          | University(?:[\ \x{A0}]*$|[\ \x{A0}]*[,.;:)]|[\ \x{A0}]+[a-z0-9])
        )
        |\bNHS[\ \x{A0}][A-Z][a-z]+(?:[\ \x{A0}][A-Z][a-z]+)?\b
        |\bUniversity[\ \x{A0}]of[\ \x{A0}](?:the[\ \x{A0}])?[A-Z][a-z]+(?:[\ \x{A0}][A-Z][a-z]+){0,2}\b
        |\b(?:Home|Cabinet|Scotland|Wales|Northern[\ \x{A0}]Ireland)[\ \x{A0}]Office\b
        |\b(?:[A-Z][\w’'-]*[\ \x{A0}]+(?:and[\ \x{A0}]+)?){1,4}Executive\b",
    )
});

/// Words that describe a kind of body rather than name one.
const GENERIC: &[&str] = &[
    "nhs",
    "foundation",
    "trust",
    "health",
    "care",
    "partnership",
    "community",
    "mental",
    "acute",
    "teaching",
    "integrated",
    "specialist",
    "district",
    "general",
    "local",
    "hospital",
    "hospitals",
    "and",
    "of",
    "the",
    "social",
    "council",
    "county",
    "borough",
    "city",
    "board",
    "authority",
    "police",
    "service",
    "services",
    "university",
    "ambulance",
    "children's",
    "primary",
    "secondary",
    "information",
    "freedom",
    "commissioner",
    "commissioner's",
];

fn clean_org(raw: &str) -> Option<String> {
    // "Search the X Trust website" → "X Trust"; "The X Trust" → "X Trust".
    let mut s = raw;
    if let Some(i) = s.rfind(" the ") {
        // "Office of the Police and Crime Commissioner" keeps its "of the".
        if !(s[..i].ends_with(" of") || s[..i].ends_with(" for")) {
            s = &s[i + 5..];
        }
    }
    let s = s.strip_prefix("The ").unwrap_or(s);
    let s = s.trim();
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    if words.iter().all(|w| {
        GENERIC.contains(
            &w.to_lowercase()
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .trim_end_matches("'s"),
        )
    }) {
        return None;
    }
    const OPENERS: &[&str] = &[
        "Dear", "Search", "Welcome", "Thank", "Please", "From", "To", "Our", "Your", "This", "At",
        "By", "In", "For", "Each", "Every", "Which", "A", "An", "As", "If",
    ];
    if OPENERS.contains(&words[0]) {
        return clean_org(&words[1..].join(" ")).or(None);
    }
    Some(words.join(" "))
}

/// How many lines from the start and from the end are searched for the
/// organisation's name.
const ORG_HEAD_LINES: usize = 300;
const ORG_TAIL_LINES: usize = 120;

fn organisation(
    text: &str,
    lines: &[Line],
    body_start: usize,
    closing_start: Option<usize>,
) -> Option<Located> {
    let header_end = lines
        .get(lines.len().min(15).saturating_sub(1))
        .map_or(0, |l| l.span.end)
        .min(body_start.max(1));
    let mut candidates = OrgCandidates::default();
    // The letterhead, the first answers and the sign-off name the body; a
    // long document's middle adds nothing but time.
    let near_ends = |k: usize| k < ORG_HEAD_LINES || k + ORG_TAIL_LINES >= lines.len();
    for (k, line) in lines.iter().enumerate() {
        if !near_ends(k) {
            continue;
        }
        let s = line.span.slice(text);
        if !ORG_WORD.is_match(s) {
            continue;
        }
        let place = OrgPlace {
            header_end,
            closing_start,
        };
        match letterhead_join(text, lines, k, header_end) {
            Some((joined, start)) => {
                let whole = Span::new(start, line.span.end);
                candidates.add_mentions(&joined, start, Some(whole), place);
            }
            None => candidates.add_mentions(s, line.span.start, None, place),
        }
    }
    candidates.best()
}

/// A letterhead split over two lines ("Kent and Medway" / "NHS and … Trust"):
/// line `k` joined to the title line before it, with where that one starts.
fn letterhead_join(
    text: &str,
    lines: &[Line],
    k: usize,
    header_end: usize,
) -> Option<(String, usize)> {
    let line = &lines[k];
    let s = line.span.slice(text);
    if !(k > 0 && line.span.end <= header_end && s.trim_start().starts_with("NHS")) {
        return None;
    }
    let prev = lines[..k]
        .iter()
        .rev()
        .find(|l| !l.span.slice(text).trim().is_empty())?;
    if !is_title_line(prev.span.slice(text)) {
        return None;
    }
    Some((
        format!("{} {}", prev.span.slice(text).trim(), s.trim()),
        prev.span.start,
    ))
}

/// Where the letterhead ends and the sign-off starts: names there weigh more.
#[derive(Clone, Copy)]
struct OrgPlace {
    header_end: usize,
    closing_start: Option<usize>,
}

struct OrgCandidate {
    name: String,
    span: Span,
    score: i32,
    first: usize,
}

/// The organisations named so far, by lowercased name without "NHS".
#[derive(Default)]
struct OrgCandidates(HashMap<String, OrgCandidate>);

impl OrgCandidates {
    fn add(&mut self, name: String, span: Span, bonus: i32) {
        let key = name.to_lowercase().replace(" nhs", "");
        let entry = self.0.entry(key).or_insert(OrgCandidate {
            name: name.clone(),
            span,
            score: 0,
            first: span.start,
        });
        entry.score += 1 + bonus;
        // The fullest spelling names it ("… NHS Foundation Trust").
        if name.len() > entry.name.len() {
            entry.name = name;
            entry.span = span;
        }
    }

    /// Adds the organisations `hay` names: a line starting at `base`, or a
    /// letterhead joined from two lines, each name then spanning `whole`.
    fn add_mentions(&mut self, hay: &str, base: usize, whole: Option<Span>, place: OrgPlace) {
        // Once per line, and only the words next to each name: a long line
        // holds many names, and looking at all of it for each took the
        // square of its length.
        let mut owner_line: Option<bool> = None;
        for m in ORG.find_iter(hay) {
            // "X University" ends a name only before what cannot carry it on
            // ("Brackenfield University Hospitals NHS Trust" goes on): the
            // pattern took that next character, which is no part of it.
            let (start, end) = match m.as_str().rfind("University") {
                Some(i)
                    if !m.as_str()[i..].starts_with("University of")
                        && m.as_str()[i + "University".len()..]
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .count()
                            <= 1 =>
                {
                    (m.start(), m.start() + i + "University".len())
                }
                _ => (m.start(), m.end()),
            };
            let found = &hay[start..end];
            let before = &hay[..start];
            // "is an integrated Community and Mental Health Trust": a description.
            if before.split_whitespace().rev().take(2).any(|w| {
                ["a", "an", "integrated", "another"]
                    .iter()
                    .any(|d| w.eq_ignore_ascii_case(d))
            }) {
                continue;
            }
            // "Acute Trust: X NHS Foundation Trust": a form's field name.
            if hay[end..].trim_start_matches([' ', '\t']).starts_with(':') {
                continue;
            }
            let Some(name) = clean_org(found) else {
                continue;
            };
            let span = whole.unwrap_or(Span::new(base + start, base + end));
            let mut bonus = 0;
            if span.end <= place.header_end {
                bonus += 2;
            }
            if place.closing_start.is_some_and(|c| span.start >= c) {
                bonus += 2;
            }
            // "© X Trust", "the property of X Trust", "on behalf of X Trust".
            if *owner_line.get_or_insert_with(|| {
                let lower = hay.to_lowercase();
                lower.contains('©')
                    || lower.contains("property of")
                    || lower.trim_start().starts_with("on behalf of")
            }) {
                bonus += 2;
            }
            if before.trim_start().is_empty() && hay.trim() == found.trim() {
                // A line of its own (letterhead, signature).
                bonus += 2;
            }
            self.add(name, span, bonus);
        }
    }

    /// The most mentioned organisation, the earliest on a tie. "X NHS Trust"
    /// and "X NHS Foundation Trust" are one body: the fuller spelling takes
    /// the shorter one's mentions.
    fn best(self) -> Option<Located> {
        let mut candidates: Vec<OrgCandidate> = self.0.into_values().collect();
        candidates.sort_by_key(|c| std::cmp::Reverse(c.name.len()));
        let words = |s: &str| -> Vec<String> {
            s.to_lowercase()
                .split_whitespace()
                .filter(|w| *w != "nhs")
                .map(str::to_string)
                .collect()
        };
        let mut merged: Vec<OrgCandidate> = Vec::new();
        for c in candidates {
            let cw = words(&c.name);
            match merged.iter_mut().find(|m| {
                let mw = words(&m.name);
                mw.first() == cw.first() && cw.iter().all(|w| mw.contains(w))
            }) {
                Some(m) => {
                    m.score += c.score;
                    m.first = m.first.min(c.first);
                }
                None => merged.push(c),
            }
        }
        merged
            .into_iter()
            .max_by(|a, b| a.score.cmp(&b.score).then(b.first.cmp(&a.first)))
            .map(|c| Located {
                text: c.name,
                span: c.span,
            })
    }
}

fn is_title_line(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.len() < 60
        && !t.ends_with(['.', ',', ':', ';'])
        && t.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) || matches!(w, "and" | "of" | "&" | "the")
        })
}

// ------------------------------------------------------------------- reference

static REF_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?ix)
        (?:^|[\s(*–\-|│])
        (?:our\s+ref(?:erence)?|internal\s+reference\s+number|reference\s+number|request\s+ref(?:erence)?|ref(?:erence)?\.?\s*(?:no\.?|number)?|foi\s+(?:ref(?:erence)?|number|no\.?|id)|foi\s+request\s+(?:ref(?:erence)?|number|id)|case\s+(?:ref(?:erence)?|number|no\.?)|case\s*:|request\s+(?:id|number))
        # REQUEST REFERENCE NO: the number word after any label.
        (?:\s+(?:no\.?|number)(?:\s|:|$))?
        \s*(?:\*\*)?\s*[:.\-–]?\s*(?:\*\*)?[\ \t]*",
    )
});

static FOI_CODE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"\b(?:[A-Z]{2,6}-)?(?:FOI|FoI|Foi)[A-Z]{0,3}(?:[\s_\-]?(?:ID|Id|No\.?)\s*)?[\s_\-/]?\d[\w/\-]*(?:\s\d{1,6}\b)?|\b[A-Z]{2,6}-\d{2,}(?:[-/]\d+)*\b|\b[A-Z]{3,6}[ /]?\d{4,}\b",
    )
});

/// A reference printed after the word "request" or on a line of its own
/// in the letterhead: "Freedom of Information request 058-2023", "Request
/// 101003838548", "DE00000388788".
static BARE_REF: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(r"(?i)\brequest\s+(?:no\.?\s*)?(\d[\w/\-]*\d)\b|^\s*([A-Z]{1,4}\d{6,})\s*$")
});

static REF_IS: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?i)^(?:[a-z]+\s+){0,5}is\s+([A-Za-z]{0,6}[\-/]?\d[\w/\-]*)"));

fn reference(text: &str, lines: &[&Line]) -> Option<Located> {
    for (k, line) in lines.iter().enumerate() {
        let s = line.span.slice(text);
        if let Some(m) = REF_LABEL.find(s) {
            let mut value_span = Span::new(line.span.start + m.end(), line.span.end);
            let mut value = value_span.slice(text).trim();
            if value.is_empty() {
                // "- FoI Number" / "- 2023-038": the value is on the next line.
                if let Some(next) = lines.get(k + 1) {
                    let t = next.span.slice(text);
                    let lead = t.len() - t.trim_start_matches(['-', '•', '*', ' ', '\t']).len();
                    value_span = Span::new(next.span.start + lead, next.span.end);
                    value = value_span.slice(text).trim();
                }
            }
            if let Some(located) = ref_value(text, value_span, value) {
                return Some(located);
            }
        }
    }
    for line in lines {
        let s = line.span.slice(text);
        if let Some(m) = FOI_CODE.find(s) {
            let span = Span::new(line.span.start + m.start(), line.span.start + m.end());
            return Some(Located {
                text: m.as_str().trim().to_string(),
                span,
            });
        }
    }
    for line in lines {
        let s = line.span.slice(text);
        if let Some(m) = BARE_REF
            .captures(s)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
        {
            let span = Span::new(line.span.start + m.start(), line.span.start + m.end());
            return Some(Located {
                text: m.as_str().to_string(),
                span,
            });
        }
    }
    None
}

fn ref_value(text: &str, span: Span, value: &str) -> Option<Located> {
    // "| Reference | 2025-113695 |": the value in the next cell.
    let value = value.trim_start_matches(['|', '│', ' ', '\t']);
    let raw = span.slice(text);
    let lead = raw.len() - raw.trim_start_matches(['|', '│', ' ', '\t']).len();
    let start = span.start + lead;
    // "Your new reference number for all requests  is 546-1920": the code
    // said after "is", past any gap.
    if let Some(c) = REF_IS.captures(value) {
        let code = c.get(1)?;
        let code_text = code.as_str().trim_end_matches(['.', ',', ';', ')']);
        return Some(Located {
            text: code_text.to_string(),
            span: Span::new(start + code.start(), start + code.start() + code_text.len()),
        });
    }
    // Up to a wide gap, a bracket, a dash between words, or the end.
    let mut end = value.len();
    // A table's cell ends it too ("│reference number: RI2829. Please │").
    for stop in ["  ", " (", " – ", " - ", "\t", "**", "|", "│", ". "] {
        if let Some(i) = value.find(stop) {
            end = end.min(i);
        }
    }
    let v = value[..end].trim().trim_end_matches(['.', ',', ';']);
    // "reference number for all requests is 546-1920": the code among words.
    if v.split_whitespace().count() > 3 {
        if let Some(code) = v
            .split_whitespace()
            .find(|w| w.chars().filter(char::is_ascii_digit).count() >= 3)
        {
            let at = v.find(code).unwrap_or(0);
            let code = code.trim_end_matches(['.', ',', ';', ')']);
            return Some(Located {
                text: code.to_string(),
                span: Span::new(start + at, start + at + code.len()),
            });
        }
    }
    if v.is_empty()
        || v.len() > 40
        || !v.chars().any(|c| c.is_ascii_digit())
        || v.split_whitespace().count() > 3
    {
        return None;
    }
    Some(Located {
        text: v.to_string(),
        span: Span::new(start, start + v.len()),
    })
}

// ------------------------------------------------------------------------ date

static DATE_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)?\d{2})\b"));

static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b"));

static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?\s+((?:19|20)\d{2})",
    )
});

static DATE_US_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,\s+((?:19|20)\d{2})",
    )
});

static RESPONSE_DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)(?:date\s+(?:request\s+)?(?:replied|responded|of\s+(?:response|reply)|sent|issued)|response\s+date|date\s+of\s+response|responded|replied|date\s+responded|reply\s+date|date\s+(?:of\s+)?(?:response|reply)\s+(?:sent|issued)|response\s+(?:published|sent|issued)|^\W*sent\s*:|^\W*response\s*:?\s*$|^\W*response\s+\d)",
    )
});

static OTHER_DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)(?:received|requested|posted|date\s+of\s+request|request\s+date|due|deadline|acknowledged|logged)",
    )
});

fn month_number(m: &str) -> Option<u32> {
    let m = m.to_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS
        .iter()
        .position(|p| m.starts_with(p))
        .map(|i| i as u32 + 1)
}

fn days_in(month: u32, year: i32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The first date in `s` as `(YYYY-MM-DD, byte range)`; UK day-first.
pub fn find_date(s: &str) -> Option<(String, usize, usize)> {
    let mut found: Vec<(usize, usize, i32, u32, u32)> = Vec::new();
    for c in DATE_NUMERIC.captures_iter(s) {
        let (d, m, y) = (c[1].parse().ok()?, c[2].parse().ok()?, c[3].to_string());
        let y: i32 = if y.len() == 2 {
            2000 + y.parse::<i32>().ok()?
        } else {
            y.parse().ok()?
        };
        let whole = c.get(0)?;
        found.push((whole.start(), whole.end(), y, m, d));
    }
    for c in DATE_ISO.captures_iter(s) {
        let whole = c.get(0)?;
        found.push((
            whole.start(),
            whole.end(),
            c[1].parse().ok()?,
            c[2].parse().ok()?,
            c[3].parse().ok()?,
        ));
    }
    for c in DATE_WORDS.captures_iter(s) {
        let whole = c.get(0)?;
        found.push((
            whole.start(),
            whole.end(),
            c[3].parse().ok()?,
            month_number(&c[2])?,
            c[1].parse().ok()?,
        ));
    }
    for c in DATE_US_WORDS.captures_iter(s) {
        let whole = c.get(0)?;
        found.push((
            whole.start(),
            whole.end(),
            c[3].parse().ok()?,
            month_number(&c[1])?,
            c[2].parse().ok()?,
        ));
    }
    found
        .into_iter()
        .filter(|&(_, _, y, m, d)| (1..=12).contains(&m) && d >= 1 && d <= days_in(m, y))
        .min_by_key(|f| f.0)
        .map(|(a, b, y, m, d)| (format!("{y:04}-{m:02}-{d:02}"), a, b))
}

fn date(text: &str, header: &[&Line]) -> Option<DateFound> {
    let located = |line: &Line, (iso, a, b): (String, usize, usize)| Located {
        text: iso,
        span: Span::new(line.span.start + a, line.span.start + b),
    };
    let mut labelled: Option<Located> = None;
    let mut plain_label: Option<Located> = None;
    let mut standalone: Option<Located> = None;
    for (k, line) in header.iter().enumerate() {
        let s = line.span.slice(text);
        let Some(found) = find_date(s) else {
            continue;
        };
        let before = &s[..found.1];
        // "- Date Received" / "- 19/04/2023": the label is on the line above.
        let prev = if before.trim_matches(['-', '•', '*', ' ', '\t']).is_empty() && k > 0 {
            header[k - 1].span.slice(text)
        } else {
            ""
        };
        let label = format!("{prev} {before}");
        if RESPONSE_DATE_LABEL.is_match(&label) {
            labelled.get_or_insert(located(line, found));
        } else if OTHER_DATE_LABEL.is_match(&label) {
            continue;
        } else if label.to_lowercase().contains("date")
            || label.to_lowercase().contains("published")
        {
            plain_label.get_or_insert(located(line, found));
        } else {
            let rest = s[found.2..].trim();
            let lead = before
                .trim()
                .trim_start_matches(|c: char| c.is_alphabetic())
                .trim();
            // A letter's date line: the date alone (perhaps after a weekday).
            if lead.is_empty()
                && (rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()))
                && before.split_whitespace().count() <= 1
            {
                standalone.get_or_insert(located(line, found));
            }
        }
    }
    labelled
        .map(|l| (l, true))
        .or(plain_label.map(|l| (l, false)))
        .or(standalone.map(|l| (l, false)))
        .map(|(located, labelled)| DateFound { located, labelled })
}

/// A date found, and whether a label names it the reply's.
struct DateFound {
    located: Located,
    labelled: bool,
}

// --------------------------------------------------------------------- subject

static SUBJECT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\W*(?:subject|request\s+summary|re|regarding|title|topic)\s*(?:\*\*)?\s*[:\-–]\s*(?:\*\*)?\s*",
    )
});

fn subject(text: &str, header: &[&Line]) -> Option<Located> {
    for (k, line) in header.iter().enumerate() {
        let s = line.span.slice(text);
        if let Some(m) = SUBJECT_LABEL.find(s) {
            let mut span =
                text::trim_span(text, Span::new(line.span.start + m.end(), line.span.end));
            if span.slice(text).trim_matches(['-', ' ']).is_empty() {
                // "regarding: -" then the subject on its own line.
                if let Some(next) = header[k + 1..]
                    .iter()
                    .find(|l| !l.span.slice(text).trim().is_empty())
                {
                    span = text::trim_span(text, next.span);
                }
            }
            let v = span.slice(text).trim_matches(['-', ' ', '*']);
            if !v.is_empty() && v.len() < 120 {
                return Some(Located {
                    text: v.to_string(),
                    span,
                });
            }
        }
        if s.trim().eq_ignore_ascii_case("- subject") || s.trim().eq_ignore_ascii_case("subject") {
            if let Some(next) = header.get(k + 1) {
                let t = next.span.slice(text).trim().trim_start_matches(['-', ' ']);
                if !t.is_empty() {
                    let start = next.span.end - t.len();
                    return Some(Located {
                        text: t.to_string(),
                        span: Span::new(start, next.span.end),
                    });
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_day_first() {
        assert_eq!(
            find_date("Date 04/03/2025").map(|d| d.0),
            Some("2025-03-04".into())
        );
        assert_eq!(
            find_date("**Date:** 29 January 2025").map(|d| d.0),
            Some("2025-01-29".into())
        );
        assert_eq!(
            find_date("Responded Thu 14 November 20191. Do you").map(|d| d.0),
            Some("2019-11-14".into())
        );
        assert_eq!(find_date("31/02/2025"), None);
        assert_eq!(
            find_date("Date: 2025-03-04").map(|d| d.0),
            Some("2025-03-04".into())
        );
    }

    #[test]
    fn header_fields() {
        let t = "Ref. No: FOI2030\nDate: 04/09/2025\nSubject: Clinical Coding\n\n1. How many?\n";
        let body = t.find("1.").unwrap();
        let m = read(t, &text::lines(t), (body, body), None);
        assert_eq!(m.reference.unwrap().text, "FOI2030");
        assert_eq!(m.date.unwrap().text, "2025-09-04");
        assert_eq!(m.subject.unwrap().text, "Clinical Coding");
    }

    #[test]
    fn received_dates_are_not_the_response_date() {
        let t = "Date Request Received: 05/11/2025 00:00:00\nDate Request Replied To: 11/11/2025 00:00:00\n1. Q?\n";
        let body = t.find("1.").unwrap();
        let m = read(t, &text::lines(t), (body, body), None);
        assert_eq!(m.date.unwrap().text, "2025-11-11");
    }

    #[test]
    fn organisations() {
        let t = "Dear Sir\n1. Q?\nThe Northwick Valley NHS Foundation Trust is an integrated Community and Mental Health Trust.\nYours sincerely\nNorthwick Valley NHS Foundation Trust\n";
        let body = t.find("1.").unwrap();
        let m = read(t, &text::lines(t), (body, body), t.find("Yours"));
        assert_eq!(
            m.organisation.unwrap().text,
            "Northwick Valley NHS Foundation Trust"
        );
        // Universities, named either way round.
        let org = |t: &str| meta_of(t).organisation.map(|o| o.text);
        assert_eq!(
            org("Dear Kestrel Metropolitan University,\n1. Q?\n").as_deref(),
            Some("Kestrel Metropolitan University")
        );
        assert_eq!(
            org("Information Compliance, University of North Wessex\n1. Q?\n").as_deref(),
            Some("University of North Wessex")
        );
        // A form's field name is no organisation: the value after it is.
        let t = "Name: Dr A Patel Position: Consultant Acute Trust: Fenmoor NHS Foundation Trust Email: a@b.example\n1. Q?\n";
        let m = meta_of(t);
        assert_eq!(m.organisation.unwrap().text, "Fenmoor NHS Foundation Trust");
    }

    fn meta_of(t: &str) -> Meta {
        let body = t.find("1.").unwrap_or(0);
        read(t, &text::lines(t), (body, body), None)
    }

    #[test]
    fn dates_in_the_forms_letters_and_pages_print_them() {
        let date = |t: &str| meta_of(t).date.map(|d| d.text);
        assert_eq!(
            date("Response published: 6 September 2023\n1. How many?\n").as_deref(),
            Some("2023-09-06")
        );
        assert_eq!(
            date("Date response sent: 10/12/2024\n1. How many?\n").as_deref(),
            Some("2024-12-10")
        );
        assert_eq!(
            date("From: FOI Team\nSent: 21 January 2025 16:42\n1. How many?\n").as_deref(),
            Some("2025-01-21")
        );
        assert_eq!(
            date("Request 4411\nResponse 08-09-2025\n1. How many?\n").as_deref(),
            Some("2025-09-08")
        );
        assert_eq!(
            date("Date received: 02/01/2025\nDate responded: 2025-01-20\n1. How many?\n")
                .as_deref(),
            Some("2025-01-20")
        );
        // The reply's date after the request it answers, labelled as the
        // reply's; an unlabelled date there is the request's business.
        assert_eq!(
            date("Kestrel Council\n1. How many?\nResponse 03-02-2025\n1. Twelve.\n").as_deref(),
            Some("2025-02-03")
        );
        assert_eq!(
            date("Kestrel Council\n1. How many since 03/02/2024?\n1. Twelve.\n").as_deref(),
            None
        );
    }

    #[test]
    fn references_of_any_shape() {
        let reference = |t: &str| meta_of(t).reference.map(|r| r.text);
        assert_eq!(
            reference("Freedom of Information request 058-2023\n1. How?\n").as_deref(),
            Some("058-2023")
        );
        assert_eq!(
            reference("Request 101003838548\n1. How?\n").as_deref(),
            Some("101003838548")
        );
        assert_eq!(
            reference("DE00000388788\n24 February 2009\n1. How?\n").as_deref(),
            Some("DE00000388788")
        );
        assert_eq!(
            reference("RE: FOI request AMU-0057-25 - coding\n1. How?\n").as_deref(),
            Some("AMU-0057-25")
        );
        assert_eq!(
            reference("Complaint in respect of ATISN 16046 - Waiting\n1. How?\n").as_deref(),
            Some("ATISN 16046")
        );
        assert_eq!(
            reference("Your new reference number for all requests is 546-1920\n1. How?\n")
                .as_deref(),
            Some("546-1920")
        );
        // Inside a table's cell, up to the sentence's end.
        assert_eq!(
            reference("│Diolch. │Your request has been given the following │\n│y dyfodol.│reference number: RI2829. Please │\n1. How?\n")
                .as_deref(),
            Some("RI2829")
        );
        assert_eq!(
            reference("| Our ref: NW/0412 | 3 May 2024 |\n1. How?\n").as_deref(),
            Some("NW/0412")
        );
        assert_eq!(
            reference("| Reference | 2025-113695 |\n1. How?\n").as_deref(),
            Some("2025-113695")
        );
        assert_eq!(
            reference("FREEDOM OF INFORMATION REQUEST REFERENCE NO: 004512/24\n1. How?\n")
                .as_deref(),
            Some("004512/24")
        );
        assert_eq!(
            reference("Oldbridge City Council\nCase: OCC-FOI-00981\n1. How?\n").as_deref(),
            Some("OCC-FOI-00981")
        );
        let organisation = |t: &str| meta_of(t).organisation.map(|o| o.text);
        for name in [
            "Department for Transport",
            "Office of the Police and Crime Commissioner for Westshire",
            "North Coast Ambulance Service NHS Trust",
            "Health and Safety Executive",
        ] {
            assert_eq!(
                organisation(&format!("{name}\n\nDear Mr Brown,\n1. How many?\n4\n")).as_deref(),
                Some(name)
            );
        }
        // Past a gap a converted page leaves between the words.
        assert_eq!(
            reference("Your reference number for this request  is KV/2207\n1. How?\n").as_deref(),
            Some("KV/2207")
        );
    }
}
