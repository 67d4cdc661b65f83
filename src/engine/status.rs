//! The status of an exchange from the words of its answer: answered, partial,
//! not held, exempt (with the section), referred (with the target), attached,
//! not applicable, missing.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::engine::text::{self, Phrases};
use regex::Regex;

use crate::engine::model::{first_number, Exchange, Status};

/// What the answer's words say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    /// `s40`, `s12`, `r13` …
    pub exemption: Option<String>,
    pub target: Option<Target>,
    /// Byte range (within the answer text) of the words that decided it.
    pub evidence: Option<(usize, usize)>,
}

/// What a referral points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// "see response to Question 1", "as per A2".
    Number(u32),
    /// "as above", "see above".
    Previous,
}

static NOT_APPLICABLE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\W*(?:n/?a\b|not\s+applicable\b|not\s+relevant\b|does\s+not\s+apply\b|this\s+(?:question\s+)?(?:does\s+not|doesn't)\s+apply|questions?\s+\d{1,3}\s+(?:does\s+not|doesn't|do\s+not)\s+apply|questions?\s+\d{1,3}\s+(?:is|are)\s+not\s+applicable)",
    )
});

/// "Your request … is not entirely applicable to our Trust, as we do not …":
/// the question does not apply to this body, said anywhere in an answer that
/// gives no figures.
static NOT_APPLICABLE_HERE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:is|are)\s+not\s+(?:entirely\s+|wholly\s+|really\s+|directly\s+)?(?:applicable|relevant)\s+to\s+(?:our|the|this|us)\b|\b(?:does|do)\s+not\s+apply\s+to\s+(?:our|the|this|us)\b|\b(?:this|the)\s+question\s+(?:does\s+not|doesn't|doesn’t)\s+apply\b|\b(?:this|the)\s+question\s+is\s+(?:therefore\s+)?not\s+(?:applicable|relevant)\b|\b(?:as|because|since)\s+(?:we|the\s+\w+)\s+(?:answered|said)\s+(?:no|yes)\s+to\s+(?:question|q)\s*\d",
    )
});

static REFERRAL: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?ix)^\W*(?:please\s+)?(?:see|refer\s+to|as\s+per|as\s+in|as\s+stated\s+in|as\s+detailed\s+in|covered\s+(?:in|by)|answered\s+(?:in|by|at)|included\s+in|same\s+as|this\s+is\s+answered\s+in
          |(?:this|it)\s+(?:has\s+been|was|is)\s+(?:answered|covered|addressed)\s+(?:in|by|at|under)
          |(?:the\s+)?(?:answer|response|information)\s+(?:to\s+this\s+(?:question\s+)?)?(?:is|was|has\s+been)\s+(?:included|provided|given|covered|contained)\s+(?:in|within|at))\s+
        (?:(?:the|our)\s+)?(?:(?:response|answer|reply|information(?:\s+provided)?)\s+(?:to|in|for|at|under)\s+)?
        (?:question|q|a|answer|point|part|item)\.?\s*(\d{1,3})",
    )
});

static REFERRAL_ABOVE: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)^\W*(?:please\s+)?(?:see\s+(?:(?:the\s+)?(?:answer|response)\s+)?above|as\s+above|refer\s+to\s+(?:the\s+)?(?:answer|response)\s+above)\b",
    )
});

static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?ix)
        ^\W*attached\b
      | ^\W*(?:please\s+)?(?:see|find|refer\s+to)\s+(?:the\s+)?(?:attached|attachment|enclosed|appendix|annex)
      | \b(?:please\s+)?(?:see|find)\s+(?:the\s+)?[\w\s\-]{0,40}?\b(?:attached|enclosed)\b
      | \b(?:is|are|has\s+been|have\s+been)\s+attached\b
      | \bin\s+the\s+(?:attached|enclosed)\b
      | \b(?:is|are|has\s+been|have\s+been)\s+(?:provided|supplied|included|sent)\s+(?:with|alongside)\s+(?:this|our)\s+(?:response|reply|letter|e-?mail)\b
      | \brefer\s+to\s+(?:the\s+)?attached\b
      | ^\W*attachment\b
      # A link to the answer, as web pages of published responses give it.
      | ^\W*(?:download|view|open)\s+(?:the\s+|our\s+)?(?:full\s+)?(?:response|reply|document|file|attachment|spreadsheet|disclosure|pdf|report)\b
      | ^\W*(?:please\s+)?(?:see|find|use|follow)\s+(?:the\s+)?(?:link|hyperlink|document|spreadsheet|file)s?\s+(?:below|above|here|provided)\b
      # A link whose address the conversion lost: Please see here.
      | ^\W*(?:please\s+)?(?:see|click|available)\s+here\b",
    )
});

/// Phrases that withhold under an exemption, with the section they imply
/// when none is cited.
const EXEMPT_PATTERNS: &[(&str, Option<&str>)] = &[
    (r"(?i)\bexempt(?:ion|ed|ions)?\b", None),
    (
        r"(?i)\bexceed(?:s|ed|ing)?\s+(?:the\s+)?(?:appropriate\s+|statutory\s+)?(?:cost|time)\s+limit",
        Some("s12"),
    ),
    (r"(?i)\bcost\s+of\s+compliance\b", Some("s12")),
    (
        r"(?i)\bexceed(?:s|ed|ing)?\s+(?:the\s+)?['‘’\x22]?(?:appropriate|cost|statutory)\s+limit",
        Some("s12"),
    ),
    // "within the appropriate (cost) limit", "the fees limit would be
    // exceeded": the cost limit named is a refusal on cost.
    (
        r"(?i)\b(?:appropriate\s+\(?cost\)?|cost|fees)\s+limit\b|\bexcess\s+cost\b",
        Some("s12"),
    ),
    (r"(?i)\bvexatious\b", Some("s14")),
    (r"(?i)\breasonably\s+accessible\b", Some("s21")),
    (
        r"(?i)\bintended\s+for\s+(?:future\s+)?publication\b",
        Some("s22"),
    ),
    (
        r"(?i)\b(?:is|are|was|were|has\s+been|have\s+been|had\s+been|being|be)\s+withheld\b",
        None,
    ),
    (
        r"(?i)\bwithh(?:old|olding|eld)\s+(?:the\s+|this\s+|that\s+|these\s+|some\s+)?(?:information|data|details|names?|figures?|it)\b",
        None,
    ),
    (r"(?i)\bneither\s+confirm\s+nor\s+deny\b", None),
    (r"(?i)\bnotice\s+of\s+refusal\b|\brefusal\s+notice\b", None),
    (
        r"(?i)\bnot\s+obliged\s+to\s+(?:provide|disclose|release|comply)\b",
        None,
    ),
    (
        r"(?i)\b(?:apply|applying|applied|rely|relying|relied|engage|engaging|engaged|invoke|invoking|invoked|cite|citing)\s+(?:on\s+)?(?:the\s+exemptions?\s+(?:at|in|under)\s+)?(?:section|s\.?|regulation)\s*\d",
        None,
    ),
    (
        r"(?i)\brefus(?:e|al|ing)\s+(?:notice|to\s+(?:disclose|provide|release))",
        None,
    ),
    (
        r"(?i)\b(?:not|cannot|can\s+not|can't|can’t|unable\s+to)\s+(?:disclose|release)\b",
        None,
    ),
    // Small numbers suppressed so as not to identify anyone: section 40.
    (
        r"(?i)\b(?:could|may|might|would|risk|to\s+prevent|to\s+avoid)\s+(?:lead\s+to\s+(?:the\s+)?)?(?:re-?)?identif(?:y|ying|ication\s+of)\s+(?:the\s+)?(?:individuals?|patients?|staff|people|persons?|service\s+users?)\b",
        Some("s40"),
    ),
    (
        r"(?i)\bcommercially\s+sensitive\b|\bcommercial\s+interests\b",
        Some("s43"),
    ),
    // "Section 40(2) of the FOIA applies", "Regulation 12(5)(e) of the EIR
    // is engaged": the section is read from the citation.
    (
        r"(?i)\b(?:section|s\.?|regulation|reg\.?)\s*\d{1,2}[a-z]?(?:\s*\(\s*\w{1,4}\s*\))*\s+(?:of\s+the\s+(?:FOIA?|FOISA|EIRs?|Act|Regulations|Freedom\s+of\s+Information(?:\s+\(Scotland\))?\s+Act(?:\s+\d{4})?|Environmental\s+Information\s+Regulations(?:\s+\d{4})?)\s+)?(?:applies|is\s+engaged|has\s+been\s+(?:applied|engaged))\b",
        None,
    ),
    // "Information redacted under section 40".
    (
        r"(?i)\bredact(?:ed|ions?|ing)\s+(?:under|in\s+accordance\s+with|pursuant\s+to)\s+(?:section|s\.?|regulation)\s*\d",
        None,
    ),
    // Withheld as personal data, without the section: section 40.
    (
        r"(?i)\b(?:withheld|withholding|exempt|redacted)\b[^.]{0,60}?\bpersonal\s+(?:data|information)\b|\bexemption\s+for\s+personal\s+(?:data|information)\b",
        Some("s40"),
    ),
    (r"(?i)\blegal\s+professional\s+privilege\b", Some("s42")),
    (r"(?i)\bprovided\s+in\s+confidence\b", Some("s41")),
];

static EXEMPT: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new(&EXEMPT_PATTERNS.iter().map(|(p, _)| *p).collect::<Vec<_>>()));

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:section|sections|s\.?|regulation|reg\.?)\s*(\d{1,2}[a-z]?)\b(?:\s*\(\s*\d+\s*\))*",
    )
});

/// Phrases that say the information is not held (or cannot be given).
static NOT_HELD: LazyLock<Phrases> = LazyLock::new(|| {
    Phrases::new(&[
        r"(?i)\bnot\s+(?:currently\s+|centrally\s+)?held\b",
        r"(?i)\b(?:do|does|did)\s+not\s+(?:currently\s+|already\s+)?hold\b|\b(?:don't|doesn't)\s+hold\b|\bholds\s+no\b",
        r"(?i)\bno\s+(?:recorded\s+)?(?:information|data|records?)\s+(?:is\s+|are\s+)?(?:held|recorded|available|kept)\b",
        r"(?i)\b(?:is|are|was|were)\s+not\s+(?:routinely\s+|centrally\s+|currently\s+|specifically\s+|formally\s+)?(?:recorded|captured|collected|held|kept|monitored|tracked|measured|categorised|categorized|broken\s+down|available|retained|logged|retrievable)\b",
        r"(?i)\b(?:isn't|aren't|wasn't)\s+(?:recorded|captured|collected|held|kept|categorised|categorized|available)\b",
        r"(?i)\bnot\s+(?:recorded|captured|collected)\b",
        r"(?i)\b(?:do|does|did)\s+not\s+(?:routinely\s+|currently\s+|centrally\s+)?(?:record|collect|capture|keep|monitor|track|measure|retain|categori[sz]e|classify|distinguish|differentiate|separate|split)\b",
        r"(?i)\b(?:do|does|did)\s+not\s+have\s+(?:this|the|that|any|such)\s+(?:information|data|records?)\b",
        r"(?i)\bnot\s+something\s+(?:that\s+)?(?:we|the\s+trust|the\s+council)\s+(?:record|collect|hold|capture)",
        r"(?i)\b(?:unable|not\s+able|not\s+in\s+a\s+position)\s+to\s+(?:provide|quantify|supply|give|answer|confirm|identify|extract|report)\b",
        r"(?i)\b(?:cannot|can\s*not|can't)\s+(?:provide|quantify|supply|answer|be\s+provided)\b",
        r"(?i)\bnot\s+required\s+to\s+(?:produce|create)\b",
        r"(?i)\bno\s+data\b",
        r"(?i)^\W*(?:not\s+known|unknown)\W*$",
        r"(?i)\b(?:information|data)\s+(?:is\s+|are\s+)?not\s+(?:readily\s+)?(?:available|retrievable|held)\b",
        r"(?i)\bnot\s+yet\s+(?:been\s+)?(?:completed|finalised|finalized|available|known|determined|agreed)\b",
        r"(?i)\b(?:will|to)\s+be\s+(?:determined|confirmed|affected|decided|finalised|finalized)\s+(?:by|once|when|after|following)\b",
        r"(?i)\bunder\s+review\s+and\s+(?:is\s+)?not\b",
        r"(?i)\bno\s+such\s+(?:information|data|records?)\b",
        r"(?i)\bthere\s+(?:are|is|were|was)\s+no\s+(?:relevant\s+|recorded\s+)?(?:records?|information|data|documents?|documentation)\b",
        // "We hold no information", "The Trust has no recorded information".
        r"(?i)\b(?:hold|holds|has|have|had)\s+no\s+(?:recorded\s+|such\s+|relevant\s+)?(?:information|data|records?|details)\b",
        // "We do not possess / collate / maintain …", and the contracted forms.
        r"(?i)\b(?:do|does|did)\s+not\s+(?:routinely\s+|currently\s+|centrally\s+)?(?:possess|collate|maintain|compile|store|log)\b",
        r"(?i)\b(?:don't|doesn't|didn't|don’t|doesn’t|didn’t)\s+(?:routinely\s+|currently\s+|centrally\s+)?(?:hold|record|collect|capture|keep|monitor|track|possess|collate|maintain|compile|store|log|have\s+(?:this|the|that|any|such)\s+(?:information|data|records?))\b",
        r"(?i)\b(?:is|are|was|were)\s+not\s+(?:routinely\s+|centrally\s+|currently\s+)?(?:collated|maintained|compiled|stored)\b",
        r"(?i)\b(?:do|does|did)\s+not\s+have\s+(?:a\s+)?records?\s+of\b",
        // "We have been unable to locate any records".
        r"(?i)\b(?:unable|not\s+able)\s+to\s+(?:locate|find|trace|retrieve)\b",
        r"(?i)\bfound\s+(?:nothing|no\s+(?:relevant\s+|such\s+|recorded\s+)?(?:information|records?|data|documents?))\b",
        // "No records exist", "The information requested does not exist".
        r"(?i)\b(?:records?|information|data|documents?)\s+(?:requested\s+)?(?:does|do)\s+not\s+exist\b|\bno\s+(?:such\s+)?(?:records?|information|data|documents?)\s+exists?\b",
        r"(?i)\bnot\s+information\s+(?:that|which)\s+(?:we|the\s+\w+)\s+(?:hold|holds|record|records|keep|keeps|collect|collects)\b",
        // "Our systems do not allow us to extract this information".
        r"(?i)\b(?:do|does)\s+not\s+(?:allow|enable|permit)\s+(?:us|the\s+\w+)\s+to\s+(?:extract|report|identify|provide|search|retrieve)\b",
        // Another body may hold it: "contact NHS England, who may hold this information".
        r"(?i)\bwho\s+(?:may|might|will|would|should)\s+(?:be\s+able\s+to\s+)?(?:hold|have|provide)\s+(?:this|the|that|some\s+of\s+this)\s+(?:information|data)\b",
    ])
});

/// `answer` with the lines of a table of figures blanked, byte for byte: rows
/// that end in three or more figures, and the header line right above two
/// or more of them. Their words are column and row names ("Refuse",
/// "Information Not Held" over counts of requests), not the reply's verdict.
pub fn without_figure_tables(answer: &str) -> Cow<'_, str> {
    let is_row = |line: &str| {
        line.split_whitespace()
            .rev()
            .take_while(|w| {
                w.trim_end_matches('%')
                    .replace(',', "")
                    .parse::<f64>()
                    .is_ok()
            })
            .count()
            >= 3
    };
    let lines: Vec<(usize, &str)> = answer
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    let rows: Vec<bool> = lines.iter().map(|(_, l)| is_row(l)).collect();
    // A row stands beside another: one line ending in figures ("direct line
    // 01632 960 457") is no table.
    let mut blank: Vec<bool> = (0..lines.len())
        .map(|k| rows[k] && (k > 0 && rows[k - 1] || rows.get(k + 1) == Some(&true)))
        .collect();
    for k in 0..lines.len() {
        // The header: the content line above two rows (blank lines aside).
        let below: Vec<usize> = (k + 1..lines.len())
            .filter(|&j| !lines[j].1.trim().is_empty())
            .take(2)
            .collect();
        if !rows[k] && below.len() == 2 && below.iter().all(|&j| blank[j]) {
            blank[k] = true;
        }
    }
    if !blank.contains(&true) {
        return Cow::Borrowed(answer);
    }
    let mut out = String::with_capacity(answer.len());
    for ((_, line), blank) in lines.iter().zip(blank) {
        if blank {
            // A space per byte: spans into the answer stay put.
            for c in line.chars() {
                match c {
                    '\n' => out.push('\n'),
                    c => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
                }
            }
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Reads the status of an answer from its words. `has_values`: the answer
/// gives figures, a yes/no, a list or a table.
pub fn classify(answer: &str, has_values: bool) -> Verdict {
    let t = answer.trim();
    if t.is_empty() {
        return Verdict {
            status: Status::Missing,
            exemption: None,
            target: None,
            evidence: None,
        };
    }
    let lead = answer.len() - answer.trim_start().len();
    let found = not_applicable(t, has_values)
        .or_else(|| referral(t))
        .or_else(|| withheld(t, has_values));
    match found {
        // The evidence was found in the trimmed answer.
        Some(mut v) => {
            v.evidence = v.evidence.map(|(s, e)| (lead + s, lead + e));
            v
        }
        None => Verdict {
            status: Status::Answered,
            exemption: None,
            target: None,
            evidence: None,
        },
    }
}

/// A verdict decided by the words at `start..end` of the trimmed answer.
fn verdict(
    status: Status,
    exemption: Option<String>,
    target: Option<Target>,
    (start, end): (usize, usize),
) -> Verdict {
    Verdict {
        status,
        exemption,
        target,
        evidence: Some((start, end)),
    }
}

/// "Not applicable", or (with no values given) words that say the question
/// does not apply here.
fn not_applicable(t: &str, has_values: bool) -> Option<Verdict> {
    let m = NOT_APPLICABLE.find(t).or_else(|| {
        if has_values {
            None
        } else {
            NOT_APPLICABLE_HERE.find(t)
        }
    })?;
    Some(verdict(
        Status::NotApplicable,
        None,
        None,
        (m.start(), m.end()),
    ))
}

/// A referral to the answer to a numbered question, or to the one above.
fn referral(t: &str) -> Option<Verdict> {
    if let Some(c) = REFERRAL.captures(t) {
        let n = c.get(1).and_then(|m| m.as_str().parse().ok());
        let m = c.get(0).unwrap();
        if let Some(n) = n {
            return Some(verdict(
                Status::Referred,
                None,
                Some(Target::Number(n)),
                (m.start(), m.end()),
            ));
        }
    }
    let m = REFERRAL_ABOVE.find(t)?;
    Some(verdict(
        Status::Referred,
        None,
        Some(Target::Previous),
        (m.start(), m.end()),
    ))
}

static NOT_HELD_EXCEPTION: LazyLock<Regex> =
    LazyLock::new(|| text::regex(r"(?i)\bregulation\s*12\s*\(\s*4\s*\)\s*\(\s*a\s*\)"));

/// The information attached, withheld under an exemption or not held;
/// partly so when values are given outside the first sentence.
fn withheld(t: &str, has_values: bool) -> Option<Verdict> {
    let first_sentence_end = sentence_end(t);
    if let Some(m) = ATTACHED.find(t) {
        if m.start() < first_sentence_end && !(has_values && m.start() > 0) {
            // An attachment redacted under an exemption names it: kept.
            let redacted_under = EXEMPT.first(t).and_then(|_| first_exemption_cited(t));
            return Some(verdict(
                Status::Attached,
                redacted_under,
                None,
                (m.start(), m.end()),
            ));
        }
    }
    // EIR regulation 12(4)(a) is the exception for information not held.
    if let Some(m) = NOT_HELD_EXCEPTION.find(t) {
        return Some(verdict(Status::NotHeld, None, None, (m.start(), m.end())));
    }
    if let Some((which, start, end)) = EXEMPT.first(t) {
        // The section a refusal's words imply, when no section is cited:
        // "withheld as it constitutes personal data" is section 40.
        let exemption = first_exemption_cited(t).or_else(|| {
            EXEMPT_PATTERNS[which]
                .1
                .or_else(|| {
                    EXEMPT
                        .matching(t)
                        .into_iter()
                        .find_map(|i| EXEMPT_PATTERNS[i].1)
                })
                .map(str::to_string)
        });
        let status = if has_values && start > first_sentence_end {
            Status::Partial
        } else {
            Status::Exempt
        };
        return Some(verdict(status, exemption, None, (start, end)));
    }
    let (_, s, e) = NOT_HELD.first(t)?;
    let status = if has_values && s > first_sentence_end {
        Status::Partial
    } else if has_values && t.len() > e + 40 && s > 0 {
        // Figures given around a statement that part is not held.
        Status::Partial
    } else {
        Status::NotHeld
    };
    Some(verdict(status, None, None, (s, e)))
}

/// The first exemption `t` cites, as `s40` or `r12`.
fn first_exemption_cited(t: &str) -> Option<String> {
    SECTION
        .captures_iter(t)
        .filter_map(|c| c.get(1))
        .filter(|n| is_exemption_section(n.as_str(), &t[..n.start()]))
        .map(|n| {
            let before = t[..n.start()].trim_end().trim_end_matches('.');
            let kind =
                if text::ends_with_ci(before, "regulation") || text::ends_with_ci(before, "reg") {
                    "r"
                } else {
                    "s"
                };
            let digits: String = n
                .as_str()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("{kind}{digits}")
        })
        .next()
}

/// Whether a cited section number (`digits` after the words `before`) is one
/// that withholds: FOIA sections 12, 14 and 21–44 (FOISA's 25–41 fall in
/// the same range), EIR regulations 12 and 13. Section 1 is the right of
/// access, section 17 a refusal notice (FOISA's 17(1) says information is
/// not held): citing them withholds nothing.
fn is_exemption_section(digits: &str, before: &str) -> bool {
    let n: u32 = digits
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap_or(0);
    let before = before.trim_end().trim_end_matches('.');
    if text::ends_with_ci(before, "regulation") || text::ends_with_ci(before, "reg") {
        return matches!(n, 12 | 13);
    }
    matches!(n, 12 | 14 | 21..=44)
}

/// A refusal that speaks of the whole request rather than one question.
static WHOLE_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:this|your|the\s+whole|the\s+entire|the|all\s+of\s+your)\s+(?:information\s+)?request\b|\ball\s+(?:of\s+)?the\s+information\s+(?:you\s+have\s+|you\s+)?requested\b",
    )
});

/// Notes after the answers that name a question ("Section 40(2) – … the
/// names requested in question 3 are personal data") give its refusal: an
/// exemption there makes the question exempt (partial when its answer gives
/// figures), a statement that it is not held makes an answer without
/// figures not held. An answer that points below ("Withheld under the
/// exemption explained below") takes the one section the notes' headings cite.
pub fn apply_notes(text: &str, notes: &[crate::engine::segment::Note], exchanges: &mut [Exchange]) {
    if notes.is_empty() {
        return;
    }
    // The sections cited by headings that name no question.
    let mut unnamed: Vec<String> = notes
        .iter()
        .filter(|note| note.question == 0)
        .filter_map(|note| first_exemption_cited(note.sentence.slice(text)))
        .collect();
    unnamed.dedup();
    for e in exchanges.iter_mut() {
        let Some(n) = first_number(e.number.as_deref()) else {
            continue;
        };
        let (status, exemption) = match note_verdict(text, notes, n) {
            Some(v) => (v.status, v.exemption),
            None => match &unnamed[..] {
                [section] if points_below(e) => (Status::Exempt, Some(section.clone())),
                _ => continue,
            },
        };
        let has_figures = e.values.iter().any(|v| v.number().is_some());
        match status {
            Status::Exempt => {
                e.status = if has_figures {
                    Status::Partial
                } else {
                    Status::Exempt
                };
                e.exemption = exemption.or(e.exemption.take());
            }
            Status::NotHeld if !has_figures && e.status == Status::Answered => {
                e.status = Status::NotHeld;
            }
            _ => {}
        }
    }
}

/// What the notes naming question `n` say of it, read with their headings.
fn note_verdict(text: &str, notes: &[crate::engine::segment::Note], n: u32) -> Option<Verdict> {
    let mut words = String::new();
    let mut under_section = false;
    for note in notes.iter().filter(|note| note.question == n) {
        if let Some(h) = note.heading {
            under_section = true;
            words.push_str(h.slice(text));
            words.push(' ');
        }
        words.push_str(note.sentence.slice(text));
        words.push(' ');
    }
    if words.is_empty() {
        return None;
    }
    let mut v = classify(&words, false);
    // Under a section's heading ("Section 40(2) – Personal information")
    // the sentence explains that exemption.
    if under_section && v.status != Status::NotHeld {
        v.status = Status::Exempt;
        v.exemption = v.exemption.or_else(|| first_exemption_cited(&words));
    }
    Some(v)
}

/// Whether an answer sends its reader to what follows the answers.
fn points_below(e: &Exchange) -> bool {
    e.answer.as_ref().is_some_and(|a| {
        let t = a.text.to_ascii_lowercase();
        t.contains("below") || t.contains("set out in the notes")
    })
}

/// One refusal for a whole request, written after its first question
/// ("Under Section 21 …, this request has been exempt"), covers the
/// questions left without an answer of their own.
pub fn cover_whole_request(exchanges: &mut [Exchange]) {
    let refusals: Vec<usize> = exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.status, Status::Exempt | Status::NotHeld))
        .filter(|(_, e)| {
            e.answer
                .as_ref()
                .is_some_and(|a| WHOLE_REQUEST.is_match(&a.text))
        })
        .map(|(i, _)| i)
        .collect();
    let unanswered = |e: &Exchange| e.answer.is_none() && e.question.is_some();
    let [refusal] = refusals[..] else {
        return;
    };
    if !exchanges.iter().any(unanswered) {
        return;
    }
    let (status, exemption) = (
        exchanges[refusal].status,
        exchanges[refusal].exemption.clone(),
    );
    for e in exchanges.iter_mut().filter(|e| unanswered(e)) {
        e.status = status;
        e.exemption = exemption.clone();
    }
}

/// A reply that answers before it quotes the request ("Please find attached
/// our response to your request." / "On 1 March you wrote: > 1. How many
/// …?"), as e-mail threads do: every question it leaves without an answer of
/// its own is in the attachment.
pub fn attached_before_the_questions(preamble: &str, exchanges: &mut [Exchange]) {
    let unanswered = |e: &Exchange| e.answer.is_none() && e.status == Status::Missing;
    if exchanges.is_empty()
        || !exchanges.iter().all(unanswered)
        || !ATTACHED.is_match(preamble)
        || crate::engine::detect::is_pending_reply(preamble)
    {
        return;
    }
    for e in exchanges.iter_mut() {
        e.status = Status::Attached;
    }
}

/// Words of a sentence that explains a refusal rather than answering: the
/// cost limit's arithmetic ("£450, which equates to 18 hours"), the
/// section cited.
static REFUSAL_REASONING: LazyLock<Regex> = LazyLock::new(|| {
    text::regex(
        r"(?i)\b(?:appropriate\s+limit|cost\s+limit|time\s+limit|cost\s+of\s+compliance|exceed|hours?['’]?\s+(?:of\s+)?work|per\s+hour|section\s+12|regulations?\s+20\d\d|fees\s+regulations|not\s+obliged)\b",
    )
});

/// Whether an answer's words explain a refusal anywhere (see
/// [`explains_refusal`], which asks it of each figure's sentence).
pub fn gives_reasons_for_refusal(answer: &str) -> bool {
    REFUSAL_REASONING.is_match(answer)
}

/// Whether the figure at `span` of `text` stands in a sentence that
/// explains a refusal (the cost limit's sums): such figures do not answer.
pub fn explains_refusal(text: &str, span: crate::engine::model::Span) -> bool {
    // The sentence may run over several lines of a wrapped paragraph: it is
    // looked for within the paragraph (up to a blank line), a few hundred
    // bytes either way.
    const REACH: usize = 400;
    let mut window_start = span.start.saturating_sub(REACH);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let mut window_end = (span.end + REACH).min(text.len());
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let before = &text[window_start..span.start];
    let after = &text[span.end..window_end];
    // Sentences end at ". ", a line break after a full stop, a paragraph
    // break, or a markdown cell's "<br>".
    let ends = [". ", ".\n", "\n\n", "<br>"];
    let from = ends
        .iter()
        .filter_map(|e| before.rfind(e).map(|i| i + e.len()))
        .max()
        .map_or(window_start, |i| window_start + i);
    let to = ends
        .iter()
        .filter_map(|e| after.find(e))
        .min()
        .map_or(window_end, |i| span.end + i);
    REFUSAL_REASONING.is_match(&text[from..to])
}

/// End of the first sentence (or line).
fn sentence_end(t: &str) -> usize {
    let bytes = t.as_bytes();
    for (i, c) in t.char_indices() {
        // A markdown table's cell breaks its lines with "<br>".
        if c == '<' && t[i..].starts_with("<br") {
            return i;
        }
        if c == '\n'
            || ((c == '.' || c == '?' || c == '!')
                && bytes
                    .get(i + 1)
                    .is_none_or(|b| matches!(b, b' ' | b'\n' | b'<')))
        {
            return i + 1;
        }
    }
    t.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ways public bodies say they do not hold something, beyond "not
    /// held" (invented sentences in the styles of councils, trusts, police).
    #[test]
    fn the_many_ways_of_saying_not_held() {
        for s in [
            "We have no recorded information about this.",
            "We can confirm that we hold no information on this topic.",
            "The Council does not possess this information.",
            "We have been unable to locate any records relating to your request.",
            "No records exist.",
            "The information requested does not exist.",
            "We have been unable to find any information.",
            "The Trust has no information on this.",
            "This data is not collated.",
            "We do not collate this information.",
            "This is not information that we hold.",
            "We do not maintain records of this.",
            "The Trust doesn’t record this.",
            "We have searched our records and found nothing relevant.",
            "Our systems do not allow us to extract this information.",
            "The Trust does not have a record of this.",
            "You may wish to contact NHS England, who may hold this information.",
        ] {
            assert_eq!(st(s), (Status::NotHeld, None), "{s}");
        }
        assert_eq!(
            st("The information is provided in the enclosed document.").0,
            Status::Attached
        );
        assert_eq!(
            st("A spreadsheet is provided with this response.").0,
            Status::Attached
        );
        // Figures given beside it make it partial, not a refusal.
        assert_eq!(
            classify("2023: 41 cases. We hold no records before 2023.", true).status,
            Status::Partial
        );
        // Words that only look like it.
        for s in [
            "The Trust has no plans to change this.",
            "We found that 12 wards were affected.",
            "The policy is maintained by the governance team.",
        ] {
            assert_eq!(st(s).0, Status::Answered, "{s}");
        }
    }

    /// Exemptions cited as applying, or named by what they protect.
    #[test]
    fn exemptions_said_as_applying() {
        assert_eq!(
            st("Section 40(2) of the FOIA applies to this information."),
            (Status::Exempt, Some("s40".into()))
        );
        assert_eq!(
            st("Regulation 12(5)(e) of the EIR applies."),
            (Status::Exempt, Some("r12".into()))
        );
        assert_eq!(
            st("This information is being withheld as it constitutes personal data."),
            (Status::Exempt, Some("s40".into()))
        );
        assert_eq!(
            st("The Trust does not use agency staff for this role, so this question does not apply.").0,
            Status::NotApplicable
        );
        assert_eq!(
            classify(
                "Fewer than 5. We cannot give the exact number as it may identify individuals.",
                true
            )
            .status,
            Status::Partial
        );
        assert_eq!(
            st("We cannot disclose this information."),
            (Status::Exempt, None)
        );
        assert_eq!(
            st("Information redacted under section 40."),
            (Status::Exempt, Some("s40".into()))
        );
        assert_eq!(
            st("Regulation 12(4)(a) of the EIR applies as the information is not held.").0,
            Status::NotHeld
        );
        for s in [
            "As the Trust does not have an automated solution, this question is not applicable.",
            "Not answered as the Trust answered No to question 9.",
        ] {
            assert_eq!(st(s).0, Status::NotApplicable, "{s}");
        }
        for s in [
            "This has been answered in Q2.",
            "The answer to this is included in our response to question 2.",
        ] {
            assert_eq!(classify(s, false).target, Some(Target::Number(2)), "{s}");
        }
        // A section named as what the answer is about is no refusal.
        assert_eq!(
            st("Section 7 of the policy applies to all wards.").0,
            Status::Answered
        );
    }

    fn st(s: &str) -> (Status, Option<String>) {
        let v = classify(s, false);
        (v.status, v.exemption)
    }

    #[test]
    fn the_cost_limits_sums_explain_a_refusal() {
        use crate::engine::model::Span;
        let text = "The limit of £450 equates to 18 hours' work. If we cannot find it\nwithin the 18 hours we are not obliged to retrieve any of it. We hold 6 files.";
        let at = |needle: &str, nth: usize| {
            let i = text.match_indices(needle).nth(nth).unwrap().0;
            Span::new(i, i + needle.len())
        };
        assert!(explains_refusal(text, at("450", 0)));
        assert!(explains_refusal(text, at("18", 1)));
        assert!(!explains_refusal(text, at("6", 0)));
    }

    #[test]
    fn a_table_of_figures_says_no_verdict() {
        let answer = "The figures are in the table below:\n\nReceived Released Refused Not Held\nOn time 995 695 358 565\nLate 162 204 68 44\n";
        let masked = without_figure_tables(answer);
        assert_eq!(masked.len(), answer.len());
        assert!(masked.starts_with("The figures are in the table below:"));
        assert!(!masked.contains("Not Held") && !masked.contains("995"));
        assert_eq!(classify(&masked, true).status, Status::Answered);
        // One line ending in figures is no table.
        let contact = "Jo Bloggs, direct line 01632 960 457";
        assert_eq!(without_figure_tables(contact), contact);
        // A stated refusal outside the table still counts.
        let refusal = format!("{answer}The breakdown by directorate is not held.");
        assert_eq!(
            classify(&without_figure_tables(&refusal), true).status,
            Status::Partial
        );
    }

    #[test]
    fn statuses() {
        assert_eq!(st("Not applicable."), (Status::NotApplicable, None));
        assert_eq!(st("N/A"), (Status::NotApplicable, None));
        assert_eq!(
            st("Not applicable as per A9"),
            (Status::NotApplicable, None)
        );
        assert_eq!(
            st("Exempt under Section 40 – personal details"),
            (Status::Exempt, Some("s40".into()))
        );
        assert_eq!(
            st("This would exceed the appropriate cost limit under section 12(1) of the Act."),
            (Status::Exempt, Some("s12".into()))
        );
        assert_eq!(
            st("Compliance would exceed the appropriate cost limit"),
            (Status::Exempt, Some("s12".into()))
        );
        assert_eq!(
            st("The Trust does not hold the information requested."),
            (Status::NotHeld, None)
        );
        assert_eq!(st("Unable to quantify."), (Status::NotHeld, None));
        assert_eq!(
            st("Your request is not entirely applicable to our Trust as we do not code sessions."),
            (Status::NotApplicable, None)
        );
        assert_eq!(
            st("Our response explained that there are no records of instructions to the Board."),
            (Status::NotHeld, None)
        );
        assert_eq!(st("Information not held"), (Status::NotHeld, None));
        assert_eq!(
            st("The structure is currently under review and is not yet completed."),
            (Status::NotHeld, None)
        );
        assert_eq!(
            st("Activity isn't categorised by speciality."),
            (Status::NotHeld, None)
        );
        assert_eq!(st("Please see attached"), (Status::Attached, None));
        assert_eq!(
            st("Please see the Excel spreadsheet attached. To accompany"),
            (Status::Attached, None)
        );
        assert_eq!(
            st("Refer to attached document: X - Document is available on request"),
            (Status::Attached, None)
        );
        assert_eq!(
            st("Attached Clinical Coding Department"),
            (Status::Attached, None)
        );
        assert_eq!(
            st("We are therefore applying Section 12(1) of the Act and are not obliged to provide this information."),
            (Status::Exempt, Some("s12".into()))
        );
        assert_eq!(
            st("Under Section 1 of the Act you have a right of access; the information is exempt under s.43(2)."),
            (Status::Exempt, Some("s43".into()))
        );
        assert_eq!(
            st("The Council is relying on Regulation 12(4)(b) (manifestly unreasonable)."),
            (Status::Exempt, Some("r12".into()))
        );
        assert_eq!(
            st("Download response Information Department. 290720"),
            (Status::Attached, None)
        );
        assert_eq!(
            st("Clinical coding is outsourced to another NHS provider."),
            (Status::Answered, None)
        );
        assert_eq!(
            st("Sarah Example, Head of Data. We withhold permission for you to store these details."),
            (Status::Answered, None)
        );
    }

    #[test]
    fn referrals() {
        let v = classify("Please see response to Question 1 above.", false);
        assert_eq!(
            (v.status, v.target),
            (Status::Referred, Some(Target::Number(1)))
        );
        let v = classify("Please see answer to Question 1.", false);
        assert_eq!(v.target, Some(Target::Number(1)));
        let v = classify("As above", false);
        assert_eq!(v.target, Some(Target::Previous));
    }

    #[test]
    fn partial_when_figures_and_a_refusal() {
        let v = classify("2021: 15 cases. Figures for 2020 are not held.", true);
        assert_eq!(v.status, Status::Partial);
        let v = classify("12 staff. Names are exempt under section 40.", true);
        assert_eq!(
            (v.status, v.exemption.as_deref()),
            (Status::Partial, Some("s40"))
        );
    }
}
