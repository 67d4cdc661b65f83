//! Whether a text reads as an FOI response, by its words alone.
//!
//! Responses arrive as plain `.txt` files, so every front end decides by
//! content which text is one: the reading's `Analysis::looks_like_foi` is this
//! test (or a matched schema); the language server publishes nothing for other
//! text, and campaign triage sets it aside as not a response. The editors' own
//! detectors mirror the cues below, so that a response opens in foil's mode
//! without configuration: `editors/nvim/lua/foil/detect.lua` and
//! `foil-looks-like-response` in `editors/emacs/foil.el`. Change them together:
//! `tests/it/editors.rs` checks that they agree with this function on the corpus
//! and on invented text.
//!
//! A run of answered questions alone is no cue: FAQs, licences and manuals
//! have them too (399 of 2,600 ordinary text files on a developer's machine
//! read as one), and editors hand every plain text file to the server.
//!
//! The cues, all looked for in the first [`HEAD_BYTES`] bytes, no-break
//! spaces read as spaces:
//! 1. one of [`NAMED`] (ASCII case ignored, anywhere), or one of
//!    [`ABBREVIATIONS`] (case kept) as a word: neither after nor before an
//!    ASCII letter (`FOI(S)A`, `FOI_5271`, `FOI/2024`);
//! 2. two different [`REQUEST`] phrases (ASCII case ignored, each at a word
//!    start: not after an ASCII letter);
//! 3. the shape of a request, line by line (ASCII case ignored):
//!    - four numbered questions: a line that starts (after spaces, tabs or
//!      e-mail quote marks `>`, and an optional `(`) with one or two digits, an optional letter and `.`,
//!      `)` or `:`, or with a question label (below), and holds a `?`;
//!    - or two question labels (`Q1`, `Question 2`, `Question Number 3`,
//!      `Question Four` (one to twenty in words), after
//!      any leading non-alphanumerics such as `**`) and one answer label (`A1`,
//!      `A)`, `A:`, `Answer…`, `Response…`, likewise);
//!    - or two lines ending in `?` (trailing spaces, tabs and `*` aside) and two
//!      answer labels.

use crate::engine::text;

/// How much of a text the cues are looked for in: a letter's heading and its
/// first questions, and little enough for an editor to read on opening a file.
pub const HEAD_BYTES: usize = 8192;

/// Any one of these names the text as an FOI response.
pub const NAMED: &[&str] = &[
    "freedom of information",
    "environmental information regulations",
    "information request",
    "you asked",
    "our response",
    "we responded",
    "requested information",
    "information requested",
    "information you requested",
    "information you have requested",
];

/// Words of a request or its reply; two different ones make a response.
pub const REQUEST: &[&str] = &[
    "your request",
    "please provide",
    "please supply",
    "please state",
    "please confirm",
    "please enter",
    "i would like",
    "i am requesting",
    "request date",
    "date requested",
    "request received",
    "details of the request",
    "reference number",
    "our ref",
    "your ref",
    "case number",
    "do not hold",
    "does not hold",
    "not held",
    "information you hold",
    "withheld",
    "exemption",
];

/// Whether `text` reads as an FOI response by its words alone (see the module
/// documentation for the cues). Pure and cheap: it reads the first
/// [`HEAD_BYTES`] bytes once.
pub fn looks_like_response(text: &str) -> bool {
    // No-break spaces (text pasted from letters) count as spaces.
    let head = text::head(text, HEAD_BYTES).replace('\u{a0}', " ");
    let head = head.as_str();
    let lower = head.to_ascii_lowercase();
    NAMED.iter().any(|name| lower.contains(name))
        || has_abbreviation(head)
        || REQUEST
            .iter()
            .filter(|phrase| at_word_start(&lower, phrase))
            .take(2)
            .count()
            == 2
        || has_request_layout(&lower)
}

/// The abbreviations of the Acts, as whole words (ASCII letters).
pub const ABBREVIATIONS: &[&str] = &["FOI", "FoI", "FOIA", "FOISA", "FOIR"];

/// One of [`ABBREVIATIONS`], neither after nor before an ASCII letter.
fn has_abbreviation(head: &str) -> bool {
    let bytes = head.as_bytes();
    ABBREVIATIONS.iter().any(|abbreviation| {
        head.match_indices(abbreviation).any(|(at, _)| {
            let end = at + abbreviation.len();
            !preceded_by_letter(bytes, at) && !bytes.get(end).is_some_and(u8::is_ascii_alphabetic)
        })
    })
}

/// Whether `phrase` occurs in `lower` somewhere not right after an ASCII letter.
fn at_word_start(lower: &str, phrase: &str) -> bool {
    lower
        .match_indices(phrase)
        .any(|(at, _)| !preceded_by_letter(lower.as_bytes(), at))
}

fn preceded_by_letter(bytes: &[u8], at: usize) -> bool {
    at > 0 && bytes[at - 1].is_ascii_alphabetic()
}

/// Numbered questions, or question and answer labels (see the module documentation).
fn has_request_layout(lower: &str) -> bool {
    let (mut numbered_questions, mut question_labels, mut answer_labels, mut asking) = (0, 0, 0, 0);
    // A numbered line whose question mark is still to come: a question
    // wrapped over lines ("2. If so, what percentage of the records" /
    // "required re-coding?") ends it on a later line of its paragraph.
    let mut open_question = false;
    for line in lower.lines() {
        let label = line.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let numbered = is_numbered(line) || is_question_label(label);
        if line.contains('?') && (numbered || open_question) {
            numbered_questions += 1;
            open_question = false;
        } else if numbered {
            open_question = true;
        } else if line.trim().is_empty() {
            open_question = false;
        }
        if is_question_label(label) {
            question_labels += 1;
        }
        if is_answer_label(label) {
            answer_labels += 1;
        }
        if line.trim_end_matches([' ', '\t', '\r', '*']).ends_with('?') {
            asking += 1;
        }
    }
    numbered_questions >= 4
        || (question_labels >= 2 && answer_labels >= 1)
        || (asking >= 2 && answer_labels >= 2)
}

/// `1.`, `(2)`, `3a)`, `12:` after spaces, tabs or e-mail quote marks.
fn is_numbered(line: &str) -> bool {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    let rest = rest.strip_prefix('(').unwrap_or(rest);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return false;
    }
    let rest = &rest.as_bytes()[digits..];
    let rest = match rest.first() {
        Some(b) if b.is_ascii_lowercase() => &rest[1..],
        _ => rest,
    };
    matches!(rest.first(), Some(b'.' | b')' | b':'))
}

/// `q1`, `q 1`, `question 2`, `question number 3`, `question three`.
fn is_question_label(label: &str) -> bool {
    if let Some(rest) = label.strip_prefix("question") {
        let spelled = rest.trim_start_matches([' ', '\t']);
        let word = spelled
            .split(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        // Numbers a form spells, one to twenty ("Question Three").
        let spelled_number =
            crate::engine::values::word_value(word).is_some_and(|n| (1..=20).contains(&n));
        if spelled.len() < rest.len() && spelled_number {
            return true;
        }
    }
    let Some(rest) = label
        .strip_prefix("question")
        .or_else(|| label.strip_prefix('q'))
    else {
        return false;
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = rest
        .strip_prefix("number")
        .map_or(rest, |r| r.trim_start_matches([' ', '\t']));
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// `a1`, `a 1`, `a)`, `answer…`, `response…`.
fn is_answer_label(label: &str) -> bool {
    if label.starts_with("answer")
        || label.starts_with("response")
        || label.starts_with("a)")
        || label.starts_with("a:")
    {
        return true;
    }
    label.strip_prefix('a').is_some_and(|rest| {
        rest.trim_start_matches([' ', '\t'])
            .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A reply that promises the answer later or asks before answering: an
/// acknowledgement, a holding letter, a request for clarification, an
/// auto-reply. Shared by the reader (its questions were not answered yet)
/// and campaign triage.
pub fn is_pending_reply(text: &str) -> bool {
    PENDING.is_match(text::head(text, 60_000))
}

static PENDING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    text::regex(concat!(
        r"(?i)\backnowledge (?:receipt of )?your (?:request|email)",
        r"|\bwe are (?:now )?processing your request",
        r"|\bwill (?:respond|reply|be in (?:contact|touch)) (?:to you |with you )?(?:in full |promptly |shortly )?(?:within|as soon|in the near future|by)",
        r"|\baim to (?:provide|respond|reply)",
        r"|\bendeavour to respond",
        r"|\bbefore we can (?:continue|proceed)",
        r"|\b(?:please|could you|can you)(?: can you| could you)? clarify",
        r"|\brequest for clarification",
        r"|\bresponse to this request is (?:long )?overdue",
        r"|\b(?:automatic|auto)[- ]?reply|\bout of (?:the )?office",
        r"|\bapolog(?:y|ise|ize) for the delay in (?:responding|corresponding|our response)",
    ))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_act_or_reply_is_enough() {
        assert!(looks_like_response(
            "Dear Ms Hale,\nThank you for your request under the Freedom of Information Act 2000."
        ));
        assert!(looks_like_response(
            "Request under the Environmental Information Regulations 2004"
        ));
        assert!(looks_like_response("You asked: how many staff?\n"));
        assert!(looks_like_response("OUR RESPONSE: 12\n"));
    }

    #[test]
    fn the_abbreviation_counts_only_as_one() {
        for text in [
            "Ref: FOI 2024/118",
            "FOIA request",
            "under FOI(S)A",
            "Internal Reference Number: FOI_5271",
            "FOIR 823543015",
            "A FoI reply",
        ] {
            assert!(looks_like_response(text), "{text:?}");
        }
        // Portuguese "foi" (was), words that merely hold the letters, and a
        // file name: none is the abbreviation.
        for text in [
            "O arquivo foi removido.",
            "Wrap it in tin FOIL.",
            "Foil is a language server.",
            "see notes.foi.txt",
            "PORTFOIO",
            "FOIAH2425",
        ] {
            assert!(!looks_like_response(text), "{text:?}");
        }
    }

    #[test]
    fn two_request_phrases_make_a_response_and_one_does_not() {
        assert!(looks_like_response(
            "Case Number 4766\nPlease provide the figures for 2023.\n"
        ));
        assert!(looks_like_response(
            "Some figures were withheld under the exemption for commercial interests."
        ));
        // One phrase alone is everyday prose.
        assert!(!looks_like_response(
            "If you find a bug, please provide a minimal example.\n"
        ));
        // "your reference" holds "our ref" only inside a word.
        assert!(!looks_like_response(
            "Keep your reference snapshots in git.\n"
        ));
    }

    #[test]
    fn a_request_laid_out_as_questions_and_answers() {
        let numbered = "1. How many beds? 600\n2. How many wards? 20\n\
                        3. How many theatres? 9\n4. How many clinics? 30\n";
        assert!(looks_like_response(numbered));
        assert!(!looks_like_response(
            "1. How many beds? 600\n2. How many wards? 20\n3. Done.\n"
        ));
        assert!(looks_like_response(
            "**Q1** How many coders?\n**A1** 12\n**Q2** How many vacancies?\n**A2** 1\n"
        ));
        assert!(looks_like_response(
            "Question Number 1:\nDo you audit?\nAnswer To Question 1:\nYes\nQuestion Number 2:\n"
        ));
        assert!(looks_like_response(
            "Have you audited your coding?\nA) Yes.\nHow often?\nA) Twice a year.\n"
        ));
        // A request quoted in an e-mail reply.
        assert!(looks_like_response(
            "> 1. How many beds?\n600\n> 2. How many wards?\n20\n> 3. How many theatres?\n9\n\
             >> 4. How many clinics?\n30\n"
        ));
        // Forms spell their numbers.
        assert!(looks_like_response(
            "QUESTION ONE: Do you audit?\nResponse: Yes\nQuestion Two - How often?\nResponse: Yearly\n"
        ));
        assert!(!looks_like_response(
            "Questions one and two of the quiz\nResponse: pending\nQuestion twentyfold\n"
        ));
        // A FAQ's "Q." / "A." lines carry no numbers and no answer label of a response.
        assert!(!looks_like_response(
            "Q. Why is the sky blue?\n\nA. Scattering.\n\nQ. Why is grass green?\n\nA. Chlorophyll.\n"
        ));
    }

    #[test]
    fn ordinary_text_is_not_a_response() {
        for text in [
            "",
            "Just a note to self.\nNothing to see.",
            "# README\n\nSome prose here.\n",
            "Shopping: eggs, milk, bread.\n1. eggs\n2. milk\n",
            "fn main() {\n    println!(\"hello?\");\n}\n",
        ] {
            assert!(!looks_like_response(text), "{text:?}");
        }
    }

    #[test]
    fn only_the_head_is_read() {
        let late = format!(
            "{}\nFreedom of Information Act",
            "filler line\n".repeat(1000)
        );
        assert!(!looks_like_response(&late));
        // A multi-byte character across the cut does not panic.
        let text = format!("{}é FOI", "x".repeat(HEAD_BYTES - 1));
        assert!(!looks_like_response(&text));
    }
}
