//! Labels and markers at the start of a line: question labels ("1.", "Q1",
//! "Question Number 1:", "a)", "Q4 & Q5 -"), answer markers ("A1", "Answer To
//! Question 1:", "OUR RESPONSE:", "A)"), and section headings ("You asked:",
//! "RESPONSE").

use std::sync::LazyLock;

use crate::engine::text::{self, Lower};
use regex::Regex;

/// A printed question label: a number, a letter, or both ("1a").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label {
    pub number: Option<u32>,
    pub letter: Option<char>,
}

impl Label {
    pub fn number(n: u32) -> Label {
        Label {
            number: Some(n),
            letter: None,
        }
    }

    pub fn printed(&self) -> String {
        let mut s = String::with_capacity(8);
        self.write_to(&mut s);
        s
    }

    fn write_to(&self, s: &mut String) {
        if let Some(n) = self.number {
            let mut buf = [0; 20];
            let digits = text::decimal_digits(u64::from(n), &mut buf);
            s.extend(digits.iter().map(|&d| char::from(d)));
        }
        if let Some(c) = self.letter {
            s.push(c);
        }
    }
}

/// The labels of one question line: one, or more for a joint question
/// ("Q4 & Q5", "9, 10 & 11."). Kept inline: every labelled line has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels {
    items: [Option<Label>; 4],
}

impl Labels {
    pub fn one(label: Label) -> Labels {
        Labels {
            items: [Some(label), None, None, None],
        }
    }

    pub fn two(first: Label, second: Label) -> Labels {
        Labels {
            items: [Some(first), Some(second), None, None],
        }
    }

    /// Adds a label; a fifth one is dropped (no layout joins five).
    pub fn push(&mut self, label: Label) {
        if let Some(slot) = self.items.iter_mut().find(|l| l.is_none()) {
            *slot = Some(label);
        }
    }

    pub fn len(&self) -> usize {
        self.items.iter().flatten().count()
    }

    pub fn is_empty(&self) -> bool {
        self.items[0].is_none()
    }

    pub fn first(&self) -> Option<&Label> {
        self.items[0].as_ref()
    }

    pub fn last(&self) -> Option<&Label> {
        self.items.iter().rev().flatten().next()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Label> {
        self.items.iter().flatten()
    }

    /// "4 & 5", "1a".
    pub fn printed(&self) -> String {
        let mut s = String::with_capacity(8);
        for (k, label) in self.iter().enumerate() {
            if k > 0 {
                s.push_str(" & ");
            }
            label.write_to(&mut s);
        }
        s
    }
}

impl std::ops::Index<usize> for Labels {
    type Output = Label;

    fn index(&self, i: usize) -> &Label {
        self.items[i].as_ref().expect("a label at that index")
    }
}

impl FromIterator<Label> for Labels {
    fn from_iter<I: IntoIterator<Item = Label>>(iter: I) -> Labels {
        let mut labels = Labels::default();
        for label in iter {
            labels.push(label);
        }
        labels
    }
}

/// How a question label is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// `1.`, `1)`, `(1)`, `1:`
    Numeric,
    /// `Q1`, `**Q1**`, `Question 1:`, `Question Number 1:`
    Q,
    /// `a.`, `a)`, `(a)`
    Letter,
    /// A named item: `Column B:`, `Part 2 -`, `Item 3.`, `Point 6:`.
    Named,
}

/// What a line starts with. `rest` is the byte offset (within the line's
/// content) where the text after the marker begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Question {
        labels: Labels,
        style: LabelStyle,
        rest: usize,
    },
    Answer {
        /// The question the marker names ("A5", "Answer to Q2"), if any.
        label: Option<Label>,
        rest: usize,
    },
}

static Q_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?x)^
        (?:\*\*)?
        (?:Q\.?|Question|QUESTION|Questions|QUESTIONS)\s*(?:(?:Number|No\.?|\#)\s*)?
        (\d{1,4}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b)([a-z])?
        (?:\*\*)?\s*
        (?:(?:&|and|,|/|\+)\s*(?:Q|Question)?\s*(\d{1,4})([a-z])?(?:\*\*)?\s*)?
        (?:[.:)]|\s[-–—]|[-–—](?:\s|$))?
        (?:\*\*)?
        (?:\s+|$)",
    )
});

static NUMERIC_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?x)^
        (?:\*\*)?
        (?:
            \((\d{1,4})\)                       # (1)
          | (\d{1,4})([a-z])?(?:[.):])          # 1.  1)  1:  1a)
          | (\d{1,2})\s*(?:&|and)\s*(\d{1,2})[.:)]   # 1 & 2.
        )
        (?:\*\*)?
        (?:\s+|$)",
    )
});

static LETTER_STYLE: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"^(?:\(([a-z])\)|([a-z])[.)])(?:\s+|$)"));

static ANSWER_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?xi)^
        (?:\*\*)?
        (?:
            (?-i:A)\s?(\d{1,4})([a-z])?
          | (?:(?:our|the\s+trust['’]?s|trust|council['’]?s|the\s+council['’]?s)\s+)?
            (?:answer|response|reply)s?\s+(?:to\s+)?(?:(?:question|q)\s*(?:number|no\.?)?\s*)?(\d{1,4})([a-z])?
        )
        (?:\*\*)?\s*
        (?:[.:)]|[-–—](?:\s|$))?
        (?:\*\*)?
        (?:\s+|$)",
    )
});

static ANSWER_GENERIC: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?xi)^
        (?:\*\*)?
        (?:
            (?:our|the\s+trust['’]?s|trust|council['’]?s|the\s+council['’]?s|foi)\s+(?:response|reply|answer)s?
          | response|answer|reply
          | we\s+(?:replied|responded|answered)
        )
        (?:\*\*)?\s*[:\-–—]\s*(?:\*\*)?\s*
      | ^(?-i:A)\s*[):]\s*",
    )
});

/// A question named as an item of a form or a list: "Column B: the number
/// who …", "Part 2 - …", "Item 3. …".
static NAMED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"^(?:\*\*)?(?:Column|Item|Part|Point|Query|Request|Element)\s+(?:([A-Z])|(\d{1,3}))(?:\*\*)?\s*[:.)–—-]\s+",
    )
});

fn named_label(content: &str) -> Option<Marker> {
    let c = NAMED_LABEL.captures(content)?;
    let label = Label {
        number: c.get(2).and_then(|m| m.as_str().parse().ok()),
        letter: c.get(1).and_then(|m| m.as_str().chars().next()),
    };
    Some(Marker::Question {
        labels: Labels::one(label),
        style: LabelStyle::Named,
        rest: c.get(0)?.end(),
    })
}

/// Reads the marker a line's content starts with.
pub fn marker(content: &str) -> Option<Marker> {
    if content.starts_with(['C', 'I', 'P', 'Q', 'R', 'E', '*']) {
        if let Some(m) = named_label(content) {
            return Some(m);
        }
    }
    // Each form can only start with a few characters: check those before
    // running its pattern (this runs on every line of every document).
    let bytes = content.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    let bold = first == b'*';
    let could_number = bold || first == b'(' || first.is_ascii_digit();
    // `Q_STYLE` is case-sensitive: `Q` then a digit, a space, `No`/`Number`/`#`,
    // or the rest of "Question"/"QUESTION".
    let could_q = bold
        || (bytes[0] == b'Q'
            && bytes.get(1).is_none_or(|&b| {
                b.is_ascii_digit() || b.is_ascii_whitespace() || matches!(b, b'N' | b'#' | b'.')
            })
            || content.starts_with("Question")
            || content.starts_with("QUESTION"));
    // "a)", "b.", "(c)": a letter label is a lowercase letter then `.` or `)`.
    let could_letter = (bytes[0].is_ascii_lowercase() && matches!(bytes.get(1), Some(b'.' | b')')))
        || (first == b'(' && bytes.get(1).is_some_and(u8::is_ascii_lowercase));
    let could_answer = bold || may_open_answer_marker(content);
    if !(could_answer || could_q || could_number || could_letter) {
        return None;
    }
    if !could_answer {
        return question_marker(content, could_q, could_number, could_letter);
    }
    if let Some(c) = ANSWER_LABELLED.captures(content) {
        let number = c
            .get(1)
            .or_else(|| c.get(3))
            .and_then(|m| m.as_str().parse().ok());
        let letter = c
            .get(2)
            .or_else(|| c.get(4))
            .and_then(|m| m.as_str().chars().next());
        return Some(Marker::Answer {
            label: Some(Label { number, letter }),
            rest: c.get(0).unwrap().end(),
        });
    }
    if could_q {
        if let Some(m) = question_marker(content, true, false, false) {
            return Some(m);
        }
    }
    if let Some(m) = ANSWER_GENERIC.find(content) {
        return Some(Marker::Answer {
            label: None,
            rest: m.end(),
        });
    }
    question_marker(content, false, could_number, could_letter)
}

/// Whether `content` may open with an answer marker (bold marks aside): its
/// first word is one an answer marker starts with.
fn may_open_answer_marker(content: &str) -> bool {
    let bytes = content.as_bytes();
    // Every answer marker opens with one of these letters.
    if !bytes.first().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'o' | b't' | b'c' | b'f' | b'r' | b'w'
        )
    }) {
        return false;
    }
    let end = content
        .find(|c: char| c.is_whitespace() || c == ':' || c == '-')
        .unwrap_or(content.len());
    let word = Lower::<12>::new(&content[..end]);
    let w = word.as_str();
    // "A1", "A 2", "A)", "A:" (a capital A).
    let a_label = bytes[0] == b'A'
        && w.as_bytes()
            .get(1)
            .is_none_or(|&c| c.is_ascii_digit() || c == b')');
    a_label
        || (w == "we"
            && ["replied", "responded", "answered"]
                .iter()
                .any(|v| text::starts_with_ci(content[end..].trim_start(), v)))
        || w.starts_with("answer")
        || w.starts_with("response")
        || w.starts_with("repl")
        // "Our response:", "The Trust's reply -": the marker word follows.
        || matches!(
            w,
            "our" | "the" | "trust" | "trust's" | "council" | "council's" | "foi"
        ) && names_a_reply(content)
}

/// Whether the second word of `content`, or the third after "the trust's" or
/// "the council's", is "response", "reply" or "answer".
fn names_a_reply(content: &str) -> bool {
    let mut words = content.split_whitespace().skip(1);
    let mut word = words.next().unwrap_or("");
    let possessive = |w: &str| {
        let w = w.trim_end_matches(['s', 'S']).trim_end_matches(['\'', '’']);
        w.eq_ignore_ascii_case("trust") || w.eq_ignore_ascii_case("council")
    };
    if possessive(word) {
        word = words.next().unwrap_or("");
    }
    ["respons", "repl", "answer"]
        .iter()
        .any(|r| text::starts_with_ci(word, r))
}

/// A table row whose first cell is a question number and whose next cell is
/// the question: `1 | How many beds? | 450`, `Q2<TAB>What is …<TAB>…`.
pub fn row_marker(content: &str) -> Option<Marker> {
    let sep = text::cell_break(content)?;
    let cell = content[..sep]
        .trim()
        .trim_start_matches(['Q', 'q'])
        .trim_end_matches(['.', ')', ':']);
    if cell.is_empty() || cell.len() > 4 || !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = sep + content[sep..].find(|c: char| !matches!(c, '|' | '\t' | ' '))?;
    if super::wording::question_score(&content[rest..]) == 0 {
        return None;
    }
    Some(Marker::Question {
        labels: Labels::one(Label::number(cell.parse().ok()?)),
        style: LabelStyle::Numeric,
        rest,
    })
}

/// After a question's number, the part it labels: ".2 " or "(b) ", then a
/// capital; the part's letter and where the words start.
fn sub_part(after: &str) -> Option<(char, usize)> {
    let (letter, len) = if let Some(rest) = after.strip_prefix('.') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n: u8 = rest.get(..digits)?.parse().ok()?;
        if !(1..=26).contains(&n) || digits > 2 {
            return None;
        }
        (char::from(b'a' + n - 1), 1 + digits)
    } else {
        let inner = after.strip_prefix('(')?;
        let c = inner.chars().next().filter(char::is_ascii_lowercase)?;
        inner[1..].strip_prefix(')')?;
        (c, 3)
    };
    let words = after[len..].strip_prefix([' ', '\t'])?.trim_start();
    // "1.5 WTE", "36.2 WTE (39 headcount)" are a figure and its unit: a
    // question's first word is a word.
    let first = words.split_whitespace().next().unwrap_or("");
    let worded = first.chars().any(|c| c.is_ascii_lowercase());
    (words.starts_with(|c: char| c.is_ascii_uppercase()) && worded)
        .then(|| (letter, after.len() - words.len()))
}

/// Question labels: `Q1`-style, numbers, letters (each only when asked for).
fn question_marker(
    content: &str,
    want_q: bool,
    want_number: bool,
    want_letter: bool,
) -> Option<Marker> {
    if want_q {
        if let Some(c) = Q_STYLE.captures(content) {
            // "Question 4", or in words: "QUESTION FOUR" (forms set as tables).
            let number = |m: regex::Match| {
                let s = m.as_str();
                s.parse()
                    .ok()
                    .or_else(|| crate::engine::values::word_value(s))
            };
            let mut labels = Labels::one(Label {
                number: c.get(1).and_then(number),
                letter: c.get(2).and_then(|m| m.as_str().chars().next()),
            });
            if let Some(n2) = c.get(3).and_then(|m| m.as_str().parse().ok()) {
                labels.push(Label {
                    number: Some(n2),
                    letter: c.get(4).and_then(|m| m.as_str().chars().next()),
                });
            }
            return Some(Marker::Question {
                labels,
                style: LabelStyle::Q,
                rest: c.get(0).unwrap().end(),
            });
        }
    }
    if want_number {
        if let Some(m) = joint_numeric(content) {
            return Some(m);
        }
        if let Some(m) = plain_numeric(content) {
            return Some(m);
        }
        if may_be_other_numeric(content) {
            if let Some(m) = numeric_by_pattern(content) {
                return Some(m);
            }
        }
    }
    if want_letter {
        if let Some(c) = LETTER_STYLE.captures(content) {
            let letter = c.get(1).or_else(|| c.get(2))?.as_str().chars().next();
            return Some(Marker::Question {
                labels: Labels::one(Label {
                    number: None,
                    letter,
                }),
                style: LabelStyle::Letter,
                rest: c.get(0).unwrap().end(),
            });
        }
    }
    None
}

/// Whether `content` may hold a numeric label [`plain_numeric`] does not
/// read: `(1)` or `1 & 2.` (the pattern runs only then).
fn may_be_other_numeric(content: &str) -> bool {
    let b = content.strip_prefix("**").unwrap_or(content).as_bytes();
    if b.first() == Some(&b'(') {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    // After the digits: white space (any, so also non-ASCII), `&`, "and",
    // or the comma of a list of numbers.
    (1..=2).contains(&digits)
        && b.get(digits).is_some_and(|&c| {
            c.is_ascii_whitespace() || c == b'&' || c == b'a' || c == b',' || c >= 0x80
        })
}

/// "9, 10 & 11." opening a line: one question text for three numbers.
static NUMBER_LIST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(r"^(\d{1,2}(?:\s*,\s*\d{1,2}){1,2}\s*(?:&|and)\s*\d{1,2})[.:)]\s+")
});

/// "3. & 3.a)": a question and its lettered part answered together.
static WITH_PART_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(r"^(\d{1,2})[.)]?\s*(?:&|and)\s*(\d{1,2})[.]?([a-z])[.)]+(?:\s+|$)")
});

/// `1.`, `(1)`, `1a)`, `1 & 2.`, `9, 10 & 11.` by the pattern.
fn numeric_by_pattern(content: &str) -> Option<Marker> {
    if let Some(m) = joint_numeric(content) {
        return Some(m);
    }
    let c = NUMERIC_STYLE.captures(content)?;
    numeric_labels(c)
}

/// Labels joining several numbers: "9, 10 & 11.", "3. & 3.a)".
fn joint_numeric(content: &str) -> Option<Marker> {
    // Both forms join with "&" or "and" in their first few bytes.
    let head = text::head(content, 16);
    if !head.contains('&') && !head.contains(" and ") {
        return None;
    }
    if let Some(c) = WITH_PART_LABEL.captures(content) {
        let n: u32 = c[1].parse().ok()?;
        let part = Label {
            number: c[2].parse().ok(),
            letter: c[3].chars().next(),
        };
        return Some(Marker::Question {
            labels: Labels::two(Label::number(n), part),
            style: LabelStyle::Numeric,
            rest: c.get(0)?.end(),
        });
    }
    if let Some(c) = NUMBER_LIST_LABEL.captures(content) {
        let labels: Labels = c[1]
            .split(|ch: char| !ch.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .map(Label::number)
            .collect();
        return Some(Marker::Question {
            labels,
            style: LabelStyle::Numeric,
            rest: c.get(0)?.end(),
        });
    }
    None
}

fn numeric_labels(c: regex::Captures) -> Option<Marker> {
    let rest = c.get(0).unwrap().end();
    let labels = if let Some(n) = c.get(1) {
        Labels::one(Label::number(n.as_str().parse().ok()?))
    } else if let Some(n) = c.get(2) {
        Labels::one(Label {
            number: n.as_str().parse().ok(),
            letter: c.get(3).and_then(|m| m.as_str().chars().next()),
        })
    } else {
        Labels::two(
            Label::number(c.get(4)?.as_str().parse().ok()?),
            Label::number(c.get(5)?.as_str().parse().ok()?),
        )
    };
    Some(Marker::Question {
        labels,
        style: LabelStyle::Numeric,
        rest,
    })
}

/// The commonest label, `1.` / `12)` / `3a:` (optionally in `**`), read
/// without the pattern; exactly what `NUMERIC_STYLE` reads for these forms,
/// and also the glued form `1.The` that only this reads.
/// `None` means "not this form", not "no label": the pattern decides then.
fn plain_numeric(content: &str) -> Option<Marker> {
    let b = content.as_bytes();
    let mut i = if content.starts_with("**") { 2 } else { 0 };
    let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=4).contains(&digits) {
        return None;
    }
    let number = content[i..i + digits].parse().ok()?;
    i += digits;
    // A part of a numbered question, "1.2 How …" or "1(b) How …", reads as
    // its letter ("1b"), a capital after it telling it from a figure.
    if let Some((letter, end)) = sub_part(&content[i..]) {
        return Some(numeric(number, Some(letter), i + end));
    }
    let letter = match b.get(i) {
        Some(c) if c.is_ascii_lowercase() => {
            i += 1;
            Some(char::from(*c))
        }
        _ => None,
    };
    // "1, How many …": some letters separate the number with a comma, a
    // capital after it tells it from a list of figures ("5, 6 and 7").
    let comma = b.get(i) == Some(&b',')
        && b.get(i + 1) == Some(&b' ')
        && b.get(i + 2).is_some_and(u8::is_ascii_uppercase);
    // "1 - How many …", "2 – The number …": a dash between the number and
    // a capital ("10 - 15 days" is a range).
    if let Some(words) = after_dash(&content[i..]) {
        return Some(numeric(number, letter, content.len() - words.len()));
    }
    if !matches!(b.get(i), Some(b'.' | b')' | b':')) && !comma {
        return None;
    }
    i += 1;
    // "1).", "2.)": a second mark after the first.
    if !comma
        && matches!(
            (b[i - 1], b.get(i)),
            (b')', Some(b'.')) | (b'.', Some(b')'))
        )
    {
        i += 1;
    }
    if content[i..].starts_with("**") {
        i += 2;
    }
    let after = &content[i..];
    let trimmed = after.trim_start();
    // "1.5" is a figure: a label is followed by a space, the end, or (in text
    // converted from PDF, which drops the space: "1.The total", "2.Adult
    // ADHD") a capital letter right after its `.` or `)`.
    let glued =
        matches!(b[i - 1], b'.' | b')') && after.starts_with(|c: char| c.is_ascii_uppercase());
    if !trimmed.is_empty() && trimmed.len() == after.len() && !glued {
        return None;
    }
    Some(numeric(number, letter, content.len() - trimmed.len()))
}

/// A numeric question label, its words starting at `rest`.
fn numeric(number: u32, letter: Option<char>, rest: usize) -> Marker {
    Marker::Question {
        labels: Labels::one(Label {
            number: Some(number),
            letter,
        }),
        style: LabelStyle::Numeric,
        rest,
    }
}

/// The words after " - " (or an en or em dash) when they open with a capital.
fn after_dash(s: &str) -> Option<&str> {
    ["-", "–", "—"]
        .iter()
        .find_map(|d| s.strip_prefix(' ')?.strip_prefix(d)?.strip_prefix(' '))
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// Headings that open the part of the document listing the request.
const REQUEST_HEADINGS: &[&str] = &[
    "you asked",
    "you asked for",
    "your request",
    "request",
    "requests",
    "the request",
    "foi request",
    "information request",
    "request for information",
    "your request is set out below",
    "your request was",
    "you requested",
    "request details",
    "details of request",
    "details of the request",
    "details of your request",
    // Disclosure logs' pages: "Details of enquiry" … "Response sent".
    "details of enquiry",
    "details of the enquiry",
    "your enquiry",
    "questions",
    "your questions",
    "information requested",
    "requested information",
    "we received the following request",
];

/// Headings that open the response part, or a bare answer marker on its own
/// line ("Our response:"). Whether it opens a section or one answer is decided
/// by how often it occurs.
const RESPONSE_HEADINGS: &[&str] = &[
    "response",
    "responses",
    "our response",
    "our responses",
    "trust response",
    "trust's response",
    "the trust's response",
    "council response",
    "council's response",
    "the council's response",
    "we responded",
    "answers",
    "our answers",
    "answer",
    "reply",
    "our reply",
    "response to your request",
    "responses to your questions",
    "our response to your request",
    "foi response",
    "in response",
    "response sent",
    "response provided",
];

/// Which structural heading a line is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    Request,
    Response,
}

pub fn heading(content: &str) -> Option<Heading> {
    let words = heading_words(content)?;
    let w = words.as_str();
    if REQUEST_HEADINGS.contains(&w) {
        Some(Heading::Request)
    } else if RESPONSE_HEADINGS.contains(&w) {
        Some(Heading::Response)
    } else {
        None
    }
}

/// A heading that opens the part of the document listing the request.
#[cfg(test)]
fn is_request_heading(content: &str) -> bool {
    heading(content) == Some(Heading::Request)
}

/// A heading that opens the response part (see [`RESPONSE_HEADINGS`]).
pub fn is_response_heading(content: &str) -> bool {
    heading(content) == Some(Heading::Response)
}

/// Longest heading above, in bytes.
const HEADING_MAX: usize = 40;

fn heading_words(content: &str) -> Option<Lower<64>> {
    if content.len() > 64 {
        return None;
    }
    // Every heading starts with one of these letters, after any bullet or
    // bold marks: most lines are ruled out before trimming and lowercasing.
    let first = content.bytes().find(|b| b.is_ascii_alphanumeric())?;
    if !matches!(
        first.to_ascii_lowercase(),
        b'a' | b'c' | b'd' | b'f' | b'i' | b'o' | b'q' | b'r' | b't' | b'w' | b'y'
    ) {
        return None;
    }
    let trimmed = content
        .trim()
        .trim_start_matches(['-', '•', '*', '#', ' '])
        .trim_end_matches([':', '*', ' ', '-', '–'])
        .trim_start_matches(['*', ' ']);
    (trimmed.len() <= HEADING_MAX).then(|| Lower::new(trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_gates_let_every_heading_through() {
        for h in REQUEST_HEADINGS.iter().chain(RESPONSE_HEADINGS) {
            assert!(h.len() <= HEADING_MAX, "{h}");
            assert!(heading(h).is_some(), "{h}");
            assert!(
                heading(&format!("**{}:**", h.to_uppercase())).is_some(),
                "{h}"
            );
        }
    }

    #[test]
    fn labels_print_as_written() {
        for n in [0, 7, 10, 99, 100, 4_294_967_295] {
            assert_eq!(Label::number(n).printed(), n.to_string());
        }
        let lettered = Label {
            number: Some(12),
            letter: Some('b'),
        };
        assert_eq!(lettered.printed(), "12b");
        let joint = Labels::two(Label::number(4), Label::number(5));
        assert_eq!(joint.printed(), "4 & 5");
    }

    #[test]
    fn plain_numeric_labels_read_as_the_pattern_reads_them() {
        for s in [
            "1. How many?",
            "12) Text",
            "3a: Text",
            "**4.** Bold",
            "**5.**",
            "6.",
            "7.\tTab",
            "1.5 million",
            "12345. Long",
            "1 & 2. Joint",
            "(3) Paren",
            "9a.",
            "10:  spaced",
            "2021: 15 cases",
            "1.\u{a0}nbsp",
            "12 & 13. Joint",
            "2 and 3: Joint",
            "4\u{a0}& 5) Joint",
            "**(6)** Bold",
            "7 apples",
            "2019 & 2020.",
        ] {
            if let Some(m) = plain_numeric(s) {
                assert_eq!(Some(m), numeric_by_pattern(s), "{s:?}");
            }
            assert_eq!(
                question_marker(s, false, true, false),
                numeric_by_pattern(s),
                "{s:?}"
            );
            if numeric_by_pattern(s).is_some() && plain_numeric(s).is_none() {
                assert!(may_be_other_numeric(s), "{s:?}");
            }
        }
    }

    #[test]
    fn labels_glued_to_a_capital_are_labels() {
        // PDF conversion drops the space after the label.
        assert_eq!(
            q("1.The total number of claims"),
            Some((
                vec!["1".into()],
                LabelStyle::Numeric,
                "The total number of claims"
            ))
        );
        assert_eq!(
            q("2)Adult ADHD treatment?"),
            Some((
                vec!["2".into()],
                LabelStyle::Numeric,
                "Adult ADHD treatment?"
            ))
        );
        assert_eq!(
            q("1, How many officers are suspended"),
            Some((
                vec!["1".into()],
                LabelStyle::Numeric,
                "How many officers are suspended"
            ))
        );
        assert_eq!(q("5, 6 and 7 were closed"), None);
        assert_eq!(
            q("Column B: the number who were in post"),
            Some((
                vec!["B".into()],
                LabelStyle::Named,
                "the number who were in post"
            ))
        );
        assert_eq!(
            q("Part 2 - Staffing levels"),
            Some((vec!["2".into()], LabelStyle::Named, "Staffing levels"))
        );
        assert_eq!(
            q("9, 10 & 11. Does the Trust use automated coding?"),
            Some((
                vec!["9".into(), "10".into(), "11".into()],
                LabelStyle::Numeric,
                "Does the Trust use automated coding?"
            ))
        );
        assert_eq!(
            q("3. & 3.a)"),
            Some((vec!["3".into(), "3a".into()], LabelStyle::Numeric, ""))
        );
        assert_eq!(
            q("2). With regard to the highest amount"),
            Some((
                vec!["2".into()],
                LabelStyle::Numeric,
                "With regard to the highest amount"
            ))
        );
        // A decimal or a lowercase word is not a label.
        assert_eq!(q("1.5 million"), None);
        assert_eq!(q("3.m"), None);
    }

    fn q(content: &str) -> Option<(Vec<String>, LabelStyle, &str)> {
        match marker(content)? {
            Marker::Question {
                labels,
                style,
                rest,
            } => Some((
                labels.iter().map(Label::printed).collect(),
                style,
                &content[rest..],
            )),
            Marker::Answer { .. } => None,
        }
    }

    fn a(content: &str) -> Option<(Option<String>, &str)> {
        match marker(content)? {
            Marker::Answer { label, rest } => Some((label.map(|l| l.printed()), &content[rest..])),
            Marker::Question { .. } => None,
        }
    }

    #[test]
    fn question_labels() {
        assert_eq!(
            q("1. How many beds?"),
            Some((vec!["1".into()], LabelStyle::Numeric, "How many beds?"))
        );
        assert_eq!(q("12) Text").unwrap().0, vec!["12"]);
        assert_eq!(q("2: The average").unwrap().2, "The average");
        assert_eq!(q("(3) Text").unwrap().0, vec!["3"]);
        assert_eq!(
            q("**Q1** How").unwrap(),
            (vec!["1".into()], LabelStyle::Q, "How")
        );
        assert_eq!(q("Q5 Please explain").unwrap().2, "Please explain");
        assert_eq!(q("Q1. Please write").unwrap().2, "Please write");
        assert_eq!(q("Question Number 1: I'm").unwrap().2, "I'm");
        assert_eq!(q("Question Number 1:").unwrap().2, "");
        assert_eq!(
            q("QUESTION TWO ROOT CAUSE").unwrap(),
            (vec!["2".into()], LabelStyle::Q, "ROOT CAUSE")
        );
        assert_eq!(q("Question Eleven: How").unwrap().0, vec!["11"]);
        assert_eq!(q("Q.3 Do you").unwrap().2, "Do you");
        assert_eq!(
            q("2 – The number of beds").unwrap(),
            (vec!["2".into()], LabelStyle::Numeric, "The number of beds")
        );
        assert!(q("10 - 15 days").is_none());
        assert_eq!(q("1.2 How many wards?").unwrap().0, vec!["1b"]);
        assert_eq!(q("3(c) Do you use").unwrap().2, "Do you use");
        assert!(q("2.5 days on average").is_none());
        assert!(q("1.5 WTE").is_none());
        assert!(q("36.2 WTE (39 headcount)").is_none());
        assert!(q("Question Oneself").is_none());
        assert_eq!(
            q("Q1 - Information not held").unwrap().2,
            "Information not held"
        );
        assert_eq!(q("Q2 -").unwrap().2, "");
        assert_eq!(
            q("Q4 & Q5 - Information not held").unwrap().0,
            vec!["4", "5"]
        );
        assert_eq!(q("1 & 2. Both").unwrap().0, vec!["1", "2"]);
        assert_eq!(
            q("a. How many").unwrap(),
            (vec!["a".into()], LabelStyle::Letter, "How many")
        );
        assert_eq!(q("b) As per cap").unwrap().2, "As per cap");
        assert_eq!(q("(c) Text").unwrap().0, vec!["c"]);
    }

    #[test]
    fn not_labels() {
        assert_eq!(marker("2.25"), None);
        assert_eq!(marker("2016 - 2017 = 316"), None);
        assert_eq!(marker("1 x Head of Coding"), None);
        assert_eq!(marker("e.g. Radiology"), None);
        assert_eq!(marker("1088/1345 (81%)"), None);
        assert_eq!(marker("Quality Assurance Manager"), None);
        assert_eq!(marker("Answering machines"), None);
        assert_eq!(marker("As per NHSe cap"), None);
    }

    #[test]
    fn answer_markers() {
        assert_eq!(a("**A1** 84.5K"), Some((Some("1".into()), "84.5K")));
        assert_eq!(
            a("A5 Hybrid Remote Rota"),
            Some((Some("5".into()), "Hybrid Remote Rota"))
        );
        assert_eq!(a("**A4**"), Some((Some("4".into()), "")));
        assert_eq!(
            a("Answer To Question 1: Please see"),
            Some((Some("1".into()), "Please see"))
        );
        assert_eq!(a("Answer to Q2"), Some((Some("2".into()), "")));
        assert_eq!(
            a("OUR RESPONSE TO QUESTION 4: In-house"),
            Some((Some("4".into()), "In-house"))
        );
        assert_eq!(
            a("**The Trust's reply to question 2:** Zero"),
            Some((Some("2".into()), "Zero"))
        );
        assert_eq!(a("OUR RESPONSE: 0."), Some((None, "0.")));
        assert_eq!(a("Our response:"), Some((None, "")));
        assert_eq!(a("A) Yes. Internal"), Some((None, "Yes. Internal")));
        assert_eq!(a("Response: Not held"), Some((None, "Not held")));
        assert_eq!(a("Trust response:"), Some((None, "")));
        assert_eq!(a("OUR\u{a0}RESPONSE: No."), Some((None, "No.")));
    }

    #[test]
    fn headings() {
        assert!(is_request_heading("You asked:"));
        assert!(is_request_heading("REQUEST"));
        assert!(is_request_heading("Details of enquiry"));
        assert!(is_response_heading("Response sent"));
        assert!(!is_response_heading("Date response sent: 10/12/2024"));
        assert!(is_response_heading("RESPONSE"));
        assert!(is_response_heading("We responded:"));
        assert!(is_response_heading("Trust response:"));
        assert!(!is_response_heading("Response times are long"));
    }
}
