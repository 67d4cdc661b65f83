//! Page furniture (letterheads, page numbers, "We are proud to be smoke free",
//! chair and chief-executive lines, web-page navigation) and the closing
//! boilerplate of a response (complaints, ICO, re-use, sign-off), kept out of
//! answers.

use std::sync::LazyLock;

use crate::engine::model::Span;
use crate::engine::text;
use regex::{Regex, RegexSet};

/// Furniture patterns, then closing patterns, in one set: one search per line.
const FURNITURE_PATTERNS: usize = 13;

static LINE_START: LazyLock<RegexSet> = LazyLock::new(|| {
    text::regex_set(&[
        // Furniture.
        r"(?i)^page\s+\d+(\s+of\s+\d+)?$",
        r"(?i)^(trust\s+)?chair(man|woman|person)?\s*[:–—-]\s*\S",
        r"(?i)^(interim\s+|acting\s+)?chief\s+executive(\s+officer)?\s*[:–—-]\s*\S",
        r"(?i)^(skip to (main )?content|back to top|print this page|share this page)$",
        r"(?i)^normal text size",
        r"(?i)^view coronavirus information$",
        r"(?i)^coronavirus information$",
        r"(?i)^visitor restrictions, information for patients",
        r"(?i)^(continued( overleaf)?|cont(inued)?['’]?d?\.?)\.*$",
        r"(?i)^search the .{3,80} website$",
        r"(?i)^transcript$",
        r"(?i)^(registered (office|address)|company (number|no))\b",
        r"(?i)^(page\s+)?(last\s+(updated|modified|reviewed)|first\s+published|published)(\s+on)?\s*:?\s*\d{1,2}[\s/.-]",
        // Closing boilerplate.
        r"(?i)^(yours\s+(sincerely|faithfully|truly)|kind(est)?\s+regards|best\s+(wishes|regards)|many\s+thanks|regards,?$)",
        r"(?i)^i\s+(confirm|trust|hope)\s+(that\s+)?(the|this)\s+(information|response)",
        r"(?i)^(if|should)\s+you\s+(are|have|were|feel|remain|wish)\s+.{0,40}(unhappy|dissatisfied|not\s+(satisfied|content|happy)|any\s+(further\s+)?(queries|questions|concerns|complaints?)|complain|appeal|internal\s+review)",
        r"(?i)^(if|should)\s+you\s+(have\s+)?any\s+(further\s+)?(queries|questions|concerns)",
        r"(?i)^you\s+(have\s+the\s+right|can|may)\s+.{0,60}(internal\s+review|complain|information\s+commissioner|appeal)",
        r"(?i)^the\s+ico\b",
        r"(?i)^(please\s+note\s+that\s+)?(this|the)\s+information\s+(is\s+)?provided\s+(is\s+)?for\s+your\s+personal\s+use",
        r"(?i)^to\s+return\s+to\s+the\s+list\s+of",
        r"(?i)^our\s+staff\s+at\s+.{3,80}\s+have\s+long\s+been",
        r"(?i)^(©|\(c\)|copyright\b)",
        r"(?i)^next\s+steps:?$",
        r"(?i)^posted\s+on\s",
        r"(?i)^foi\s+(disclosure\s+log|requests)$",
        r"(?i)^the\s+freedom\s+of\s+information\s+act\s+(2000\s+)?provides\s+(people|the\s+public|you)",
        r"(?i)^contact\s+us\s+if\s+you\s+have\s+a\s+question",
        r"(?i)^the\s+content\s+on\s+this\s+page\s+is",
        r"(?i)^please\s+(remember\s+to\s+)?quote\s+(the|our|your)\s+reference",
        r"(?i)^(your\s+)?right\s+(of|to)\s+(appeal|complain)",
        r"(?i)^(the\s+trust|we)\s+(has|have)\s+a\s+formal\s+internal\s+review",
        r"(?i)^please\s+note\s+that\s+the\s+trust\s+has\s+a\s+formal",
        r"(?i)^requests?\s+for\s+(an\s+)?internal\s+review",
        r"(?i)^on\s+behalf\s+of$",
        r"(?i)^(complaints|internal review)\s+(procedure|process)$",
    ])
});

// Every pattern above is anchored at the line start, so a line that does not
// match fails within a few bytes. The phrases below may stand anywhere in a
// line: they are found in one pass over the whole text, since a search of
// every line costs far more than one search of the text.
static SMOKE_FREE: LazyLock<Regex> =
    LazyLock::new(|| text::regex(&within_a_line(r"(?i)smoke[\s-]free")));

static CLOSING_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(&within_a_line(
        r"(?i)information\s+commissioner['’]?s?\s+office|\bico\s+can\s+be\s+contacted|re-?use\s+of\s+public\s+sector\s+information",
    ))
});

/// `pattern` with `\s` kept from matching line breaks: it runs on the whole text.
fn within_a_line(pattern: &str) -> String {
    // White space but line feed and carriage return, listed: the negated form
    // `[^\S\r\n]` spans nearly all of Unicode, and case-folding it for `(?i)`
    // took a tenth of a second at start-up.
    const SPACE_IN_LINE: &str = r"[\t\x0B\x0C \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";
    pattern.replace(r"\s", SPACE_IN_LINE)
}

/// Where the anywhere-phrases stand in a text, asked line by line in order.
pub struct Anywhere {
    /// Start offsets of furniture phrases, then of closing phrases, sorted.
    furniture: Vec<usize>,
    closing: Vec<usize>,
}

/// Which anywhere-phrases a line holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct HitsInLine {
    furniture: bool,
    closing: bool,
}

impl Anywhere {
    pub fn find(text: &str) -> Anywhere {
        let starts = |re: &Regex| re.find_iter(text).map(|m| m.start()).collect();
        Anywhere {
            furniture: starts(&SMOKE_FREE),
            closing: starts(&CLOSING_ANYWHERE),
        }
    }

    /// The phrases that start inside `span`.
    pub fn within(&self, span: Span) -> HitsInLine {
        let any = |starts: &[usize]| {
            let i = starts.partition_point(|&s| s < span.start);
            starts.get(i).is_some_and(|&s| s < span.end)
        };
        HitsInLine {
            furniture: any(&self.furniture),
            closing: any(&self.closing),
        }
    }
}

/// What a line of furniture or boilerplate is, if it is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boilerplate {
    Furniture,
    Closing,
}

/// Classifies a line's content: furniture (dropped wherever it stands), the
/// start of the closing boilerplate (answers end before it), or neither.
/// `phrases` are the anywhere-phrases the line holds.
pub fn classify(content: &str, phrases: HitsInLine) -> Option<Boilerplate> {
    let t = content.trim().trim_start_matches(['*', ' ', '-', '|']);
    if t.is_empty() {
        return None;
    }
    if may_open_line_start_pattern(t) && LINE_START.is_match(t) {
        let first = LINE_START.matches(t).iter().next().unwrap_or(0);
        return Some(if first < FURNITURE_PATTERNS && t.len() < 200 {
            Boilerplate::Furniture
        } else {
            Boilerplate::Closing
        });
    }
    if phrases.furniture && t.len() < 200 {
        return Some(Boilerplate::Furniture);
    }
    if is_letterhead_or_footer(t) {
        return Some(Boilerplate::Furniture);
    }
    // A question that names the regulator ("… over the Information
    // Commissioner's Office limit?") is asked, not closing the letter.
    (phrases.closing && super::wording::question_score(t) < 2).then_some(Boilerplate::Closing)
}

/// Whether `t` starts with a character some `LINE_START` pattern can start
/// with: most lines (numbers, question labels) are ruled out without a search.
fn may_open_line_start_pattern(t: &str) -> bool {
    // First letters of the patterns' opening words, and "(c)" and "©" (a
    // `matches!`, not a slice search: this runs on every line).
    t.as_bytes().first().is_some_and(|b| {
        matches!(
            b.to_ascii_lowercase(),
            b'a' | b'b'
                | b'c'
                | b'f'
                | b'i'
                | b'k'
                | b'l'
                | b'm'
                | b'n'
                | b'o'
                | b'p'
                | b'r'
                | b's'
                | b't'
                | b'v'
                | b'w'
                | b'y'
                | b'('
                | 0xc2
        )
    })
}

/// What letterheads and page footers carry: a document's file name, a
/// reference, a postcode, a telephone number, an e-mail or web address.
static CONTACT_OR_FILE: LazyLock<RegexSet> = LazyLock::new(|| {
    text::regex_set(&[
        r"(?i)\b[\w-]+(?:\s[\w-]+){0,6}\.(?:docx?|pdf|xlsx?|odt|rtf)\b",
        r"(?i)\b(?:our|your)?\s*ref(?:erence)?(?:\s+no\.?)?\s*[:.]\s*\S*\d",
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b",
        r"(?i)\b(?:tel|telephone|phone|fax)\b\.?\s*:?\s*[+(]?\d[\d\s()-]{7,}",
        r"(?i)\b(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+\.[\w.-]+",
        r"(?i)\b(?:www\.|https?://)\S+",
        r"(?i)\bpage\s+\d+\s+of\s+\d+\b",
    ])
});

/// A line of a letterhead or a page footer, as converted text leaves them
/// between answers and inside tables: "FOI-2024-0913 Response.docx    Ref:
/// FOI/24/0913", "Northfield House, 12 Mill Lane, NF4 7QT   Tel: 01632 …".
/// It is laid out in columns (wide gaps), or names a file or a page on a
/// short line that is not a sentence.
fn is_letterhead_or_footer(t: &str) -> bool {
    if t.len() > 200 || t.ends_with(['.', '?', ':']) && !t.ends_with(".pdf") {
        return false;
    }
    let marks = CONTACT_OR_FILE.matches(t);
    if !marks.matched_any() {
        return false;
    }
    let columns = t.contains("   ") || t.contains('\t');
    let words = t.split_whitespace().count();
    // A file name or page number on a short line that is no sentence is a
    // footer; contact details are furniture only laid out in columns (an
    // answer may give a contact's e-mail).
    let file_or_page = marks.matched(0) || marks.matched(6);
    (columns && words >= 3) || (file_or_page && words <= 12 && !starts_a_sentence(t))
}

/// Whether a line reads as the start of a sentence of the letter ("Please
/// see …", "The report is at www…"): those may carry a file name or link.
fn starts_a_sentence(t: &str) -> bool {
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "please"
            | "see"
            | "the"
            | "this"
            | "it"
            | "we"
            | "our"
            | "a"
            | "an"
            | "attached"
            | "refer"
            | "available"
            | "you"
            | "they"
            | "find"
            | "details"
            | "information"
    )
}

static BOOKMARK: LazyLock<Regex> = LazyLock::new(|| text::regex(r"^\[bookmark:[^\]]*\]\s*"));

/// The anywhere-phrases of `content` read as a text of its own.
#[cfg(test)]
fn on_its_own(content: &str) -> HitsInLine {
    Anywhere::find(content).within(Span::new(0, content.len()))
}

/// A line of page furniture, dropped wherever it stands.
#[cfg(test)]
fn is_furniture(content: &str) -> bool {
    classify(content, on_its_own(content)) == Some(Boilerplate::Furniture)
}

/// A line that starts the response's closing boilerplate: answers end before it.
#[cfg(test)]
fn is_closing(content: &str) -> bool {
    classify(content, on_its_own(content)) == Some(Boilerplate::Closing)
}

/// Length of editor debris at the start of a line ("[bookmark: _GoBack]") to skip.
pub fn debris_len(content: &str) -> usize {
    if !content.starts_with('[') {
        return 0;
    }
    BOOKMARK.find(content).map_or(0, |m| m.end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture() {
        assert!(is_furniture("We are proud to be smoke free"));
        assert!(is_furniture("Page 2 of 3"));
        assert!(is_furniture("Trust Chair – Dr Ann Example"));
        assert!(is_furniture("Chief Executive – Sam Sample"));
        assert!(!is_furniture("262"));
        assert!(is_furniture("Last updated: 10 April 2026"));
        assert!(!is_furniture(
            "Last updated in 2019, the policy is under review."
        ));
        assert!(!is_furniture("Chair of the coding group reviews audits"));
    }

    #[test]
    fn letterheads_and_footers() {
        assert!(is_furniture(
            "FOI-2024-0913 Response Letter.docx        Ref: FOI/24/0913"
        ));
        assert!(is_furniture(
            "Northfield House, 12 Mill Lane, Northfield NF4 7QT   Tel: 01632 960123   www.northfield.example"
        ));
        assert!(is_furniture(
            "12.3.14.2 FOI 16-349 Response 161230 v1.0.docx"
        ));
        assert!(!is_furniture(
            "Sam Sample, Coding Manager, sam.sample@example.nhs.uk (mailto:sam.sample@example.nhs.uk)"
        ));
        assert!(!is_furniture(
            "Please see the attached spreadsheet Activity 2024.xlsx"
        ));
        assert!(!is_furniture(
            "The policy is published at www.example.nhs.uk/policies."
        ));
        assert!(!is_furniture("Medicode encoder (3M), Lorenzo PAS"));
        assert!(!is_furniture("2019    41    38"));
    }

    #[test]
    fn closing() {
        assert!(is_closing("Yours sincerely,"));
        assert!(is_closing(
            "If you are not satisfied with the Trust review you may apply"
        ));
        assert!(is_closing(
            "If you have any questions or concerns or are unhappy with the response"
        ));
        assert!(is_closing(
            "I confirm that the information above completes your request"
        ));
        assert!(is_closing(
            "To return to the list of all the FOI requests please click here"
        ));
        assert!(is_closing("Next steps:"));
        assert!(!is_closing("Not held."));
        assert!(!is_closing(
            "The Trust does not hold the information requested."
        ));
    }

    #[test]
    fn space_in_a_line_is_white_space_but_line_breaks() {
        let within = Regex::new(&format!("^{}$", within_a_line(r"\s"))).unwrap();
        let any = Regex::new(r"^\s$").unwrap();
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            let expected = any.is_match(&s) && c != '\n' && c != '\r';
            assert_eq!(within.is_match(&s), expected, "{c:?}");
        }
    }

    #[test]
    fn debris() {
        let s = "[bookmark: _GoBack]Please see attached";
        assert_eq!(&s[debris_len(s)..], "Please see attached");
    }
}
