//! A schema drafted from the request itself (`foil schema new REQUEST`): one
//! entry per question, with a short stable key made from its wording, the
//! wording, and the kinds of answer it expects, as TOML meant to be edited by
//! hand and then named in `foil.toml`.
//!
//! The request is read with the engine's own segmentation (a whole response
//! that restates the request works as well as the request alone; a REQUEST
//! section listed before the answers is preferred). From the wording alone it
//! also works out what the built-in schemas spell out by hand:
//! - the choices of an "A, B or another C?" question, as enumeration options,
//!   with "both" when an answer names two of them;
//! - the words that answer an "X or Y?" yes/no question ("same team" is yes,
//!   "separate teams" no; "standalone" answers "integrate …, or … standalone
//!   systems?" no);
//! - the parts of a split ("substantive, bank and agency") as labels;
//! - "If yes, …" / "If not, …" follow-ups as asked only after the yes/no
//!   question before them;
//! - contact details as personal data.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::engine::model::ValueKind;
use crate::engine::schema::Schema;
use crate::engine::segment;
use crate::engine::text;
use crate::engine::values::infer_expects;

/// One question of the request as drafted.
#[derive(Debug, Clone, PartialEq)]
pub struct Drafted {
    pub key: String,
    pub number: String,
    pub section: Option<String>,
    pub text: String,
    pub expects: Vec<String>,
    pub keywords: Vec<String>,
    pub labels: Vec<String>,
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub options: Vec<Choice>,
    /// (question key, answer) it is asked after.
    pub asked_if: Option<(String, String)>,
}

/// An enumeration option: its name, the words that name it, and (for
/// "both") the options that, all named, choose it.
pub type Choice = (String, Vec<String>, Vec<String>);

/// Why no schema could be drafted.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error("no questions found in the request")]
    NoQuestions,
    #[error("the drafted schema does not read back: {0}")]
    Invalid(String),
}

/// The questions of `request`, drafted.
pub fn draft(request: &str) -> Vec<Drafted> {
    let lines = text::lines(request);
    let layout = segment::segment(request, &lines, &[], &|_| false);
    let asked: Vec<&segment::Segment> = layout
        .segments
        .iter()
        .filter(|s| s.question.is_some())
        .collect();
    // A REQUEST section lists the questions once; the answers repeat them.
    let listed: Vec<&segment::Segment> = asked.iter().copied().filter(|s| s.requested).collect();
    let chosen = if listed.is_empty() { asked } else { listed };
    let mut seen = HashSet::new();
    let mut questions: Vec<(&segment::Segment, String)> = Vec::new();
    for s in chosen {
        let Some(q) = &s.question else { continue };
        let wording = q.folded(request).trim().to_string();
        if !wording.is_empty() && seen.insert(wording.to_lowercase()) {
            questions.push((s, wording));
        }
    }
    // Words more than one question uses say which request this is, not
    // which answer a question got.
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for (_, wording) in &questions {
        let words: HashSet<String> = content_words(wording).into_iter().collect();
        for w in words {
            *counts.entry(w).or_default() += 1;
        }
    }
    let shared: HashSet<String> = counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(w, _)| w)
        .collect();
    let mut keys = HashSet::new();
    let mut out: Vec<Drafted> = Vec::new();
    for (s, wording) in questions {
        let number = s
            .label
            .clone()
            .unwrap_or_else(|| (out.len() + 1).to_string());
        let mut d = draft_question(&wording, number, s.heading.clone(), &shared);
        d.key = unique_key(&wording, &mut keys);
        d.asked_if = condition(&wording, &out);
        out.push(d);
    }
    out
}

/// The schema TOML for `request`, named `name`, read back to make sure it loads.
pub fn schema_toml(request: &str, name: &str, title: &str) -> Result<String, DraftError> {
    let questions = draft(request);
    if questions.is_empty() {
        return Err(DraftError::NoQuestions);
    }
    let toml = render(name, title, &questions);
    Schema::from_toml(&toml, name).map_err(|e| DraftError::Invalid(e.to_string()))?;
    Ok(toml)
}

/// Words that say nothing about what a question asks.
const FILLER: &[&str] = &[
    "a",
    "about",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "e",
    "eg",
    "etc",
    "for",
    "from",
    "g",
    "go",
    "has",
    "have",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "many",
    "me",
    "much",
    "my",
    "not",
    "of",
    "on",
    "or",
    "our",
    "please",
    "provide",
    "s",
    "so",
    "some",
    "such",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "this",
    "those",
    "to",
    "trust",
    "trust's",
    "trusts",
    "under",
    "us",
    "was",
    "we",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "would",
    "you",
    "your",
    "organisation",
    "organisation's",
    "currently",
    "current",
    "explain",
    "specify",
    "tell",
    "give",
    "list",
    "state",
    "confirm",
    "also",
    "each",
    "per",
    "both",
    "other",
    "another",
    "there",
    "than",
    "then",
    "yes",
    "no",
    "all",
    "between",
    "use",
    "used",
    "uses",
    "using",
];

fn is_filler(word: &str) -> bool {
    FILLER.contains(&word) || word.chars().all(|c| c.is_ascii_digit())
}

/// The content words of a wording, lowercased, in order.
fn content_words(wording: &str) -> Vec<String> {
    wording
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.replace('’', "'").to_lowercase())
        .filter(|w| !w.is_empty() && !is_filler(w))
        .collect()
}

/// A key of up to three content words (`episodes_care_coded`), made unique
/// within the schema by more words, then a number.
fn unique_key(wording: &str, taken: &mut HashSet<String>) -> String {
    let words: Vec<String> = content_words(wording)
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut candidates: Vec<String> = Vec::new();
    for n in 3..=words.len().max(3) {
        let key = words.iter().take(n).cloned().collect::<Vec<_>>().join("_");
        candidates.push(if key.is_empty() {
            "question".into()
        } else {
            key
        });
    }
    for c in &candidates {
        if taken.insert(c.clone()) {
            return c.clone();
        }
    }
    let base = candidates
        .last()
        .cloned()
        .unwrap_or_else(|| "question".into());
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|k| taken.insert(k.clone()))
        .unwrap_or(base)
}

/// "If yes, …" / "If so, …" / "If not, …" after a yes/no question (the
/// nearest one before that is not itself a follow-up).
fn condition(wording: &str, before: &[Drafted]) -> Option<(String, String)> {
    let previous = before
        .iter()
        .rev()
        .take_while(|d| d.asked_if.is_some() || d.expects.iter().any(|k| k == "yes_no"))
        .find(|d| d.asked_if.is_none() && d.expects.iter().any(|k| k == "yes_no"))?;
    let lower = wording.to_lowercase();
    let answer = if lower.starts_with("if yes") || lower.starts_with("if so") {
        "yes"
    } else if lower.starts_with("if not")
        || lower.starts_with("if no,")
        || lower.starts_with("if no ")
    {
        "no"
    } else {
        return None;
    };
    Some((previous.key.clone(), answer.to_string()))
}

/// The wording without a leading "If yes," / "If not," (which says when it
/// is asked, not what it asks).
fn without_condition(wording: &str) -> &str {
    let lower = wording.to_ascii_lowercase();
    for lead in ["if yes", "if so", "if not", "if no"] {
        if lower.starts_with(lead) {
            return wording[lead.len()..].trim_start_matches([',', ' ', ':', '-']);
        }
    }
    wording
}

/// A request phrased as a question ("Can you provide …", "Could you
/// provide …") asks for the information, not for yes or no.
fn is_polite_request(wording: &str) -> bool {
    let lower = wording.to_ascii_lowercase();
    ["can you ", "could you ", "would you ", "will you "]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn draft_question(
    wording: &str,
    number: String,
    section: Option<String>,
    shared: &HashSet<String>,
) -> Drafted {
    let core = without_condition(wording);
    let lower = core.to_lowercase();
    let mut kinds: Vec<ValueKind> = infer_expects(core);
    if is_polite_request(core) {
        kinds.retain(|k| *k != ValueKind::YesNo);
    }
    let contact = [
        "contact details",
        "email address",
        "e-mail address",
        "job title",
    ]
    .iter()
    .any(|c| lower.contains(c))
        || (lower.contains("name") && lower.contains("email"));
    let split = ["split", "breakdown", "break down"]
        .iter()
        .any(|w| lower.contains(w));
    let mut d = Drafted {
        key: String::new(),
        number,
        section,
        text: wording.to_string(),
        expects: Vec::new(),
        keywords: Vec::new(),
        labels: Vec::new(),
        yes: Vec::new(),
        no: Vec::new(),
        options: Vec::new(),
        asked_if: None,
    };
    let mut expects: Vec<&str> = Vec::new();
    let parts = (lower.contains("proportion") || split)
        .then(|| listed_parts(core))
        .filter(|p| p.len() >= 2);
    if contact {
        expects.push("contact");
    } else if let Some(parts) = parts {
        expects.push("breakdown");
        d.labels = parts;
    } else if let Some(options) = enumeration(core) {
        expects.push("enum");
        d.options = options;
    } else {
        let alternatives = kinds
            .contains(&ValueKind::YesNo)
            .then(|| alternatives(core, shared));
        if let Some(Some((yes, no))) = alternatives {
            d.yes = yes;
            d.no = no;
        }
        if split {
            expects.extend(["table", "count"]);
        }
        for k in &kinds {
            expects.push(k.as_str());
            // How many is often answered with a share as well ("245 (0.1%)").
            let share = *k == ValueKind::Count
                && !kinds.contains(&ValueKind::Percent)
                && !kinds.contains(&ValueKind::Wte);
            if share {
                expects.push(ValueKind::Percent.as_str());
            }
        }
    }
    if expects.is_empty() {
        expects.push("text");
    }
    let mut unique = Vec::new();
    for e in expects {
        if !unique.iter().any(|u: &String| u == e) {
            unique.push(e.to_string());
        }
    }
    d.expects = unique;
    d.keywords = content_words(core).into_iter().take(4).collect();
    d
}

/// The parts of "A, B and C" / "A, B, or C" at the end of a wording, each as
/// written (parentheses kept), or `None` when there is no such list.
fn listed(wording: &str) -> Option<Vec<String>> {
    let body = without_examples(wording);
    let body = body.trim_end_matches(['?', '.', ' ']);
    let mut parts: Vec<String> = body
        .split(',')
        .flat_map(|p| {
            let p = p.trim();
            let p = p
                .strip_prefix("or ")
                .or_else(|| p.strip_prefix("and "))
                .unwrap_or(p);
            // "A and B" / "A or B" inside the last piece.
            p.split(" or ")
                .flat_map(|x| x.split(" and "))
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    // The first item starts after the clause that leads to the list.
    if let Some(first) = parts.first_mut() {
        *first = list_start(first).to_string();
    }
    parts.retain(|p| p.split_whitespace().count() <= 5);
    (parts.len() >= 2 && body.contains(',')).then_some(parts)
}

/// The first item of a list from the clause that leads to it: what follows
/// the first "on", "by", "is" … that leaves five words or fewer ("Is the
/// Trust paid by Payment by Results (PbR)" → "Payment by Results (PbR)").
fn list_start(clause: &str) -> &str {
    const LEADS: &[&str] = &[
        "on", "by", "is", "are", "use", "uses", "between", "from", "as",
    ];
    let mut at = 0;
    for word in clause.split(' ') {
        let next = at + word.len() + 1;
        let rest = clause.get(next..).unwrap_or("");
        if LEADS.contains(&word.to_ascii_lowercase().as_str())
            && !rest.is_empty()
            && rest.split_whitespace().count() <= 5
        {
            return rest;
        }
        at = next;
    }
    clause
}

/// The wording without examples in brackets ("(e.g., oncology, cardiology)").
fn without_examples(wording: &str) -> String {
    let mut out = String::with_capacity(wording.len());
    let mut rest = wording;
    while let Some(open) = rest.find('(') {
        let inside = &rest[open + 1..];
        let close = inside.find(')').map_or(rest.len(), |c| open + 1 + c + 1);
        let bracket = rest[open..close.min(rest.len())].to_ascii_lowercase();
        out.push_str(&rest[..open]);
        if !(bracket.starts_with("(e.g")
            || bracket.starts_with("(eg")
            || bracket.starts_with("(for example")
            || bracket.starts_with("(such as"))
        {
            out.push_str(&rest[open..close.min(rest.len())]);
        }
        rest = &rest[close.min(rest.len())..];
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of a split, as labels: their first word ("substantive",
/// "bank", "agency") and any word in brackets ("permanent").
fn listed_parts(wording: &str) -> Vec<String> {
    let Some(parts) = listed(wording) else {
        return Vec::new();
    };
    let mut labels: Vec<String> = Vec::new();
    for p in parts {
        let lower = p.to_lowercase();
        let (outside, inside) = match lower.split_once('(') {
            Some((o, i)) => (
                o.to_string(),
                Some(i.trim_end_matches(')').trim().to_string()),
            ),
            None => (lower.clone(), None),
        };
        if let Some(first) = content_words(&outside).into_iter().next() {
            labels.push(first);
        }
        labels.extend(inside.filter(|i| !i.is_empty()));
    }
    labels.dedup();
    labels
}

/// The options of "… A (AB), B, or another C?": each named by its
/// abbreviation or first word, found by its words; "other" for "another …";
/// and "both" when an answer names two of the others.
fn enumeration(wording: &str) -> Option<Vec<Choice>> {
    // Choices are offered with "or"; "A, B and C" lists parts of a whole.
    if !wording.contains(" or ") {
        return None;
    }
    let parts = listed(wording)?;
    if parts.len() < 3 {
        return None;
    }
    let mut options: Vec<Choice> = Vec::new();
    for p in &parts {
        let lower = p.to_lowercase();
        let words = content_words(&lower);
        if lower.starts_with("another")
            || lower.starts_with("other")
            || lower.starts_with("something else")
        {
            let mut w = vec!["other".to_string(), "another".to_string()];
            let plain = lower.trim().to_string();
            if !w.contains(&plain) {
                w.push(plain);
            }
            options.push(("other".into(), w, Vec::new()));
            continue;
        }
        let (outside, abbreviation) = match lower.split_once('(') {
            Some((o, i)) => (
                o.trim().to_string(),
                Some(i.trim_end_matches(')').trim().to_string()),
            ),
            None => (lower.trim().to_string(), None),
        };
        let name = abbreviation
            .clone()
            .filter(|a| !a.is_empty() && a.chars().all(|c| c.is_alphanumeric()))
            .or_else(|| words.first().cloned())?;
        let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() || options.iter().any(|(n, _, _)| *n == name) {
            return None;
        }
        let mut w = vec![outside.clone()];
        // A short option is named by its first word too ("Block").
        let own = content_words(&outside);
        if own.len() <= 2 && abbreviation.is_none() {
            if let Some(first) = own.into_iter().next().filter(|f| *f != outside) {
                w.push(first);
            }
        }
        w.extend(abbreviation);
        options.push((name, w, Vec::new()));
    }
    let named: Vec<String> = options
        .iter()
        .filter(|(n, _, _)| n != "other")
        .map(|(n, _, _)| n.clone())
        .collect();
    if named.len() >= 2 {
        options.push((
            "both".into(),
            [
                "both",
                "combination",
                "mixture",
                "mix of",
                "hybrid",
                "blended",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            named,
        ));
    }
    Some(options)
}

/// The words answering "X or Y?" yes (X) and no (Y): the words each side
/// has that the other has not, with their common forms.
fn alternatives(wording: &str, shared: &HashSet<String>) -> Option<(Vec<String>, Vec<String>)> {
    let body = without_brackets(wording);
    let body = body.trim_end_matches(['?', '.', ' ']);
    let (first, second) = body.rsplit_once(" or ")?;
    let first = first.trim_end_matches(',');
    let a = content_words(first);
    let b = content_words(second);
    let stem_of = |w: &str| text::stem(w);
    let b_stems: HashSet<_> = b.iter().map(|w| stem_of(w)).collect();
    let a_stems: HashSet<_> = a.iter().map(|w| stem_of(w)).collect();
    // The second side is short ("separate teams"); the first is the clause's
    // end with as many words.
    let a_tail: Vec<String> = a.iter().rev().take(b.len().max(1)).rev().cloned().collect();
    let only = |side: &[String], other: &HashSet<_>| -> Vec<String> {
        side.iter()
            .filter(|w| !other.contains(&stem_of(w)))
            .cloned()
            .collect()
    };
    // Words of this question alone, when there are any.
    let distinctive = |words: Vec<String>| -> Vec<String> {
        let own: Vec<String> = words
            .iter()
            .filter(|w| !shared.contains(*w))
            .cloned()
            .collect();
        if own.is_empty() {
            words
        } else {
            own
        }
    };
    let yes_words = distinctive(only(&a_tail, &b_stems));
    let no_words = distinctive(only(&b, &a_stems));
    if yes_words.is_empty() || no_words.is_empty() {
        return None;
    }
    let phrase = |words: &[String], side: &[String]| -> Vec<String> {
        let mut out = Vec::new();
        if side.len() >= 2 && side.len() <= 3 {
            out.push(side.join(" "));
        }
        for w in words {
            out.extend(forms(w));
        }
        out.dedup();
        out
    };
    Some((phrase(&yes_words, &a_tail), phrase(&no_words, &b)))
}

/// The wording without anything in brackets ("(EPR)").
fn without_brackets(wording: &str) -> String {
    let mut out = String::with_capacity(wording.len());
    let mut depth = 0usize;
    for c in wording.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A word and the forms answers use: "integrate" → "integrated",
/// "integrates", "integration"; "standalone" → "stand alone", "stand-alone".
fn forms(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    if let Some(stem) = word.strip_suffix("ate") {
        out.extend([
            format!("{word}d"),
            format!("{word}s"),
            format!("{stem}ation"),
        ]);
    }
    if word == "standalone" {
        out.extend(["stand alone".into(), "stand-alone".into()]);
    }
    out
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// The TOML of a drafted schema, with comments for the person who edits it.
fn render(name: &str, title: &str, questions: &[Drafted]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Drafted by `foil schema new` from the request's own wording.\n\
         # Edit the keys, kinds and words, then name it in foil.toml:\n\
         #   schema_files = [\"schemas/*.toml\"]   and, to use it for every response,\n\
         #   schema = {}\n\
         # Kinds: count, number, money, percent, wte, range, yes_no, enum, list,\n\
         # table, text, contact, breakdown (a labelled split).",
        quoted(name)
    );
    let _ = writeln!(s, "name = {}", quoted(name));
    let _ = writeln!(s, "title = {}", quoted(title));
    for q in questions {
        let _ = writeln!(s, "\n[[question]]\nkey = {}", quoted(&q.key));
        if let Some(section) = &q.section {
            let _ = writeln!(s, "section = {}", quoted(section));
        }
        let _ = writeln!(s, "number = {}", quoted(&q.number));
        let _ = writeln!(s, "text = {}", quoted(&q.text));
        let _ = writeln!(s, "expects = {}", list(&q.expects));
        if !q.keywords.is_empty() {
            let _ = writeln!(s, "keywords = {}", list(&q.keywords));
        }
        if !q.labels.is_empty() {
            let _ = writeln!(s, "labels = {}", list(&q.labels));
        }
        if !q.yes.is_empty() {
            let _ = writeln!(s, "# Words that answer the question yes, and no.");
            let _ = writeln!(s, "yes = {}", list(&q.yes));
            let _ = writeln!(s, "no = {}", list(&q.no));
        }
        if let Some((key, answer)) = &q.asked_if {
            let _ = writeln!(
                s,
                "asked_if = {{ question = {}, answer = {} }}",
                quoted(key),
                quoted(answer)
            );
        }
        for (name, words, when_all) in &q.options {
            let _ = writeln!(
                s,
                "\n[[question.option]]\nname = {}\nwords = {}",
                quoted(name),
                list(words)
            );
            if !when_all.is_empty() {
                let _ = writeln!(s, "when_all = {}", list(when_all));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = "\
Freedom of Information request

Please provide the following:

1. How many beds does your Trust have in 2025?
2. Are the wards managed by one team or separate teams?
3. If yes, please describe the team.
4. Is the Trust paid by Payment by Results (PbR), block contracts, or another model?
5. What proportion of nursing WTE is substantive (permanent), bank staff, and agency staff?
6. Could you provide the contact details (name, job title and email) of the ward manager?
7. How much did the Trust spend on agency nurses in 2024?
";

    #[test]
    fn each_question_gets_a_key_wording_and_kinds() {
        let d = draft(REQUEST);
        let keys: Vec<&str> = d.iter().map(|q| q.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "beds",
                "wards_managed_one",
                "describe_team",
                "paid_payment_results",
                "proportion_nursing_wte",
                "contact_details_name",
                "spend_agency_nurses"
            ]
        );
        assert_eq!(d[0].expects, ["count", "percent"]);
        assert_eq!(d[1].expects, ["yes_no"]);
        assert_eq!(d[1].yes, ["one team", "one"]);
        assert_eq!(d[1].no[..2], ["separate teams", "separate"]);
        assert_eq!(d[2].asked_if, Some((d[1].key.clone(), "yes".into())));
        assert_eq!(d[3].expects, ["enum"]);
        let names: Vec<&str> = d[3].options.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["pbr", "block", "other", "both"]);
        assert_eq!(d[4].expects, ["breakdown"]);
        assert_eq!(d[4].labels, ["substantive", "permanent", "bank", "agency"]);
        assert_eq!(d[5].expects, ["contact"]);
        assert_eq!(d[6].expects, ["money"]);
    }

    #[test]
    fn the_toml_reads_back_as_a_schema() {
        let toml = schema_toml(REQUEST, "wards-2025", "Wards, 2025").unwrap();
        let schema = Schema::from_toml(&toml, "test").unwrap();
        assert_eq!(schema.questions.len(), 7);
        assert!(schema.questions[4].breakdown);
        assert!(schema.questions[5].personal);
        assert!(matches!(
            schema_toml("Dear Sir, thank you.", "x", "x"),
            Err(DraftError::NoQuestions)
        ));
    }

    #[test]
    fn keys_stay_unique() {
        let mut taken = HashSet::new();
        let a = unique_key("How many beds?", &mut taken);
        let b = unique_key("How many beds?", &mut taken);
        assert_ne!(a, b);
        assert_eq!(b, "beds_2");
    }
}
