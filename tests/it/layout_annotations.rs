//! Layout annotations (`question`, `answer`, `furniture`) through the real
//! engine, on the invented responses of `fixtures/`, one per layout family
//! of the corpus: numbered questions with `OUR RESPONSE:`, a REQUEST section
//! then a RESPONSE section, `You asked:` / `Our response:` blocks, markdown
//! `**Q1**` / `**A1**`, a letter with page furniture and a table shared by
//! two questions, lettered sub-questions.
//!
//! Each test takes whatever foil reads of a fixture, writes the annotation a
//! person would, reads the text again and checks the reading moved as the
//! annotation says (and nothing of the response's own words changed).

use foil::engine::{analyze, Analysis, Exchange};

const LAYOUTS: [&str; 6] = [
    "oakvale-our-response.txt",
    "ridgeway-request-response.txt",
    "greenfield-you-asked-our-response.txt",
    "fenwick-markdown.md",
    "harbourside-letter.txt",
    "larkhill-lettered.txt",
];

fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines (without breaks) of the answer of `e`, as they stand in `text`.
fn answer_lines<'t>(text: &'t str, e: &Exchange) -> Vec<&'t str> {
    let Some(a) = &e.answer else {
        return Vec::new();
    };
    text[a.span.start..a.span.end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// An answer line to mark, and the exchange whose answer holds it: the
/// second line of the first answer of two lines or more, else the first
/// line of the second answer.
fn two_line_answer<'t>(text: &'t str, a: &Analysis) -> (usize, &'t str) {
    let asked = || {
        a.exchanges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.question.is_some())
    };
    asked()
        .find_map(|(i, e)| answer_lines(text, e).get(1).map(|l| (i, *l)))
        .or_else(|| {
            asked()
                .filter_map(|(i, e)| answer_lines(text, e).first().map(|l| (i, *l)))
                .nth(1)
        })
        .unwrap_or_else(|| panic!("no answer to mark in {:?}", &text[..40.min(text.len())]))
}

/// The exchange with a question and an answer that stands last before `owner`'s answer.
fn answered_before(a: &Analysis, owner: usize) -> usize {
    let at = a.exchanges[owner].answer.as_ref().unwrap().span.start;
    a.exchanges
        .iter()
        .enumerate()
        .filter(|(i, e)| *i != owner && e.question.is_some())
        .filter_map(|(i, e)| Some((i, e.question.as_ref()?.span.start)))
        .filter(|&(_, q)| q < at)
        .max_by_key(|&(_, q)| q)
        .map(|(i, _)| i)
        .expect("a question before the answer")
}

/// `text` with `annotation` on a line of its own before the line holding `line`.
fn before_line(text: &str, line: &str, annotation: &str) -> String {
    let at = text.find(line).expect("the line");
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    format!("{}{annotation}{eol}{}", &text[..start], &text[start..])
}

fn without_annotations(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("<!-- foil"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn furniture_leaves_a_line_out_of_every_answer() {
    for name in LAYOUTS {
        let text = fixture(name);
        let (_, line) = two_line_answer(&text, &analyze(&text));
        let marked = before_line(&text, line, "<!-- foil furniture -->");
        let after = analyze(&marked);
        let answers: Vec<String> = after
            .exchanges
            .iter()
            .filter_map(|e| e.answer.as_ref().map(|a| a.text.clone()))
            .collect();
        assert!(
            answers.iter().all(|a| !a.contains(line)),
            "{name}: {line:?} still in an answer: {answers:?}"
        );
        assert!(
            after
                .findings
                .iter()
                .all(|f| f.code.as_str() != "annotation-invalid"),
            "{name}"
        );
        assert_eq!(without_annotations(&marked), without_annotations(&text));
    }
}

#[test]
fn an_answer_annotation_moves_where_the_answer_starts() {
    for name in LAYOUTS {
        let text = fixture(name);
        let before = analyze(&text);
        let (owner, line) = two_line_answer(&text, &before);
        let k = answered_before(&before, owner);
        let (key, owner_key) = (
            before.exchanges[k].key.clone(),
            before.exchanges[owner].key.clone(),
        );
        let marked = before_line(&text, line, &format!("<!-- foil answer q={key} -->"));
        let after = analyze(&marked);
        let e = after.exchange(&key).expect("the question keeps its key");
        let answer = e.answer.as_ref().expect("an answer").text.clone();
        let words = line.trim_start_matches(|c: char| !c.is_alphanumeric());
        assert!(answer.contains(words), "{name}: {key} answers {answer:?}");
        let was = after.exchange(&owner_key).and_then(|e| e.answer.as_ref());
        assert!(
            owner_key == key || was.is_none_or(|a| !a.text.contains(words)),
            "{name}: {line:?} still answers {owner_key}"
        );
    }
}

#[test]
fn a_question_annotation_starts_a_question_foil_did_not_see() {
    for name in LAYOUTS {
        let text = fixture(name);
        let before = analyze(&text);
        let (i, line) = two_line_answer(&text, &before);
        let marked = before_line(&text, line, "<!-- foil question -->");
        let after = analyze(&marked);
        let asked: Vec<&str> = after
            .exchanges
            .iter()
            .filter_map(|e| e.question.as_ref().map(|q| q.text.as_str()))
            .collect();
        // The question holds the whole line (after any label or bullet).
        let words: Vec<&str> = line.split_whitespace().collect();
        let tail = words[words.len().saturating_sub(2)..].join(" ");
        assert!(
            asked.iter().any(|q| q.contains(&tail)),
            "{name}: no question holds {line:?}: {asked:?}"
        );
        let kept = &after.exchanges[i];
        assert!(
            kept.answer.as_ref().is_none_or(|a| !a.text.contains(line)),
            "{name}: {line:?} still answers {}",
            kept.key
        );
    }
}

#[test]
fn a_question_annotation_maps_its_question_to_the_schema_key() {
    let text = fixture("oakvale-our-response.txt");
    let before = analyze(&text);
    assert_eq!(before.schema.as_deref(), Some("nhs-clinical-coding-2024"));
    let asked = before.exchange("same_team").expect("question 6 is read");
    let line = asked.question.as_ref().unwrap().text.clone();
    let marked = before_line(&text, &line[..30], "<!-- foil question q=coding_wte -->");
    let after = analyze(&marked);
    let e = after.exchange("coding_wte").unwrap();
    assert_eq!(
        e.question.as_ref().map(|q| q.text.as_str()),
        Some(line.as_str())
    );
    // What was read as coding_wte is no longer matched to it.
    assert_eq!(
        after
            .exchanges
            .iter()
            .filter(|e| e.key == "coding_wte")
            .count(),
        1
    );
}

#[test]
fn a_marked_answer_stops_at_the_next_question_or_layout_annotation() {
    let text = "Request\n\
                1. How many beds does the Trust have?\n\
                2. How many wards are there?\n\
                Response\n\
                We have 410 beds across the two sites.\n\
                There are 22 wards.\n\
                If you are unhappy with this response you may ask for an internal review.\n";
    let marked = before_line(text, "We have 410", "<!-- foil answer q=q1 -->");
    let marked = before_line(&marked, "There are 22", "<!-- foil answer q=q2 -->");
    let a = analyze(&marked);
    let answer = |k: &str| {
        a.exchange(k)
            .and_then(|e| e.answer.as_ref())
            .map(|x| x.text.clone())
    };
    assert_eq!(
        answer("q1").as_deref(),
        Some("We have 410 beds across the two sites.")
    );
    assert_eq!(answer("q2").as_deref(), Some("There are 22 wards."));
    let figures = |k: &str| {
        a.exchange(k)
            .unwrap()
            .values
            .iter()
            .filter_map(|v| v.value.as_number())
            .collect::<Vec<_>>()
    };
    assert_eq!(figures("q1"), [410.0]);
    assert_eq!(figures("q2"), [22.0]);
}

#[test]
fn a_layout_annotation_for_no_question_is_invalid() {
    let text = "1. How many beds?\nOUR RESPONSE: 410\n<!-- foil answer q=q9 -->\nMore text here.\n";
    let a = analyze(text);
    let invalid: Vec<&str> = a
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "annotation-invalid")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert!(invalid[0].contains("q9"), "{invalid:?}");
    let bad = "1. How many beds?\nOUR RESPONSE: 410\n<!-- foil furniture q=q1 -->\nx\n";
    assert!(analyze(bad)
        .findings
        .iter()
        .any(|f| f.code.as_str() == "annotation-invalid" && f.message.contains("furniture")));
}
