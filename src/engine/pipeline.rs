//! The order of the stages. Each stage is a pure function of the text and the
//! previous stages' output, and lives in its own module; this file only wires
//! them together.

use crate::engine::model::{
    first_number, Analysis, Code, Exchange, Finding, Located, Meta, Span, Status, ValueKind,
};
use crate::engine::schema::{self, Schema};
use crate::engine::segment::{self, Layout, Segment};
use crate::engine::status::{self, Target};
use crate::engine::{annotation, checks, detect, meta, text, values, Engine};

pub(crate) fn analyze(engine: &Engine, text: &str) -> Analysis {
    read(engine, text, true)
}

/// foil's own reading: annotation lines are left out of the text, and none
/// of them is applied (what `foil check` compares with, to say which
/// findings the annotations resolved).
pub(crate) fn analyze_unannotated(engine: &Engine, text: &str) -> Analysis {
    read(engine, text, false)
}

fn read(engine: &Engine, text: &str, annotated: bool) -> Analysis {
    let annotations = annotation::scan(text);
    let lines = segment::reading_lines(text);
    let marks = if annotated {
        annotation::layout::Marks::read(text, &lines, &annotations)
    } else {
        annotation::layout::Marks::default()
    };
    let (mut layout, infos) = lay_out(engine, text, &lines, &annotations, &marks);
    let meta = read_meta(text, &lines, &layout);
    let mut asked = questions_asked(text, &layout);
    let mut matching = match_schema(engine, text, &layout, &asked);
    if !marks.is_empty() {
        let pinned = marks.pinned_keys(&lines, &layout);
        pin_keys(&mut matching, &pinned);
        let key_of = |k: usize| exchange_key(&matching, k);
        let removed = marks.place_answers(text, &infos, &mut layout, key_of);
        if !removed.is_empty() || marks.places_answers() {
            forget_segments(&mut matching, &removed);
            asked = questions_asked(text, &layout);
        }
    }
    let mut exchanges = read_exchanges(text, &layout, &asked, &matching);
    let schema = matching.schema;
    // Let go of what later stages do not read: a large response's layout
    // and questions take as much memory as its reading.
    drop((asked, matching, infos));
    status::apply_notes(text, &layout.notes, &mut exchanges);
    status::attached_before_the_questions(&text[..layout.body_start], &mut exchanges);
    status::cover_whole_request(&mut exchanges);
    let mut early = personal_data(text, &layout, &exchanges);
    early.extend(layout_doubts(&layout, &exchanges));
    early.extend(status_doubts(&exchanges));
    let cut_off = layout.cut_off;
    drop(layout);
    let mut exchanges = in_schema_order(schema, exchanges);
    let targets = resolve_referrals(&mut exchanges);
    let mut analysis = assemble(text, schema, meta, exchanges);
    checks::run(text, &mut analysis, (schema, cut_off), early, &targets);
    if annotated {
        annotation::apply(text, &mut analysis, &annotations, schema);
    }
    apply_severities(engine, &mut analysis);
    analysis
}

/// Lines → layout: where each question and its answer lie. Annotation lines
/// are invisible to it; layout annotations mark the lines first. Returns the
/// lines' facts too when there are layout annotations (placing answers needs
/// them once questions have their keys).
fn lay_out(
    engine: &Engine,
    text: &str,
    lines: &[text::Line],
    annotations: &[annotation::Scanned],
    marks: &annotation::layout::Marks,
) -> (Layout, Vec<segment::LineInfo>) {
    let hidden: Vec<Span> = annotations.iter().map(|s| s.line).collect();
    let known = |s: &str| schema::is_known_question(engine.schemas(), s);
    let mut infos = segment::scan_lines(text, lines, &hidden);
    if marks.is_empty() {
        return (segment::segment_lines(text, infos, &known), Vec::new());
    }
    marks.mark_lines(&mut infos);
    let kept = infos.clone();
    let mut layout = segment::segment_lines(text, infos, &known);
    segment::keep_pinned(text, &kept, &mut layout);
    (layout, kept)
}

/// A `question q=KEY` annotation maps its question to schema key KEY (and
/// no other question to it).
fn pin_keys(matching: &mut Matching, pinned: &[(usize, String)]) {
    let Some(schema) = matching.schema else {
        return;
    };
    for (segment, key) in pinned {
        let Some(k) = schema.questions.iter().position(|q| &q.key == key) else {
            continue;
        };
        for m in matching.matched.iter_mut().filter(|m| **m == Some(k)) {
            *m = None;
        }
        if let Some(m) = matching.matched.get_mut(*segment) {
            *m = Some(k);
        }
    }
}

/// The key document question `k` gets: its schema key, else `q` and its place.
fn exchange_key(matching: &Matching, k: usize) -> String {
    match (matching.matched.get(k).copied().flatten(), matching.schema) {
        (Some(i), Some(schema)) => schema.questions[i].key.clone(),
        _ => format!("q{}", k + 1),
    }
}

/// Drops what the matching knows of removed segments (indices ascending).
fn forget_segments(matching: &mut Matching, removed: &[usize]) {
    for &k in removed.iter().rev() {
        if k < matching.matched.len() {
            matching.matched.remove(k);
            matching.stems.remove(k);
        }
    }
}

fn read_meta(text: &str, lines: &[text::Line], layout: &Layout) -> Meta {
    let header_end = layout.request_start.unwrap_or(layout.body_start);
    meta::read(
        text,
        lines,
        (layout.body_start, header_end),
        layout.closing_start,
    )
}

/// Each segment's question as one line of words, with its printed label.
struct Asked {
    label: Option<String>,
    text: String,
}

fn questions_asked(text: &str, layout: &Layout) -> Vec<Asked> {
    layout
        .segments
        .iter()
        .map(|s| Asked {
            label: s.label.clone(),
            text: s
                .question
                .as_ref()
                .map(|q| q.folded(text))
                .unwrap_or_default(),
        })
        .collect()
}

/// The words before an answer's figure or verdict that name its subject:
/// "Episodes coded in 2024: 158,402 …" → "Episodes coded in 2024".
fn answer_topic(line: &str) -> &str {
    let end = line
        .find([':', '–', '—'])
        .or_else(|| line.find(|c: char| c.is_ascii_digit() || c == '£'))
        .unwrap_or(line.len());
    line[..end].trim()
}

/// The schema the response answers, and which of its questions each
/// document question is.
struct Matching<'e> {
    schema: Option<&'e Schema>,
    /// Per document question: the index of its schema question.
    matched: Vec<Option<usize>>,
    /// Per document question: its content-word stems, for reading values.
    stems: Vec<Vec<text::Stem>>,
}

fn match_schema<'e>(
    engine: &'e Engine,
    text: &str,
    layout: &Layout,
    asked: &[Asked],
) -> Matching<'e> {
    let pairs: Vec<schema::Asked> = asked
        .iter()
        .map(|a| (a.label.as_deref(), a.text.as_str()))
        .collect();
    let prepared = schema::prepare(&pairs);
    let schema = match &engine.config().schema {
        Some(name) => engine.schemas().get(name),
        None => schema::choose_schema(engine.schemas(), &prepared)
            .map(|(s, _)| s)
            .or_else(|| schema_from_topics(engine, text, layout, asked)),
    };
    let mut matched = vec![None; asked.len()];
    if let Some(s) = schema {
        for m in schema::match_questions(s, &prepared) {
            matched[m.question] = Some(m.schema_question);
        }
    }
    Matching {
        schema,
        matched,
        stems: prepared.iter().map(|p| p.stems().to_vec()).collect(),
    }
}

/// A reply that numbers its answers without restating the questions
/// ("Q1 – Episodes coded in 2024: 158,402", "Q2 – Uncoded episodes: 912")
/// names their subjects: matched as questions, they choose the schema.
fn schema_from_topics<'e>(
    engine: &'e Engine,
    text: &str,
    layout: &Layout,
    asked: &[Asked],
) -> Option<&'e Schema> {
    // For an answer without its question, the words naming what it answers.
    let topic = |seg: &Segment| {
        seg.answer
            .as_ref()
            .map(|a| answer_topic(a.pieces[0].slice(text)))
    };
    if !layout
        .segments
        .iter()
        .zip(asked)
        .any(|(seg, a)| a.text.is_empty() && topic(seg).is_some_and(|t| !t.is_empty()))
    {
        return None;
    }
    let pairs: Vec<schema::Asked> = layout
        .segments
        .iter()
        .zip(asked)
        .map(|(seg, a)| {
            let words = match topic(seg) {
                Some(t) if a.text.is_empty() => t,
                _ => a.text.as_str(),
            };
            (a.label.as_deref(), words)
        })
        .collect();
    schema::choose_schema_by_topics(engine.schemas(), &schema::prepare(&pairs))
}

/// Segments → exchanges: each answer's values and status.
fn read_exchanges(
    text: &str,
    layout: &Layout,
    asked: &[Asked],
    matching: &Matching,
) -> Vec<Exchange> {
    // How many questions each answer serves.
    let mut sharing: std::collections::HashMap<Span, usize> = std::collections::HashMap::new();
    for seg in &layout.segments {
        if let Some(a) = &seg.answer {
            *sharing.entry(a.span).or_default() += 1;
        }
    }
    layout
        .segments
        .iter()
        .enumerate()
        .map(|(i, seg)| {
            let sq = matching
                .matched
                .get(i)
                .copied()
                .flatten()
                .zip(matching.schema)
                .map(|(k, s)| (k, &s.questions[k]));
            let key = exchange_key(matching, i);
            let mut expects = match sq {
                Some((_, q)) => q.expects.clone(),
                None => values::infer_expects(&asked[i].text),
            };
            // One answer to three questions or more (a reply to the whole
            // request: "Your request is not applicable to our Trust as we do
            // not code …") says yes or no to none of them.
            if seg.answer.as_ref().is_some_and(|a| sharing[&a.span] >= 3) {
                expects.retain(|k| *k != ValueKind::YesNo);
            }
            let question = (asked[i].text.as_str(), matching.stems[i].as_slice());
            read_exchange(text, seg, question, key, expects, sq)
        })
        .collect()
}

fn read_exchange(
    text: &str,
    seg: &Segment,
    (question, question_stems): (&str, &[text::Stem]),
    key: String,
    expects: Vec<ValueKind>,
    sq: Option<(usize, &schema::SchemaQuestion)>,
) -> Exchange {
    let answer = seg.answer.as_ref().map(|a| Located {
        text: a.text(text),
        span: a.span,
    });
    let mut values = match &seg.answer {
        Some(a) => {
            let context =
                values::Context::new(question, &expects, sq.map(|(_, q)| q), Some(question_stems));
            values::read(text, a, &context)
        }
        None => Vec::new(),
    };
    // Figures that only explain a refusal (the cost limit's sums) answer
    // nothing; they are looked for only in answers that speak of one.
    let answer_text = answer.as_ref().map_or("", |a| a.text.as_str());
    let reasons = status::gives_reasons_for_refusal(answer_text);
    let has_values = values.iter().any(|v| {
        v.kind != ValueKind::Contact && !(reasons && status::explains_refusal(text, v.span))
    });
    let verdict = status::classify(&status::without_figure_tables(answer_text), has_values);
    let set_aside = if matches!(verdict.status, Status::Answered | Status::Partial) {
        Vec::new()
    } else {
        std::mem::take(&mut values)
    };
    Exchange {
        key,
        number: seg.label.clone(),
        question: seg.question.as_ref().map(|q| Located {
            text: question.to_string(),
            span: q.span,
        }),
        answer,
        status: verdict.status,
        exemption: verdict.exemption,
        refers_to: verdict.target.map(|t| match t {
            Target::Number(n) => format!("#{n}"),
            Target::Previous => "#previous".to_string(),
        }),
        values,
        set_aside,
        schema_question: sq.map(|(i, _)| i),
        expects,
        annotation: None,
        checks: Vec::new(),
        span: seg.span,
    }
}

/// Personal data in each answer's content (its pieces: furniture left out).
fn personal_data(text: &str, layout: &Layout, exchanges: &[Exchange]) -> Vec<Finding> {
    layout
        .segments
        .iter()
        .zip(exchanges)
        .filter_map(|(seg, e)| {
            Some(checks::personal_findings(
                text,
                e,
                &seg.answer.as_ref()?.pieces,
            ))
        })
        .flatten()
        .collect()
}

/// What the layout was unsure of, as findings on the exchanges concerned.
fn layout_doubts(layout: &Layout, exchanges: &[Exchange]) -> Vec<Finding> {
    layout
        .doubts
        .iter()
        .map(|d| {
            let finding = Finding::new(Code::UncertainReading, d.span, d.message.clone());
            match d.segment.and_then(|k| exchanges.get(k)) {
                Some(e) => finding.with_key(e.key.clone()),
                None => finding,
            }
        })
        .collect()
}

/// Readings whose status weighs words against each other: an answer that
/// gives figures and also says some of it is withheld or not held is read
/// as partial, and a reviewer should see which part is which.
fn status_doubts(exchanges: &[Exchange]) -> Vec<Finding> {
    exchanges
        .iter()
        .filter(|e| e.status == Status::Partial && e.annotation.is_none())
        .filter_map(|e| {
            let answer = e.answer.as_ref()?;
            let message = format!(
                "{}: the answer gives figures and also says some of it is withheld or not held: read as partial",
                e.number.as_deref().map_or_else(|| e.key.clone(), |n| format!("question {n}"))
            );
            Some(Finding::new(Code::UncertainReading, answer.span, message).with_key(e.key.clone()))
        })
        .collect()
}

/// Schema questions in the schema's order (those never asked as `missing`),
/// then the document's other questions in its order.
fn in_schema_order(schema: Option<&Schema>, exchanges: Vec<Exchange>) -> Vec<Exchange> {
    let Some(schema) = schema else {
        return exchanges;
    };
    let mut matched: Vec<Option<Exchange>> = vec![None; schema.questions.len()];
    let mut others = Vec::new();
    for e in exchanges {
        match e.schema_question {
            Some(i) => matched[i] = Some(e),
            None => others.push(e),
        }
    }
    let asked_or_missing = matched.into_iter().enumerate().map(|(i, e)| {
        e.unwrap_or_else(|| {
            let q = &schema.questions[i];
            Exchange {
                schema_question: Some(i),
                expects: q.expects.clone(),
                ..Exchange::bare(q.key.clone(), Status::Missing)
            }
        })
    });
    asked_or_missing.chain(others).collect()
}

/// "#1" (question 1) and "#previous" become the key of the exchange meant;
/// returns, per exchange, the index of the one it refers to.
fn resolve_referrals(exchanges: &mut [Exchange]) -> Vec<Option<usize>> {
    // The document's questions in the order they stand: (start, number, index).
    let mut in_doc: Vec<(usize, Option<u32>, usize)> = exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.question.is_some())
        .map(|(i, e)| (e.span.start, first_number(e.number.as_deref()), i))
        .collect();
    in_doc.sort_by_key(|(start, _, _)| *start);
    let targets: Vec<Option<usize>> = exchanges
        .iter()
        .map(|exchange| {
            let target = exchange.refers_to.as_deref()?;
            if target == "#previous" {
                let here = exchange.span.start;
                let before = in_doc.partition_point(|(start, _, _)| *start < here);
                return before.checked_sub(1).map(|k| in_doc[k].2);
            }
            let n: u32 = target.trim_start_matches('#').parse().ok()?;
            let numbered = in_doc
                .iter()
                .filter(|&&(_, m, j)| m == Some(n) && exchanges[j].key != exchange.key)
                .map(|&(_, _, j)| j)
                .next();
            // Unnumbered questions: the n-th question of the document.
            numbered.or_else(|| in_doc.get((n as usize).checked_sub(1)?).map(|q| q.2))
        })
        .collect();
    for (i, target) in targets.iter().enumerate() {
        if exchanges[i].refers_to.is_some() {
            exchanges[i].refers_to = target.map(|j| exchanges[j].key.clone());
        }
    }
    targets
}

/// The number a printed label starts with: "4" of "4 & 5", "4" of "4a".
fn assemble(text: &str, schema: Option<&Schema>, meta: Meta, exchanges: Vec<Exchange>) -> Analysis {
    // The words of an FOI letter (whatever was read of it), or questions that
    // matched a schema.
    let looks_like_foi = schema.is_some() || detect::looks_like_response(text);
    Analysis {
        schema: schema.map(|s| s.name.clone()),
        meta,
        exchanges,
        findings: Vec::new(),
        annotations: Vec::new(),
        looks_like_foi,
    }
}

fn apply_severities(engine: &Engine, analysis: &mut Analysis) {
    let config = engine.config();
    // A code the configuration names takes its severity (or is turned off);
    // others keep the severity the check gave each finding.
    analysis
        .findings
        .retain_mut(|f| match config.configured_severity(f.code) {
            Some(Some(sev)) => {
                f.severity = sev;
                true
            }
            Some(None) => false,
            None => true,
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_word_is_a_hint_unless_the_configuration_says_otherwise() {
        use crate::engine::model::Severity;
        let text = "1. How many coders does the Trust employ?\nAnswer: Eight.\n2. How many vacancies are there?\nAnswer: 2.\n";
        let severity = |config: &str| {
            let config = crate::engine::config::Config::from_toml(config, "foil.toml").unwrap();
            let engine = Engine::new(config, Vec::new()).unwrap();
            let analysis = engine.analyze(text);
            analysis
                .findings
                .iter()
                .find(|f| f.code == Code::AmbiguousValue)
                .map(|f| f.severity)
        };
        assert_eq!(severity(""), Some(Severity::Hint));
        assert_eq!(
            severity("[severity]\nambiguous-value = \"warning\"\n"),
            Some(Severity::Warning)
        );
        assert_eq!(severity("[severity]\nambiguous-value = \"off\"\n"), None);
    }

    #[test]
    fn a_reply_to_the_whole_request_says_yes_or_no_to_none_of_its_questions() {
        let text = "Your request:\n1. Do you use an encoder?\n2. Do you outsource coding?\n3. Do you audit coding?\n\nOur response:\nWe do not code activity in the way acute trusts do, so the request does not apply to this Trust.\n";
        let analysis = crate::engine::analyze(text);
        assert_eq!(analysis.exchanges.len(), 3);
        for e in &analysis.exchanges {
            assert!(e.values.is_empty(), "{}: {:?}", e.key, e.values);
            assert_eq!(e.status, Status::NotApplicable, "{}", e.key);
        }
    }

    #[test]
    fn labels_start_with_their_number() {
        assert_eq!(first_number(Some("4 & 5")), Some(4));
        assert_eq!(first_number(Some("12a")), Some(12));
        assert_eq!(first_number(Some("iv")), None);
        assert_eq!(first_number(None), None);
    }
}
