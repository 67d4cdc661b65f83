//! Text transformations that must not change a reading. Each is a pure function
//! from one response's text to the text a public body could just as well have
//! sent: the same letter with another answer marker, label style, page
//! furniture, line endings, spaces, wrapping, request layout or table layout.
//!
//! They find what they change from what recurs in the letter itself (the marker
//! on several answer lines, the label style of the question lines), never from
//! knowledge of a particular document. A transformation that finds nothing to
//! change returns the text unchanged, and that pair is not counted.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// What a transformation may change; everything else is the response's own
/// words and must come through (see [`kept_words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// The answer markers.
    Markers,
    /// The question labels.
    Labels,
    /// Furniture lines added.
    Furniture,
    /// White space only: line endings, no-break spaces, line breaks.
    WhiteSpace,
    /// The order of questions and answers, with labels repeated, markers and
    /// "You asked:" lines dropped and two headings added.
    Order,
    /// Table separators (pipes, tabs, rules) and line breaks.
    TableLayout,
    /// E-mail quote marks (`> `) before lines.
    Quoting,
    /// How figures are written: thousands separators, "%" or "per cent".
    FigureStyle,
}

/// One named transformation.
pub struct Transformation {
    pub name: &'static str,
    pub apply: fn(&str) -> String,
    pub changes: Change,
}

const fn t(name: &'static str, apply: fn(&str) -> String, changes: Change) -> Transformation {
    Transformation {
        name,
        apply,
        changes,
    }
}

/// Every transformation the invariance test runs, in the order of its table.
pub const ALL: &[Transformation] = &[
    t(
        "marker -> Response:",
        |x| swap_markers(x, Marker::Response),
        Change::Markers,
    ),
    t(
        "marker -> Answer:",
        |x| swap_markers(x, Marker::Answer),
        Change::Markers,
    ),
    t(
        "marker -> A:",
        |x| swap_markers(x, Marker::A),
        Change::Markers,
    ),
    t(
        "marker -> OUR RESPONSE:",
        |x| swap_markers(x, Marker::OurResponse),
        Change::Markers,
    ),
    t(
        "label -> 1.",
        |x| relabel(x, LabelStyle::Dot),
        Change::Labels,
    ),
    t("label -> Q1", |x| relabel(x, LabelStyle::Q), Change::Labels),
    t(
        "label -> Question 1:",
        |x| relabel(x, LabelStyle::Question),
        Change::Labels,
    ),
    t(
        "label -> (1)",
        |x| relabel(x, LabelStyle::Paren),
        Change::Labels,
    ),
    t(
        "label -> Question One:",
        |x| relabel(x, LabelStyle::Words),
        Change::Labels,
    ),
    t(
        "furniture: Page N of M",
        |x| insert_furniture(x, Furniture::PageNumber),
        Change::Furniture,
    ),
    t(
        "furniture: file/ref footer",
        |x| insert_furniture(x, Furniture::Footer),
        Change::Furniture,
    ),
    t(
        "furniture: letterhead",
        |x| insert_furniture(x, Furniture::Letterhead),
        Change::Furniture,
    ),
    t(
        "furniture: chair/chief exec",
        |x| insert_furniture(x, Furniture::Officers),
        Change::Furniture,
    ),
    t("CRLF line endings", crlf, Change::WhiteSpace),
    t("no-break spaces", no_break_spaces, Change::WhiteSpace),
    t("hard wrap at 72", hard_wrap, Change::WhiteSpace),
    t("line breaks lost", on_one_line, Change::WhiteSpace),
    t(
        "marker on a line of its own",
        marker_own_line,
        Change::WhiteSpace,
    ),
    t(
        "question labels on a line of their own",
        label_own_line,
        Change::WhiteSpace,
    ),
    t("double-spaced", double_spaced, Change::WhiteSpace),
    t(
        "figures without thousands commas",
        without_thousands_commas,
        Change::FigureStyle,
    ),
    t("% written per cent", per_cent_in_words, Change::FigureStyle),
    t("questions quoted (> )", quote_questions, Change::Quoting),
    t("answers indented", indent_answers, Change::WhiteSpace),
    t(
        "blank lines removed",
        without_blank_lines,
        Change::WhiteSpace,
    ),
    t("request restated first", restate_request, Change::Order),
    t(
        "tables one cell per line",
        cells_one_per_line,
        Change::TableLayout,
    ),
];

/// The words of `text` that a transformation changing `changes` must keep:
/// the text's words without what it may change, in order (as a sorted list
/// for [`Change::Order`]).
pub fn kept_words(text: &str, changes: Change) -> Vec<String> {
    let strip = |line: &str| -> String {
        let mut rest = line;
        loop {
            let head = match changes {
                Change::Markers => parse_marker(rest).map(|m| m.end),
                Change::Labels => parse_label(rest).map(|l| l.end),
                Change::Order => parse_label(rest)
                    .map(|l| l.end)
                    .or_else(|| parse_marker(rest).map(|m| m.end)),
                Change::Quoting => rest.strip_prefix("> ").map(|_| 2),
                _ => None,
            };
            match head {
                Some(end) if end > 0 => rest = &rest[end..],
                _ => return rest.to_string(),
            }
        }
    };
    let dropped = |line: &str| match changes {
        Change::Furniture => is_furniture(line),
        Change::Order => {
            QUESTION_HEADING.is_match(line)
                || ["Your request:", "Our response:"].contains(&line.trim())
        }
        _ => false,
    };
    let mut words: Vec<String> = lines(text)
        .into_iter()
        .filter(|(l, _)| !dropped(l))
        .flat_map(|(l, _)| {
            let l = strip(l);
            // Figures compared as written without the marks the style changes.
            let l = if changes == Change::FigureStyle {
                without_thousands_commas(&per_cent_in_words(&l)).replace(" per cent", "")
            } else {
                l
            };
            let separators: &[char] = if changes == Change::TableLayout {
                &['|']
            } else {
                &[]
            };
            l.split(|c: char| c.is_whitespace() || separators.contains(&c))
                .filter(|w| !w.is_empty())
                .filter(|w| {
                    changes != Change::TableLayout || !w.chars().all(|c| c == '-' || c == ':')
                })
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    if changes == Change::Order {
        words.sort();
    }
    words
}

// ---------------------------------------------------------------------------
// Lines

/// The text's lines without their `\n`, each split from a trailing `\r`, so that a
/// rewritten line keeps its own ending.
fn lines(text: &str) -> Vec<(&str, &str)> {
    text.split('\n')
        .map(|l| match l.strip_suffix('\r') {
            Some(body) => (body, "\r"),
            None => (l, ""),
        })
        .collect()
}

fn join(lines: &[String]) -> String {
    lines.join("\n")
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

// ---------------------------------------------------------------------------
// Question labels

/// How a question's number is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// `1.` (also `1:` and `1)` when read)
    Dot,
    /// `Q1`
    Q,
    /// `Question 1:`
    Question,
    /// `(1)`
    Paren,
    /// `Question One:`, as forms number their sections
    Words,
}

const NUMBER_WORDS: [&str; 20] = [
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
    "Twenty",
];

impl LabelStyle {
    fn render(self, number: &str) -> String {
        match self {
            LabelStyle::Dot => format!("{number}."),
            LabelStyle::Q => format!("Q{number}"),
            LabelStyle::Question => format!("Question {number}:"),
            LabelStyle::Paren => format!("({number})"),
            LabelStyle::Words => match number.parse::<usize>() {
                Ok(n @ 1..=20) => format!("Question {}:", NUMBER_WORDS[n - 1]),
                _ => format!("Question {number}:"),
            },
        }
    }
}

/// A question label at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Byte range of the label in the line (markdown bold included).
    pub start: usize,
    pub end: usize,
    /// The number with its letter, if any: `3`, `1a`.
    pub number: String,
    pub family: LabelStyle,
    pub bold: bool,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?P<indent>[\ \t]*)(?P<open>\*\*)?
        (?:
            (?:Question|QUESTION)\s+(?:(?:Number|No\.?)\s*)?(?P<question>\d{1,2}[a-z]?)[.:)]?
          | (?:Question|QUESTION)\s+(?P<words>(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))\b[.:)]?
          | Q(?P<q>\d{1,2}[a-z]?)[.:)]?
          | \((?P<paren>\d{1,2}[a-z]?)\)
          | (?P<bare>\d{1,2}[a-z]?)[.:)]
        )
        (?P<close>\*\*)?
        (?P<sep>[\ \t\u{a0}]+|$)",
    )
    .unwrap()
});

static YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}").unwrap());

/// The question label that starts `line`, if one does.
pub fn parse_label(line: &str) -> Option<Label> {
    let c = LABEL.captures(line)?;
    let (family, number) = [
        ("question", LabelStyle::Question),
        ("q", LabelStyle::Q),
        ("paren", LabelStyle::Paren),
        ("bare", LabelStyle::Dot),
        ("words", LabelStyle::Words),
    ]
    .into_iter()
    .find_map(|(group, family)| c.name(group).map(|m| (family, m.as_str())))?;
    let in_digits;
    let number = if family == LabelStyle::Words {
        let n = NUMBER_WORDS
            .iter()
            .position(|w| w.eq_ignore_ascii_case(number))?;
        in_digits = (n + 1).to_string();
        in_digits.as_str()
    } else {
        number
    };
    if c.name("open").is_some() != c.name("close").is_some() {
        return None;
    }
    let rest = &line[c.get(0)?.end()..];
    // "Q1 2024/25" is a quarter, not a question.
    if family == LabelStyle::Q && YEAR_AFTER.is_match(rest) {
        return None;
    }
    let indent = c.name("indent").map_or(0, |m| m.end());
    let end = c.name("sep").map_or(line.len(), |m| m.start());
    Some(Label {
        start: indent,
        end,
        number: number.to_string(),
        family,
        bold: c.name("open").is_some(),
    })
}

/// The lines (by index) that carry the letter's question labels: those of the
/// label style most used on question-like lines, at no deeper indent than that
/// style usually has (a deeper one is a list inside an answer).
pub fn question_label_lines(text: &str) -> Vec<(usize, Label)> {
    let all: Vec<(usize, Label, &str)> = lines(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, (l, _))| parse_label(l).map(|lab| (i, lab, l)))
        .collect();
    let families = [
        LabelStyle::Dot,
        LabelStyle::Q,
        LabelStyle::Question,
        LabelStyle::Paren,
        LabelStyle::Words,
    ];
    let score = |f: LabelStyle| {
        let of: Vec<_> = all.iter().filter(|(_, lab, _)| lab.family == f).collect();
        let wordy = of
            .iter()
            .filter(|(_, lab, l)| l[lab.end..].split_whitespace().count() >= 4)
            .count();
        (wordy, of.len())
    };
    let Some(family) = families
        .into_iter()
        .filter(|&f| score(f).1 >= 2)
        .max_by_key(|&f| score(f))
    else {
        return Vec::new();
    };
    let of: Vec<(usize, Label)> = all
        .into_iter()
        .filter(|(_, lab, _)| lab.family == family)
        .map(|(i, lab, _)| (i, lab))
        .collect();
    let usual_indent = mode(of.iter().map(|(_, lab)| lab.start));
    of.into_iter()
        .filter(|(_, lab)| lab.start <= usual_indent)
        .collect()
}

fn mode(values: impl Iterator<Item = usize>) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, std::cmp::Reverse(v)))
        .map_or(0, |(v, _)| v)
}

/// Every question label printed in `style`, keeping its number.
pub fn relabel(text: &str, style: LabelStyle) -> String {
    let labelled: std::collections::HashMap<usize, Label> =
        question_label_lines(text).into_iter().collect();
    // Numbers in words have no lettered form ("1a"): such letters keep theirs.
    if style == LabelStyle::Words && labelled.values().any(|l| l.number.parse::<u32>().is_err()) {
        return text.to_string();
    }
    let out: Vec<String> = lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, (line, end))| match labelled.get(&i) {
            Some(lab) => {
                let mut new = style.render(&lab.number);
                if lab.bold {
                    new = format!("**{new}**");
                }
                format!("{}{new}{}{end}", &line[..lab.start], &line[lab.end..])
            }
            None => format!("{line}{end}"),
        })
        .collect();
    join(&out)
}

// ---------------------------------------------------------------------------
// Answer markers

/// A marker word put before each answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Response,
    Answer,
    A,
    OurResponse,
}

impl Marker {
    fn render(self, number: Option<&str>) -> String {
        match (self, number) {
            (Marker::Response, None) => "Response:".into(),
            (Marker::Response, Some(n)) => format!("Response {n}:"),
            (Marker::Answer, None) => "Answer:".into(),
            (Marker::Answer, Some(n)) => format!("Answer {n}:"),
            (Marker::A, None) => "A:".into(),
            (Marker::A, Some(n)) => format!("A{n}:"),
            (Marker::OurResponse, None) => "OUR RESPONSE:".into(),
            (Marker::OurResponse, Some(n)) => format!("OUR RESPONSE TO QUESTION {n}:"),
        }
    }
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?P<indent>[\ \t]*)(?P<open>\*\*)?
        (?P<word>(?i:our\s+response|our\s+reply|trust\s+response|response|answer|reply)|A)
        (?P<num>\s*(?:(?i:to)\s+(?:(?i:question)\s+|Q\s*))?(?P<digits>\d{1,2}[a-z]?))?
        (?P<term>\s*[:)])?
        (?P<close>\*\*)?
        (?P<sep>[\ \t\u{a0}]+|$)",
    )
    .unwrap()
});

/// An answer marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerAt {
    pub start: usize,
    pub end: usize,
    /// The question number it names, if any ("Answer To Question 3:").
    pub number: Option<String>,
    pub bold: bool,
    /// What makes two markers the same kind: the word, whether it is numbered,
    /// its closing punctuation.
    pub form: (String, bool, String),
}

/// The answer marker that starts `line`, if one does.
pub fn parse_marker(line: &str) -> Option<MarkerAt> {
    let c: Captures = MARKER.captures(line)?;
    let word = c.name("word")?.as_str();
    let number = c.name("digits").map(|m| m.as_str().to_string());
    let term = c.name("term").map(|m| m.as_str().trim().to_string());
    let bold = c.name("open").is_some();
    if bold != c.name("close").is_some() {
        return None;
    }
    let rest = &line[c.get(0)?.end()..];
    let glued = word == "A"
        && c.name("num")
            .is_some_and(|m| !m.as_str().starts_with(char::is_whitespace));
    // A bare word is a marker only when closed by punctuation; a numbered one
    // also when it stands alone, is bold, or is the glued `A1`.
    let is_marker =
        term.is_some() || (number.is_some() && (bold || rest.trim().is_empty() || glued));
    if !is_marker {
        return None;
    }
    let start = c.name("indent").map_or(0, |m| m.end());
    let end = c.name("sep").map_or(line.len(), |m| m.start());
    let word = word
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    Some(MarkerAt {
        start,
        end,
        bold,
        form: (word, number.is_some(), term.unwrap_or_default()),
        number,
    })
}

/// The lines carrying the letter's answer marker: the kind of marker found on
/// the most lines, when it is found on at least two.
pub fn answer_marker_lines(text: &str) -> Vec<(usize, MarkerAt)> {
    let all: Vec<(usize, MarkerAt)> = lines(text)
        .into_iter()
        .enumerate()
        .filter_map(|(i, (l, _))| parse_marker(l).map(|m| (i, m)))
        .collect();
    let mut counts: Vec<(&(String, bool, String), usize)> = Vec::new();
    for (_, m) in &all {
        match counts.iter_mut().find(|(f, _)| **f == m.form) {
            Some((_, n)) => *n += 1,
            None => counts.push((&m.form, 1)),
        }
    }
    let Some(form) = counts
        .iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(f, _)| (*f).clone())
    else {
        return Vec::new();
    };
    all.into_iter().filter(|(_, m)| m.form == form).collect()
}

/// Every answer marker of the letter's kind replaced by `marker`, keeping the
/// question number it names.
pub fn swap_markers(text: &str, marker: Marker) -> String {
    let marked: std::collections::HashMap<usize, MarkerAt> =
        answer_marker_lines(text).into_iter().collect();
    let out: Vec<String> = lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, (line, end))| match marked.get(&i) {
            Some(m) => {
                let mut new = marker.render(m.number.as_deref());
                if m.bold {
                    new = format!("**{new}**");
                }
                format!("{}{new}{}{end}", &line[..m.start], &line[m.end..])
            }
            None => format!("{line}{end}"),
        })
        .collect();
    join(&out)
}

/// The answer after its marker moved to the next line: "Response:" /
/// "The Trust holds …", as many letters set it.
pub fn marker_own_line(text: &str) -> String {
    let marked: std::collections::HashMap<usize, MarkerAt> =
        answer_marker_lines(text).into_iter().collect();
    break_after(text, |i| marked.get(&i).map(|m| m.end))
}

/// The question after its label moved to the next line: "Question 3" /
/// "How many …?", as forms set it.
pub fn label_own_line(text: &str) -> String {
    let labelled: std::collections::HashMap<usize, Label> =
        question_label_lines(text).into_iter().collect();
    break_after(text, |i| labelled.get(&i).map(|l| l.end))
}

/// Breaks line `i` at the byte `at(i)` returns, when words follow it there.
fn break_after(text: &str, at: impl Fn(usize) -> Option<usize>) -> String {
    let out: Vec<String> = lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, (line, end))| match at(i) {
            Some(cut) if !line[cut..].trim().is_empty() => {
                let indent = &line[..line.len() - line.trim_start().len()];
                format!(
                    "{}{end}\n{indent}{}{end}",
                    line[..cut].trim_end(),
                    line[cut..].trim_start()
                )
            }
            _ => format!("{line}{end}"),
        })
        .collect();
    join(&out)
}

// ---------------------------------------------------------------------------
// Page furniture

/// What a PDF conversion leaves at a page break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    PageNumber,
    Footer,
    Letterhead,
    Officers,
}

impl Furniture {
    fn line(self, page: usize, pages: usize) -> String {
        match self {
            Furniture::PageNumber => format!("Page {page} of {pages}"),
            Furniture::Footer => {
                "FOI-2024-0913 Response Letter.docx        Ref: FOI/24/0913".to_string()
            }
            Furniture::Letterhead => {
                "Northfield House, 12 Mill Lane, Northfield NF4 7QT   Tel: 01632 960123   www.northfield.example"
                    .to_string()
            }
            Furniture::Officers => "Chair: Dr Helen Marsh        Chief Executive: Paul Okafor".to_string(),
        }
    }
}

/// Two page breaks, each leaving a furniture line: one between paragraphs a third
/// of the way in (between answers), one between two lines of a paragraph two
/// thirds of the way in (inside an answer or a table).
pub fn insert_furniture(text: &str, furniture: Furniture) -> String {
    let ls = lines(text);
    let n = ls.len();
    let labels: std::collections::HashSet<usize> = question_label_lines(text)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let markers: std::collections::HashSet<usize> = answer_marker_lines(text)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let starts_exchange = |i: usize| labels.contains(&i) || markers.contains(&i);
    let nearest = |candidates: Vec<usize>, target: usize| {
        candidates.into_iter().min_by_key(|&p| p.abs_diff(target))
    };
    // Between: a paragraph boundary, or before a question when the letter has no blank lines.
    let mut between: Vec<usize> = (1..n)
        .filter(|&p| {
            is_blank(ls[p - 1].0)
                && !is_blank(ls[p].0)
                && ls[..p - 1].iter().any(|l| !is_blank(l.0))
        })
        .collect();
    if between.is_empty() {
        between = (1..n).filter(|&p| labels.contains(&p)).collect();
    }
    let inside: Vec<usize> = (1..n)
        .filter(|&p| !is_blank(ls[p - 1].0) && !is_blank(ls[p].0))
        .filter(|&p| !starts_exchange(p) && !starts_exchange(p - 1))
        .collect();
    let between_at = nearest(between, n / 3);
    let inside_at = nearest(inside, 2 * n / 3).filter(|&p| Some(p) != between_at);
    let pages = 1 + usize::from(between_at.is_some()) + usize::from(inside_at.is_some());
    let mut out = Vec::with_capacity(n + 4);
    let mut page = 0;
    for (i, (line, end)) in ls.iter().enumerate() {
        if Some(i) == between_at {
            page += 1;
            let blank_before = is_blank(ls[i - 1].0);
            out.push(format!("{}{end}", furniture.line(page, pages)));
            if blank_before {
                out.push(end.to_string());
            }
        } else if Some(i) == inside_at {
            page += 1;
            out.push(format!("{}{end}", furniture.line(page, pages)));
        }
        out.push(format!("{line}{end}"));
    }
    join(&out)
}

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Page \d+ of \d+$").unwrap());

/// Whether `line` is one of the furniture lines this module inserts.
pub fn is_furniture(line: &str) -> bool {
    let line = line.trim();
    PAGE_NUMBER.is_match(line)
        || [
            Furniture::Footer,
            Furniture::Letterhead,
            Furniture::Officers,
        ]
        .iter()
        .any(|f| f.line(0, 0) == line)
}

// ---------------------------------------------------------------------------
// Characters

/// Every line ending CRLF.
pub fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// Every third space between two words a no-break space, as word processors
/// and web pages leave them.
pub fn no_break_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut seen = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let between_words = c == ' '
            && prev.is_some_and(|p| !p.is_whitespace())
            && chars.peek().is_some_and(|n| !n.is_whitespace());
        if between_words {
            seen += 1;
            out.push(if seen % 3 == 1 { '\u{a0}' } else { ' ' });
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

// ---------------------------------------------------------------------------
// Hard wrapping

const WIDTH: usize = 72;

static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-–—•·*>|]|\(?[a-zA-Z]\)|[a-z]\.|[ivx]+\)|\d)").unwrap());

/// Whether a line starting with `rest` could be taken for a new question, answer,
/// list item, quotation, table row or figure: a wrapped line never starts so.
fn could_start_something(rest: &str) -> bool {
    parse_label(rest).is_some() || parse_marker(rest).is_some() || BULLET.is_match(rest)
}

/// A line laid out as a table row: tab- or pipe-separated cells, box drawing,
/// or cells set apart by runs of spaces.
pub fn looks_like_table_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('\t')
        || (t.starts_with('|') && t.matches('|').count() >= 2)
        || t.chars().any(|c| ('\u{2500}'..='\u{257f}').contains(&c))
        || t.contains("   ")
}

/// Prose lines longer than 72 columns broken at spaces, as an e-mail client
/// does; table rows and headings are left whole, and no continuation line starts
/// with something that could be read as a label, marker, bullet or figure.
/// Each question line that asks and answers nothing on its line quoted as an
/// e-mail reply quotes the message it answers ("> 2. How many …?"), the
/// answers below it unquoted.
pub fn quote_questions(text: &str) -> String {
    let labelled: std::collections::HashSet<usize> = question_label_lines(text)
        .into_iter()
        .filter(|(_, label)| label.family != LabelStyle::Words)
        .map(|(i, _)| i)
        .collect();
    let out: Vec<String> = lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, (line, end))| {
            if labelled.contains(&i) && line.trim_end().ends_with('?') {
                format!("> {}{end}", line.trim_start())
            } else {
                format!("{line}{end}")
            }
        })
        .collect();
    join(&out)
}

/// The lines under each question label indented four spaces, as letters set
/// their answers under the questions (tables and markdown left alone).
pub fn indent_answers(text: &str) -> String {
    let all = lines(text);
    if all
        .iter()
        .any(|(l, _)| looks_like_table_row(l) || l.trim_start().starts_with('#'))
    {
        return text.to_string();
    }
    let labelled: std::collections::HashSet<usize> = question_label_lines(text)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = labelled.iter().min() else {
        return text.to_string();
    };
    let out: Vec<String> = all
        .into_iter()
        .enumerate()
        .map(|(i, (line, end))| {
            // Numbered lines the label pattern does not know ("2.)") may be questions.
            let t = line.trim_start();
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            let numbered = (1..=2).contains(&digits)
                && matches!(t.as_bytes().get(digits), Some(b'.' | b')' | b':'));
            let under = i > first && !labelled.contains(&i) && !numbered && !line.trim().is_empty();
            if under && !line.starts_with([' ', '\t']) {
                format!("    {line}{end}")
            } else {
                format!("{line}{end}")
            }
        })
        .collect();
    join(&out)
}

static THOUSANDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^\d.,])(\d{1,3}(?:,\d{3})+)($|[^\d,])").unwrap());

/// Figures of a thousand and more written without commas ("58,300" →
/// "58300"), as many letters write them.
pub fn without_thousands_commas(text: &str) -> String {
    // Twice: neighbouring figures share the character between them.
    let once = THOUSANDS.replace_all(text, |c: &Captures| {
        format!("{}{}{}", &c[1], c[2].replace(',', ""), &c[3])
    });
    THOUSANDS
        .replace_all(&once, |c: &Captures| {
            format!("{}{}{}", &c[1], c[2].replace(',', ""), &c[3])
        })
        .into_owned()
}

static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d)\s?%").unwrap());

/// "9%" written "9 per cent", as government letters write it.
pub fn per_cent_in_words(text: &str) -> String {
    PERCENT.replace_all(text, "$1 per cent").into_owned()
}

/// A blank line after every line, as PDF converters often set a letter.
pub fn double_spaced(text: &str) -> String {
    let out: Vec<String> = lines(text)
        .into_iter()
        .map(|(line, end)| format!("{line}{end}\n{end}"))
        .collect();
    join(&out).trim_end().to_string() + "\n"
}

/// No blank lines at all, as some mail clients and copied web pages give a
/// letter.
pub fn without_blank_lines(text: &str) -> String {
    let out: Vec<String> = lines(text)
        .into_iter()
        .filter(|(line, _)| !line.trim().is_empty())
        .map(|(line, end)| format!("{line}{end}"))
        .collect();
    join(&out) + "\n"
}

/// The whole letter on one line, as a Word binary read as text or a PDF
/// copied from a viewer gives it: a line break becomes a space, a paragraph
/// break (blank lines) two. Letters set as tables or markdown have no such
/// dump, and are left as they are.
pub fn on_one_line(text: &str) -> String {
    let all = lines(text);
    if all
        .iter()
        .any(|(l, _)| looks_like_table_row(l) || l.trim_start().starts_with('#'))
    {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut gap = "";
    for (line, _) in all {
        let t = line.trim();
        if t.is_empty() {
            if !out.is_empty() {
                gap = "  ";
            }
            continue;
        }
        out.push_str(gap);
        out.push_str(t);
        gap = " ";
    }
    out.push('\n');
    out
}

pub fn hard_wrap(text: &str) -> String {
    let out: Vec<String> = lines(text)
        .into_iter()
        .map(|(line, end)| {
            let t = line.trim_start();
            // A line set far to the right (a letterhead, an address) is laid
            // out, not prose: no wrap breaks it.
            if line.chars().count() <= WIDTH
                || line.len() - t.len() >= 20
                || looks_like_table_row(line)
                || t.starts_with('#')
                || t.starts_with("<!--")
            {
                format!("{line}{end}")
            } else {
                wrap_line(line)
                    .into_iter()
                    .map(|piece| format!("{piece}{end}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        })
        .collect();
    join(&out)
}

fn wrap_line(line: &str) -> Vec<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let body = &line[indent.len()..];
    // Words as byte ranges of `body`.
    let words: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut start = None;
        for (i, c) in body.char_indices() {
            match (c == ' ', start) {
                (true, Some(s)) => {
                    v.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            v.push((s, body.len()));
        }
        v
    };
    let room = WIDTH.saturating_sub(indent.chars().count()).max(20);
    let width = |a: usize, b: usize| body[words[a].0..words[b].1].chars().count();
    let mut pieces = Vec::new();
    let mut first = 0;
    while first < words.len() {
        let mut last = first;
        while last + 1 < words.len() && width(first, last + 1) <= room {
            last += 1;
        }
        // Move the break back while the next line would start ambiguously; if no
        // break on this line will do, carry on past the width.
        let mut next = last + 1;
        while next < words.len() && could_start_something(&body[words[next].0..]) {
            if next - 1 > first {
                next -= 1;
            } else {
                next = (last + 2..words.len())
                    .find(|&k| !could_start_something(&body[words[k].0..]))
                    .unwrap_or(words.len());
                break;
            }
        }
        let end = if next < words.len() {
            words[next - 1].1
        } else {
            body.len()
        };
        let start = if first == 0 { 0 } else { words[first].0 };
        pieces.push(format!("{indent}{}", &body[start..end]));
        first = next;
    }
    if pieces.is_empty() {
        pieces.push(line.to_string());
    }
    pieces
}

// ---------------------------------------------------------------------------
// The request restated before the answers

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[-–—•·*>|]").unwrap());

static QUESTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:you asked|your request|request|question)\s*:?\s*$").unwrap()
});

static JOINT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\d{1,2}\s*(?:,|&|and)\s*\d{1,2}\b").unwrap());

static SECTION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:foi\s+)?(?:you asked|your request|request|response|our response)\s*:?\s*$",
    )
    .unwrap()
});

/// A letter answering each question under it rewritten as the request listed
/// first, then the answers, each under its question's label. Applies to letters
/// whose questions are labelled once each, where each question's wording ends
/// cleanly before its answer, at least two questions have an answer of their
/// own, and a question without one is named by the next answer ("For question
/// 2 and 3"); others come back unchanged.
pub fn restate_request(text: &str) -> String {
    restated(text).unwrap_or_else(|| text.to_string())
}

fn restated(text: &str) -> Option<String> {
    let ls: Vec<String> = lines(text)
        .into_iter()
        .map(|(l, e)| format!("{l}{e}"))
        .collect();
    let labels = question_label_lines(text);
    let mut numbers: Vec<&str> = labels.iter().map(|(_, l)| l.number.as_str()).collect();
    numbers.sort_unstable();
    if labels.len() < 2 || numbers.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    // A joint label ("9, 10 & 11. Does …") is not one of `labels`: its
    // question would be taken for an answer.
    if ls.iter().any(|l| JOINT_LABEL.is_match(l)) {
        return None;
    }
    // A letter that already sets its request apart ("FOI Request" … "FOI
    // Response") is not restated a second time.
    if ls[..labels[0].0]
        .iter()
        .any(|l| SECTION_HEADING.is_match(l))
    {
        return None;
    }
    let markers: std::collections::HashMap<usize, MarkerAt> =
        answer_marker_lines(text).into_iter().collect();
    let mut questions = Vec::new();
    let mut answers: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, (at, label)) in labels.iter().enumerate() {
        let until = labels.get(k + 1).map_or(ls.len(), |(next, _)| *next);
        let mut block: Vec<String> = ls[*at..until].to_vec();
        // A "You asked:" line before the next question belongs to no answer.
        while block
            .last()
            .is_some_and(|l| is_blank(l) || QUESTION_HEADING.is_match(l))
        {
            block.pop();
        }
        let split = block_split(&block, *at, label, &markers)?;
        let (question, answer) = block.split_at(split);
        questions.push(
            question
                .iter()
                .filter(|l| !is_blank(l))
                .cloned()
                .collect::<Vec<_>>(),
        );
        answers.push((k, answer_lines(answer, *at + split, &markers)));
    }
    if answers.iter().filter(|(_, a)| !a.is_empty()).count() < 2
        || !joint_answers_named(&labels, &answers)
    {
        return None;
    }
    let mut out: Vec<String> = ls[..labels[0].0].to_vec();
    while out
        .last()
        .is_some_and(|l| is_blank(l) || QUESTION_HEADING.is_match(l))
    {
        out.pop();
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    out.push("Your request:".into());
    out.push(String::new());
    out.extend(questions.into_iter().flatten());
    out.push(String::new());
    out.push("Our response:".into());
    for (k, answer) in answers.into_iter().filter(|(_, a)| !a.is_empty()) {
        out.push(String::new());
        let (at, label) = &labels[k];
        let head = ls[*at][..label.end].to_string();
        let first = &answer[0];
        if looks_like_table_row(first) || LIST_ITEM.is_match(first.trim_start()) {
            out.push(head);
            out.extend(answer);
        } else {
            out.push(format!("{head} {}", first.trim_start()));
            out.extend(answer.into_iter().skip(1));
        }
    }
    if text.ends_with('\n') {
        out.push(String::new());
    }
    Some(join(&out))
}

/// Whether every question left without an answer of its own is named by the
/// next answer, so that moving answers under labels keeps a joint answer joint
/// (an implicit joint answer would be left under the last label only).
fn joint_answers_named(labels: &[(usize, Label)], answers: &[(usize, Vec<String>)]) -> bool {
    answers.iter().enumerate().all(|(i, (k, answer))| {
        if !answer.is_empty() {
            return true;
        }
        let number = labels[*k]
            .1
            .number
            .trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let names = Regex::new(&format!(r"\b{number}\b")).expect("a number");
        // Unanswered to the end (a letter cut off) reads the same either way.
        answers[i + 1..]
            .iter()
            .find(|(_, a)| !a.is_empty())
            .is_none_or(|(_, a)| names.is_match(&a[0]))
    })
}

static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[?.:)!]\s*$").unwrap());
static LETTERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\(?[a-z]{1,2}[.)]\s").unwrap());

/// Whether `line` carries on the sentence of the line before (a wrapped line
/// starts in lower case; a lettered item "a) …" does not carry on).
fn carries_on(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with(|c: char| c.is_lowercase()) && !LETTERED.is_match(t)
}

/// Where a question's block turns from question to answer: at its answer
/// marker (in a letter that marks its answers, a block without one is all
/// question); else after the label line and the lines its sentence runs on to
/// (a label alone on its line is followed by the wording). `None` when where
/// the question ends is a guess: the text after it carries on its sentence, or
/// asks a question itself.
fn block_split(
    block: &[String],
    at: usize,
    label: &Label,
    markers: &std::collections::HashMap<usize, MarkerAt>,
) -> Option<usize> {
    if !markers.is_empty() {
        let marked = (0..block.len()).find(|i| markers.contains_key(&(at + i)));
        return Some(marked.unwrap_or(block.len()));
    }
    let mut end = 1;
    if is_blank(&block[0][label.end..]) {
        while end < block.len() && is_blank(&block[end]) {
            end += 1;
        }
        end = (end + 1).min(block.len());
    }
    while end < block.len()
        && !SENTENCE_END.is_match(&block[end - 1])
        && !is_blank(&block[end])
        && carries_on(&block[end])
    {
        end += 1;
    }
    match block[end..].iter().find(|l| !is_blank(l)) {
        Some(next) if carries_on(next) || next.trim_end().ends_with('?') => None,
        _ => Some(end),
    }
}

/// An answer's lines without its marker and without blank lines around it.
fn answer_lines(
    answer: &[String],
    at: usize,
    markers: &std::collections::HashMap<usize, MarkerAt>,
) -> Vec<String> {
    let mut out: Vec<String> = answer
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match markers.get(&(at + i)) {
            Some(m) => {
                let rest = l[m.end..].trim_start();
                (!rest.trim().is_empty()).then(|| rest.to_string())
            }
            None => Some(l.clone()),
        })
        .collect();
    while out.first().is_some_and(|l| is_blank(l)) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| is_blank(l)) {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------
// Tables

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Tabs,
    Pipes,
    Spaces,
}

static SPACE_RUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \u{a0}]{2,}").unwrap());
static PIPE_RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^:?-{2,}:?$").unwrap());

/// A table row's cells, with its kind; `Some((Pipes, []))` for a `|---|` rule.
fn row_cells(line: &str) -> Option<(RowKind, Vec<String>)> {
    let t = line.trim();
    let cells = |parts: Vec<&str>| -> Vec<String> {
        parts
            .into_iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect()
    };
    if t.starts_with('|') && t.matches('|').count() >= 2 {
        let inner = t.trim_start_matches('|').trim_end_matches('|');
        let parts: Vec<&str> = inner.split('|').collect();
        if parts.iter().all(|p| PIPE_RULE.is_match(p.trim())) {
            return Some((RowKind::Pipes, Vec::new()));
        }
        return Some((RowKind::Pipes, cells(parts)));
    }
    if t.contains('\t') {
        let c = cells(t.split('\t').collect());
        return (c.len() >= 2).then_some((RowKind::Tabs, c));
    }
    let c = cells(SPACE_RUN.split(t).collect());
    let short = c.iter().all(|c| c.chars().count() <= 40);
    (c.len() >= 2 && short).then_some((RowKind::Spaces, c))
}

/// Each table (two or more rows of tab-, pipe- or space-separated cells; space
/// tables with the same number of cells on every row and a figure somewhere)
/// re-flattened with one cell per line, as a copy from a web page gives it.
pub fn cells_one_per_line(text: &str) -> String {
    let ls = lines(text);
    let rows: Vec<Option<(RowKind, Vec<String>)>> = ls.iter().map(|(l, _)| row_cells(l)).collect();
    let mut out = Vec::with_capacity(ls.len());
    let mut i = 0;
    while i < ls.len() {
        let Some((kind, first)) = &rows[i] else {
            out.push(format!("{}{}", ls[i].0, ls[i].1));
            i += 1;
            continue;
        };
        let run_end = (i..ls.len())
            .find(|&j| !matches!(&rows[j], Some((k, _)) if k == kind))
            .unwrap_or(ls.len());
        let run = &rows[i..run_end];
        let cells_of = |r: &Option<(RowKind, Vec<String>)>| r.as_ref().map_or(0, |(_, c)| c.len());
        let is_table = run.iter().filter(|r| cells_of(r) > 0).count() >= 2
            && (*kind != RowKind::Spaces
                || (run.iter().all(|r| cells_of(r) == first.len())
                    && run
                        .iter()
                        .flatten()
                        .flat_map(|(_, c)| c)
                        .any(|c| c.chars().any(|ch| ch.is_ascii_digit()))));
        if is_table {
            let end = ls[i].1;
            for (_, cells) in run.iter().flatten() {
                out.extend(cells.iter().map(|c| format!("{c}{end}")));
            }
        } else {
            out.extend(ls[i..run_end].iter().map(|(l, e)| format!("{l}{e}")));
        }
        i = run_end;
    }
    join(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An invented letter: numbered questions, a `Response:` marker on each
    /// answer, a long answer line and a tab table.
    const LETTER: &str = "Our ref: FOI/25/0042
Date: 3 March 2025

Dear Requester

1. How many porters does the hospital employ?
Response: 42 porters (38.5 WTE), of whom 6 work nights across the two main sites of the Trust.

2. What was spent on agency porters in 2024/25?
Response: £12,400

3. Please list the wards with a dedicated porter, by site.
Response:
Site\tWards
North\t7
South\t5

Yours sincerely
Information Governance Team
";

    fn changed_lines(before: &str, after: &str) -> Vec<(String, String)> {
        before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn markers_are_swapped_on_every_answer_and_nowhere_else() {
        let out = swap_markers(LETTER, Marker::A);
        assert_eq!(
            changed_lines(LETTER, &out),
            [
                ("Response: 42 porters (38.5 WTE), of whom 6 work nights across the two main sites of the Trust.", "A: 42 porters (38.5 WTE), of whom 6 work nights across the two main sites of the Trust."),
                ("Response: £12,400", "A: £12,400"),
                ("Response:", "A:"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        assert_eq!(
            swap_markers(LETTER, Marker::Response),
            LETTER,
            "the same marker is no change"
        );
    }

    #[test]
    fn numbered_markers_keep_their_number() {
        let text =
            "Q1 How many?\nAnswer To Question 1: Four\nQ2 Which?\nAnswer To Question 2: None\n";
        assert_eq!(
            swap_markers(text, Marker::A),
            "Q1 How many?\nA1: Four\nQ2 Which?\nA2: None\n"
        );
        let bold = "**Q1** How many?\n\n**A1** 62.3K\n\n**Q2** Which?\n\n**A2** Nil\n";
        assert_eq!(
            swap_markers(bold, Marker::Response),
            "**Q1** How many?\n\n**Response 1:** 62.3K\n\n**Q2** Which?\n\n**Response 2:** Nil\n"
        );
    }

    #[test]
    fn a_marker_found_once_or_a_word_in_prose_is_left_alone() {
        let text = "1. How many?\nResponse: 4\n2. Which?\nA manual search would be needed.\n";
        assert_eq!(swap_markers(text, Marker::Answer), text);
        assert_eq!(parse_marker("A manual search"), None);
        assert_eq!(parse_marker("Response to your request"), None);
        assert!(parse_marker("A) Yes").is_some());
        assert!(parse_marker("Answer to Q2").is_some());
    }

    #[test]
    fn labels_are_restyled_with_their_numbers() {
        for (style, first, second) in [
            (LabelStyle::Q, "Q1 How many porters", "Q2 What was spent"),
            (
                LabelStyle::Question,
                "Question 1: How many porters",
                "Question 2: What was spent",
            ),
            (
                LabelStyle::Paren,
                "(1) How many porters",
                "(2) What was spent",
            ),
        ] {
            let out = relabel(LETTER, style);
            let changed = changed_lines(LETTER, &out);
            assert_eq!(changed.len(), 3, "{style:?}: {changed:?}");
            assert!(changed[0].1.starts_with(first), "{style:?}: {changed:?}");
            assert!(changed[1].1.starts_with(second), "{style:?}: {changed:?}");
            assert_eq!(
                kept_words(LETTER, Change::Labels),
                kept_words(&out, Change::Labels)
            );
        }
        assert_eq!(relabel(LETTER, LabelStyle::Dot), LETTER);
    }

    #[test]
    fn relabelling_keeps_repeated_numbers_and_leaves_nested_lists() {
        // Every question printed "1." (a lost auto-numbering) stays so.
        let text = "  1. How many? Four\n\n  1. Which? None\n";
        assert_eq!(
            relabel(text, LabelStyle::Q),
            "  Q1 How many? Four\n\n  Q1 Which? None\n"
        );
        // A deeper-indented list inside an answer is not a question.
        let nested =
            "1. Which systems do you use?\n     1. EPR\n     2. PAS\n2. How many coders?\n";
        assert_eq!(
            relabel(nested, LabelStyle::Paren),
            "(1) Which systems do you use?\n     1. EPR\n     2. PAS\n(2) How many coders?\n"
        );
        assert_eq!(
            parse_label("Q1 2024/25 figures"),
            None,
            "a quarter is not a label"
        );
        assert_eq!(parse_label("2.8 days"), None);
    }

    #[test]
    fn furniture_lands_between_answers_and_inside_one() {
        let out = insert_furniture(LETTER, Furniture::PageNumber);
        let added: Vec<&str> = out.lines().filter(|l| l.starts_with("Page ")).collect();
        assert_eq!(added, ["Page 1 of 3", "Page 2 of 3"]);
        let lines: Vec<&str> = out.lines().collect();
        let first = lines.iter().position(|l| *l == "Page 1 of 3").unwrap();
        assert!(
            lines[first - 1].is_empty() && lines[first + 1].is_empty(),
            "between paragraphs: {out}"
        );
        let second = lines.iter().position(|l| *l == "Page 2 of 3").unwrap();
        assert!(
            !lines[second - 1].is_empty() && !lines[second + 1].is_empty(),
            "inside a paragraph: {out}"
        );
        assert_eq!(
            kept_words(LETTER, Change::Furniture),
            kept_words(&out, Change::Furniture)
        );
        for f in [
            Furniture::Footer,
            Furniture::Letterhead,
            Furniture::Officers,
        ] {
            let out = insert_furniture(LETTER, f);
            assert_eq!(out.lines().filter(|l| is_furniture(l)).count(), 2, "{f:?}");
        }
    }

    #[test]
    fn crlf_and_no_break_spaces_change_only_white_space() {
        let out = crlf(LETTER);
        assert_eq!(out.matches("\r\n").count(), LETTER.matches('\n').count());
        assert_eq!(crlf(&out), out);
        let out = no_break_spaces(LETTER);
        let nbsp = out.matches('\u{a0}').count();
        let spaces = LETTER.matches(' ').count();
        assert!(nbsp > 0 && nbsp * 3 <= spaces + 2, "{nbsp} of {spaces}");
        assert_eq!(out.replace('\u{a0}', " "), LETTER);
    }

    #[test]
    fn questions_quoted_and_answers_indented_as_letters_set_them() {
        let letter = "Dear Ms Rowe,\n\n1. How many beds?\n450\n\n2. Which wards close? None\n";
        assert_eq!(
            quote_questions(letter),
            "Dear Ms Rowe,\n\n> 1. How many beds?\n450\n\n2. Which wards close? None\n",
            "a line that answers too is not the request's"
        );
        assert_eq!(
            indent_answers(letter),
            "Dear Ms Rowe,\n\n1. How many beds?\n    450\n\n2. Which wards close? None\n"
        );
        let split = label_own_line(letter);
        assert!(split.contains("\n1.\nHow many beds?\n"), "{split}");
    }

    #[test]
    fn a_letter_on_one_line_keeps_its_paragraph_breaks_as_two_spaces() {
        let out = on_one_line("Dear Ms Rowe,\n\n1. How many beds?\n45\n\n\nYours sincerely\n");
        assert_eq!(
            out,
            "Dear Ms Rowe,  1. How many beds? 45  Yours sincerely\n"
        );
        let table = "| Year | Beds |\n| 2024 | 45 |\n";
        assert_eq!(on_one_line(table), table);
    }

    #[test]
    fn long_prose_lines_wrap_at_72_columns_at_spaces() {
        let out = hard_wrap(LETTER);
        assert!(out.lines().all(|l| l.chars().count() <= 72), "{out}");
        assert_eq!(out.lines().count(), LETTER.lines().count() + 1);
        assert_eq!(
            kept_words(LETTER, Change::WhiteSpace),
            kept_words(&out, Change::WhiteSpace)
        );
        // A table row is never wrapped, however long.
        let row = format!("Site\t{}\tTotal\n", "word ".repeat(20));
        assert_eq!(hard_wrap(&row), row);
        // Nor is a letterhead set to the right.
        let letterhead = format!("{}Kestrel Valley Hospitals NHS Trust\n", " ".repeat(50));
        assert_eq!(hard_wrap(&letterhead), letterhead);
    }

    #[test]
    fn a_wrapped_line_never_starts_like_a_label_or_bullet() {
        let line = "1. The service has been reviewed and the outcome of the review was 2. The second review";
        let out = hard_wrap(line);
        assert!(
            out.lines().skip(1).all(|l| !could_start_something(l)),
            "{out}"
        );
        assert_eq!(out.replace('\n', " "), line);
    }

    #[test]
    fn the_request_is_restated_before_the_answers() {
        let out = restate_request(LETTER);
        let expected = "Our ref: FOI/25/0042
Date: 3 March 2025

Dear Requester

Your request:

1. How many porters does the hospital employ?
2. What was spent on agency porters in 2024/25?
3. Please list the wards with a dedicated porter, by site.

Our response:

1. 42 porters (38.5 WTE), of whom 6 work nights across the two main sites of the Trust.

2. £12,400

3.
Site\tWards
North\t7
South\t5

Yours sincerely
Information Governance Team
";
        assert_eq!(out, expected);
        assert_eq!(
            kept_words(LETTER, Change::Order),
            kept_words(&out, Change::Order)
        );
    }

    #[test]
    fn restating_leaves_letters_where_it_would_guess() {
        // Already restated: labels repeat.
        let restated = "1. How many?\n2. Which?\n\n1. Four\n2. None\n";
        assert_eq!(restate_request(restated), restated);
        // An implicit joint answer would end up under one label only.
        let joint = "1. How many coded?\n2. How many uncoded?\nCoded\tUncoded\n30\t7\n3. Which system?\nMedicode\n";
        assert_eq!(restate_request(joint), joint);
        // A question whose wording runs on past a break.
        let broken =
            "1. How many coders do you employ (if not\n\nin 1 above)\n2. Which system?\nMedicode\n";
        assert_eq!(restate_request(broken), broken);
        // A joint answer that names its questions is kept.
        let named = "1. How many?\n2. How much?\nFor question 1 and 2: 4 claims, £300\n3. Who?\nThe Chief Executive\n";
        assert!(restate_request(named).contains("2. For question 1 and 2: 4 claims, £300"));
    }

    #[test]
    fn tables_become_one_cell_per_line() {
        let out = cells_one_per_line(LETTER);
        assert!(
            out.contains("Response:\nSite\nWards\nNorth\n7\nSouth\n5\n\nYours sincerely"),
            "{out}"
        );
        let pipes = "| No. | Answer |\n|-----|--------|\n| 1 | 14 |\n| 2 | £86,400 |\n";
        assert_eq!(
            cells_one_per_line(pipes),
            "No.\nAnswer\n1\n14\n2\n£86,400\n"
        );
        let aligned = "Year      Claims\n2021/22      765\n2022/23    1,591\n";
        assert_eq!(
            cells_one_per_line(aligned),
            "Year\nClaims\n2021/22\n765\n2022/23\n1,591\n"
        );
        // Double spaces after full stops are not a table.
        let prose =
            "The Trust holds this.  It is attached.\nWe hope this helps.  Yours sincerely.\n";
        assert_eq!(cells_one_per_line(prose), prose);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Lines made of the pieces letters are made of: labels, markers, figures,
    /// words, tabs, pipes, no-break spaces, CRLF.
    fn letter() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("1. ".to_string()),
            Just("Q2 ".to_string()),
            Just("(3) ".to_string()),
            Just("Question 4: ".to_string()),
            Just("Response: ".to_string()),
            Just("A1 ".to_string()),
            Just("OUR RESPONSE: ".to_string()),
            Just("You asked:".to_string()),
            Just("\t".to_string()),
            Just(" | ".to_string()),
            Just("   ".to_string()),
            Just("\u{a0}".to_string()),
            Just("?".to_string()),
            Just("\r".to_string()),
            "[a-zA-Zé£0-9,.()-]{1,12} ?",
        ];
        prop::collection::vec(
            prop::collection::vec(piece, 0..14).prop_map(|p| p.concat()),
            0..30,
        )
        .prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #[test]
        fn transformations_never_panic_and_keep_the_words(text in letter()) {
            for t in ALL {
                let out = (t.apply)(&text);
                prop_assert_eq!(kept_words(&text, t.changes), kept_words(&out, t.changes), "{}", t.name);
            }
        }
    }
}
