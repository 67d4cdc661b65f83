//! Matching a response's questions to a schema's questions by number and
//! wording: responses renumber, merge and paraphrase, so wording leads and the
//! number breaks ties.

use crate::engine::schema::{Schema, SchemaQuestion, SchemaSet};
use crate::engine::text::{self, Stem};

/// One document question matched to one schema question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// Index of the document question.
    pub question: usize,
    /// Index of the schema question.
    pub schema_question: usize,
    pub score: f32,
}

/// Lowest score for a wording to count as the schema's question.
const ACCEPT: f32 = 0.42;
/// Share of a schema's questions a document must ask for the schema to apply.
const COVERAGE: f32 = 0.5;

/// Content-word stems of `s`, sorted and without repeats.
pub fn stem_set(s: &str) -> Vec<Stem> {
    let mut v = text::content_stems(s);
    v.sort_unstable();
    v.dedup();
    v
}

fn overlap(a: &[Stem], b: &[Stem]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Similarity of two stem sets in 0..=1: the Dice coefficient, or most of the
/// containment of the shorter in the longer when one paraphrases part of the other.
pub fn stem_similarity(a: &[Stem], b: &[Stem]) -> f32 {
    similarity_of_counts(overlap(a, b), a.len(), b.len())
}

/// [`stem_similarity`] from the size of the intersection and of the two sets.
fn similarity_of_counts(common: usize, a: usize, b: usize) -> f32 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let common = common as f32;
    let dice = 2.0 * common / (a + b) as f32;
    let shorter = a.min(b) as f32;
    let containment = if shorter >= 3.0 {
        common / shorter
    } else {
        0.0
    };
    dice.max(0.85 * containment)
}

/// Similarity of two question wordings in 0..=1.
pub fn similarity(a: &str, b: &str) -> f32 {
    stem_similarity(&stem_set(a), &stem_set(b))
}

/// What all of a schema question's keywords add to a score, and its number.
const KEYWORD_BONUS: f32 = 0.2;
const NUMBER_BONUS: f32 = 0.08;

/// Whether a document question's printed label ("7", "Q7") is the schema
/// question's number.
fn numbered_as(label: Option<&str>, q: &SchemaQuestion) -> bool {
    label.is_some_and(|n| n.trim_start_matches(['Q', 'q']) == q.number)
}

/// How well a document question (its stems, how many of them the schema
/// question shares, and its printed number) matches a schema question.
fn score(stems: &[Stem], common: usize, number: Option<&str>, q: &SchemaQuestion) -> f32 {
    let mut s = similarity_of_counts(common, stems.len(), q.stems.len());
    if !q.keyword_stems.is_empty() {
        let found = q
            .keyword_stems
            .iter()
            .filter(|k| !k.is_empty() && k.iter().all(|w| stems.binary_search(w).is_ok()))
            .count();
        s += KEYWORD_BONUS * found as f32 / q.keyword_stems.len() as f32;
    }
    if numbered_as(number, q) {
        s += NUMBER_BONUS;
    }
    s
}

/// A document question as the matcher sees it: printed number and wording.
/// A document question's label (`'n`) and words (`'q`, needed only while preparing).
pub type Asked<'n, 'q> = (Option<&'n str>, &'q str);

/// A document question made ready for matching once, whatever the schemas.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    number: Option<&'a str>,
    stems: Vec<Stem>,
}

impl Prepared<'_> {
    /// The question's content-word stems, sorted and unique.
    pub fn stems(&self) -> &[Stem] {
        &self.stems
    }
}

pub fn prepare<'n>(questions: &[Asked<'n, '_>]) -> Vec<Prepared<'n>> {
    questions
        .iter()
        .map(|(number, t)| Prepared {
            number: *number,
            stems: stem_set(t),
        })
        .collect()
}

/// Pairs document questions with schema questions, best pairs first; each side
/// is used at most once.
pub fn match_questions(schema: &Schema, questions: &[Prepared]) -> Vec<Match> {
    // Which schema questions hold each stem. A pair that shares no stem
    // scores at most the two bonuses, below `ACCEPT`: each document question is
    // scored only against the schema questions it shares a stem with.
    let mut postings: Vec<(Stem, usize)> = schema
        .questions
        .iter()
        .enumerate()
        .flat_map(|(si, q)| q.stems.iter().map(move |&s| (s, si)))
        .collect();
    postings.sort_unstable();
    let mut common = vec![0usize; schema.questions.len()];
    let mut candidates: Vec<Match> = Vec::new();
    for (qi, p) in questions.iter().enumerate() {
        // An answer numbered as the request was, with no words of its
        // question ("9. No."): its number is all there is to match. Such a
        // match never counts towards choosing the schema (it is below the
        // strong matches' 0.5); it maps answers once a schema applies.
        if p.stems.is_empty() {
            if let Some(si) = schema
                .questions
                .iter()
                .position(|q| numbered_as(p.number, q))
            {
                candidates.push(Match {
                    question: qi,
                    schema_question: si,
                    score: ACCEPT,
                });
            }
            continue;
        }
        common.fill(0);
        for stem in &p.stems {
            let from = postings.partition_point(|(s, _)| s < stem);
            for (_, si) in postings[from..].iter().take_while(|(s, _)| s == stem) {
                common[*si] += 1;
            }
        }
        for (si, sq) in schema.questions.iter().enumerate() {
            if common[si] == 0 {
                continue;
            }
            let s = score(&p.stems, common[si], p.number, sq);
            if s >= ACCEPT {
                candidates.push(Match {
                    question: qi,
                    schema_question: si,
                    score: s,
                });
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.question.cmp(&b.question))
    });
    let mut used_q = vec![false; questions.len()];
    let mut used_s = vec![false; schema.questions.len()];
    let mut out = Vec::new();
    for m in candidates {
        if !used_q[m.question] && !used_s[m.schema_question] {
            used_q[m.question] = true;
            used_s[m.schema_question] = true;
            out.push(m);
        }
    }
    in_step_with_neighbours(schema, questions, &mut out, &used_q, &mut used_s);
    out.sort_by_key(|m| m.question);
    out
}

/// A question paraphrased past recognition ("If yes, please provide
/// details") still has its number. Where the nearest matched questions
/// around it are numbered as the schema numbers them, and the numbers count
/// up in step between them, it is the schema question of its number.
fn in_step_with_neighbours(
    schema: &Schema,
    questions: &[Prepared],
    out: &mut Vec<Match>,
    matched: &[bool],
    used_s: &mut [bool],
) {
    let number_of = |qi: usize| -> Option<usize> {
        questions[qi]
            .number
            .map(|n| n.trim_start_matches(['Q', 'q']))
            .and_then(|n| n.parse().ok())
    };
    let schema_number = |si: usize| schema.questions[si].number.parse::<usize>().ok();
    // Each matched question whose printed number is its schema question's,
    // in order; and how many questions are matched before each index.
    let mut anchors: Vec<usize> = out
        .iter()
        .filter(|m| {
            number_of(m.question).is_some()
                && number_of(m.question) == schema_number(m.schema_question)
        })
        .map(|m| m.question)
        .collect();
    anchors.sort_unstable();
    let mut matched_before = Vec::with_capacity(questions.len() + 1);
    matched_before.push(0usize);
    for &m in matched {
        matched_before.push(matched_before.last().copied().unwrap_or(0) + usize::from(m));
    }
    // Both anchors, counting up one a question to `qi`, with nothing else
    // matched between them.
    let in_step = |qi: usize, number: usize| {
        let at = anchors.partition_point(|&a| a < qi);
        let before = at.checked_sub(1).map(|k| anchors[k]);
        let after = anchors.get(at).copied();
        let counts_from = |a: usize| {
            number_of(a).is_some_and(|n| n as isize - number as isize == a as isize - qi as isize)
        };
        let (from, to) = (
            before.map_or(0, |b| b + 1),
            after.unwrap_or(questions.len()),
        );
        (before.is_some() || after.is_some())
            && before.is_none_or(counts_from)
            && after.is_none_or(counts_from)
            && matched_before[to] - matched_before[from] == 0
    };
    for qi in (0..questions.len()).filter(|&qi| !matched[qi]) {
        let Some(number) = number_of(qi) else {
            continue;
        };
        let Some(si) = schema
            .questions
            .iter()
            .position(|q| q.number.parse::<usize>().ok() == Some(number))
        else {
            continue;
        };
        if !used_s[si] && in_step(qi, number) {
            used_s[si] = true;
            out.push(Match {
                question: qi,
                schema_question: si,
                score: ACCEPT,
            });
        }
    }
}

/// A request's questions come in the first few hundred of a response; the
/// choice looks no further.
pub const CHOOSE_WITHIN: usize = 300;

/// The schema whose questions these are, if any asks enough of them, with
/// the matches of (at most the first [`CHOOSE_WITHIN`] of) `questions`.
pub fn choose_schema<'s>(
    set: &'s SchemaSet,
    questions: &[Prepared],
) -> Option<(&'s Schema, Vec<Match>)> {
    let questions = &questions[..questions.len().min(CHOOSE_WITHIN)];
    let mut best: Option<(&Schema, f32, Vec<Match>)> = None;
    for schema in set.iter() {
        if schema.questions.is_empty() {
            continue;
        }
        let matches = match_questions(schema, questions);
        let strong = matches.iter().filter(|m| m.score >= 0.5).count() as f32;
        let coverage = strong / schema.questions.len() as f32;
        // Most of the document's own questions must belong to the schema too.
        let share = matches.len() as f32 / questions.len().max(1) as f32;
        if coverage >= COVERAGE && share >= 0.5 && best.as_ref().is_none_or(|b| coverage > b.1) {
            best = Some((schema, coverage, matches));
        }
    }
    best.map(|(s, _, m)| (s, m))
}

/// The schema of a reply that numbers its answers without the questions,
/// from the subjects its answers name (`questions` are those subjects):
/// a quarter of them must match their schema questions by wording, and
/// three quarters of the schema's questions must be answered under their
/// own numbers.
pub fn choose_schema_by_topics<'s>(
    set: &'s SchemaSet,
    questions: &[Prepared],
) -> Option<&'s Schema> {
    let questions = &questions[..questions.len().min(CHOOSE_WITHIN)];
    set.iter()
        .filter(|schema| !schema.questions.is_empty())
        .filter(|schema| {
            let n = schema.questions.len();
            let matches = match_questions(schema, questions);
            let strong = matches.iter().filter(|m| m.score >= 0.5).count();
            let in_step = matches
                .iter()
                .filter(|m| {
                    numbered_as(
                        questions[m.question].number,
                        &schema.questions[m.schema_question],
                    )
                })
                .count();
            strong >= 3 && strong * 4 >= n && in_step * 4 >= n * 3
        })
        .max_by_key(|schema| schema.questions.len())
}

/// Whether `s` is worded like some question of some schema in `set`.
pub fn is_known_question(set: &SchemaSet, s: &str) -> bool {
    let stems = stem_set(s);
    if stems.len() < 3 {
        return false;
    }
    set.iter()
        .flat_map(|schema| schema.questions.iter())
        .any(|q| stem_similarity(&stems, &q.stems) >= 0.6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_sharing_no_stem_cannot_match() {
        // `match_questions` skips such pairs.
        const { assert!(KEYWORD_BONUS + NUMBER_BONUS < ACCEPT) };
    }

    #[test]
    fn similar_wordings() {
        assert!(
            similarity(
                "How many WTE coders do you employ?",
                "How many WTE coders do you employ?"
            ) > 0.99
        );
        assert!(
            similarity(
                "How many episodes were coded in 2024?",
                "What is the size of the coding team?"
            ) < 0.3
        );
    }

    #[test]
    fn matches_paraphrases_and_renumbering() {
        let set = SchemaSet::builtin();
        let schema = set.get("nhs-clinical-coding-2024").unwrap();
        let asked: Vec<Asked> = vec![
            (
                Some("1"),
                "How many episodes of care did you code in 2024, inpatient and outpatient?",
            ),
            (
                Some("2"),
                "Do you have any automated coding solution in place?",
            ),
            (Some("3"), "Which coding software or systems do you use?"),
        ];
        let m = match_questions(schema, &prepare(&asked));
        let keys: Vec<&str> = m
            .iter()
            .map(|m| schema.questions[m.schema_question].key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["episodes_coded", "automated_solution", "coding_systems"]
        );
    }

    #[test]
    fn paraphrases_numbered_in_step_match_by_their_number() {
        let set = SchemaSet::builtin();
        let schema = set.get("nhs-clinical-coding-2024").unwrap();
        let keys = |asked: &[Asked]| -> Vec<(usize, String)> {
            match_questions(schema, &prepare(asked))
                .iter()
                .map(|m| (m.question, schema.questions[m.schema_question].key.clone()))
                .collect()
        };
        let asked: Vec<Asked> = vec![
            (Some("9"), "Does the Trust currently have any automated solutions in place for clinical coding?"),
            (Some("10"), "If yes, please provide details"),
            (Some("11"), "If no, are there plans to introduce one?"),
            (Some("12"), "Is the Trust on Payment by Results (PbR), block contracts, or another financial model?"),
        ];
        let got = keys(&asked);
        assert_eq!(
            got.iter().map(|(_, k)| k.as_str()).collect::<Vec<_>>(),
            [
                "automated_solution",
                "automated_solution_details",
                "automation_plans",
                "financial_model"
            ]
        );
        // Out of step (the response numbers its own way): no guess.
        let renumbered: Vec<Asked> = vec![
            (Some("1"), "Does the Trust currently have any automated solutions in place for clinical coding?"),
            (Some("2"), "If yes, please provide details"),
            (Some("3"), "Is the Trust on Payment by Results (PbR), block contracts, or another financial model?"),
        ];
        assert!(keys(&renumbered).iter().all(|(q, _)| *q != 1));
    }

    #[test]
    fn answers_naming_their_subjects_choose_the_schema() {
        let set = SchemaSet::builtin();
        let subjects = [
            "Episodes coded in 2024",
            "Uncoded episodes",
            "The Trust does not hold an estimate of income lost.",
            "Please see the attached spreadsheet for the split by specialty.",
            "The coding team is led by the Head of Clinical Coding.",
            "Yes, the same team codes inpatient and outpatient activity.",
            "WTE.",
            "WTE substantive, WTE agency, no bank staff.",
            "No.",
            "Not applicable.",
            "We are exploring options but have no firm plans.",
            "Block contract.",
            "Medicode and Lorenzo.",
            "The EPR does not integrate coding; coders use a standalone encoder.",
            "Recruitment and retention of experienced coders.",
            "The Head of Clinical Coding.",
        ];
        let labels: Vec<String> = (1..=16).map(|n| format!("Q{n}")).collect();
        let asked: Vec<Asked> = subjects
            .iter()
            .zip(&labels)
            .map(|(w, l)| (Some(l.as_str()), *w))
            .collect();
        let chosen = choose_schema_by_topics(&set, &prepare(&asked)).map(|s| s.name.as_str());
        assert_eq!(chosen, Some("nhs-clinical-coding-2024"));
        // Sixteen numbered answers about something else choose nothing.
        let other: Vec<Asked> = labels
            .iter()
            .map(|l| (Some(l.as_str()), "Pothole repairs on rural roads"))
            .collect();
        assert!(choose_schema_by_topics(&set, &prepare(&other)).is_none());
    }

    #[test]
    fn chooses_no_schema_for_other_requests() {
        let set = SchemaSet::builtin();
        let asked: Vec<Asked> = vec![
            (Some("1"), "How many beds does your Trust have?"),
            (Some("2"), "How many in-patients did you have in 2016?"),
        ];
        assert!(choose_schema(&set, &prepare(&asked)).is_none());
    }

    #[test]
    fn answers_without_words_match_by_their_number_only() {
        let set = SchemaSet::builtin();
        let schema = set.get("nhs-clinical-coding-2024").unwrap();
        let asked: Vec<Asked> = vec![(Some("7"), ""), (Some("9"), ""), (None, "")];
        let prepared = prepare(&asked);
        let matches = match_questions(schema, &prepared);
        let keys: Vec<&str> = matches
            .iter()
            .map(|m| schema.questions[m.schema_question].key.as_str())
            .collect();
        assert_eq!(keys, ["coding_wte", "automated_solution"]);
        // Numbers alone never choose a schema.
        assert!(choose_schema(&set, &prepared).is_none());
    }
}
