//! Status actions: every status other than the reading's ("Mark as answered",
//! "Mark as partial", "Mark as not held", "Mark as attached", "Mark as not
//! applicable", "Mark as missing"), exempt under each section the answer
//! cites and then those the rest of the letter cites, and "Refers to
//! question N" for the other questions.

use std::collections::BTreeSet;

use tower_lsp_server::ls_types::CodeActionKind;

use super::Builder;
use crate::engine::annotation::edit;
use crate::engine::{exemptions, Span, Status};
use crate::lsp::display;
use crate::lsp::handlers::in_text;

/// How many "Refers to question N" one answer offers: the questions it names
/// first, then the nearest before it.
const REFERRALS: usize = 5;

pub(super) fn offer(b: &mut Builder, index: usize) {
    let e = &b.analysis.exchanges[index];
    let answer = e.answer.as_ref().map(|a| a.span);
    let mut offers: Vec<(Status, Option<String>)> = vec![
        (Status::Answered, None),
        (Status::Partial, None),
        (Status::NotHeld, None),
    ];
    let sections = exempt_sections(&b.snap.text, answer);
    if sections.is_empty() {
        offers.push((Status::Exempt, None));
    }
    offers.extend(sections.into_iter().map(|s| (Status::Exempt, Some(s))));
    offers.extend([
        (Status::Attached, None),
        (Status::NotApplicable, None),
        (Status::Missing, None),
    ]);
    for (status, exemption) in offers {
        let same_section = exemption.is_none() || e.exemption == exemption;
        if e.status == status && same_section {
            continue;
        }
        let title = match &exemption {
            Some(code) => format!("Mark as exempt under {}", display::exemption_section(code)),
            None => format!("Mark as {}", status.label()),
        };
        let draft = edit::set_status_draft(b.analysis, index, status, exemption.as_deref());
        b.add(
            title,
            CodeActionKind::REFACTOR_REWRITE,
            index,
            draft,
            Vec::new(),
        );
    }
    referrals(b, index);
}

/// Exemption codes (`s40`, `r12`) an exempt answer may be marked with: those
/// its own text cites, then the exemptions the rest of the letter cites.
fn exempt_sections(text: &str, answer: Option<Span>) -> Vec<String> {
    let mut codes = cited_sections(text, answer);
    let whole = Span::new(0, text.len());
    for code in cited_sections(text, Some(whole)) {
        if exemptions::name(&code).is_some() && !codes.contains(&code) {
            codes.push(code);
        }
    }
    codes
}

/// Exemption codes (`s40`, `r12`) cited in an answer's text, in order.
pub(super) fn cited_sections(text: &str, span: Option<Span>) -> Vec<String> {
    let Some(answer) = span.and_then(|s| text.get(s.start..s.end)) else {
        return Vec::new();
    };
    let lower = answer.to_lowercase();
    let mut found = BTreeSet::new();
    let mut ordered = Vec::new();
    for (word, prefix) in [("section", "s"), ("regulation", "r")] {
        for (at, _) in lower.match_indices(word) {
            let rest = lower[at + word.len()..].trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && digits.len() <= 3 {
                let code = format!("{prefix}{digits}");
                if found.insert(code.clone()) {
                    ordered.push(code);
                }
            }
        }
    }
    ordered
}

/// "Refers to question N": the questions the answer names ("see question 3")
/// first, then the nearest before it, then after it.
fn referrals(b: &mut Builder, index: usize) {
    let analysis = b.analysis;
    let e = &analysis.exchanges[index];
    let answer = e.answer.as_ref().map_or("", |a| a.text.as_str());
    let named = named_numbers(answer);
    let mut others: Vec<usize> = (0..analysis.exchanges.len())
        .filter(|&k| k != index && in_text(&analysis.exchanges[k]))
        .filter(|&k| analysis.exchanges[k].question.is_some())
        .collect();
    let here = e.span.start;
    others.sort_by_key(|&k| {
        let x = &analysis.exchanges[k];
        let is_named = x
            .number
            .as_deref()
            .is_some_and(|n| named.iter().any(|m| n.trim() == m));
        let before = x.span.start < here;
        (!is_named, !before, x.span.start.abs_diff(here))
    });
    for k in others.into_iter().take(REFERRALS) {
        let target = &analysis.exchanges[k];
        if e.status == Status::Referred && e.refers_to.as_deref() == Some(target.key.as_str()) {
            continue;
        }
        let title = format!(
            "Refers to question {}",
            super::layout::question_name(target)
        );
        let draft = edit::referral_draft(analysis, index, &target.key);
        b.add(
            title,
            CodeActionKind::REFACTOR_REWRITE,
            index,
            draft,
            Vec::new(),
        );
    }
}

/// The question numbers an answer names: "question 3", "Q4", "answer to 2".
fn named_numbers(answer: &str) -> Vec<String> {
    let lower = answer.to_lowercase();
    let mut out = Vec::new();
    for word in ["question ", "questions ", "q", "answer to ", "response to "] {
        for (at, _) in lower.match_indices(word) {
            let glued = lower[..at].ends_with(char::is_alphanumeric);
            let digits: String = lower[at + word.len()..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            if !glued && digits.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(digits);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_cited_in_the_letter_come_after_the_answers() {
        let text = "Some figures are withheld.\nWe rely on Section 43 and section 17 of the Act.\n";
        let answer = Span::new(0, text.find('\n').unwrap());
        // section 17 (the refusal notice) is not an exemption: only the answer's own cites count.
        assert_eq!(exempt_sections(text, Some(answer)), ["s43"]);
        let cites = "Exempt under section 40.\nSection 43 applies too.";
        assert_eq!(
            exempt_sections(cites, Some(Span::new(0, 24))),
            ["s40", "s43"]
        );
    }

    #[test]
    fn answers_name_the_questions_they_refer_to() {
        assert_eq!(
            named_numbers("Please see our response to Question 3 and Q4a."),
            ["3", "4a"]
        );
        assert!(named_numbers("Quality is 3").is_empty());
    }
}
