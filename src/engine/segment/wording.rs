//! What a sentence reads like: a question (or a request for information), or the
//! start of an answer.

use crate::engine::text::Lower;
use regex::Regex;
use std::sync::LazyLock;

/// Words that open a question.
fn is_interrogative(w: &str) -> bool {
    matches!(
        w,
        "how"
            | "what"
            | "which"
            | "when"
            | "where"
            | "who"
            | "whom"
            | "whose"
            | "why"
            | "whether"
            | "is"
            | "are"
            | "was"
            | "were"
            | "do"
            | "does"
            | "did"
            | "has"
            | "have"
            | "had"
            | "can"
            | "could"
            | "would"
            | "will"
            | "should"
            | "shall"
            | "may"
            | "might"
    )
}

/// Verbs that ask for information ("Please provide", "Kindly list").
fn is_request_verb(w: &str) -> bool {
    matches!(
        w,
        "provide"
            | "supply"
            | "explain"
            | "list"
            | "state"
            | "confirm"
            | "tell"
            | "give"
            | "send"
            | "advise"
            | "indicate"
            | "include"
            | "detail"
            | "share"
            | "describe"
            | "outline"
            | "specify"
            | "identify"
            | "disclose"
            | "write"
            | "break"
            | "clarify"
            | "forward"
            | "release"
            | "publish"
            | "let"
            | "set"
    )
}

/// Phrases that open a request written as a noun phrase ("The number of …").
const REQUEST_PHRASES: &[&str] = &[
    "the number of",
    "number of",
    "the total",
    "total number",
    "the average",
    "the proportion",
    "the percentage",
    "percentage of",
    "the amount",
    "the value",
    "the longest",
    "the shortest",
    "the maximum",
    "the minimum",
    "the reason",
    "the reasons",
    "the name",
    "the names",
    "the cost",
    "the costs",
    "the date",
    "the dates",
    "a list of",
    "a list",
    "list of",
    "a breakdown",
    "breakdown of",
    "a copy of",
    "copies of",
    "copy of",
    "details of",
    "any information",
    "all information",
    "information on",
    "information about",
    "i would like",
    "i would also like",
    "i would further like",
    "i would additionally like",
    "i also request",
    "i also wish",
    "please can you",
    "please could you",
    "please would you",
    "i am requesting",
    "i request",
    "i wish to request",
    "i'd like",
    "i am interested",
    "i'm interested",
    "i would be grateful",
    "can you",
    "could you",
    "would you",
    "in the years",
    "spending on",
    "the structure",
];

/// Words that open an answer.
fn is_answer_word(w: &str) -> bool {
    matches!(
        w,
        "yes"
            | "no"
            | "none"
            | "nil"
            | "n/a"
            | "na"
            | "not"
            | "zero"
            | "nothing"
            | "see"
            | "refer"
            | "attached"
            | "approx"
            | "approx."
            | "approximately"
            | "around"
            | "about"
            | "circa"
            | "exempt"
            | "unable"
            | "information"
            | "currently"
            | "we"
            | "our"
            | "the"
            | "there"
            | "this"
            | "it"
            | "all"
            | "both"
            | "neither"
            | "total"
            | "yes,"
            | "no,"
            | "yes."
            | "no."
    )
}

// Long enough for every word compared below (the longest has 13 letters).
type Word = Lower<16>;

/// The first (up to) two words, lowercased, without surrounding punctuation.
fn first_words(s: &str) -> ([Word; 2], usize) {
    ascii_first_words(s).unwrap_or_else(|| unicode_first_words(s))
}

/// [`first_words`] byte by byte while the words are ASCII (almost always:
/// this runs on every line); `None` at the first other character.
fn ascii_first_words(s: &str) -> Option<([Word; 2], usize)> {
    let mut out = [Word::new(""); 2];
    let mut n = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while n < 2 {
        while i < bytes.len()
            && matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b',' | b';'
            )
        {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b',' | b';'
            )
        {
            if !bytes[i].is_ascii() {
                return None;
            }
            i += 1;
        }
        let keep = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'\'');
        let word = &bytes[start..i];
        let from = word.iter().position(keep).unwrap_or(word.len());
        let to = word.iter().rposition(keep).map_or(from, |p| p + 1);
        out[n] = Word::new(&s[start + from..start + to]);
        n += 1;
    }
    Some((out, n))
}

fn unicode_first_words(s: &str) -> ([Word; 2], usize) {
    let mut out = [Word::new(""); 2];
    let mut n = 0;
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        if w.is_empty() {
            continue;
        }
        let core =
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '\'' && c != '’');
        out[n] = Word::new(core);
        n += 1;
        if n == 2 {
            break;
        }
    }
    (out, n)
}

fn starts_with_phrase(s: &str, phrases: &[&str]) -> bool {
    let lower = Lower::<48>::new(s.trim_start_matches(|c: char| !c.is_alphanumeric()));
    let lower = lower.as_str();
    phrases.iter().any(|p| {
        lower.starts_with(p)
            && lower[p.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// How strongly `s` reads as a question or request: 0 not at all, 1 weakly
/// (contains a `?`, "If so, …"), 2 clearly (ends with `?`, opens with "How many",
/// "Please provide", "The number of", …).
pub fn question_score(s: &str) -> u8 {
    let t = question_words(s);
    if t.len() < 4 {
        return 0;
    }
    if t.ends_with('?') || ends_asking_then_remark(t) {
        return 2;
    }
    let (words, count) = first_words(t);
    if count == 0 {
        return 0;
    }
    let first = words[0].as_str();
    if asks_by_question_word(t, &words, count) {
        return 2;
    }
    let (lead, verb) = match first {
        "please" | "kindly" => (true, words[1].as_str()),
        _ => (false, first),
    };
    if is_request_verb(verb) && (lead || count > 1) {
        return 2;
    }
    if opens_request_phrase(first) && starts_with_phrase(t, REQUEST_PHRASES) {
        return 2;
    }
    // A lead-in to a list of what is requested, its request verb anywhere:
    // "In the period 1st November to 31st January please provide a
    // breakdown of:", "From 2010 to date, confirm the following:".
    if is_request_lead_in(t) {
        return 2;
    }
    // A question mark early on (bounded: this runs on remainders of long lines).
    if crate::engine::text::head(t, 300).contains('?') {
        return 1;
    }
    if matches!(first, "if" | "and" | "also" | "or") {
        return 1;
    }
    0
}

/// A question followed by an instruction for the answer, as questionnaires
/// print them: "… (Tick one box)", "… ? (as a % of their role)".
fn ends_asking_then_remark(t: &str) -> bool {
    let Some(inner) = t.strip_suffix(')') else {
        return false;
    };
    inner
        .rfind('(')
        .is_some_and(|open| inner.len() - open <= 48 && inner[..open].trim_end().ends_with('?'))
}

/// The words of a line that may ask: the first cell of a table row (only it
/// can be the question), without bullets, opening quotes and closing bars.
/// Whether `s` ends with a question mark, inside a closing quotation too
/// ("… prune them again?\"").
pub fn ends_asking(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(['”', '"', '’', '\'', '*'])
        .ends_with('?')
}

fn question_words(s: &str) -> &str {
    let s = match crate::engine::text::cell_break(s) {
        Some(cell_end) if cell_end > 0 => &s[..cell_end],
        _ => s,
    };
    s.trim()
        .trim_start_matches(['•', '-', '–', '*', '·', ' ', '“', '"', '‘', '\''])
        // A quoted request closes its quotation after the question mark.
        .trim_end_matches(['*', ' ', '|', '”', '"', '’', '\''])
}

/// `t` opens with a question word that asks (its first `count` words are
/// `words`): not a month ("May 2019 = 16868"), a title ("How to search") or
/// prose ("When referrals are received, there may be …. As potential damage
/// …": a question word opening sentences that never ask).
fn asks_by_question_word(t: &str, words: &[Word; 2], count: usize) -> bool {
    let first = words[0].as_str();
    let month = first == "may" && words[1].as_str().starts_with(|c: char| c.is_ascii_digit());
    let title = first == "how" && words[1].as_str() == "to";
    let prose = matches!(first, "when" | "where" | "while" | "whether")
        && !t.contains('?')
        && t.matches(". ").count() >= 1
        && t.len() > 120;
    is_interrogative(first) && count > 1 && !month && !title && !prose
}

/// Only words that open some request phrase are worth the phrase search.
fn opens_request_phrase(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "please"
            | "number"
            | "total"
            | "percentage"
            | "a"
            | "list"
            | "breakdown"
            | "copies"
            | "copy"
            | "details"
            | "any"
            | "all"
            | "information"
            | "i"
            | "i'd"
            | "i'm"
            | "can"
            | "could"
            | "would"
            | "in"
            | "spending"
    )
}

pub fn is_question_like(s: &str) -> bool {
    question_score(s) >= 2
}

/// A request verb in a line that introduces a list.
static REQUEST_LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    crate::engine::text::regex(
        r"(?i)\b(?:please|kindly|could\s+you|can\s+you|would\s+you)\s+(?:\w+\s+)?(?:provide|supply|confirm|send|give|list|state|advise|detail|share|tell)\b|\bi\s+(?:would\s+like|am\s+requesting|request|wish\s+to\s+request)\b|\b(?:provide|confirm)\s+the\s+following\b",
    )
});

/// A line that asks for the list after it: "… please provide a breakdown
/// of:". The bullets that follow are what is requested, not answers.
pub fn is_request_lead_in(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with(':') && REQUEST_LEAD_IN.is_match(t)
}

/// Whether a line asks for something anywhere in it ("If available, please
/// break this down by year.").
pub fn makes_request(s: &str) -> bool {
    REQUEST_LEAD_IN.is_match(s) || MAKES_REQUEST.is_match(s)
}

static MAKES_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    crate::engine::text::regex(
        r"(?i)\bplease\s+(?:\w+\s+)?(?:break|include|split|list|provide|state|confirm|indicate|specify)\b",
    )
});

/// A request that carries on the one before it: "Please provide a further
/// breakdown by:", "In addition:", "Additionally, …".
static CONTINUES_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    crate::engine::text::regex(
        r"(?i)^\W*(?:in\s+addition\b|additionally\b|furthermore\b|(?:\w+\s+){0,3}(?:a|any)\s+further\s+(?:breakdown|detail|split)\b|(?:please\s+)?(?:provide|send|supply|give)\s+(?:this|these|the\s+above|the\s+same|all\s+of\s+this)\s+(?:information|data|figures|details)?\s*(?:in|as|by|broken)\b)",
    )
});

/// A follow-up that belongs to the question before it ("If not, how …?",
/// "Please provide a further breakdown by:").
pub fn is_follow_up(s: &str) -> bool {
    if CONTINUES_REQUEST.is_match(s) {
        return true;
    }
    let (words, count) = first_words(s);
    match (count > 0).then(|| words[0].as_str()) {
        Some("if") => matches!(
            words[1].as_str(),
            "so" | "not" | "yes" | "no" | "applicable" | "possible" | "relevant" | "available"
        ),
        Some("and" | "or" | "also" | "including") => true,
        _ => s.trim_start().starts_with(|c: char| c.is_lowercase()),
    }
}

/// Whether `s` reads as the start of an answer rather than more of a question.
pub fn is_answer_start(s: &str) -> bool {
    let t = s.trim_start();
    let Some(c) = t.chars().next() else {
        return false;
    };
    if c.is_ascii_digit() || matches!(c, '£' | '$' | '€' | '/' | '–' | '-' | '—' | ':' | '~' | '|')
    {
        return true;
    }
    let (words, _) = first_words(t);
    let first = words[0].as_str();
    if first == "please" {
        return matches!(words[1].as_str(), "see" | "refer" | "note" | "find");
    }
    is_answer_word(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions() {
        assert_eq!(question_score("How many beds does your Trust have?"), 2);
        assert_eq!(
            question_score("Please explain how your organisation manages coding activity."),
            2
        );
        assert_eq!(
            question_score("The number of empty wards at each of the hospitals."),
            2
        );
        assert_eq!(
            question_score("A list of the reasons patients were rejected"),
            2
        );
        assert_eq!(
            question_score("Is the Clinical Coding Dept a centralised function"),
            2
        );
        assert_eq!(
            question_score("Spending on agency staff (excluding bank staff) in 2023-24"),
            2
        );
        assert_eq!(question_score("If so, what percentage of records"), 1);
        assert_eq!(question_score("Please see attached"), 0);
        assert_eq!(question_score("Medicode and iPM"), 0);
        assert_eq!(question_score("No"), 0);
        assert_eq!(question_score("Average of 30-35 FCEs per day"), 0);
    }

    #[test]
    fn a_quoted_question_asks_inside_its_quotation() {
        assert!(ends_asking("When will the Council prune them again?\""));
        assert!(ends_asking("When will the Council prune them again?” "));
        assert!(!ends_asking("The Council prunes them every five years.\""));
        assert_eq!(
            question_score("The Council has a 5 year cycle. When were they last pruned?”"),
            2
        );
    }

    #[test]
    fn answers() {
        assert!(is_answer_start("/ 1168 / 1103"));
        assert!(is_answer_start("Approx. 600"));
        assert!(is_answer_start("– Finance"));
        assert!(is_answer_start("None"));
        assert!(is_answer_start("Please see attached"));
        assert!(!is_answer_start("Please state which hospital"));
        assert!(!is_answer_start("If yes what are your coders' benchmarks?"));
        assert!(is_answer_start("Attached Clinical Coding Department"));
    }

    #[test]
    fn ascii_words_read_as_unicode_words_do() {
        for s in [
            "How many, staff?",
            "  (a) The number of",
            "N/A",
            "yes; no",
            "don't know",
            "\"Quoted\" words here",
            "a",
            "",
            " ,;, ",
            "1. Text",
            "--",
            "x\u{b}y",
        ] {
            assert_eq!(ascii_first_words(s), Some(unicode_first_words(s)), "{s:?}");
        }
        assert_eq!(ascii_first_words("Café open"), None);
    }

    #[test]
    fn follow_ups() {
        assert!(is_follow_up("If not, how are the updates managed?"));
        assert!(is_follow_up("in 1 above)"));
        assert!(!is_follow_up("How many ERS bookings are made?"));
    }
}
