//! Per-line facts the layout is built from.

use crate::engine::model::Span;
use crate::engine::text;

use super::furniture;
use super::markers::{self, Label, LabelStyle, Labels, Marker};
use super::wording;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// An annotation line: never content.
    Hidden,
    Furniture,
    /// Opens the closing boilerplate.
    Closing,
    /// "You asked:", "REQUEST": structure, not content.
    RequestHeading,
    /// "RESPONSE", "We responded:", or a bare "Our response:".
    ResponseHeading,
    Text,
}

#[derive(Debug, Clone)]
pub struct LineInfo {
    pub span: Span,
    /// The line's content: trimmed, without table pipes, quote marks or editor debris.
    pub content: Span,
    pub kind: Kind,
    pub marker: Option<Marker>,
    /// How much the words after the marker (or the whole content) read as a
    /// question: `wording::question_score`, computed once.
    pub score: u8,
    /// A short title line ("Staffing Levels").
    pub heading: bool,
    /// The line carries on the line before it, which was broken only because
    /// it reached the width the letter is wrapped at.
    pub wrapped: bool,
    /// The line before it ended a sentence at the wrap width: this line may
    /// carry on the same paragraph.
    pub after_full_line: bool,
    /// The next line carries on this line's sentence (see `wrapped`, or a
    /// lowercase start after no sentence end); `score` is the sentence's.
    pub continued: bool,
    /// A layout annotation says a question starts on this line.
    pub pinned: bool,
}

impl LineInfo {
    pub fn is_content(&self) -> bool {
        matches!(self.kind, Kind::Text)
    }

    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.content.slice(text)
    }
}

/// Builds the per-line facts. `hidden` are annotation lines (sorted).
pub fn scan(text: &str, lines: &[text::Line], hidden: &[Span]) -> Vec<LineInfo> {
    let mut hidden_iter = hidden.iter().peekable();
    let mut is_hidden = |line: &text::Line| {
        while hidden_iter.peek().is_some_and(|h| h.end < line.span.start) {
            hidden_iter.next();
        }
        hidden_iter
            .peek()
            .is_some_and(|h| h.start <= line.span.start && line.span.end <= h.end)
    };
    // The anywhere-phrases are found in one search of the whole text.
    let anywhere = furniture::Anywhere::find(text);
    let mut infos: Vec<LineInfo> = lines
        .iter()
        .map(|line| {
            scan_line(text, line.span, is_hidden(line), |content| {
                anywhere.within(content)
            })
        })
        .collect();
    mark_page_furniture(text, &mut infos);
    mark_stacked_labels(text, &mut infos);
    mark_wrapped(text, &mut infos);
    score_wrapped_sentences(text, &mut infos);
    infos
}

/// Lines a converted PDF prints on every page (a footer "FOI Response (FOI
/// 16/349)", a directorate's address line) stand beside the page's known
/// furniture ("Page 2 of 4"): a line that recurs, and only ever next to
/// furniture, is furniture too, and so is a short line inside a footer
/// block. A repeated answer ("Not held") is not near furniture every time,
/// and stays.
fn mark_page_furniture(text: &str, infos: &mut [LineInfo]) {
    const NEAR: usize = 3;
    let mut seen: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, info) in infos.iter().enumerate() {
        let s = info.text(text);
        if info.kind == Kind::Text && s.len() >= 8 {
            seen.entry(s).or_default().push(i);
        }
    }
    let near_furniture = |i: usize| {
        let from = i.saturating_sub(NEAR);
        let to = (i + NEAR + 1).min(infos.len());
        (from..to).any(|j| j != i && infos[j].kind == Kind::Furniture)
    };
    // A row of figures repeats as data does ("2014 – 2" in two tables).
    let repeated: Vec<usize> = seen
        .into_iter()
        .filter(|(s, at)| {
            at.len() >= 2 && !is_row_of_figures(s) && at.iter().all(|&i| near_furniture(i))
        })
        .flat_map(|(_, at)| at)
        .collect();
    // A short line inside a footer block: furniture among the two lines on
    // each side ("…docx" / "Directorate   5 Boroughs … Trust" / "Page 2").
    let mut sandwiched: Vec<usize> = Vec::new();
    let content: Vec<usize> = (0..infos.len())
        .filter(|&i| infos[i].kind != Kind::Blank)
        .collect();
    for (k, &i) in content.iter().enumerate() {
        let s = infos[i].text(text);
        let furniture = |js: &[usize]| js.iter().any(|&j| infos[j].kind == Kind::Furniture);
        // Nor is a labelled question ("1. Which directorate …") or a
        // bulleted item ("- the risk assessment …").
        if infos[i].kind == Kind::Text
            && s.len() < 100
            && infos[i].marker.is_none()
            && !s.starts_with(['-', '•', '*', '·', '–'])
            && !is_row_of_figures(s)
            && !s.ends_with(['.', '?', ':'])
            && furniture(&content[k.saturating_sub(2)..k])
            && furniture(&content[k + 1..(k + 3).min(content.len())])
        {
            sandwiched.push(i);
        }
    }
    for i in repeated.into_iter().chain(sandwiched) {
        infos[i].kind = Kind::Furniture;
        infos[i].marker = None;
    }
}

/// A table row ("General Surgery | 20110", "2014 – 2"): never footer text.
fn is_row_of_figures(s: &str) -> bool {
    s.contains('|')
        || s.rsplit(char::is_whitespace).next().is_some_and(|w| {
            w.starts_with(|c: char| c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%'))
        })
}

/// A table of questions flattened one cell per line, as PDF and web
/// conversion leave it ("No." / "Question" / "Response" / "1" / "How many
/// toilets …?" / "14" / "2" / …): a bare number right before a line that
/// asks is that question's label. A bare figure before an answer stays a
/// figure.
fn mark_stacked_labels(text: &str, infos: &mut [LineInfo]) {
    // Bare numbers before a line that asks, kept when they count 1, 2, 3 …
    // (a survey's figure answers stand before its next question too).
    let mut labels: Vec<(usize, u32)> = Vec::new();
    for i in 0..infos.len().saturating_sub(1) {
        let s = infos[i].text(text);
        let next = &infos[i + 1];
        let bare_number = !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
        if infos[i].kind != Kind::Text
            || infos[i].marker.is_some()
            || !bare_number
            || next.kind != Kind::Text
            || next.marker.is_some()
            || next.score == 0
        {
            continue;
        }
        match s.parse::<u32>() {
            Ok(n) if n as usize == labels.len() + 1 => labels.push((i, n)),
            _ => {}
        }
    }
    if labels.len() < 2 {
        return;
    }
    for (i, n) in labels {
        infos[i].marker = Some(Marker::Question {
            labels: Labels::one(Label::number(n)),
            style: LabelStyle::Numeric,
            rest: infos[i].text(text).len(),
        });
    }
}

/// Marks the lines that carry on a line broken at the letter's wrap width:
/// text converted from PDF or hard-wrapped e-mail breaks every paragraph
/// there. The width is read from the letter itself: the length most of its
/// long lines come close to. A line that ends a sentence, or a line opening
/// with a label, marker or bullet, is never a carried-on one.
fn mark_wrapped(text: &str, infos: &mut [LineInfo]) {
    let chars = |i: &LineInfo| i.text(text).chars().count();
    let lengths: Vec<usize> = infos
        .iter()
        .filter(|i| i.kind == Kind::Text)
        .map(chars)
        .filter(|&n| n >= 30)
        .collect();
    let Some(width) = wrap_width(&lengths) else {
        return;
    };
    for k in 1..infos.len() {
        let next_text = infos.get(k + 1).map_or("", |l| l.text(text));
        let (before, after) = infos.split_at_mut(k);
        let (prev, line) = (&before[k - 1], &mut after[0]);
        // A closing phrase in a line that carries on a sentence of the
        // letter ("… over the 20 working day\nInformation Commissioner's
        // Office limit …") is no closing: only text lines are carried on.
        let closing = line.kind == Kind::Closing;
        if prev.kind != Kind::Text || !(line.kind == Kind::Text || closing) || line.marker.is_some()
        {
            continue;
        }
        let prev_text = prev.text(text);
        let s = line.text(text);
        let first_word = s.split_whitespace().next().map_or(0, |w| w.chars().count());
        // A row led by a figure shaped like the next line's ("2021/22 £38,618
        // …" / "2022/23 £35,487 …") opens a list, whatever the width.
        let opens_rows = same_figure_shape(s, next_text);
        let at_width = chars(prev) + 1 + first_word > width.saturating_sub(2)
            && !s.starts_with(['-', '•', '*', '·', '–', '|'])
            && !opens_rows;
        line.wrapped = at_width
            && (!prev_text.ends_with(['.', '?', '!', ':', ';']) || ends_with_label(prev_text));
        if closing {
            if line.wrapped {
                line.kind = Kind::Text;
            }
            continue;
        }
        // A sentence that ended at the width may have been broken there too.
        line.after_full_line = at_width && prev_text.ends_with('.');
    }
}

/// A sentence is read from the line opening it over at most this many lines:
/// a paragraph wrapped over thousands stays linear.
pub(super) const MOST_LINES: usize = 20;

/// A line broken mid-sentence reads as its whole sentence does, across the
/// lines carrying it on: past the wrap width, or going on in lowercase
/// from a line that ends no sentence ("1. Since the inception of these caps
/// how many contract" / "clinical coders have the trust engaged? 3" asks;
/// "When providing the data requested, we released all" / "numerical data
/// held …" does not).
fn score_wrapped_sentences(text: &str, infos: &mut [LineInfo]) {
    let goes_on = |prev: &LineInfo, line: &LineInfo| {
        line.kind == Kind::Text
            && line.marker.is_none()
            && (line.wrapped
                || (line.text(text).starts_with(|c: char| c.is_lowercase())
                    && !prev.text(text).ends_with(['.', '?', '!', ':', ';'])))
    };
    for i in 0..infos.len() {
        if infos[i].kind != Kind::Text || !infos.get(i + 1).is_some_and(|l| goes_on(&infos[i], l)) {
            continue;
        }
        infos[i].continued = true;
        if i > 0 && goes_on(&infos[i - 1], &infos[i]) {
            continue;
        }
        let rest = match &infos[i].marker {
            Some(Marker::Question { rest, .. } | Marker::Answer { rest, .. }) => *rest,
            None => 0,
        };
        let mut sentence = infos[i].text(text)[rest..].to_string();
        let mut j = i + 1;
        while j < infos.len() && j <= i + MOST_LINES && goes_on(&infos[j - 1], &infos[j]) {
            sentence.push(' ');
            sentence.push_str(infos[j].text(text));
            j += 1;
        }
        infos[i].score = wording::question_score(&sentence);
    }
}

/// Whether `s` ends with a bare list label ("… wait time for : 1.", "…
/// in 2023-24, and b)"), which ends no sentence: its item follows on the
/// next line.
pub(super) fn ends_with_label(s: &str) -> bool {
    let Some(body) = s.strip_suffix(['.', ')']) else {
        return false;
    };
    let digits = body.len() - body.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let label = match digits {
        0 if body.ends_with(|c: char| c.is_ascii_lowercase()) => 1,
        1 | 2 => digits,
        _ => return false,
    };
    let before = &body[..body.len() - label];
    // After punctuation or "and"/"or": not a page or section number ("see
    // section 12.").
    let word = before
        .trim_end()
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    before.ends_with(char::is_whitespace)
        && (word.is_empty()
            || !word.ends_with(char::is_alphanumeric)
            || word.eq_ignore_ascii_case("and")
            || word.eq_ignore_ascii_case("or"))
}

/// Whether two lines open with a figure of one shape: digits as `9`,
/// letters as `a`, the rest kept ("2021/22" and "2022/23" are "9999/99").
fn same_figure_shape(a: &str, b: &str) -> bool {
    fn shape(line: &str) -> Option<impl Iterator<Item = char> + '_> {
        let word = line.split_whitespace().next()?;
        word.starts_with(|c: char| c.is_ascii_digit()).then(|| {
            word.chars().map(|c| match c {
                '0'..='9' => '9',
                c if c.is_alphabetic() => 'a',
                c => c,
            })
        })
    }
    match (shape(a), shape(b)) {
        (Some(a), Some(b)) => a.eq(b),
        _ => false,
    }
}

/// The width a letter is hard-wrapped at, if it is: the greatest length that
/// at least a third of its long lines (and five or more) come within ten
/// characters of.
fn wrap_width(lengths: &[usize]) -> Option<usize> {
    if lengths.len() < 5 {
        return None;
    }
    let mut sorted = lengths.to_vec();
    sorted.sort_unstable();
    let at_most = |w: usize| sorted.partition_point(|&n| n <= w);
    // Candidates from the longest down: the first that enough lines reach,
    // with few lines longer (headers and tables may be).
    let mut candidates = sorted.clone();
    candidates.dedup();
    candidates.into_iter().rev().find(|&w| {
        let near = at_most(w) - at_most(w.saturating_sub(11));
        let beyond = sorted.len() - at_most(w);
        near >= 5 && near * 3 >= sorted.len() && beyond * 10 <= sorted.len()
    })
}

/// The facts of the line at `span`; `anywhere` gives the anywhere-phrases
/// starting in a span of the text.
fn scan_line(
    text: &str,
    span: Span,
    is_hidden: bool,
    anywhere: impl FnOnce(Span) -> furniture::HitsInLine,
) -> LineInfo {
    let content = content_span(text, span);
    let s = content.slice(text);
    let kind = if is_hidden {
        Kind::Hidden
    } else if s.is_empty() || s.chars().all(|c| !c.is_alphanumeric()) && s.len() < 4 {
        Kind::Blank
    } else if let Some(b) = furniture::classify(s, anywhere(content)) {
        match b {
            furniture::Boilerplate::Furniture => Kind::Furniture,
            furniture::Boilerplate::Closing => Kind::Closing,
        }
    } else {
        match markers::heading(s) {
            Some(markers::Heading::Request) => Kind::RequestHeading,
            Some(markers::Heading::Response) => Kind::ResponseHeading,
            None => Kind::Text,
        }
    };
    let marker = match kind {
        Kind::Text | Kind::ResponseHeading => markers::marker(s).or_else(|| markers::row_marker(s)),
        _ => None,
    };
    let (score, heading) = if kind == Kind::Text {
        let rest = match &marker {
            Some(Marker::Question { rest, .. } | Marker::Answer { rest, .. }) => *rest,
            None => 0,
        };
        (
            wording::question_score(&s[rest..]),
            marker.is_none() && is_heading_like(s),
        )
    } else {
        (0, false)
    };
    LineInfo {
        span,
        content,
        kind,
        score,
        heading,
        marker,
        wrapped: false,
        after_full_line: false,
        continued: false,
        pinned: false,
    }
}

/// The content of a line: white space trimmed, a one-cell table row unwrapped
/// (`| text | |`), e-mail quote marks (`> `) and editor debris removed.
fn content_span(text: &str, line: Span) -> Span {
    let mut span = text::trim_span(text, line);
    loop {
        let s = span.slice(text);
        let before = span;
        if let Some(rest) = s.strip_prefix('>') {
            span = text::trim_span(text, Span::new(span.end - rest.len(), span.end));
        } else if s.starts_with('|') && s.ends_with('|') && s.len() >= 2 {
            let cells: Vec<(usize, &str)> = s
                .split('|')
                .scan(0usize, |at, cell| {
                    let start = *at;
                    *at += cell.len() + 1;
                    Some((start, cell))
                })
                .filter(|(_, c)| !c.trim().is_empty())
                .collect();
            if let (Some(&(first_at, _)), Some(&(last_at, last))) = (cells.first(), cells.last()) {
                // One cell: its text; several: the row without its outer pipes.
                span = text::trim_span(
                    text,
                    Span::new(span.start + first_at, span.start + last_at + last.len()),
                );
            }
        } else if s.starts_with('#') {
            let rest = s.trim_start_matches('#');
            if rest.starts_with(' ') {
                span = text::trim_span(text, Span::new(span.end - rest.len(), span.end));
            }
        }
        let debris = furniture::debris_len(span.slice(text));
        if debris > 0 {
            span = Span::new(span.start + debris, span.end);
        }
        if span == before {
            return span;
        }
    }
}

/// A short title line such as "Staffing Levels" that sits between questions.
pub fn is_heading_like(s: &str) -> bool {
    let t = s.trim().trim_matches('*').trim();
    if t.is_empty() || t.len() > 60 || t.ends_with(['.', '?', ',', ';', ':']) {
        return false;
    }
    if t.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    const SMALL: &[&str] = &[
        "and", "of", "the", "for", "to", "in", "on", "&", "a", "an", "or",
    ];
    let mut words = 0;
    for w in t.split_whitespace() {
        words += 1;
        if words > 7 || !(SMALL.contains(&w) || w.starts_with(char::is_uppercase)) {
            return false;
        }
    }
    words >= 2 && wording::question_score(t) == 0 && !wording::is_answer_start(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents() {
        let t = "| Question Number 2: • Average time | |\n> 1. How many?\n[bookmark: _GoBack]Please see attached \n## Q1 Text";
        let infos = scan(t, &text::lines(t), &[]);
        let got: Vec<&str> = infos.iter().map(|i| i.text(t)).collect();
        assert_eq!(
            got,
            [
                "Question Number 2: • Average time",
                "1. How many?",
                "Please see attached",
                "Q1 Text"
            ]
        );
    }

    #[test]
    fn headings() {
        assert!(is_heading_like("Staffing Levels"));
        assert!(is_heading_like("Recruitment and Retention"));
        assert!(!is_heading_like("No"));
        assert!(!is_heading_like("Both Block and PBR models"));
        assert!(!is_heading_like("How many staff"));
    }
}
