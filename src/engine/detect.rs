//! Whether a text is an FOI response at all: the language server publishes
//! nothing for other text files, and campaigns set such files aside.

use crate::engine::model::Exchange;

/// Words that open or frame an FOI reply, looked for in its first pages.
const CUES: &[&str] = &[
    "freedom of information",
    "foi",
    "information request",
    "your request",
    "you asked",
    "our response",
    "we responded",
    "requested information",
    "environmental information regulations",
    "disclosure",
];

/// How far into the text the cues are looked for: a reply states what it is
/// in its first pages.
const HEAD: usize = 20_000;

/// Whether a text whose reading found `exchanges` is an FOI response: it
/// matched a schema, it carries the words of an FOI letter, or it is a run of
/// questions most of which are answered (a bare list of answers, as some
/// bodies publish them).
pub fn looks_like_response(text: &str, matched_schema: bool, exchanges: &[Exchange]) -> bool {
    let answered = exchanges
        .iter()
        .filter(|e| e.question.is_some() && e.answer.is_some())
        .count();
    !exchanges.is_empty()
        && (matched_schema
            || has_cues(text)
            || (answered >= 3 && answered * 3 >= exchanges.len() * 2))
}

/// Whether the first pages of `text` carry the words of an FOI letter.
pub fn has_cues(text: &str) -> bool {
    let mut end = text.len().min(HEAD);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = text[..end].to_lowercase();
    CUES.iter().any(|c| head.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_found_in_the_first_pages_only() {
        assert!(has_cues(
            "Dear Sir,\nRe: Freedom of Information request 1234"
        ));
        assert!(!has_cues("Shopping list: eggs, milk"));
        let late = format!("{}your request", "x".repeat(HEAD));
        assert!(!has_cues(&late));
        // A cut inside a character is moved to its start.
        let wide = format!("{}your request", "é".repeat(HEAD));
        assert!(!has_cues(&wide));
    }
}
