//! What kind of reply a document is: a real answer, a partial one, a refusal,
//! an acknowledgement that promises an answer later, or no FOI response at all.
//!
//! The engine's per-question statuses decide most cases; the letter's own words
//! decide the rest (a holding letter's "we will respond within 20 working
//! days", a refusal notice's "exceed the appropriate limit"), since such
//! letters often restate the request and its questions then read as answered.

use std::sync::LazyLock;

use crate::engine::model::{Analysis, Status};
use crate::engine::text;

/// SPEC's triage of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Triage {
    /// Every question addressed (answered, not held, not applicable, attached, referred).
    Answered,
    /// Some questions addressed, others withheld or unanswered.
    PartlyAnswered,
    /// Nothing given: every question exempt, or the request refused (cost limit,
    /// neither confirm nor deny, vexatious).
    Refused,
    /// No answers yet: a holding letter, an auto-reply, a request for clarification.
    Acknowledgement,
    /// Not an FOI reply at all.
    NotAResponse,
}

impl Triage {
    pub const ALL: [Triage; 5] = [
        Triage::Answered,
        Triage::PartlyAnswered,
        Triage::Refused,
        Triage::Acknowledgement,
        Triage::NotAResponse,
    ];

    /// The wire name, in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            Triage::Answered => "answered",
            Triage::PartlyAnswered => "partly_answered",
            Triage::Refused => "refused",
            Triage::Acknowledgement => "acknowledgement",
            Triage::NotAResponse => "not_a_response",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Triage::Answered => "answered",
            Triage::PartlyAnswered => "partly answered",
            Triage::Refused => "refused",
            Triage::Acknowledgement => "acknowledgement",
            Triage::NotAResponse => "not a response",
        }
    }

    pub fn parse(s: &str) -> Option<Triage> {
        Triage::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn is_response(self) -> bool {
        self != Triage::NotAResponse
    }
}

impl std::fmt::Display for Triage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a document reads as an FOI response: the reading's verdict, which
/// is the shared content test `engine::detect::looks_like_response` (or a
/// matched schema), so that the CSV, the report and the editors agree.
pub fn looks_like_response(_text: &str, analysis: &Analysis) -> bool {
    analysis.looks_like_foi || analysis.schema.is_some()
}

/// A letter that refuses the request as a whole.
static REFUSAL: LazyLock<regex::Regex> = LazyLock::new(|| {
    text::regex(concat!(
        r"(?i)\b(?:notice of refusal|refusal notice)",
        r"|\bexceed(?:s|ed)? the [‘'\x22]?(?:appropriate|cost) limit",
        r"|\bnot possible (?:for us )?to provide (?:any of )?the requested information",
        r"|\bexempt from disclosure",
        r"|\bneither confirm nor deny",
        r"|\bvexatious",
        r"|\brefus(?:e|ing) (?:your|this) request",
    ))
});

/// The triage of one reading. `is_response` says whether the document is an
/// FOI response at all (see [`looks_like_response`]).
pub fn triage(text: &str, analysis: &Analysis, is_response: bool) -> Triage {
    if !is_response {
        return Triage::NotAResponse;
    }
    let mut addressed = 0;
    let mut informative = 0;
    let mut withheld = 0;
    let mut unanswered = 0;
    for e in &analysis.exchanges {
        match e.status {
            Status::Answered | Status::Partial => {
                addressed += 1;
                if !e.values.is_empty() {
                    informative += 1;
                }
                if e.status == Status::Partial {
                    withheld += 1;
                }
            }
            Status::Attached | Status::NotHeld | Status::NotApplicable => {
                addressed += 1;
                informative += 1;
            }
            Status::Referred => addressed += 1,
            Status::Exempt => withheld += 1,
            Status::Missing => unanswered += 1,
        }
    }
    // The words of the letter outweigh answers that carry nothing: a holding
    // letter that restates the questions reads them as answered by prose.
    if informative == 0 {
        let head = text::head(text, 60_000);
        let pending = crate::engine::detect::is_pending_reply(text);
        if REFUSAL.is_match(head) && !pending {
            return Triage::Refused;
        }
        if pending {
            return Triage::Acknowledgement;
        }
        if REFUSAL.is_match(head) {
            return Triage::Refused;
        }
    }
    let asked = addressed + withheld + unanswered;
    if asked == 0 {
        // A reply in prose whose questions could not be found.
        return Triage::Answered;
    }
    let exempt = analysis
        .exchanges
        .iter()
        .filter(|e| e.status == Status::Exempt)
        .count();
    if addressed == 0 {
        return if exempt > 0 {
            Triage::Refused
        } else {
            Triage::Acknowledgement
        };
    }
    if withheld == 0 && unanswered == 0 {
        Triage::Answered
    } else {
        Triage::PartlyAnswered
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{Exchange, Scalar, Span, Value, ValueKind};

    fn reading(statuses: &[(Status, bool)]) -> Analysis {
        let exchanges = statuses
            .iter()
            .enumerate()
            .map(|(i, (status, valued))| {
                let mut e = Exchange::bare(format!("q{}", i + 1), *status);
                if *valued {
                    let mut v = Value::new(ValueKind::Count, Span::new(0, 1), "1");
                    v.value = Scalar::Number(1.0);
                    e.values.push(v);
                }
                e
            })
            .collect();
        Analysis {
            exchanges,
            looks_like_foi: true,
            ..Analysis::default()
        }
    }

    #[test]
    fn statuses_decide_when_answers_carry_figures() {
        let all = reading(&[(Status::Answered, true), (Status::NotHeld, false)]);
        assert_eq!(triage("", &all, true), Triage::Answered);
        let some = reading(&[(Status::Answered, true), (Status::Exempt, false)]);
        assert_eq!(triage("", &some, true), Triage::PartlyAnswered);
        let cut = reading(&[(Status::Answered, true), (Status::Missing, false)]);
        assert_eq!(triage("", &cut, true), Triage::PartlyAnswered);
        let exempt = reading(&[(Status::Exempt, false), (Status::Exempt, false)]);
        assert_eq!(triage("", &exempt, true), Triage::Refused);
        let nothing = reading(&[(Status::Missing, false), (Status::Missing, false)]);
        assert_eq!(triage("", &nothing, true), Triage::Acknowledgement);
    }

    #[test]
    fn a_holding_letter_is_an_acknowledgement_whatever_was_read_as_answers() {
        let letter = "Dear Ms Example,\nThank you for your request. We are now processing your \
                      request and will respond within 20 working days.\n";
        let restated = reading(&[(Status::Answered, false), (Status::Answered, false)]);
        assert_eq!(triage(letter, &restated, true), Triage::Acknowledgement);
        let clarify = "Before we can continue working on your request, please can you clarify \
                       which wards you mean?";
        assert_eq!(triage(clarify, &restated, true), Triage::Acknowledgement);
        // Figures given win over the polite words.
        let answered = reading(&[(Status::Answered, true)]);
        assert_eq!(triage(letter, &answered, true), Triage::Answered);
    }

    #[test]
    fn a_cost_limit_letter_is_a_refusal() {
        let letter = "Complying with your request would exceed the appropriate limit of £450.";
        let restated = reading(&[(Status::Answered, false)]);
        assert_eq!(triage(letter, &restated, true), Triage::Refused);
        assert_eq!(
            triage(
                "We can neither confirm nor deny.",
                &Analysis::default(),
                true
            ),
            Triage::Refused
        );
    }

    #[test]
    fn other_files_are_not_responses() {
        let all = reading(&[(Status::Answered, true)]);
        assert_eq!(triage("", &all, false), Triage::NotAResponse);
        for t in Triage::ALL {
            assert_eq!(Triage::parse(t.as_str()), Some(t));
        }
    }
}
