//! Letters whose line breaks were lost. A Word binary read as text, a PDF
//! copied out of a viewer, a web form's body flattened by a mail gateway: the
//! whole letter stands on one physical line, paragraphs set apart only by
//! runs of spaces and lines only by sentence ends. Every later stage reads
//! lines, so such a line is read as the lines it stood for: one per
//! sentence, and a blank line where a run of spaces sets a paragraph apart.
//! The lines are virtual: their spans are still exact byte ranges of the
//! text, nothing is copied or changed.

use crate::engine::model::Span;
use crate::engine::text::{self, Line};

/// A line shorter than this is a long paragraph, never a whole letter.
const MIN_LETTER: usize = 400;
/// Past this a line is not a letter but data; it is read as it stands (and
/// reading it whole stays linear).
const MAX_LETTER: usize = 256 * 1024;
/// The share of the text's non-blank bytes the line must hold: a request
/// pasted as one paragraph above a laid-out reply holds far less.
const SHARE_OF_TEXT: f32 = 0.95;

/// The lines the reader reads: `text::lines`, with a letter run together on
/// one line split into virtual lines.
pub fn reading_lines(text: &str) -> Vec<Line> {
    let physical = text::lines(text);
    let Some(long) = run_together_line(text, &physical) else {
        return physical;
    };
    let mut out = Vec::with_capacity(physical.len() + 64);
    for line in physical {
        if line.index == long {
            out.extend(virtual_lines(text, line.span).map(|span| Line { span, index: 0 }));
        } else {
            out.push(line);
        }
    }
    for (i, line) in out.iter_mut().enumerate() {
        line.index = i;
    }
    out
}

/// The index of the line holding the whole letter, if one does.
fn run_together_line(text: &str, lines: &[Line]) -> Option<usize> {
    let longest = lines.iter().max_by_key(|l| l.span.len())?;
    let len = longest.span.len();
    if !(MIN_LETTER..=MAX_LETTER).contains(&len) {
        return None;
    }
    let non_blank = |s: &str| s.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    let whole = non_blank(text);
    let own = non_blank(longest.span.slice(text));
    (own as f32 >= SHARE_OF_TEXT * whole as f32).then_some(longest.index)
}

/// The sentences and paragraph gaps of one run-together line, in order. A
/// gap (two or more spaces) becomes a blank line of its own; the single
/// space after a sentence end belongs to no line, as a line break would.
fn virtual_lines(text: &str, line: Span) -> impl Iterator<Item = Span> {
    let s = line.slice(text);
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_gap_space(b) && bytes.get(i + 1).is_some_and(|&c| is_gap_space(c)) {
            let mut end = i;
            while end < bytes.len() && is_gap_space(bytes[end]) {
                end += 1;
            }
            push_piece(&mut out, s, start, i);
            out.push((i, end));
            start = end;
            i = end;
            continue;
        }
        // A space is always a character boundary, so the slices hold.
        if b == b' '
            && ((ends_sentence(&s[start..i]) || ends_with_field_residue(&s[start..i]))
                && starts_sentence(&s[i + 1..])
                || is_heading_before_prose(&s[start..i], &s[i + 1..]))
        {
            push_piece(&mut out, s, start, i);
            start = i + 1;
        }
        i += 1;
    }
    push_piece(&mut out, s, start, bytes.len());
    let out = split_at_recurring_leads(s, out);
    let out = split_short_answers_from_questions(s, out);
    let base = line.start;
    out.into_iter()
        .map(move |(a, b)| Span::new(base + a, base + b))
}

/// What opens one of the letter's sentences as a marker and recurs ("You
/// asked:", "Our response:") opens a line wherever it stands: "1,482 You asked: 2:
/// What is …" is an answer, then the next question. The markers are the
/// letter's own, read from the lines the first pass found.
fn split_at_recurring_leads(s: &str, pieces: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut leads: Vec<&str> = pieces.iter().filter_map(|&(a, b)| lead(&s[a..b])).collect();
    leads.sort_unstable();
    leads.dedup();
    // A lead that opens one sentence and stands before others.
    leads.retain(|lead| s.match_indices(lead).nth(1).is_some());
    if leads.is_empty() {
        return pieces;
    }
    split_pieces(s, pieces, |piece| {
        let mut cuts: Vec<usize> = leads
            .iter()
            .flat_map(|lead| piece.match_indices(lead).map(|(at, _)| at))
            .filter(|&at| at > 0 && piece[..at].ends_with(' '))
            .collect();
        cuts.sort_unstable();
        cuts
    })
}

/// A short answer that ends without a full stop runs into the next question:
/// "Yes How many in-patient falls …?", "38 days What is …?". A question
/// word with a capital after at most three words of a question splits them.
fn split_short_answers_from_questions(s: &str, pieces: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    const ASKING: &[&str] = &[
        "How", "What", "Which", "Who", "When", "Where", "Why", "Is", "Are", "Do", "Does", "Did",
        "Has", "Have", "Can", "Could", "Will", "Would", "Please",
    ];
    split_pieces(s, pieces, |piece| {
        if !piece.trim_end().ends_with('?') {
            return Vec::new();
        }
        let mut at = 0;
        let cut = piece.split(' ').take(4).enumerate().find_map(|(n, word)| {
            let here = at;
            at += word.len() + 1;
            (n > 0 && ASKING.contains(&word)).then_some(here)
        });
        // Not after a label or a marker: "1. How many …?", "Q2: What …?".
        cut.filter(|&at| !piece[..at - 1].ends_with(['.', ':', ')', ',', ';', '-', '–']))
            .into_iter()
            .collect()
    })
}

/// Splits each piece that is not a paragraph gap before the offsets `cuts`
/// gives (each after a space, which belongs to neither side).
fn split_pieces(
    s: &str,
    pieces: Vec<(usize, usize)>,
    cuts: impl Fn(&str) -> Vec<usize>,
) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(pieces.len() * 2);
    for (a, b) in pieces {
        let piece = &s[a..b];
        if piece.trim().is_empty() {
            out.push((a, b)); // a paragraph gap
            continue;
        }
        let mut from = 0;
        for at in cuts(piece) {
            push_piece(&mut out, s, a + from, a + at - 1);
            from = at;
        }
        push_piece(&mut out, s, a + from, b);
    }
    out
}

/// A marker opening a sentence: up to four words without figures, then a colon.
fn lead(sentence: &str) -> Option<&str> {
    let colon = sentence.get(..40).unwrap_or(sentence).find(':')?;
    let words = &sentence[..colon];
    let ok = !words.is_empty()
        && words.split_whitespace().count() <= 4
        && words
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '’')
        && words.starts_with(char::is_uppercase);
    ok.then(|| &sentence[..=colon])
}

fn is_gap_space(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn push_piece(out: &mut Vec<(usize, usize)>, s: &str, a: usize, b: usize) {
    if a < b && !s[a..b].trim().is_empty() {
        out.push((a, b));
    }
}

/// Whether `piece` (the text since the last break) ends a sentence: a `?` or
/// `!`, or a full stop after a word that is not an abbreviation or a label
/// ("1.", "Q2.", "a.", "e.g.", "No."), with any closing quotes or brackets.
fn ends_sentence(piece: &str) -> bool {
    // A remark in brackets after a sentence stays with it: "… DVT? (Tick one box)".
    let remark = piece.strip_suffix(')').and_then(|inner| {
        let before = inner[..inner.rfind('(')?].trim_end();
        Some(!before.is_empty() && ends_with_stop(before))
    });
    remark == Some(true) || ends_with_stop(piece)
}

fn ends_with_stop(piece: &str) -> bool {
    let trimmed = piece.trim_end_matches(['"', '\'', '’', '”', ')', ']']);
    let Some(last) = trimmed.chars().last() else {
        return false;
    };
    match last {
        '?' | '!' => true,
        '.' => {
            let word = trimmed[..trimmed.len() - 1]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .trim_start_matches(['(', '[', '"', '\'', '‘', '“']);
            !is_abbreviation_or_label(word)
        }
        _ => false,
    }
}

/// A heading in capitals lost its line break and runs into its paragraph:
/// "ROOT CAUSE ANALYSIS OF HOSPITAL-ASSOCIATED THROMBOSIS According to …".
fn is_heading_before_prose(piece: &str, rest: &str) -> bool {
    let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
    let mut next = rest.chars();
    letters >= 12
        && piece.split_whitespace().nth(1).is_some()
        && !piece.chars().any(char::is_lowercase)
        && next.next().is_some_and(char::is_uppercase)
        && next.next().is_some_and(char::is_lowercase)
}

/// A form's tick boxes and table cells leave stray marks in the text of a
/// Word binary: "Yes&No( For in-patients …". An opening bracket glued to a
/// word and followed by a space opens nothing; it ends a cell.
fn ends_with_field_residue(piece: &str) -> bool {
    let mut rev = piece.chars().rev();
    rev.next() == Some('(') && rev.next().is_some_and(char::is_alphanumeric)
}

fn is_abbreviation_or_label(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "e.g", "i.e", "eg", "ie", "no", "nos", "dr", "mr", "mrs", "ms", "st", "vs", "approx",
        "ref", "sec", "para", "fig", "inc", "co", "cf", "al",
    ];
    const ROMAN: &[&str] = &["ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii"];
    let chars = word.chars().count();
    // "1.", "12.", "Q3.", "4a." are labels; "2025." ends a sentence.
    let label = chars <= 3 && word.chars().any(|c| c.is_ascii_digit());
    chars <= 1
        || label
        || ROMAN
            .iter()
            .chain(ABBREVIATIONS)
            .any(|a| word.eq_ignore_ascii_case(a))
}

/// Whether the words after a sentence end start another sentence, not the
/// same one carried on ("… to diagnosis? less than …" is not a break).
fn starts_sentence(rest: &str) -> bool {
    if let Some(inner) = rest.strip_prefix('(') {
        // "(2) How many …" starts one; a remark, "(Tick one box)", ends the last.
        let close = inner.find(')').unwrap_or(inner.len());
        return close <= 3;
    }
    rest.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '[' | '"' | '‘' | '“' | '•' | '-' | '–' | '*')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<&str> {
        reading_lines(text)
            .iter()
            .map(|l| l.span.slice(text))
            .collect()
    }

    fn letter_on_one_line() -> String {
        let mut s = String::from("FREEDOM OF INFORMATION REQUEST  Dear Ms Rowe, ");
        s.push_str("Thank you for your request dated 3 May 2025. ");
        s.push_str("1. How many beds does the Trust have? 45 beds at present. ");
        s.push_str("2. How many e.g. agency nurses did you employ in 2024? ");
        s.push_str("We employed 12, i.e. fewer than last year.  ");
        s.push_str("Yours sincerely, Information Governance Team. ");
        s.repeat(3)
    }

    #[test]
    fn a_letter_on_one_line_reads_as_sentences_and_paragraphs() {
        let text = letter_on_one_line();
        let lines = read(&text);
        assert_eq!(lines[0], "FREEDOM OF INFORMATION REQUEST");
        assert_eq!(lines[1].trim(), "", "a run of spaces is a paragraph gap");
        assert_eq!(
            lines[2],
            "Dear Ms Rowe, Thank you for your request dated 3 May 2025."
        );
        assert_eq!(lines[3], "1. How many beds does the Trust have?");
        assert_eq!(lines[4], "45 beds at present.");
        assert_eq!(
            lines[5],
            "2. How many e.g. agency nurses did you employ in 2024?"
        );
        assert_eq!(lines[6], "We employed 12, i.e. fewer than last year.");
        // Every virtual line is an exact range of the text, in order.
        let spans = reading_lines(&text);
        assert!(spans.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        assert!(spans.iter().enumerate().all(|(i, l)| l.index == i));
    }

    /// A questionnaire set as a form, in numbered sections of unlabelled
    /// questions (invented figures).
    const QUESTIONNAIRE: &str = "\
FREEDOM OF INFORMATION REQUEST

Survey of falls prevention practice. Name: Dr Ada Penrose. Trust: Fellgate NHS Trust.

QUESTION ONE

FALLS RISK ASSESSMENT

Are in-patients over 65 assessed for falls risk within 24 hours of admission? (Tick one box)
Yes
How many in-patient falls were recorded between 1 April 2023 and 31 March 2024?
There were 318 falls in that period.
What was the average length of stay after a fall with harm?
Nine days on average.

QUESTION TWO

STAFFING

How many falls practitioners does the Trust employ?
We employ 3 falls practitioners.
Is there a falls lead on every ward?
No
";

    fn reading(text: &str) -> Vec<(String, String, Vec<f64>)> {
        crate::engine::analyze(text)
            .exchanges
            .iter()
            .map(|e| {
                let figures = e.values.iter().filter_map(|v| v.number()).collect();
                (e.key.clone(), format!("{:?}", e.status), figures)
            })
            .collect()
    }

    #[test]
    fn numbered_sections_of_questions_read_the_same_on_one_line() {
        let laid_out = reading(QUESTIONNAIRE);
        let keys: Vec<&str> = laid_out.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(keys, ["q1", "q2", "q3", "q4", "q5"], "{laid_out:?}");
        assert!(laid_out.iter().all(|r| r.1 == "Answered"), "{laid_out:?}");
        assert_eq!(laid_out[1].2, [318.0]);
        assert_eq!(laid_out[3].2, [3.0]);
        // The same form as a Word binary reads: breaks become spaces, paragraph breaks two.
        let one_line = QUESTIONNAIRE
            .split("\n\n")
            .map(|p| p.split('\n').collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("  ");
        assert_eq!(one_line.lines().count(), 1);
        assert_eq!(reading(&one_line), laid_out);
    }

    #[test]
    fn markers_the_letter_repeats_open_lines_wherever_they_stand() {
        let mut text =
            String::from("Freedom of Information Request  Please find our response below. ");
        for (n, (q, a)) in [
            (
                "How many referrals did the clinic receive in 2024?",
                "1,204",
            ),
            (
                "What is the average wait for a first appointment?",
                "38 days",
            ),
            (
                "How many patients are waiting now?",
                "The Trust does not hold this.",
            ),
        ]
        .iter()
        .enumerate()
        {
            text.push_str(&format!("You asked: {}. {q} Our response: {a} ", n + 1));
        }
        text.push_str(&"Further sentences of the letter follow here. ".repeat(4));
        let lines = read(&text);
        assert!(
            lines.contains(&"You asked: 2. What is the average wait for a first appointment?"),
            "{lines:?}"
        );
        assert!(lines.contains(&"Our response: 1,204"), "{lines:?}");
    }

    #[test]
    fn ordinary_letters_keep_their_lines() {
        let text = "Dear Ms Rowe,\n\n1. How many beds? 45. The rest follows.\n".repeat(20);
        assert_eq!(reading_lines(&text), text::lines(&text));
        // A long paragraph among others is a paragraph, not a whole letter.
        let long = format!(
            "Short line.\n{}\nAnother line.\n",
            "Words here. ".repeat(60)
        );
        let mut text = long.clone();
        text.push_str(&"Another paragraph of the letter.\n".repeat(40));
        assert_eq!(reading_lines(&text), text::lines(&text));
    }
}
