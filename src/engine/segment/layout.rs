//! The layout algorithm: find where questions start, decide whether the
//! document interleaves questions and answers or lists the request first and
//! answers after, then cut each question's region into question and answer.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::engine::model::Span;
use crate::engine::schema::{stem_set, stem_similarity};
use crate::engine::text;
use crate::engine::text::Stem;

use super::lines::{self, Kind, LineInfo};
use super::markers::{self, Label, LabelStyle, Labels, Marker};
use super::wording::{self, is_answer_start, question_score};
use super::{subitems, Doubt, Layout, Part, Segment};

/// Where a question starts.
#[derive(Debug, Clone)]
pub(super) struct Start {
    pub(super) line: usize,
    /// Byte offset of the label (or of the text when unlabelled).
    pub(super) at: usize,
    /// Byte offset where the question's words begin.
    pub(super) text_at: usize,
    pub(super) labels: Labels,
    /// Started in the middle of a line (the previous question was cut short).
    pub(super) inline: bool,
}

impl Start {
    pub(super) fn number(&self) -> Option<u32> {
        self.labels.first().and_then(|l| l.number)
    }
}

/// The longest line read as a paragraph that may hold a numbered request.
const PARAGRAPH_MAX: usize = 8 * 1024;

/// Lines that answer whether some text is a question of a known schema.
pub type KnownQuestion<'a> = &'a dyn Fn(&str) -> bool;

/// Segments `text` into exchanges. `hidden` are annotation lines; `known` tells
/// whether a line is worded like a question of a known schema.
/// `lines` are `text::lines(text)`.
pub fn segment(text: &str, lines: &[text::Line], hidden: &[Span], known: KnownQuestion) -> Layout {
    segment_lines(text, lines::scan(text, lines, hidden), known)
}

/// [`segment`] from the lines' facts (`lines::scan`).
pub(crate) fn segment_lines(text: &str, mut infos: Vec<LineInfo>, known: KnownQuestion) -> Layout {
    let infos = &mut infos[..];
    let doc = Doc { text, infos };
    let labelled = doc.labelled_mode();
    let mut starts = if labelled {
        doc.labelled_starts()
    } else {
        doc.unlabelled_starts(known)
    };
    super::overrides::pin_starts(text, infos, &mut starts);
    if starts.is_empty() {
        return Layout::default();
    }
    let body_start = starts[0].at;
    let first_line = starts[0].line;
    // Letterhead lines that recur further down are page headers.
    mark_repeated_preamble(text, infos, first_line);
    let doc = Doc { text, infos };
    let closing_line = (first_line..infos.len()).find(|&i| infos[i].kind == Kind::Closing);
    if let Some(c) = closing_line {
        starts.retain(|s| s.line < c);
    }
    let limit = closing_line.map_or(infos.len(), |c| c);

    let numbered_answers = if labelled {
        doc.numbered_answers(&starts, limit, known)
            .or_else(|| doc.answers_only(&starts, limit))
    } else {
        None
    };
    let (mut segments, doubts) = match (numbered_answers, doc.response_split(&starts, limit)) {
        (Some(segments), _) => (segments, Vec::new()),
        (None, Some(split)) => doc.request_then_response(&starts, split, limit),
        (None, None) => (doc.interleaved(&starts, limit), Vec::new()),
    };
    doc.route_shared_answers(&mut segments);
    doc.share_named_answers(&mut segments);
    let notes = super::notes::cut(text, &mut segments);
    let request_start = infos[..first_line]
        .iter()
        .rev()
        .find(|i| i.kind == Kind::RequestHeading)
        .map(|i| i.span.start);
    Layout {
        segments,
        doubts,
        body_start,
        request_start,
        closing_start: closing_line.map(|c| infos[c].span.start),
        notes,
        cut_off: closing_line
            .is_none()
            .then(|| cut_off(text, infos))
            .flatten(),
    }
}

/// The last line of a text that stops in the middle of a sentence (a page
/// saved half-loaded, a PDF cut at a page): it ends on a word that ends
/// nothing, with no sentence mark after it.
fn cut_off(text: &str, infos: &[LineInfo]) -> Option<Span> {
    let last = infos
        .iter()
        .rev()
        .find(|i| matches!(i.kind, Kind::Text | Kind::ResponseHeading))?;
    let s = last.text(text);
    let word = s
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let ends_in_word = s.ends_with(char::is_alphabetic) && !word.is_empty();
    // An answer may end on one of these words without a full stop.
    const COMPLETE: &[&str] = &[
        "yes",
        "no",
        "none",
        "nil",
        "na",
        "held",
        "applicable",
        "attached",
        "below",
        "above",
        "unknown",
        "required",
        "only",
        "available",
        "request",
        "team",
        "trust",
        "council",
    ];
    let complete = COMPLETE.iter().any(|w| word.eq_ignore_ascii_case(w)) || last.heading;
    (ends_in_word && !complete && s.split_whitespace().count() >= 3).then_some(last.content)
}

fn mark_repeated_preamble(text: &str, infos: &mut [LineInfo], first_line: usize) {
    let preamble: HashSet<&str> = infos[..first_line]
        .iter()
        .filter(|i| i.kind == Kind::Text && i.score == 0)
        .map(|i| i.text(text))
        .filter(|s| s.split_whitespace().count() >= 3)
        .collect();
    if preamble.is_empty() {
        return;
    }
    // Lengths first: most lines have none of the preamble's, and are not hashed.
    let longest = preamble.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut has_length = vec![false; longest + 1];
    for s in &preamble {
        has_length[s.len()] = true;
    }
    for info in infos.iter_mut().skip(first_line) {
        if info.kind == Kind::Text
            && has_length.get(info.content.len()) == Some(&true)
            && preamble.contains(info.text(text))
        {
            info.kind = Kind::Furniture;
        }
    }
}

static INLINE_LABEL: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?:^|[\s)\]])(\d{1,2})[.)]\s+[A-Z]"));
static GLUED_YEAR_LABEL: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?:19|20)\d\d(\d{1,2})\.\s+[A-Z]"));
/// A sentence opening that names the questions it answers: "In respect of
/// questions 1 and 2", "In answer to question 11", "For questions 4 to 7",
/// "With regards to your second question", "In relation to the first part of
/// your second question" (group 1 the numbers, or group 2 the ordinal).
pub(super) static NAMES_QUESTIONS: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:in\s+(?:respect|answer|response|relation|reply)\s+(?:of|to)\s+|regarding\s+|with\s+regards?\s+to\s+|as\s+for\s+|turning\s+to\s+|for\s+)?(?:questions?\s+(\d{1,3}(?:\s*(?:,|and|&|to|-|–)\s*\d{1,3})*)\b|(?:the\s+(?:first|second|third|last|final|other)\s+part\s+of\s+)?(?:your|the)\s+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+question\b)",
    )
});

/// The questions a [`NAMES_QUESTIONS`] match names.
pub(super) fn named_numbers(c: &regex::Captures) -> Vec<u32> {
    if let Some(numbers) = c.get(1) {
        return question_numbers(numbers.as_str());
    }
    const ORDINALS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    c.get(2)
        .and_then(|w| {
            let w = w.as_str().to_ascii_lowercase();
            ORDINALS.iter().position(|o| *o == w)
        })
        .map(|i| vec![i as u32 + 1])
        .unwrap_or_default()
}

/// What follows a question's number when it is said not to apply.
static DOES_NOT_APPLY: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\W*(?:(?:therefore|then|also)\s+)?(?:does\s+not|doesn't|do\s+not|is\s+not|are\s+not)\s+(?:apply|applicable)\b|^\W*(?:is\s+)?n/a\b",
    )
});

/// The question numbers of "1 and 2", "4 to 7", "2, 3 & 5".
fn question_numbers(s: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let mut range_from: Option<u32> = None;
    for token in s.split_inclusive(|c: char| !c.is_ascii_digit()) {
        let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
        let Ok(n) = digits.parse::<u32>() else {
            continue;
        };
        match range_from.take() {
            Some(a) if a < n && n - a <= 50 => out.extend(a + 1..=n),
            _ => out.push(n),
        }
        let sep = token[digits.len()..].trim();
        if sep.is_empty() {
            // "to" follows as a word of its own: looked at below.
        }
        if matches!(sep, "-" | "–") {
            range_from = Some(n);
        }
    }
    // "4 to 7": the word between the numbers.
    if let Some((a, b)) = s.split_once(" to ") {
        if let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
            if a < b && b - a <= 50 {
                return (a..=b).collect();
            }
        }
    }
    out
}

static INLINE_JOINT: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\s*(?:for\s+)?(?:questions?|q)\s*(\d{1,3})\s*(?:&|and|,|/)\s*(?:q\s*)?(\d{1,3})",
    )
});

struct Doc<'a> {
    text: &'a str,
    infos: &'a [LineInfo],
}

/// How a question's region divides.
struct Cut {
    question: Vec<Span>,
    answer: Vec<Span>,
    /// Trailing title lines that belong to the next question.
    heading: Option<String>,
}

impl<'a> Doc<'a> {
    fn line_text(&self, i: usize) -> &'a str {
        self.infos[i].text(self.text)
    }

    fn numbered_marker(&self, i: usize) -> Option<(&Labels, LabelStyle, usize)> {
        match &self.infos[i].marker {
            Some(Marker::Question {
                labels,
                style: style @ (LabelStyle::Numeric | LabelStyle::Q),
                rest,
            }) if self.infos[i].kind == Kind::Text => Some((labels, *style, *rest)),
            _ => None,
        }
    }

    /// Numbered questions (two or more labelled lines that read as questions or
    /// count up) rather than unnumbered ones.
    fn labelled_mode(&self) -> bool {
        let mut count = 0;
        let mut last = 0;
        for i in 0..self.infos.len() {
            if let Some((labels, _, rest)) = self.numbered_marker(i) {
                let n = labels[0].number.unwrap_or(0);
                let words = &self.line_text(i)[rest..];
                if self.infos[i].score >= 1 || n == last + 1 || words.is_empty() {
                    count += 1;
                }
                last = labels.last().and_then(|l| l.number).unwrap_or(n);
            }
        }
        // Or a numbered request pasted as one paragraph: "… please provide:
        // 1. From 2022 … 2. Number of cases … 3. Hospital name …".
        // (A paragraph, not a megabyte on one line.)
        // Its sentences are read whole when the paragraph is hard-wrapped.
        count >= 2
            || (0..self.infos.len()).any(|i| {
                let info = &self.infos[i];
                if info.kind != Kind::Text || (i > 0 && self.infos[i - 1].continued) {
                    return false;
                }
                let paragraph = self.paragraph(i).0;
                paragraph.len() <= PARAGRAPH_MAX && inline_starts(paragraph, 0, 1).len() >= 3
            })
    }

    fn labelled_starts(&self) -> Vec<Start> {
        let mut starts: Vec<Start> = Vec::new();
        let mut expected = 1u32;
        let mut current: Option<u32> = None;
        // A numbered list inside an answer: its items are not questions.
        let mut in_list = false;
        let mut after_heading = false;
        for i in 0..self.infos.len() {
            let info = &self.infos[i];
            if info.kind == Kind::RequestHeading || info.kind == Kind::ResponseHeading {
                after_heading = true;
                continue;
            }
            if info.kind != Kind::Text {
                continue;
            }
            let mut found_at_start = false;
            if let Some((labels, _, _)) = self.numbered_marker(i) {
                match self.numbered_start(i, expected, in_list, after_heading) {
                    Some(start) => {
                        let n = labels[0].number.unwrap_or(0);
                        expected = labels.last().and_then(|l| l.number).unwrap_or(n) + 1;
                        current = Some(n);
                        in_list = false;
                        found_at_start = true;
                        starts.push(start);
                    }
                    None => in_list = true,
                }
            } else if matches!(
                &info.marker,
                Some(Marker::Question {
                    style: LabelStyle::Letter,
                    ..
                })
            ) {
                if let Some(start) = self.lettered_start(i, starts.last(), current) {
                    found_at_start = true;
                    starts.push(start);
                }
            } else if info.marker.is_none() && !info.heading {
                after_heading = false;
            }
            if info.heading {
                after_heading = true;
            }
            // A question that starts in the middle of a line ("… above) 4. Do you …"),
            // read across the lines carrying the line's sentence on: a request
            // pasted as one paragraph and wrapped ("… for : 1." / "Adult ADHD
            // assessment? 2. Adult ADHD treatment? 3. Children's ADHD" / …).
            if i > 0 && self.infos[i - 1].continued && info.marker.is_none() {
                continue;
            }
            let from = if found_at_start {
                starts.last().map_or(0, |s| s.text_at - info.content.start)
            } else {
                0
            };
            for start in self.inline_starts_across(i, from, expected) {
                let n = start.number().unwrap_or(expected);
                starts.push(start);
                expected = n + 1;
                current = Some(n);
                in_list = false;
            }
        }
        starts
    }

    /// The questions starting inside line `i`'s sentence, past byte `from` of
    /// the line: labels counting on from `expected`.
    fn inline_starts_across(&self, i: usize, from: usize, expected: u32) -> Vec<Start> {
        let info = &self.infos[i];
        let (paragraph, last) = self.paragraph(i);
        let mut out = Vec::new();
        for (at, text_at, n) in inline_starts(paragraph, from, expected) {
            let (at, text_at) = (info.content.start + at, info.content.start + text_at);
            // A label ending a line opens the question on the next.
            let line = (i..=last)
                .rev()
                .find(|&k| self.infos[k].content.start <= text_at)
                .unwrap_or(i);
            let line_start = self.infos[line].content.start;
            out.push(Start {
                line,
                at: at.max(line_start),
                text_at,
                labels: Labels::one(Label::number(n)),
                inline: at > line_start,
            });
        }
        out
    }

    /// The words of the sentence line `i` opens, read across the lines
    /// carrying it on, and its last line.
    fn paragraph(&self, i: usize) -> (&'a str, usize) {
        let start = self.infos[i].content.start;
        let last = self.paragraph_end(i);
        let end = self.infos[last].content.end.max(start);
        (&self.text[start..end], last)
    }

    /// The last line of the sentence line `i` opens: the lines carrying it
    /// on, at most [`lines::MOST_LINES`] of them (a paragraph wrapped over
    /// thousands of lines stays linear to read).
    fn paragraph_end(&self, i: usize) -> usize {
        let mut last = i;
        while self.infos[last].continued
            && last + 1 < self.infos.len()
            && last < i + lines::MOST_LINES
        {
            last += 1;
        }
        last
    }

    /// Line `i`, numbered, as a question's start: when it reads as a
    /// question, or comes next in the numbering (unless a later line of the
    /// same number reads more like the question), or is a bare label.
    fn numbered_start(
        &self,
        i: usize,
        expected: u32,
        in_list: bool,
        after_heading: bool,
    ) -> Option<Start> {
        let (labels, _, rest) = self.numbered_marker(i)?;
        let info = &self.infos[i];
        let n = labels[0].number.unwrap_or(0);
        let words = &info.text(self.text)[rest..];
        // A label alone on its line opens the words on the next: a question
        // ("1." / "How many …?"), or, numbering answers, an answer ("1." /
        // "The Trust has had no closures."), which starts no question.
        let next = self.next_words(i, rest);
        let score = next.map_or(info.score, |l| l.score);
        let opens_answer =
            next.is_some_and(|l| l.score < 2 && is_answer_start(first_sentence(l.text(self.text))));
        let in_sequence = n == expected && !in_list;
        let accept = score >= 1
            || (in_sequence && !self.better_later(i, n))
            || (words.is_empty() && (n == expected || n == 1) && !opens_answer)
            || (after_heading && n == 1);
        accept.then(|| Start {
            line: i,
            at: info.content.start,
            text_at: info.content.start + rest,
            labels: *labels,
            inline: false,
        })
    }

    /// Line `i`, lettered, as a sub-question of the `current` number: when it
    /// reads as a question, or is the letter after the last start's ("b) The
    /// highest single payout …" after "a) The total …"), whatever its words.
    fn lettered_start(
        &self,
        i: usize,
        last: Option<&Start>,
        current: Option<u32>,
    ) -> Option<Start> {
        let info = &self.infos[i];
        let Some(Marker::Question { labels, rest, .. }) = &info.marker else {
            return None;
        };
        let letter = labels[0].letter;
        let next_letter = last.is_some_and(|last| {
            last.number() == current
                && last
                    .labels
                    .first()
                    .and_then(|l| l.letter)
                    .zip(letter)
                    .is_some_and(|(a, b)| b as u32 == a as u32 + 1)
        });
        ((info.score >= 2 || next_letter) && current.is_some()).then(|| Start {
            line: i,
            at: info.content.start,
            text_at: info.content.start + rest,
            labels: Labels::one(Label {
                number: current,
                letter,
            }),
            inline: false,
        })
    }

    /// Whether a later line labelled `n` reads more like the question than line `i`.
    fn better_later(&self, i: usize, n: u32) -> bool {
        // Far enough to pass a long answer, short enough to stay linear.
        const LOOKAHEAD: usize = 400;
        for j in i + 1..self.infos.len().min(i + 1 + LOOKAHEAD) {
            if let Some((labels, _, _)) = self.numbered_marker(j) {
                let m = labels[0].number.unwrap_or(0);
                if m == n + 1 {
                    return false;
                }
                if m == n && self.infos[j].score >= 2 {
                    return true;
                }
            }
        }
        false
    }

    fn unlabelled_starts(&self, known: KnownQuestion) -> Vec<Start> {
        let mut starts: Vec<Start> = Vec::new();
        // Whether answer content has been seen since the last question.
        let mut answered = true;
        // The last question asked for the list that follows ("… by:").
        let mut list_requested = false;
        let mut parent: Option<u32> = None;
        // Under a REQUEST heading ("You asked:"), until the response starts.
        let mut in_request = false;
        let question_bullet = self.question_bullet();
        for i in 0..self.infos.len() {
            let info = &self.infos[i];
            match info.kind {
                Kind::RequestHeading => in_request = true,
                Kind::ResponseHeading => in_request = false,
                _ => {}
            }
            if info.kind != Kind::Text {
                continue;
            }
            let content = info.text(self.text);
            if (list_requested && is_bullet(content)) || info.wrapped {
                continue;
            }
            // A form whose questions are its bullets ("- Organisation name",
            // "- Which system do you use?"), each answered below it; or a
            // bulleted request wherever it stands.
            let form_item = (question_bullet.is_some() && bullet_mark(content) == question_bullet)
                || (info.marker.is_none() && self.in_request_run(i));
            list_requested = false;
            if matches!(&info.marker, Some(Marker::Answer { .. })) {
                in_request = false;
            }
            let explicit = matches!(&info.marker, Some(Marker::Question { .. }));
            let Some((text_at, words, asked)) = self.line_asked(i, form_item, in_request) else {
                // An answer marker.
                answered = true;
                continue;
            };
            if !asked.is_question(words, known) {
                answered = true;
                continue;
            }
            // (Each item of a bulleted request is asked on its own, whatever its case.)
            let own_item = text_at > 0 && (asked.in_request || asked.form_item);
            if !explicit
                && !own_item
                && !answered
                && !starts.is_empty()
                && wording::is_follow_up(words)
            {
                // "If not, how …?" right after a question: part of it.
                list_requested = wording::is_request_lead_in(&self.sentence(i, words));
                continue;
            }
            list_requested = wording::is_request_lead_in(&self.sentence(i, words));
            let labels = own_labels(info.marker.as_ref(), &mut parent);
            if starts.last().is_some_and(|last| self.leads_in_to(last, i)) {
                starts.pop();
            }
            starts.push(Start {
                line: i,
                at: info.content.start,
                text_at: info.content.start + text_at,
                labels,
                inline: false,
            });
            answered = false;
        }
        starts
    }

    /// Line `i`'s words where its question would start, with what the line
    /// says of itself; `None` for an answer marker's line.
    fn line_asked(
        &self,
        i: usize,
        form_item: bool,
        in_request: bool,
    ) -> Option<(usize, &'a str, Asked)> {
        let info = &self.infos[i];
        let content = info.text(self.text);
        let (text_at, words) = match &info.marker {
            Some(Marker::Question { rest, .. }) => (*rest, &content[*rest..]),
            Some(Marker::Answer { .. }) => return None,
            None => {
                let requested_item = (in_request && self.in_bullet_run(i)) || form_item;
                unbulleted(content, requested_item)
            }
        };
        let asked = Asked {
            explicit: matches!(&info.marker, Some(Marker::Question { .. })),
            form_item,
            in_request,
            bulleted: text_at > 0,
            sentence_score: info.continued.then_some(info.score),
            sentence_asks: wording::ends_asking(self.sentence_end(i)),
        };
        Some((text_at, words, asked))
    }

    /// The sentence `words` (the end of line `i`) opens, with the lines
    /// carrying it on.
    fn sentence(&self, i: usize, words: &'a str) -> Cow<'a, str> {
        let last = self.paragraph_end(i);
        if last == i {
            return Cow::Borrowed(words);
        }
        let mut sentence = words.to_string();
        for j in i + 1..=last {
            sentence.push(' ');
            sentence.push_str(self.line_text(j));
        }
        Cow::Owned(sentence)
    }

    /// How line `i`'s sentence ends: its last line carrying it on, trimmed.
    fn sentence_end(&self, i: usize) -> &'a str {
        self.line_text(self.paragraph_end(i)).trim_end()
    }

    /// "Please provide the following information:" right before the question
    /// on line `i`: the lead-in of the questions it introduces, not one.
    fn leads_in_to(&self, last: &Start, i: usize) -> bool {
        let lead_in = &self.text[last.text_at..self.infos[last.line].content.end];
        let next_line = (last.line + 1..i).all(|j| !self.infos[j].is_content());
        last.labels.is_empty() && next_line && wording::is_request_lead_in(lead_in)
    }

    /// Where the answers start when the document lists its questions first: a
    /// RESPONSE heading (or a lone "Our response:") after two or more questions
    /// with nothing answered between them, or numbering that restarts at 1
    /// after such a list.
    fn response_split(&self, starts: &[Start], limit: usize) -> Option<usize> {
        // A heading that occurs more than once marks answers, not a section.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let headings: Vec<usize> = (0..limit)
            .filter(|&i| self.infos[i].kind == Kind::ResponseHeading)
            .collect();
        for &h in &headings {
            *seen.entry(self.line_text(h).to_lowercase()).or_default() += 1;
        }
        // The run checked is always the prefix from the first question, so once
        // it holds an answer every later candidate fails too: check one.
        let first_candidate = headings.iter().copied().find(|&h| {
            seen[&self.line_text(h).to_lowercase()] == 1
                && starts.iter().take_while(|s| s.line < h).count() >= 2
        });
        if let Some(h) = first_candidate {
            // Under a REQUEST heading, whatever stands between the questions
            // and the RESPONSE heading is the request's own (instructions, a
            // form to fill in); without one, it must not answer them.
            let request_heading = self.under_request_heading(starts[0].line);
            let before: Vec<&Start> = starts.iter().take_while(|s| s.line < h).collect();
            return (request_heading || self.unanswered_run(&before, h)).then_some(h);
        }
        // Numbering that restarts: questions 1..n listed, then "1. <answer>".
        let first_q = starts.first()?.line;
        let mut start_lines = vec![false; limit];
        for s in starts.iter().filter(|s| !s.inline && s.line < limit) {
            start_lines[s.line] = true;
        }
        let mut run: Vec<&Start> = Vec::new();
        let mut next = starts.iter().filter(|s| !s.inline).peekable();
        for (i, &is_start) in start_lines.iter().enumerate().skip(first_q) {
            if is_start {
                // The list restated under the same numbers ("1. How many
                // nurses …?" again, its answer below): the response starts.
                let restated = next.peek().filter(|s| s.line == i).is_some_and(|s| {
                    s.number() == Some(1) && run.len() >= 2 && self.restates(s, run[0])
                });
                if restated && self.unanswered_run(&run, i) {
                    return Some(i);
                }
                while let Some(s) = next.next_if(|s| s.line <= i) {
                    run.push(s);
                }
                continue;
            }
            if let Some((labels, _, rest)) = self.numbered_marker(i) {
                if labels[0].number == Some(1) && run.len() >= 2 && !self.asks_after_label(i, rest)
                {
                    return self.unanswered_run(&run, i).then_some(i);
                }
            }
        }
        None
    }

    /// Whether the question starting at `later` repeats the words of the
    /// one at `earlier` (the whole of them, or their start when the text is
    /// cut off there).
    fn restates(&self, later: &Start, earlier: &Start) -> bool {
        let words = |s: &Start| normalized(self.words_after_label(s));
        let (a, b) = (words(later), words(earlier));
        a.split(' ').count() >= 2 && (b.starts_with(&a) || a.starts_with(&b))
    }

    /// The bullet that marks this letter's questions, when it marks mostly
    /// questions: a survey form answered line by line under each bullet.
    fn question_bullet(&self) -> Option<char> {
        let mut tally: Vec<(char, usize, usize)> = Vec::new();
        for info in self.infos.iter().filter(|i| i.kind == Kind::Text) {
            let s = info.text(self.text);
            let Some(mark) = bullet_mark(s) else {
                continue;
            };
            let words = s[mark.len_utf8()..].trim_start();
            let asks = words.trim_end().ends_with('?') || question_score(words) >= 2;
            match tally.iter_mut().find(|t| t.0 == mark) {
                Some(t) => {
                    t.1 += 1;
                    t.2 += usize::from(asks);
                }
                None => tally.push((mark, 1, usize::from(asks))),
            }
        }
        tally
            .into_iter()
            .find(|&(_, items, asking)| items >= 4 && asking * 10 >= items * 7)
            .map(|(mark, _, _)| mark)
    }

    /// Whether line `i` is one of two or more bullets in a row that each
    /// ask for something and quote no figure ("- The number of responses in
    /// favour of withholding information." / "- The number of … disclosing
    /// …"): a bulleted request, wherever it stands. Answers in bullets carry
    /// their figures.
    fn in_request_run(&self, i: usize) -> bool {
        // A bulleted line that asks, read as its whole sentence when it is
        // hard-wrapped (`score` is then the sentence's).
        let asks = |l: &LineInfo| {
            let s = l.text(self.text);
            l.kind == Kind::Text
                && bullet_mark(s).is_some()
                && !s.bytes().any(|b| b.is_ascii_digit())
                && (question_score(s) >= 2 || (l.continued && l.score >= 2))
        };
        if !asks(&self.infos[i]) || !self.in_bullet_run(i) {
            return false;
        }
        // The lines carrying a bullet on past the wrap width are the bullet's.
        let not_blank = |l: &&LineInfo| l.kind != Kind::Blank && !l.wrapped;
        let before = self.infos[..i].iter().rev().find(not_blank);
        let after = self.infos[i + 1..].iter().find(not_blank);
        before.is_some_and(asks) || after.is_some_and(asks)
    }

    /// Whether line `i` is a bullet item with another item of the same
    /// bullet next to it (blank lines between allowed).
    fn in_bullet_run(&self, i: usize) -> bool {
        let Some(mark) = bullet_mark(self.line_text(i)) else {
            return false;
        };
        let same = |l: Option<&LineInfo>| {
            l.is_some_and(|l| l.kind == Kind::Text && bullet_mark(l.text(self.text)) == Some(mark))
        };
        let not_blank = |l: &&LineInfo| l.kind != Kind::Blank && !l.wrapped;
        same(self.infos[..i].iter().rev().find(not_blank))
            || same(self.infos[i + 1..].iter().find(not_blank))
    }

    /// Whether a REQUEST heading stands before line `i` with at most a few
    /// lines of lead-in between ("Request" / "Please provide information
    /// regarding the following:" / "1. …").
    fn under_request_heading(&self, i: usize) -> bool {
        self.infos[..i]
            .iter()
            .rev()
            .filter(|l| l.kind != Kind::Blank)
            .take(3)
            .any(|l| l.kind == Kind::RequestHeading)
    }

    /// Whether nothing but question text, headings and blank lines lies between
    /// the first of these questions and line `end`.
    fn unanswered_run(&self, run: &[&Start], end: usize) -> bool {
        let mut prose_after_last = 0;
        let last = run.last().map_or(0, |s| s.line);
        let mut i = run[0].line;
        let mut prev_open = false;
        while i < end {
            let info = &self.infos[i];
            // The run is in line order.
            let at = run.partition_point(|s| s.line < i);
            if let Some(start) = run.get(at).filter(|s| s.line == i) {
                // Up to the next question when it starts on the same line.
                let end = run
                    .get(at + 1)
                    .filter(|s| s.line == i)
                    .map_or(info.content.end, |s| s.at);
                let words = self.text.get(start.text_at..end).unwrap_or("");
                if inline_answer(words, false).is_some() {
                    return false;
                }
                prev_open = !ends_question(self.line_text(i));
            } else if info.kind == Kind::Text {
                let t = self.line_text(i);
                // More of the request: a follow-up, a heading, a line that
                // asks ("How many shifts were involved?") or requests
                // ("Please give figures broken down by month").
                let asks = t.trim_end().ends_with('?') || wording::makes_request(t);
                if prev_open || wording::is_follow_up(t) || info.heading || asks {
                    prev_open = !ends_question(t) && prev_open;
                } else if i > last && prose_after_last == 0 {
                    // A note under the list ("Please provide the information by email").
                    prose_after_last += 1;
                } else {
                    return false;
                }
            }
            i += 1;
        }
        true
    }

    fn interleaved(&self, starts: &[Start], limit: usize) -> Vec<Segment> {
        let mut segments = Vec::with_capacity(starts.len());
        let mut pending_heading: Option<String> = None;
        for (k, start) in starts.iter().enumerate() {
            let end = starts
                .get(k + 1)
                .map_or((limit, None), |n| (n.line, Some(n.at)));
            let mut cut = self.cut_region(start, end, true);
            let heading = cut.heading.take();
            let mut seg = self.make_segment(start, cut);
            seg.heading = std::mem::replace(&mut pending_heading, heading);
            segments.push(seg);
        }
        join_unanswered(&mut segments, starts, self);
        subitems::split_lettered(self.text, &mut segments);
        subitems::split_sections(self.text, &mut segments);
        self.split_joint_questions(segments, starts)
    }

    /// A question labelled with several numbers ("9, 10 & 11. Does …? If
    /// yes, …? If not, …?") whose text asks as many questions as it has
    /// numbers becomes that many questions sharing the answer.
    fn split_joint_questions(&self, segments: Vec<Segment>, starts: &[Start]) -> Vec<Segment> {
        let mut out = Vec::with_capacity(segments.len());
        for seg in segments {
            // Starts are in text order: the segment's own is found by search.
            let at = starts.partition_point(|s| s.at < seg.span.start);
            let labels = starts
                .get(at)
                .filter(|s| s.at == seg.span.start)
                .map(|s| s.labels)
                .unwrap_or_default();
            let numbers: Vec<u32> = labels.iter().filter_map(|l| l.number).collect();
            let asked = seg
                .question
                .as_ref()
                .map(|q| self.asked_sentences(q))
                .unwrap_or_default();
            if numbers.len() < 2 || asked.len() != numbers.len() {
                out.push(seg);
                continue;
            }
            for (n, question) in numbers.into_iter().zip(asked) {
                out.push(Segment {
                    label: Some(Label::number(n).printed()),
                    number: Some(n),
                    question: Part::from_pieces(question),
                    joint: true,
                    ..seg.clone()
                });
            }
        }
        out
    }

    /// The sentences of a question, as pieces of its text; a sentence that
    /// carries on the one before ("Or would it …?") stays with it.
    fn asked_sentences(&self, question: &Part) -> Vec<Vec<Span>> {
        let mut ends: Vec<usize> = Vec::new();
        for (p, piece) in question.pieces.iter().enumerate() {
            let s = piece.slice(self.text);
            // A sentence may end a line (a hard-wrapped question): what comes
            // next is then the next line's.
            let next_piece = question
                .pieces
                .get(p + 1)
                .map_or("", |n| n.slice(self.text));
            for (i, c) in s.char_indices() {
                let mut next = s[i + c.len_utf8()..].trim_start();
                if next.is_empty() {
                    next = next_piece;
                }
                let ends_here = match c {
                    '?' | '!' => true,
                    '.' => {
                        (i + 1 == s.len() || s[i + 1..].starts_with(char::is_whitespace))
                            && !is_abbreviation(&s[..i])
                    }
                    _ => false,
                };
                let first_word = next.split_whitespace().next().unwrap_or("");
                let carried_on = next.starts_with(|ch: char| ch.is_lowercase() || ch == '(')
                    || first_word.eq_ignore_ascii_case("or")
                    || first_word.eq_ignore_ascii_case("and");
                if ends_here && !carried_on {
                    ends.push(piece.start + i + c.len_utf8());
                }
            }
        }
        let mut from = question.span.start;
        let mut out = Vec::with_capacity(ends.len());
        for (k, &end) in ends.iter().enumerate() {
            // The last sentence runs to the end of the question.
            let to = if k + 1 == ends.len() {
                question.span.end.max(end)
            } else {
                end
            };
            out.push(self.pieces_within(&question.pieces, from, to));
            from = end;
        }
        out.retain(|p| !p.is_empty());
        out
    }

    fn make_segment(&self, start: &Start, cut: Cut) -> Segment {
        let question = Part::from_pieces(cut.question);
        let answer = Part::from_pieces(cut.answer);
        let label = if start.labels.is_empty() {
            None
        } else {
            Some(start.labels.printed())
        };
        let mut span = Span::new(start.at, start.at);
        if let Some(q) = &question {
            span = span.cover(q.span);
        }
        if let Some(a) = &answer {
            span = span.cover(a.span);
        }
        Segment {
            label,
            number: start.number(),
            question,
            answer,
            joint: start.labels.len() > 1,
            heading: None,
            requested: false,
            span,
        }
    }

    /// Cuts a question's region (from `start` to line `end.0`, or to byte
    /// `end.1` when the next question starts mid-line) into question and answer.
    fn cut_region(
        &self,
        start: &Start,
        end: (usize, Option<usize>),
        may_answer_inline: bool,
    ) -> Cut {
        let (first_piece, rest) = self.region_pieces(start, end);
        let spans = |lines: &[(usize, Span)]| lines.iter().map(|(_, s)| *s).collect::<Vec<_>>();
        // The question: the first line's words and the lines up to `k`.
        let question_to = |first_piece: Span, rest: &[(usize, Span)], k: usize| {
            // Sized once: thousands of regions are cut per reading.
            let mut question = Vec::with_capacity(k + 1);
            if !first_piece.is_empty() {
                question.push(first_piece);
            }
            question.extend(rest[..k].iter().map(|(_, s)| *s));
            question
        };

        // 1. An answer marker ("Our response:", "A1", "Answer to Q2").
        if let Some(m) = rest.iter().position(|(i, _)| {
            matches!(self.infos[*i].marker, Some(Marker::Answer { .. }))
                || self.infos[*i].kind == Kind::ResponseHeading
        }) {
            let mut answer = Vec::with_capacity(rest.len() - m);
            let (mi, mspan) = rest[m];
            if let Some(Marker::Answer { rest: r, .. }) = &self.infos[mi].marker {
                let after = text::trim_span(self.text, Span::new(mspan.start + r, mspan.end));
                if !after.is_empty() {
                    answer.push(after);
                }
            }
            answer.extend(rest[m + 1..].iter().map(|(_, s)| *s));
            return self.finish(question_to(first_piece, &rest, m), answer);
        }

        // A label on a line of its own ("Question 3" / "How many …?")
        // opens the question on the next line.
        let (first_piece, rest) = match rest.split_first() {
            Some((&(_, next), after)) if first_piece.is_empty() => (next, after),
            _ => (first_piece, &rest[..]),
        };

        // 2. An answer on the question's own line, after `?` or a sentence.
        if may_answer_inline && !first_piece.is_empty() {
            if let Some(cut) = self.cut_inline(first_piece, rest) {
                return cut;
            }
        }

        // 3. The question runs on while its lines continue it; the rest answers.
        let k = self
            .quoted_request_end(first_piece, rest)
            .unwrap_or_else(|| self.question_run(start.line, first_piece, rest));
        self.finish(question_to(first_piece, rest, k), spans(&rest[k..]))
    }

    /// A region's first piece (the question's words on its first line) and
    /// its content lines after the first, each with its line, up to `end`.
    fn region_pieces(
        &self,
        start: &Start,
        end: (usize, Option<usize>),
    ) -> (Span, Vec<(usize, Span)>) {
        let (end_line, end_at) = end;
        let first = &self.infos[start.line];
        let first_end = match end_at {
            Some(at) if at > start.at && at <= first.content.end => at,
            _ => first.content.end,
        };
        let first_piece = text::trim_span(self.text, Span::new(start.text_at, first_end));
        let last_line = match end_at {
            Some(at)
                if self
                    .infos
                    .get(end_line)
                    .is_some_and(|l| l.content.start < at) =>
            {
                end_line + 1
            }
            _ => end_line,
        };
        let region = start.line + 1..last_line.min(self.infos.len());
        let mut rest: Vec<(usize, Span)> = Vec::with_capacity(region.len());
        for i in region {
            let info = &self.infos[i];
            if !info.is_content() && info.kind != Kind::ResponseHeading {
                continue;
            }
            let mut span = info.content;
            if let Some(at) = end_at {
                if i == end_line && at > span.start {
                    span = text::trim_span(self.text, Span::new(span.start, at));
                }
            }
            if !span.is_empty() {
                rest.push((i, span));
            }
        }
        (first_piece, rest)
    }

    /// An answer on the question's own line, after `?` or a sentence; the
    /// line is read with the lines carrying it on past the wrap width, or (in
    /// a letter too short to tell its width) lines that go on with a
    /// lowercase word from a line not ending a sentence: "… a patient?
    /// (specifically for" / "female if possible) 2.25".
    fn cut_inline(&self, first_piece: Span, rest: &[(usize, Span)]) -> Option<Cut> {
        let mut carried = 0;
        let mut previous = first_piece.slice(self.text);
        for &(i, span) in rest {
            let line = span.slice(self.text);
            let goes_on = line.starts_with(|c: char| c.is_lowercase())
                && !previous.trim_end().ends_with(['.', '?', '!', ':', ';']);
            if !(self.infos[i].wrapped || goes_on) {
                break;
            }
            carried += 1;
            previous = line;
        }
        let mut line = vec![first_piece];
        line.extend(rest[..carried].iter().map(|(_, s)| *s));
        let has_more = rest.len() > carried;
        let (q_end, a_start) = self.inline_answer_across(&line, has_more)?;
        let question = self.pieces_within(&line, first_piece.start, q_end);
        let mut answer = self.pieces_within(&line, a_start, usize::MAX);
        // "Q3: Do you …? A3: Yes": the answer's own marker is no answer.
        if let Some(first) = answer.first_mut() {
            if let Some(Marker::Answer { rest, .. }) = markers::marker(first.slice(self.text)) {
                *first = text::trim_span(self.text, Span::new(first.start + rest, first.end));
            }
        }
        answer.retain(|p| !p.is_empty());
        answer.extend(rest[carried..].iter().map(|(_, s)| *s));
        Some(self.finish(question, answer))
    }

    /// A request quoted whole (“I am requesting … Rydal Unit”): the question
    /// runs to the line with the closing quotation mark.
    fn quoted_request_end(&self, first_piece: Span, rest: &[(usize, Span)]) -> Option<usize> {
        let first_words = first_piece.slice(self.text);
        if !first_words.starts_with('“') || first_words.contains('”') {
            return None;
        }
        let close = rest
            .iter()
            .take(40)
            .position(|(_, s)| s.slice(self.text).contains('”'))?;
        Some(close + 1)
    }

    /// How many of `rest` carry on the question begun by `first_piece`. Only
    /// the question's last words so far matter, and whether it has any.
    fn question_run(&self, line: usize, first_piece: Span, rest: &[(usize, Span)]) -> usize {
        let mut k = 0;
        let mut so_far: &str = first_piece.slice(self.text).trim_end();
        // The question asked for the list that follows ("… by:"): its bullets
        // are what is requested. Its sentence may go on past its first line.
        let mut list_requested = wording::is_request_lead_in(&self.sentence(line, so_far));
        while k < rest.len() {
            let (i, span) = rest[k];
            let line = span.slice(self.text);
            if matches!(
                self.infos[i].marker,
                Some(Marker::Question {
                    style: LabelStyle::Letter,
                    ..
                })
            ) && !so_far.ends_with(':')
            {
                break;
            }
            // A line carrying on a line broken at the wrap width carries on
            // the question.
            if self.infos[i].wrapped && (!ends_question(so_far) || lines::ends_with_label(so_far)) {
                list_requested |= wording::is_request_lead_in(line);
                so_far = line.trim_end();
                k += 1;
                continue;
            }
            if !self.continues_question(rest, k, so_far, list_requested) {
                break;
            }
            // A line carrying on the sentence before it keeps the sentence's
            // lead-in ("… I am requesting, each month shown separate" / "the
            // number of readmissions to:").
            let keeps_lead_in =
                i > 0 && self.infos[i - 1].continued && line.trim_end().ends_with(':');
            if !(is_bullet(line) || keeps_lead_in) {
                list_requested = wording::is_request_lead_in(line);
            }
            if !line.trim_end().is_empty() {
                so_far = line.trim_end();
            }
            k += 1;
            // A question over, unless a follow-up asks on ("… is in place." /
            // "If not, is the Trust" / "planning to …?").
            let follow_up = rest
                .get(k)
                .is_some_and(|(_, next)| wording::is_follow_up(next.slice(self.text)));
            if ends_question(line) && !so_far.ends_with(':') && !follow_up {
                break;
            }
        }
        k
    }

    /// Whether line `rest[k]` continues a question whose words so far end
    /// with `so_far`. "Question Number 1:" alone: the question is the next
    /// paragraph; a lowercase line carries on the sentence; an unfinished
    /// question may end with a `?` line; a question ending in `:` may list
    /// bullets; a conditional lead-in ("If yes:") belongs to it.
    fn continues_question(
        &self,
        rest: &[(usize, Span)],
        k: usize,
        so_far: &str,
        list_requested: bool,
    ) -> bool {
        let (i, span) = rest[k];
        let line = span.slice(self.text);
        // A question of several sentences, hard-wrapped: a request sentence
        // after a line filled to the width carries it on.
        let next_sentence = (self.infos[i].after_full_line
            && (wording::makes_request(line) || question_score(line) >= 2))
            // "Please state which hospital …" with the answer after it.
            || (text::starts_with_ci(line, "please ")
                && wording::makes_request(line)
                && !is_answer_start(line)
                && k + 1 < rest.len());
        // How the line's sentence ends, past the lines carrying it on.
        let sentence_end = self.sentence_end(i);
        so_far.is_empty()
            || next_sentence
            || (list_requested && is_bullet(line))
            || (wording::is_follow_up(line)
                && (sentence_end.ends_with([':', '?']) || wording::makes_request(line)))
            || (line.starts_with(|c: char| c.is_lowercase() || c == '(')
                && !is_answer_start(line)
                && !(ends_question(so_far) && states_a_quantity(line)))
            || (!ends_question(so_far) && line.trim_end().ends_with('?'))
            || (so_far.ends_with(':') && is_bullet(line) && k + 1 < rest.len())
    }

    /// One answer shared by several questions that says which part answers
    /// which ("In respect of questions 1 and 2, …", "In answer to question
    /// 11, yes: …"): each part goes to the questions it names; what comes
    /// before the first such part goes to the questions no part names.
    fn route_shared_answers(&self, segments: &mut [Segment]) {
        let mut k = 0;
        while k < segments.len() {
            let shared = segments[k].answer.clone();
            let group = segments[k..]
                .iter()
                .take_while(|s| s.answer.is_some() && s.answer == shared)
                .count();
            if group >= 2 {
                if let Some(answer) = &shared {
                    self.route(answer, &mut segments[k..k + group]);
                }
            }
            k += group.max(1);
        }
    }

    fn route(&self, answer: &Part, group: &mut [Segment]) {
        let in_group = |n: u32| group.iter().any(|s| s.number == Some(n));
        // Each place a sentence opens by naming questions of the group; and
        // each clause saying a question does not apply ("…, so question 10
        // does not apply"), which answers that question alone.
        // (where the part starts, where its words start, the questions named)
        let mut parts: Vec<(usize, usize, Vec<u32>)> = Vec::new();
        let mut clauses: Vec<(u32, Span)> = Vec::new();
        for piece in &answer.pieces {
            let line = piece.slice(self.text);
            for c in NAMES_QUESTIONS.captures_iter(line) {
                let m = c.get(0).unwrap();
                let before = line[..m.start()].trim_end();
                let opens_sentence = before.is_empty() || before.ends_with(['.', '!', '?', ';']);
                let named: Vec<u32> = named_numbers(&c)
                    .into_iter()
                    .filter(|&n| in_group(n))
                    .collect();
                let rest = &line[m.end()..];
                if !opens_sentence && named.len() == 1 && DOES_NOT_APPLY.is_match(rest) {
                    let end = rest
                        .find(['.', ';'])
                        .map_or(line.len(), |i| m.end() + i + 1);
                    let clause = Span::new(piece.start + m.start(), piece.start + end);
                    clauses.push((named[0], clause));
                } else if opens_sentence && !named.is_empty() {
                    // The part's words start after the naming ("In answer to
                    // question 11, yes: …" answers "yes: …").
                    let words =
                        rest.len() - rest.trim_start_matches([',', ':', ' ', '-', '–']).len();
                    parts.push((
                        piece.start + m.start(),
                        piece.start + m.end() + words,
                        named,
                    ));
                }
            }
        }
        if parts.is_empty() && clauses.is_empty() {
            return;
        }
        let named: Vec<u32> = parts
            .iter()
            .flat_map(|(_, _, ns)| ns.iter().copied())
            .chain(clauses.iter().map(|(n, _)| *n))
            .collect();
        let unnamed: Vec<u32> = group
            .iter()
            .filter_map(|s| s.number)
            .filter(|n| !named.contains(n))
            .collect();
        let mut bounds: Vec<(usize, usize, Vec<u32>)> =
            vec![(answer.span.start, answer.span.start, unnamed)];
        bounds.extend(parts);
        for seg in group.iter_mut() {
            seg.answer = None;
            seg.joint = false;
        }
        for (b, (_, from, numbers)) in bounds.iter().enumerate() {
            let to = bounds.get(b + 1).map_or(usize::MAX, |(t, _, _)| *t);
            let pieces = self.pieces_within(&answer.pieces, *from, to);
            let routed = group
                .iter_mut()
                .filter(|s| s.number.is_some_and(|n| numbers.contains(&n)));
            for seg in routed {
                // A question answered in parts ("the first part of your second
                // question", "the second part …") gets them all.
                let mut all = seg.answer.take().map(|a| a.pieces).unwrap_or_default();
                all.extend(pieces.iter().copied());
                seg.answer = Part::from_pieces(all);
                seg.joint = numbers.len() > 1;
            }
        }
        for (n, clause) in clauses {
            for seg in group.iter_mut().filter(|s| s.number == Some(n)) {
                seg.answer = Part::from_pieces(vec![clause]);
            }
        }
    }

    /// An answer that opens by naming the questions it covers ("For question
    /// 2 and 3, the information is below:") answers those of them left
    /// without an answer of their own, wherever it was placed.
    fn share_named_answers(&self, segments: &mut [Segment]) {
        let mut shared: Vec<(usize, u32)> = Vec::new();
        for (k, seg) in segments.iter().enumerate() {
            let Some(answer) = &seg.answer else { continue };
            let first = answer.pieces[0].slice(self.text);
            let Some(c) = NAMES_QUESTIONS.captures(first) else {
                continue;
            };
            if !first[..c.get(0).map_or(0, |m| m.start())].trim().is_empty() {
                continue;
            }
            shared.extend(named_numbers(&c).into_iter().map(|n| (k, n)));
        }
        for (from, n) in shared {
            let Some(to) = segments
                .iter()
                .position(|s| s.number == Some(n) && s.answer.is_none() && s.question.is_some())
            else {
                continue;
            };
            segments[to].answer = segments[from].answer.clone();
            segments[to].joint = true;
            segments[from].joint = true;
        }
    }

    /// [`inline_answer`] on a line and the lines carrying it on, read as one:
    /// where the question ends and its answer starts, as text positions.
    fn inline_answer_across(&self, pieces: &[Span], has_more: bool) -> Option<(usize, usize)> {
        let mut joined = String::new();
        // Where each piece starts in `joined`.
        let mut at = Vec::with_capacity(pieces.len());
        for p in pieces {
            if !joined.is_empty() {
                joined.push(' ');
            }
            at.push(joined.len());
            joined.push_str(p.slice(self.text));
        }
        let (q_end, a_start) = inline_answer(&joined, has_more)?;
        let to_text = |pos: usize| {
            let k = at.partition_point(|&j| j <= pos).saturating_sub(1);
            pieces[k].start + (pos - at[k]).min(pieces[k].len())
        };
        Some((to_text(q_end), to_text(a_start)))
    }

    /// The parts of `pieces` between text positions `from` and `to`, trimmed.
    fn pieces_within(&self, pieces: &[Span], from: usize, to: usize) -> Vec<Span> {
        pieces
            .iter()
            .map(|p| Span::new(p.start.max(from), p.end.min(to)))
            .filter(|p| p.start < p.end)
            .map(|p| text::trim_span(self.text, p))
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// Drops trailing title lines from an answer (they head the next question).
    fn finish(&self, question: Vec<Span>, mut answer: Vec<Span>) -> Cut {
        let mut heading = None;
        if answer.len() >= 2 {
            let last = answer[answer.len() - 1].slice(self.text);
            if lines::is_heading_like(last) {
                heading = Some(last.trim().to_string());
                answer.pop();
            }
        }
        // Response-heading lines inside an answer are structure, not words.
        answer.retain(|s| {
            let t = s.slice(self.text);
            !super::markers::is_response_heading(t) || t.len() > 40
        });
        Cut {
            question,
            answer,
            heading,
        }
    }

    /// A response item matching no requested question: a question of its own.
    fn unrequested(&self, start: &Start, question: Vec<Span>, answer: Option<Part>) -> Segment {
        let cut = Cut {
            question,
            answer: Vec::new(),
            heading: None,
        };
        let mut seg = self.make_segment(start, cut);
        seg.answer = answer;
        if let Some(a) = &seg.answer {
            seg.span = seg.span.cover(a.span);
        }
        seg
    }

    /// The request list before `split`: each question is its line plus its
    /// continuation lines, with no answer.
    fn request_list(&self, starts: &[Start], split: usize) -> Vec<Segment> {
        let requested: Vec<&Start> = starts.iter().filter(|s| s.line < split).collect();
        let mut segments = Vec::with_capacity(requested.len());
        for (k, start) in requested.iter().enumerate() {
            let end = requested
                .get(k + 1)
                .map_or((split, None), |n| (n.line, Some(n.at)));
            let cut = self.cut_region(start, end, false);
            let mut seg = self.make_segment(
                start,
                Cut {
                    question: cut.question,
                    answer: Vec::new(),
                    heading: None,
                },
            );
            seg.requested = true;
            seg.heading = cut.heading;
            segments.push(seg);
        }
        segments
    }

    fn request_then_response(
        &self,
        starts: &[Start],
        split: usize,
        limit: usize,
    ) -> (Vec<Segment>, Vec<Doubt>) {
        let mut segments = self.request_list(starts, split);
        let questions: Vec<Vec<Stem>> = segments
            .iter()
            .map(|s| {
                s.question
                    .as_ref()
                    .map(|q| stem_set(&q.folded(self.text)))
                    .unwrap_or_default()
            })
            .collect();

        // Items of the response part: restated questions and labelled answers.
        let mut items = self.response_items(split, limit, &questions);
        self.mark_cut_restatements(&mut items, &segments);
        if items.is_empty() {
            return self.unlabelled_answers(segments, split, limit);
        }
        let mut paired = vec![false; segments.len()];
        // How far a requested question's line is indented.
        let indent = |s: &Segment| {
            let line = self.infos.partition_point(|l| l.span.end < s.span.start);
            self.infos
                .get(line)
                .map_or(0, |l| s.span.start.saturating_sub(l.span.start))
        };
        let mut extra: Vec<Segment> = Vec::new();
        for (k, item) in items.iter().enumerate() {
            let end = items
                .get(k + 1)
                .map_or((limit, None), |n| (n.start.line, Some(n.start.at)));
            let cut = self.cut_region(&item.start, end, item.restated.is_none());
            let (answer_pieces, q_pieces) = if item.restated.is_some() {
                (cut.answer, cut.question)
            } else {
                // An answer labelled with its question's number: all of it answers.
                let mut all = cut.question;
                all.extend(cut.answer);
                (all, Vec::new())
            };
            let answer = Part::from_pieces(answer_pieces);
            let targets: Vec<usize> = match item.restated {
                Some(t) => vec![t],
                None => (item.start.labels.iter())
                    .filter_map(|label| pick_by_number(&segments, &paired, label.number, &indent))
                    .collect(),
            };
            let joint = targets.len() > 1;
            if targets.is_empty() {
                extra.push(self.unrequested(&item.start, q_pieces, answer));
                continue;
            }
            for t in targets {
                paired[t] = true;
                let seg = &mut segments[t];
                seg.answer = answer.clone();
                seg.joint |= joint;
                let item_span = Span::new(item.start.at, item.start.at);
                seg.span = answer
                    .as_ref()
                    .map_or(seg.span, |a| item_span.cover(a.span));
            }
        }
        segments.extend(extra);
        subitems::split_lettered(self.text, &mut segments);
        (segments, Vec::new())
    }

    /// Answers numbered in the order of an unnumbered request ("Please
    /// provide: - the opinion …; - the statement …" then "1) Please see
    /// appendix A attached." / "2) This information is exempt …"): when
    /// every numbered line reads as an answer and as many questions stand
    /// unnumbered before the first, each numbered line answers its question.
    fn numbered_answers(
        &self,
        labelled: &[Start],
        limit: usize,
        known: KnownQuestion,
    ) -> Option<Vec<Segment>> {
        let first = labelled.first()?;
        let reads_as_answer = |s: &Start| {
            let words = first_sentence(self.words_after_label(s));
            is_answer_start(words) && question_score(words) < 2
        };
        if labelled.len() < 2 || !labelled.iter().all(reads_as_answer) {
            return None;
        }
        let mut asked: Vec<Start> = self
            .unlabelled_starts(known)
            .into_iter()
            .filter(|q| q.line < first.line)
            .collect();
        if asked.len() != labelled.len() {
            // "Please provide a copy of: - the opinion …; - the statement …":
            // the items of the last request's list are the questions.
            let items = self.bullet_items(asked.last()?.line + 1, first.line);
            if items.len() != labelled.len() {
                return None;
            }
            asked = items;
        }
        let segments = asked
            .iter()
            .zip(labelled)
            .enumerate()
            .map(|(k, (question, answer))| {
                let q_end = asked.get(k + 1).map_or(first.line, |n| n.line);
                let cut = self.cut_region(question, (q_end, None), false);
                let a_end = labelled
                    .get(k + 1)
                    .map_or((limit, None), |n| (n.line, Some(n.at)));
                let a_cut = self.cut_region(answer, a_end, false);
                let mut seg = self.make_segment(
                    answer,
                    Cut {
                        question: cut.question,
                        answer: a_cut.question.into_iter().chain(a_cut.answer).collect(),
                        heading: None,
                    },
                );
                seg.span = seg.span.cover(Span::new(question.at, question.at));
                seg
            })
            .collect();
        Some(segments)
    }

    /// A reply that numbers its answers as the request did and does not
    /// restate the questions ("1. 58,300 episodes." / "2. 1,150 remained
    /// uncoded." / "9. No."): no numbered line asks, and most open as answers
    /// do. Each numbered line is then the answer to the question of its
    /// number, whose words the letter does not give.
    fn answers_only(&self, labelled: &[Start], limit: usize) -> Option<Vec<Segment>> {
        if labelled.len() < 3 || self.under_request_heading(labelled[0].line) {
            return None;
        }
        let words = |s: &Start| self.words_after_label(s);
        let asks = labelled
            .iter()
            .any(|s| words(s).contains('?') || question_score(words(s)) >= 2);
        let answering = labelled
            .iter()
            .filter(|s| is_answer_start(words(s)))
            .count();
        if asks || answering * 5 < labelled.len() * 3 {
            return None;
        }
        let segments = labelled
            .iter()
            .enumerate()
            .map(|(k, start)| {
                let end = labelled
                    .get(k + 1)
                    .map_or((limit, None), |n| (n.line, Some(n.at)));
                let cut = self.cut_region(start, end, false);
                let answer: Vec<Span> = cut.question.into_iter().chain(cut.answer).collect();
                self.make_segment(
                    start,
                    Cut {
                        question: Vec::new(),
                        answer,
                        heading: None,
                    },
                )
            })
            .collect();
        Some(segments)
    }

    /// Whether the words labelled on line `i` (after the label at `rest`)
    /// ask: on its line, or on the next for a label alone on its line.
    fn asks_after_label(&self, i: usize, rest: usize) -> bool {
        self.next_words(i, rest).unwrap_or(&self.infos[i]).score >= 2
    }

    /// For a label alone on line `i` (its words would start at `rest`), the
    /// line after it that carries its words: the next content line, unless
    /// it opens with a label or marker of its own.
    fn next_words(&self, i: usize, rest: usize) -> Option<&LineInfo> {
        self.next_words_line(i, rest).map(|j| &self.infos[j])
    }

    /// [`Self::next_words`]'s line index.
    fn next_words_line(&self, i: usize, rest: usize) -> Option<usize> {
        if !self.infos[i].text(self.text)[rest..].trim().is_empty() {
            return None;
        }
        let j = i
            + 1
            + self.infos[i + 1..]
                .iter()
                .position(|l| l.kind != Kind::Blank)?;
        let l = &self.infos[j];
        (l.is_content() && l.marker.is_none()).then_some(j)
    }

    /// The words a label opens: those after it on its line, or, for a label
    /// on a line of its own ("3." / "We have not made this estimate …"),
    /// the next content line's.
    fn words_after_label(&self, s: &Start) -> &'a str {
        let info = &self.infos[s.line];
        match self.next_words_line(s.line, s.text_at.saturating_sub(info.content.start)) {
            Some(j) => self.infos[j].text(self.text),
            None => &self.text[s.text_at..info.content.end],
        }
    }

    /// The bullet items between lines `from` and `to`, as question starts.
    fn bullet_items(&self, from: usize, to: usize) -> Vec<Start> {
        (from..to)
            .filter(|&i| self.infos[i].kind == Kind::Text)
            .filter_map(|i| {
                let info = &self.infos[i];
                let mark = bullet_mark(info.text(self.text))?;
                let words = text::trim_span(
                    self.text,
                    Span::new(info.content.start + mark.len_utf8(), info.content.end),
                );
                Some(Start {
                    line: i,
                    at: info.content.start,
                    text_at: words.start,
                    labels: Labels::default(),
                    inline: false,
                })
            })
            .collect()
    }

    /// The first line of the response part split at line `split`: after a
    /// RESPONSE heading, or the split line itself when the numbering
    /// restarts there ("1. There were 158 …").
    fn response_from(&self, split: usize) -> usize {
        if self.infos[split].kind == Kind::ResponseHeading {
            split + 1
        } else {
            split
        }
    }

    /// The answers of a response part that labels none of them: a list in
    /// the order of the questions ("- None / - None / - 83"), or one answer
    /// for everything.
    fn unlabelled_answers(
        &self,
        mut segments: Vec<Segment>,
        split: usize,
        limit: usize,
    ) -> (Vec<Segment>, Vec<Doubt>) {
        let content: Vec<usize> = (self.response_from(split)..limit)
            .filter(|&i| self.infos[i].is_content())
            .collect();
        let asked = segments.len();
        if self.answer_by_row_number(&mut segments, &content) {
            return (segments, Vec::new());
        }
        let mut listed = self.answer_list(&content);
        // Or short answers without bullets, one line for each question
        // ("450" / "24" / "Yes"), in the order asked.
        let short = |i: usize| self.line_text(i).split_whitespace().count() <= 6;
        if listed.is_empty()
            && asked >= 2
            && content.len() == asked
            && content.iter().all(|&i| short(i))
        {
            listed = (0..content.len()).collect();
        }
        let mut doubts = Vec::new();
        // One item per question, or one per question but the last, whose
        // answer is what follows the list (a table, say).
        if asked >= 2 && (listed.len() == asked || listed.len() + 1 == asked) {
            let end = content.len();
            for (k, seg) in segments.iter_mut().enumerate() {
                let (from, to) = match (listed.get(k), listed.get(k + 1)) {
                    (Some(&a), Some(&b)) => (a, b),
                    (Some(&a), None) if listed.len() == asked => (a, end),
                    (Some(&a), None) => (a, a + 1),
                    (None, _) => (listed[k - 1] + 1, end),
                };
                let pieces: Vec<Span> = content[from..to]
                    .iter()
                    .map(|&i| self.bullet_content(i))
                    .collect();
                seg.answer = Part::from_pieces(pieces);
                if let Some(a) = &seg.answer {
                    seg.span = seg.span.cover(a.span);
                }
            }
            return (segments, doubts);
        }
        if listed.len() >= 2 && asked >= 2 {
            let at = self.infos[content[listed[0]]].content;
            let message = format!(
                "{asked} questions asked, {} answers listed: read as one answer for all",
                listed.len()
            );
            doubts.extend((0..asked).map(|k| Doubt {
                segment: Some(k),
                span: at,
                message: message.clone(),
            }));
        }
        let pieces: Vec<Span> = content.iter().map(|&i| self.infos[i].content).collect();
        if let Some(part) = Part::from_pieces(pieces) {
            for seg in &mut segments {
                seg.answer = Some(part.clone());
                seg.joint = asked > 1;
            }
        }
        (segments, doubts)
    }

    /// The longest run of bullet lines with one bullet mark among `content`
    /// (line indices), as positions in `content`.
    fn answer_list(&self, content: &[usize]) -> Vec<usize> {
        let mut best: Vec<usize> = Vec::new();
        let mut run: Vec<usize> = Vec::new();
        let mut mark = None;
        for (k, &i) in content.iter().enumerate() {
            let m = bullet_mark(self.line_text(i));
            if m.is_some() && m == mark {
                run.push(k);
            } else {
                if run.len() > best.len() {
                    best = std::mem::take(&mut run);
                }
                run = m.map(|_| vec![k]).unwrap_or_default();
                mark = m;
            }
        }
        if run.len() > best.len() {
            best = run;
        }
        best
    }

    /// A table keyed by question number ("1 | 450", "2 | 24"): each row
    /// answers the question of its number. Whether `content` is one.
    fn answer_by_row_number(&self, segments: &mut [Segment], content: &[usize]) -> bool {
        let rows: Vec<(u32, Span)> = content
            .iter()
            .filter_map(|&i| self.numbered_row(i))
            .collect();
        let in_order = rows
            .iter()
            .enumerate()
            .all(|(k, (n, _))| *n as usize == k + 1);
        if segments.len() < 2 || rows.len() != segments.len() || !in_order {
            return false;
        }
        for (seg, (_, answer)) in segments.iter_mut().zip(rows) {
            seg.answer = Part::from_pieces(vec![answer]);
            seg.span = seg.span.cover(answer);
        }
        true
    }

    /// A table row whose first cell is only a question's number, and the
    /// rest of the row: "1 | 450" → (1, "450").
    fn numbered_row(&self, i: usize) -> Option<(u32, Span)> {
        let span = self.infos[i].content;
        let s = span.slice(self.text);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let n: u32 = s.get(..digits)?.parse().ok()?;
        let after = &s[digits..];
        let cell = after.trim_start_matches([' ', '\t']);
        let skip = if cell.starts_with('|') {
            1
        } else if after.starts_with('\t') {
            0
        } else {
            return None;
        };
        let rest_at = span.start + digits + (after.len() - cell.len()) + skip;
        let rest = Span::new(rest_at, span.end);
        let trimmed = rest.slice(self.text).trim_end_matches(['|', ' ', '\t']);
        let answer = text::trim_span(self.text, Span::new(rest_at, rest_at + trimmed.len()));
        (!answer.is_empty()).then_some((n, answer))
    }

    /// A line's content without its bullet.
    fn bullet_content(&self, i: usize) -> Span {
        let span = self.infos[i].content;
        let s = span.slice(self.text);
        match bullet_mark(s) {
            Some(c) => text::trim_span(self.text, Span::new(span.start + c.len_utf8(), span.end)),
            None => span,
        }
    }

    /// A labelled item whose words are the start of its question's restates
    /// it, even when too short to compare by wording (a letter cut off at "1.
    /// How many epi"): it is not an answer.
    fn mark_cut_restatements(&self, items: &mut [Item], segments: &[Segment]) {
        // The segments by number, so each item looks at its own number's only.
        let mut by_number: Vec<(u32, usize)> = segments
            .iter()
            .enumerate()
            .filter_map(|(k, s)| Some((s.number?, k)))
            .collect();
        by_number.sort_unstable();
        for item in items.iter_mut().filter(|i| i.restated.is_none()) {
            let Some(n) = item.start.number() else {
                continue;
            };
            let words = normalized(self.words_after_label(&item.start));
            if words.split(' ').count() < 2 {
                continue;
            }
            let from = by_number.partition_point(|&(m, _)| m < n);
            let asked = by_number[from..]
                .iter()
                .take_while(|&&(m, _)| m == n)
                .map(|&(_, k)| k)
                .find(|&k| {
                    segments[k]
                        .question
                        .as_ref()
                        .is_some_and(|q| normalized(&q.folded(self.text)).starts_with(&words))
                });
            if asked.is_some() {
                item.restated = asked;
            }
        }
    }

    fn response_items(&self, split: usize, limit: usize, questions: &[Vec<Stem>]) -> Vec<Item> {
        let mut items = Vec::new();
        // The line a label alone on its line opens: its words, not an item.
        let mut opened = None;
        for i in self.response_from(split)..limit {
            let info = &self.infos[i];
            if info.kind != Kind::Text || opened == Some(i) {
                continue;
            }
            let content = info.text(self.text);
            let (labels, rest) = match &info.marker {
                Some(Marker::Question {
                    labels,
                    style: LabelStyle::Numeric | LabelStyle::Q,
                    rest,
                }) => (*labels, *rest),
                Some(Marker::Answer {
                    label: Some(label),
                    rest,
                }) => (Labels::one(*label), *rest),
                _ => {
                    // An unnumbered restatement of a requested question.
                    if info.score >= 2 {
                        if let Some(t) = best_match(content, questions, 0.6) {
                            items.push(Item {
                                start: Start {
                                    line: i,
                                    at: info.content.start,
                                    text_at: info.content.start,
                                    labels: Labels::default(),
                                    inline: false,
                                },
                                restated: Some(t),
                            });
                        }
                    }
                    continue;
                }
            };
            opened = self.next_words_line(i, rest);
            let (words, score) = match opened {
                Some(j) => (self.infos[j].text(self.text), self.infos[j].score),
                None => (&content[rest..], info.score),
            };
            // "1. There were 158 recorded unfixed potholes": an answer that
            // echoes its question's words is still the answer.
            let restated = if score >= 1 && !is_answer_start(words) {
                best_match(words, questions, 0.5)
            } else {
                None
            };
            items.push(Item {
                start: Start {
                    line: i,
                    at: info.content.start,
                    text_at: info.content.start + rest,
                    labels,
                    inline: false,
                },
                restated,
            });
        }
        // Two restatements of the same question: keep the first. An unlabelled
        // line that restates a question already restated is its answer
        // speaking of it ("Adult ADHD assessment?" / "The average wait for
        // an ADHD assessment is …"), not an item.
        let mut seen = HashSet::new();
        items.retain_mut(|item| match item.restated {
            Some(t) if !seen.insert(t) => {
                item.restated = None;
                !item.start.labels.is_empty()
            }
            _ => true,
        });
        items
    }
}

/// Questions that start inside a line, in sequence from `expected`: a request
/// pasted as one paragraph ("… wait time for : 1. Adult ADHD assessment? 2.
/// Adult ADHD treatment? 3. …"), or a question run on after the previous
/// one's text ("… as above) 4. Do you …"). Returns `(label at, words at,
/// number)` within `content`, searching from `from`.
fn inline_starts(content: &str, from: usize, expected: u32) -> Vec<(usize, usize, u32)> {
    let Some(hay) = content.get(from..) else {
        return Vec::new();
    };
    // A label inside a line is a digit then `.` or `)` then a space (or a
    // no-break space, which starts with 0xC2).
    let b = hay.as_bytes();
    let has_label = memchr::memchr2_iter(b'.', b')', b).any(|i| {
        i > 0
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1)
                .is_some_and(|&c| c.is_ascii_whitespace() || c == 0xC2)
    });
    if !has_label {
        return Vec::new();
    }
    // Every label that could open a question, in the order they stand.
    let mut candidates: Vec<(usize, usize, u32)> = Vec::new();
    for (re, at_line_start) in [(&*INLINE_LABEL, false), (&*GLUED_YEAR_LABEL, true)] {
        for c in re.captures_iter(hay) {
            let Some(m) = c.get(1) else { continue };
            // A label opening the line is the line's marker, read elsewhere.
            if m.start() == 0 && from == 0 && !at_line_start {
                continue;
            }
            let Ok(n) = m.as_str().parse::<u32>() else {
                continue;
            };
            if let Some(words) = hay[m.end()..].find(char::is_alphabetic) {
                candidates.push((from + m.start(), from + m.end() + words, n));
            }
        }
    }
    candidates.sort_unstable();
    let run: Vec<(usize, usize, u32)> = candidates
        .iter()
        .scan(expected, |want, &c| {
            if c.2 == *want {
                *want += 1;
                Some(Some(c))
            } else {
                Some(None)
            }
        })
        .flatten()
        .collect();
    // Three or more labels counting up in one line are a list whatever their
    // words; fewer must each read as a question.
    if run.len() >= 3 {
        return run;
    }
    run.into_iter()
        .take_while(|&(_, words, _)| question_score(first_sentence(&content[words..])) >= 2)
        .collect()
}

/// A short answer giving a quantity in words a sentence would not carry on
/// with: "c.450", "over 450", "fewer than 5", "forty five", "between 10 and
/// 15", "eight per cent". After a question mark such a line answers.
fn states_a_quantity(line: &str) -> bool {
    const LEADS: &[&str] = &[
        "c", "ca", "over", "under", "fewer", "less", "more", "between", "roughly", "nearly",
        "almost", "just", "below", "above", "up", "at",
    ];
    let words: Vec<&str> = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let Some(first) = words.first() else {
        return false;
    };
    let figure = line.bytes().any(|b| b.is_ascii_digit())
        || words
            .iter()
            .any(|w| crate::engine::values::word_value(w).is_some());
    figure
        && (LEADS.contains(&first.to_ascii_lowercase().as_str())
            || crate::engine::values::word_value(first).is_some())
        && !line.trim_end().ends_with(['?', ':'])
}

struct Item {
    start: Start,
    /// The requested question this line restates, if it restates one.
    restated: Option<usize>,
}

/// The first unpaired requested question numbered `number`, preferring the
/// least indented: "1. … 2. …" answers pair with the top-level questions,
/// not with the numbered sub-questions of an "If yes:" (indented further).
fn pick_by_number(
    segments: &[Segment],
    paired: &[bool],
    number: Option<u32>,
    indent: &dyn Fn(&Segment) -> usize,
) -> Option<usize> {
    let n = number?;
    segments
        .iter()
        .enumerate()
        .filter(|(k, s)| s.number == Some(n) && !paired[*k])
        .min_by_key(|(k, s)| (indent(s), *k))
        .map(|(k, _)| k)
}

/// Lowercase words joined by single spaces.
fn normalized(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The requested question `s` restates best, if similar enough.
fn best_match(s: &str, questions: &[Vec<Stem>], threshold: f32) -> Option<usize> {
    let stems = stem_set(s);
    let mut best: Option<(usize, f32)> = None;
    for (k, q) in questions.iter().enumerate() {
        let score = stem_similarity(&stems, q);
        if score >= threshold && best.is_none_or(|(_, b)| score > b) {
            best = Some((k, score));
        }
    }
    best.map(|(k, _)| k)
}

/// Questions with no answer of their own followed on the next lines by another
/// question share its answer ("1. … 2. … <one answer>", "For question 2 and 3").
fn join_unanswered(segments: &mut [Segment], starts: &[Start], doc: &Doc) {
    let n = segments.len();
    let mut k = 0;
    while k < n {
        if segments[k].answer.is_some() {
            k += 1;
            continue;
        }
        // The run of unanswered questions that directly follow one another.
        let mut j = k;
        while j + 1 < n
            && segments[j].answer.is_none()
            && !starts[j + 1].inline
            && only_blank_between(doc, &segments[j], &starts[j + 1])
        {
            j += 1;
        }
        if j > k && segments[j].answer.is_some() {
            let shared = segments[j].answer.clone();
            for seg in segments.iter_mut().take(j + 1).skip(k) {
                seg.answer = shared.clone();
                seg.joint = true;
            }
        }
        k = j + 1;
    }
    // An answer that says which questions it covers ("For question 2 and 3, …").
    for seg in segments.iter_mut() {
        let Some(answer) = &seg.answer else {
            continue;
        };
        let first = answer.pieces[0].slice(doc.text);
        // The pattern opens with "for" or "q": most answers are passed over
        // without running it.
        if !first.trim_start().starts_with(['f', 'F', 'q', 'Q']) {
            continue;
        }
        if let Some(c) = INLINE_JOINT.captures(first) {
            let a: Option<u32> = c.get(1).and_then(|m| m.as_str().parse().ok());
            let b: Option<u32> = c.get(2).and_then(|m| m.as_str().parse().ok());
            if seg.number == b || seg.number == a {
                seg.joint = true;
            }
        }
    }
}

fn only_blank_between(doc: &Doc, seg: &Segment, next: &Start) -> bool {
    let from = seg.question.as_ref().map_or(seg.span.end, |q| q.span.end);
    let first = doc.infos.partition_point(|i| i.span.end <= from);
    doc.infos[first..next.line.min(doc.infos.len())]
        .iter()
        .all(|i| !i.is_content() || i.content.end <= from)
}

/// The bullet a line starts with, if any: `-`, `•`, `*`, `·`, `–`.
fn bullet_mark(s: &str) -> Option<char> {
    let c = s.chars().next()?;
    let rest = &s[c.len_utf8()..];
    (matches!(c, '-' | '•' | '*' | '·' | '–' | '▪' | '◦')
        && rest.starts_with([' ', '\t', '\u{a0}']))
    .then_some(c)
}

/// A question's labels: a lettered one's number is its `parent`'s, the last
/// number seen.
fn own_labels(marker: Option<&Marker>, parent: &mut Option<u32>) -> Labels {
    match marker {
        Some(Marker::Question {
            labels,
            style: LabelStyle::Letter,
            ..
        }) => labels
            .iter()
            .map(|l| Label {
                number: *parent,
                letter: l.letter,
            })
            .collect(),
        Some(Marker::Question { labels, .. }) => {
            *parent = labels[0].number;
            *labels
        }
        _ => Labels::default(),
    }
}

/// An unlabelled line's question words: "• How many beds?" without its
/// bullet, when the line ends with its question mark (lists of figures are
/// bulleted too) or is a requested item.
fn unbulleted(content: &str, requested_item: bool) -> (usize, &str) {
    let bullet = content.len()
        - content
            .trim_start_matches(['•', '-', '–', '*', '·', '_', ' ', '\u{a0}'])
            .len();
    if bullet > 0 && (content.trim_end().ends_with('?') || requested_item) {
        (bullet, &content[bullet..])
    } else {
        (0, content)
    }
}

/// Where an unlabelled line stands, for deciding whether it is asked.
struct Asked {
    /// It carries a question label.
    explicit: bool,
    /// A bullet of a form whose questions are its bullets, or of a
    /// bulleted request.
    form_item: bool,
    /// Under a REQUEST heading ("You asked:").
    in_request: bool,
    /// Its bullet or label was taken off `words`.
    bulleted: bool,
    /// How much its sentence, when it goes on past the line, reads as a
    /// question; and whether the sentence ends with `?`.
    sentence_score: Option<u8>,
    sentence_asks: bool,
}

impl Asked {
    fn is_question(&self, words: &str, known: KnownQuestion) -> bool {
        let starts_upper = words
            .trim_start_matches(['“', '"', '‘', '\''])
            .starts_with(char::is_uppercase);
        // Under a REQUEST heading a line worded as a request is asked, even
        // one opening like an answer ("The total number of …").
        let score = self.sentence_score.unwrap_or_else(|| question_score(words));
        // A bulleted request may carry on its lead-in in lowercase ("You
        // asked for:" / "- the number of beds …").
        self.explicit
            || (self.form_item && (starts_upper || self.bulleted))
            || (self.in_request && (starts_upper || self.bulleted) && (self.bulleted || score >= 2))
            || (starts_upper
                && (score >= 2 && !is_answer_start(words)
                    || wording::ends_asking(words)
                    || self.sentence_asks
                    || (words.len() > 20 && !is_answer_start(words) && known(words))))
    }
}

fn is_bullet(s: &str) -> bool {
    s.starts_with(['-', '•', '*', '·', '–'])
        || matches!(
            super::markers::marker(s),
            Some(Marker::Question {
                style: LabelStyle::Letter,
                ..
            })
        )
}

/// Whether a question's text so far ends as a sentence does.
fn ends_question(s: &str) -> bool {
    s.trim_end().ends_with(['?', '.', ')', '!'])
}

/// Whether a sentence after the first of `s` reads as a question.
fn later_sentence_asks(s: &str) -> bool {
    s.match_indices(". ")
        .take(6)
        .any(|(i, _)| question_score(first_sentence(s[i + 2..].trim_start())) >= 2)
}

fn first_sentence(s: &str) -> &str {
    match s.find(['?', '.']) {
        Some(i) => &s[..=i],
        None => s,
    }
}

/// Words before a `.` that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "no", "approx", "dr", "mr", "mrs", "ms", "st", "vs", "ref", "c", "eg",
    "ie", "nb", "incl", "inc", "fig", "vol", "para", "sect", "sec", "s", "n.b",
];

/// Where a question's own line turns into its answer: `(question end, answer
/// start)` within `line`. `has_more`: the answer could also be on later lines,
/// so only a clear answer start counts.
fn inline_answer(line: &str, has_more: bool) -> Option<(usize, usize)> {
    if let Some(split) = slash_row(line)
        .or_else(|| table_row(line))
        .or_else(|| colon_answer(line))
    {
        return Some(split);
    }
    // A question is a few sentences: look for its end among the first ones only.
    let mut sentence_ends = 0;
    for (i, c) in line.char_indices() {
        if sentence_ends > 12 {
            break;
        }
        let is_end = match c {
            '?' => true,
            '.' => {
                // A space or a no-break space.
                let next_space = line[i + 1..].starts_with([' ', '\u{a0}']);
                next_space && !is_abbreviation(&line[..i])
            }
            _ => false,
        };
        if !is_end || i + 1 >= line.len() {
            continue;
        }
        sentence_ends += 1;
        let mut answer_at = i + 1;
        let mut rest = &line[answer_at..];
        // "(specifically for female if possible) 2.25": the aside is the question's.
        let trimmed = rest.trim_start();
        if trimmed.starts_with('(') {
            if let Some(close) = trimmed.find(')') {
                let skip = rest.len() - trimmed.len() + close + 1;
                answer_at += skip;
                rest = &line[answer_at..];
            }
        }
        let rest_trim = rest.trim_start_matches([' ', '\t', '\u{a0}']);
        if rest_trim.is_empty() {
            continue;
        }
        let question_end = if answer_at > i + 1 { answer_at } else { i + 1 };
        // The question is not over while a later sentence of the line asks
        // ("… 971 persons had died. This amounted to 36%. What are the
        // figures for the other Boards").
        if later_sentence_asks(rest_trim) {
            continue;
        }
        let clear = is_answer_start(rest_trim);
        let asks = question_score(rest_trim) >= 1 || wording::is_follow_up(rest_trim);
        if clear || (!has_more && !asks) {
            let start = answer_at + (rest.len() - rest_trim.len());
            // Leading separators ("– Finance", "/ 1168") are not the answer's words.
            let sep = rest_trim
                .find(|ch: char| !matches!(ch, '–' | '-' | '—' | ':' | '/' | ' '))
                .unwrap_or(rest_trim.len());
            let sep = if rest_trim.starts_with(['–', '-', '—', ':', '/']) {
                sep
            } else {
                0
            };
            return Some((question_end, start + sep));
        }
        if asks {
            continue;
        }
    }
    None
}

/// A form's field and its filled-in value after a colon: "Total number of
/// beds: 450", "Do you use agency nurses: Yes". Only a short value that is
/// plainly an answer (a figure, yes, no, none, N/A) counts; "Please provide
/// the following: the number of …" is a lead-in.
fn colon_answer(line: &str) -> Option<(usize, usize)> {
    let colon = line.find(": ")?;
    let (field, value) = (line[..colon].trim_end(), line[colon + 1..].trim());
    // One field and one value: "Band 6: 2WTE, Band 5: 3WTE" is a list.
    if value.contains(':') || field.contains(',') {
        return None;
    }
    // A field is a short phrase: no sentence ends in it, no lines run into it.
    let words = field.split_whitespace().count();
    if !(3..=12).contains(&words)
        || field.contains(['.', '?', '!', ';', '(', ')'])
        || value.split_whitespace().count() > 6
    {
        return None;
    }
    let first = value
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let plain = value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '£' | '$' | '€'))
        || matches!(
            first.as_str(),
            "yes" | "no" | "none" | "nil" | "n/a" | "zero"
        );
    // The field asks ("Total number of beds", "Do you use …"); a labelled
    // figure in an answer ("Admitted patient care: Nil") does not.
    (plain && question_score(field) >= 1).then(|| (field.len(), line.len() - value.len()))
}

/// A question in the first cell of a table row, its answer in the next cells:
/// "How many beds? | 450", "Number of wards<TAB>12".
fn table_row(line: &str) -> Option<(usize, usize)> {
    let sep = text::cell_break(line)?;
    let answer = sep + line[sep..].find(|c: char| !matches!(c, '|' | '\t' | ' '))?;
    (question_score(&line[..sep]) >= 1).then(|| (line[..sep].trim_end().len(), answer))
}

/// A question written as the first cell of a `/`-separated row of figures:
/// "How many were complied with / 1105 / 989 / …".
fn slash_row(line: &str) -> Option<(usize, usize)> {
    // A slash with white space (any, no-break spaces too) on both sides.
    let slash = line.char_indices().find_map(|(i, c)| {
        (c == '/'
            && line[..i].ends_with(char::is_whitespace)
            && line[i + 1..].starts_with(char::is_whitespace))
        .then_some(i)
    })?;
    let (question, rest) = (line[..slash].trim_end(), &line[slash..]);
    let cells: Vec<&str> = rest
        .split('/')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let numeric = cells
        .iter()
        .filter(|c| c.starts_with(|ch: char| ch.is_ascii_digit() || ch == '('))
        .count();
    if question.split_whitespace().count() >= 3
        && !cells.is_empty()
        && numeric * 2 >= cells.len()
        && question_score(question) >= 1
    {
        let q_end = question.trim_end().len();
        let first_cell = rest
            .find(|ch: char| ch != '/' && !ch.is_whitespace())
            .unwrap_or(0);
        Some((q_end, slash + first_cell))
    } else {
        None
    }
}

fn is_abbreviation(before: &str) -> bool {
    let word: String = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || word.chars().filter(|c| *c == '.').count() >= 1 && word.len() <= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str, more: bool) -> Option<(&str, &str)> {
        inline_answer(line, more).map(|(q, a)| (&line[..q], &line[a..]))
    }

    #[test]
    fn inline_answers() {
        // No-break spaces, as text pasted from letters has them.
        assert_eq!(
            split(
                "Please state the number of coders at the trust.\u{a0}None",
                false
            ),
            Some(("Please state the number of coders at the trust.", "None"))
        );
        assert_eq!(
            split("How many were complied with\u{a0}/ 1105 / 989", true),
            Some(("How many were complied with", "1105 / 989"))
        );
        assert_eq!(
            split("How many beds does your Trust have? Approx. 600", false),
            Some(("How many beds does your Trust have?", "Approx. 600"))
        );
        assert_eq!(
            split(
                "What was the average length of stay? (female if possible) 2.25",
                false
            ),
            Some((
                "What was the average length of stay? (female if possible)",
                "2.25"
            ))
        );
        assert_eq!(
            split("Which directorate does coding fall into? – Finance", false),
            Some(("Which directorate does coding fall into?", "Finance"))
        );
        assert_eq!(
            split(
                "Do you have benchmarks? If yes what are they? Do they vary? 30- 40 FCEs",
                false
            ),
            Some((
                "Do you have benchmarks? If yes what are they? Do they vary?",
                "30- 40 FCEs"
            ))
        );
        assert_eq!(
            split(
                "Please supply the structure for each role. Attached Coding Structure",
                false
            ),
            Some((
                "Please supply the structure for each role.",
                "Attached Coding Structure"
            ))
        );
        assert_eq!(
            split(
                "The number of requests received annually. / 1168 / 1103",
                true
            ),
            Some(("The number of requests received annually.", "1168 / 1103"))
        );
        assert_eq!(
            split(
                "The number of empty wards. Please state which hospital, etc.",
                true
            ),
            None
        );
        assert_eq!(split("How many wards are there?", false), None);
        assert_eq!(
            split("Why not? Please give the reasons in full", true),
            None
        );
    }
    #[test]
    fn an_answer_naming_the_questions_it_covers_is_joint() {
        let text = "1. How many coders does the Trust employ?\nAnswer: Twelve.\n\n\
                    2. How many of them are accredited?\nAnswer: \u{a0}for Questions 2 and 3, see the table.\n\n\
                    3. How many are trainees?\nAnswer: Two.\n";
        let layout = segment(text, &text::lines(text), &[], &|_| false);
        let joint: Vec<bool> = layout.segments.iter().map(|s| s.joint).collect();
        assert_eq!(joint, [false, true, false]);
    }

    /// After a question mark, a short answer that opens in lowercase with a
    /// quantity answers; it does not carry the question on.
    #[test]
    fn a_lowercase_quantity_after_a_question_answers_it() {
        for answer in [
            "c.450",
            "over 450",
            "fewer than 5",
            "forty five",
            "between 10 and 15",
        ] {
            let text = format!(
                "1. How many coders does the Trust employ?\n{answer}\n\n2. Do you use agency coders?\nNo.\n"
            );
            let read = read(&text);
            assert_eq!(read[0].1, answer, "{read:?}");
        }
        // A sentence carried on in lowercase still belongs to the question.
        let text = "1. How many coders does the Trust employ\nin its two hospitals?\n12\n";
        assert_eq!(read(text)[0].1, "12");
    }

    /// A numbered request pasted as one paragraph, without question marks,
    /// answered by one line.
    #[test]
    fn a_numbered_request_in_one_paragraph_lists_its_questions() {
        let text =
            "Request\n\nI am seeking ward data for each hospital: 1. Number of beds by ward \
                    2. Number of beds closed in 2024 3. Hospital name and site code. Thank you.\n\n\
                    Response\n\nPlease see the attached spreadsheet.\n";
        let read = read(text);
        let questions: Vec<&str> = read.iter().map(|(q, _)| q.as_str()).collect();
        assert_eq!(
            questions,
            [
                "Number of beds by ward",
                "Number of beds closed in 2024",
                "Hospital name and site code. Thank you."
            ]
        );
        assert!(read
            .iter()
            .all(|(_, a)| a == "Please see the attached spreadsheet."));
    }

    /// Labels on lines of their own ("3." / "How many …?"), as forms set
    /// them, read as labels before their words do: inline answers, answers
    /// numbered without their questions, and a request restated with its
    /// answers.
    #[test]
    fn a_label_alone_on_its_line_opens_the_words_on_the_next() {
        let own_line = |t: &str| {
            let label = regex::Regex::new(r"(?m)^(\d+\.) ").unwrap();
            label.replace_all(t, "$1\n").into_owned()
        };
        for letter in [
            // Inline answers.
            "Dear Ms Cole,\n\n1. How many beds does the Trust have? About 450\n\n\
             2. How many wards are there? 24\n\n3. How many theatres? 9\n",
            // Answers numbered as the request was, without its words.
            "Please find our response below.\n\n1. 58,300 episodes were coded.\n\
             2. We have not made this estimate.\n3. No.\n4. Separate teams.\n",
            // The request listed, then restated with its answers.
            "Request\n\n1. How many district nurses does the Trust employ?\n\
             2. How many posts are vacant?\n\nResponse\n\n\
             1. How many district nurses does the Trust employ?\nThe Trust employs 84.\n\n\
             2. How many posts are vacant?\nThere are 9 vacant posts.\n",
        ] {
            let split = own_line(letter);
            assert_ne!(split, letter);
            assert_eq!(read(&split), read(letter), "{split}");
        }
    }

    /// Each segment's question and answer, folded to one line each.
    fn read(text: &str) -> Vec<(String, String)> {
        segment(text, &text::lines(text), &[], &|_| false)
            .segments
            .iter()
            .map(|s| {
                let q = s
                    .question
                    .as_ref()
                    .map(|q| q.folded(text))
                    .unwrap_or_default();
                let a = s
                    .answer
                    .as_ref()
                    .map(|a| a.folded(text))
                    .unwrap_or_default();
                (q, a)
            })
            .collect()
    }

    #[test]
    fn a_bulleted_request_is_answered_by_a_list_in_its_order() {
        let text = "You asked:\n- The number of bus shelters repaired.\n- Shelters that were replaced.\n\
                    - The total spent on repairs.\n\nIn Response:\nSearches were made.\n- 31\n- None\n- £4,200\n";
        let got = read(text);
        let answers: Vec<&str> = got.iter().map(|(_, a)| a.as_str()).collect();
        assert_eq!(answers, ["31", "None", "£4,200"]);
        assert_eq!(got[1].0, "Shelters that were replaced.");
    }

    #[test]
    fn a_list_one_short_leaves_the_rest_to_the_last_question() {
        let text = "You asked:\n- Roads resurfaced.\n- Roads closed.\n- Closures per year.\n\
                    Our response:\n- 12\n- 4\nYear | Closures\n2022 | 1\n2023 | 3\n";
        let answers: Vec<String> = read(text).into_iter().map(|(_, a)| a).collect();
        assert_eq!(answers[..2], ["12", "4"]);
        assert!(answers[2].starts_with("Year | Closures"), "{answers:?}");
    }

    #[test]
    fn a_list_of_another_length_is_one_answer_for_all_and_a_doubt() {
        let text =
            "You asked:\n- Roads resurfaced.\n- Roads closed.\n- Closures per year.\n- Cost.\n\
                    Our response:\n- 12\n- 4\n";
        let layout = segment(text, &text::lines(text), &[], &|_| false);
        assert!(layout.segments.iter().all(|s| s.joint));
        assert_eq!(layout.doubts.len(), 4);
        assert!(layout.doubts[0]
            .message
            .contains("4 questions asked, 2 answers listed"));
    }

    #[test]
    fn bullets_after_a_request_lead_in_belong_to_its_question() {
        let text = "For 2024 please provide a breakdown of:\n- Spend on agency staff\n\
                    Please provide a further breakdown by:\n- Spend per ward\n- Spend per grade\n\
                    Exempt under section 21: the figures are published.\n";
        let got = read(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.ends_with("Spend per grade"));
        assert!(got[0].1.starts_with("Exempt under section 21"));
    }

    #[test]
    fn a_request_pasted_as_one_paragraph_is_split_at_its_labels() {
        let text = "Request\nPlease give: 1. Bridges inspected? 2. Bridges closed? 3. Bridges repaired?\n\
                    Response\n1.Bridges inspected?\n40\n2.Bridges closed?\n2\n3.Bridges repaired?\n11\n";
        let got = read(text);
        let pairs: Vec<(&str, &str)> = got.iter().map(|(q, a)| (q.as_str(), a.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("Bridges inspected?", "40"),
                ("Bridges closed?", "2"),
                ("Bridges repaired?", "11")
            ]
        );
    }
}
