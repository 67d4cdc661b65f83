//! The order of the stages; each stage lives in its own module.

use crate::engine::memo::{self, shift, Memo, Remembered, Reused};
use crate::engine::model::{Analysis, Exchange, Located, Scalar, Span, Status, ValueKind};
use crate::engine::schema::{self, Schema};
use crate::engine::segment::{self, Segment};
use crate::engine::status::{self, Target};
use crate::engine::{annotation, checks, meta, values, Engine};

pub(crate) fn analyze(engine: &Engine, text: &str, mut memo: Option<&mut Memo>) -> Analysis {
    let mut previous = match memo {
        Some(ref mut m) => m.take(engine.id, text),
        None => None,
    };
    let scanned = annotation::scan(text);
    let hidden: Vec<Span> = scanned.iter().map(|s| s.line).collect();
    let schemas = engine.schemas();
    let known = |s: &str| schema::is_known_question(schemas, s);
    let lines = crate::engine::text::lines(text);
    let mut infos = segment::scan_lines_reusing(
        text,
        &lines,
        &hidden,
        previous.as_ref().map(|p| (&p.lines[..], &p.unchanged)),
    );
    // Each step lets go of what it no longer needs: a large document's
    // reading holds several megabytes of each.
    if let Some(p) = &mut previous {
        p.lines = Vec::new();
    }
    let layout = segment::segment_lines(text, &mut infos, &known);
    let meta = meta::read(text, &lines, layout.body_start, layout.closing_start);
    drop(lines);
    let kept_lines = memo.is_some().then(|| memo::lines_worth_keeping(infos));
    // The previous reading of each segment, when its text and shape are unchanged.
    let mut reused: Vec<Option<Reused>> = match &mut previous {
        Some(p) => {
            let mut cursor = 0;
            layout
                .segments
                .iter()
                .map(|seg| {
                    p.reuse(&mut cursor, seg.span, |old, delta| {
                        same_shape(seg, old, delta)
                    })
                })
                .collect()
        }
        None => Vec::new(),
    };
    reused.resize_with(layout.segments.len(), || None);
    if let Some(p) = &mut previous {
        p.release_unused(&reused);
    }

    // A reused question's text is lent here and given back to its exchange below.
    let mut questions: Vec<String> = layout
        .segments
        .iter()
        .zip(&mut reused)
        .map(|(s, r)| {
            let kept = r
                .as_mut()
                .zip(previous.as_mut())
                .and_then(|(r, p)| p.exchange_mut(r));
            match kept {
                Some(e) => e
                    .question
                    .as_mut()
                    .map(|q| std::mem::take(&mut q.text))
                    .unwrap_or_default(),
                None => s
                    .question
                    .as_ref()
                    .map(|q| q.folded(text))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let asked: Vec<schema::Asked> = layout
        .segments
        .iter()
        .zip(&questions)
        .map(|(s, q)| (s.label.as_deref(), q.as_str()))
        .collect();
    let remembered_stems = |i: usize| reused[i].as_ref().and_then(|r| r.entry.stems.clone());
    // Stems for choosing a schema; all questions' only when one applies.
    let mut prepared = schema::prepare_reusing(
        &asked[..asked.len().min(schema::CHOOSE_WITHIN)],
        0,
        remembered_stems,
    );
    let (chosen, mut matches): (Option<&Schema>, Vec<schema::Match>) = match &engine.config().schema
    {
        Some(name) => (schemas.get(name), Vec::new()),
        None => schema::choose_schema(schemas, &prepared)
            .map_or((None, Vec::new()), |(s, m)| (Some(s), m)),
    };
    // The choice matched the questions it saw; all of them when it saw all.
    if chosen.is_some() && (prepared.len() < asked.len() || engine.config().schema.is_some()) {
        let from = prepared.len();
        prepared.extend(schema::prepare_reusing(
            &asked[from..],
            from,
            remembered_stems,
        ));
        matches = chosen
            .map(|s| schema::match_questions(s, &prepared))
            .unwrap_or_default();
    }
    // Readings under another schema matched other questions: not reusable.
    let same_schema = previous
        .as_ref()
        .is_some_and(|p| p.schema.as_deref() == chosen.map(|s| s.name.as_str()));

    drop(asked);

    // Annotations may change an exchange after it is read: keep it as read.
    let keep_as_read = !scanned.is_empty();
    let mut exchanges = Vec::with_capacity(layout.segments.len());
    let mut early = Vec::new();
    let mut remembered = Vec::with_capacity(if memo.is_some() {
        layout.segments.len()
    } else {
        0
    });
    for (i, seg) in layout.segments.iter().enumerate() {
        let matched = matches.iter().find(|m| m.question == i);
        let sq = matched
            .and_then(|m| chosen.map(|s| (m.schema_question, &s.questions[m.schema_question])));
        let mut old = reused[i].take();
        let stems = match prepared.get(i) {
            Some(p) => Some(p.stems().to_vec()),
            None => old.as_mut().and_then(|r| r.entry.stems.take()),
        };
        let before = old.filter(|r| {
            let Some(e) = previous.as_ref().and_then(|p| p.exchange(r)) else {
                return false;
            };
            same_schema
                && e.schema_question == sq.map(|(i, _)| i)
                && match sq {
                    Some((_, q)) => e.key == q.key,
                    None => is_numbered_key(&e.key, i + 1),
                }
        });
        let kept = before
            .zip(previous.as_mut())
            .and_then(|(r, p)| p.take_exchange(r));
        let (mut entry, exchange) = match kept {
            Some((mut entry, mut exchange)) => {
                if let Some(q) = &mut exchange.question {
                    q.text = std::mem::take(&mut questions[i]);
                }
                entry.stems = stems;
                (entry, exchange)
            }
            None => {
                let key = match sq {
                    Some((_, q)) => q.key.clone(),
                    None => format!("q{}", i + 1),
                };
                let expects = match sq {
                    Some((_, q)) => q.expects.clone(),
                    None => values::infer_expects(&questions[i]),
                };
                let exchange = read_exchange(
                    text,
                    seg,
                    (&questions[i], prepared.get(i).map(|p| p.stems())),
                    key,
                    expects,
                    sq,
                );
                let personal = match &seg.answer {
                    Some(a) => checks::personal_findings(text, &exchange, &a.pieces),
                    None => Vec::new(),
                };
                let entry = Box::new(Remembered {
                    // Moved in from the layout once the loop is done with it.
                    segment: Segment::default(),
                    stems,
                    personal,
                    refers_to: None,
                    position: None,
                    as_read: None,
                });
                (entry, exchange)
            }
        };
        if memo.is_some() {
            early.extend(entry.personal.iter().cloned());
            entry.refers_to = exchange.refers_to.clone();
            entry.as_read = keep_as_read.then(|| Box::new(exchange.clone()));
            remembered.push(entry);
        } else {
            early.append(&mut entry.personal);
        }
        exchanges.push(exchange);
    }
    drop(previous);
    drop(prepared);
    let schema_name = chosen.map(|s| s.name.clone());
    let positions = match chosen {
        Some(schema) => {
            let (ordered, positions) = in_schema_order(schema, exchanges);
            exchanges = ordered;
            positions
        }
        None => (0..exchanges.len()).map(Some).collect(),
    };
    if let Some(memo) = memo {
        for ((entry, segment), position) in
            remembered.iter_mut().zip(layout.segments).zip(positions)
        {
            entry.segment = segment;
            entry.position = position;
        }
        let lines = kept_lines.unwrap_or_default();
        memo.keep(engine.id, text, lines, schema_name.clone(), remembered);
    }
    let targets = resolve_referrals(&mut exchanges);

    // A schema, the words of an FOI letter, or a run of questions most of which
    // are answered (a bare list of answers, as some bodies publish them).
    let answered = exchanges
        .iter()
        .filter(|e| e.question.is_some() && e.answer.is_some())
        .count();
    let looks_like_foi = !exchanges.is_empty()
        && (chosen.is_some()
            || has_foi_cues(text)
            || (answered >= 3 && answered * 3 >= exchanges.len() * 2));
    let mut analysis = Analysis {
        schema: schema_name,
        meta,
        exchanges,
        findings: Vec::new(),
        annotations: Vec::new(),
        looks_like_foi,
    };
    checks::run(text, &mut analysis, chosen, early, &targets);
    annotation::apply(text, &mut analysis, &scanned, chosen);
    apply_severities(engine, &mut analysis);
    analysis
}

/// Whether `key` is `format!("q{n}")`, without making that string.
fn is_numbered_key(key: &str, n: usize) -> bool {
    key.strip_prefix('q').is_some_and(|digits| {
        !digits.starts_with('0')
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse() == Ok(n)
    })
}

/// Whether `new` is `old` laid out again `delta` bytes further on.
fn same_shape(new: &Segment, old: &Segment, delta: isize) -> bool {
    let part = |n: &Option<segment::Part>, o: &Option<segment::Part>| match (n, o) {
        (None, None) => true,
        (Some(n), Some(o)) => {
            n.span == shift(o.span, delta)
                && n.pieces.len() == o.pieces.len()
                && n.pieces
                    .iter()
                    .zip(&o.pieces)
                    .all(|(n, o)| *n == shift(*o, delta))
        }
        _ => false,
    };
    new.label == old.label
        && new.number == old.number
        && new.joint == old.joint
        && new.requested == old.requested
        && new.heading == old.heading
        && part(&new.question, &old.question)
        && part(&new.answer, &old.answer)
}

fn read_exchange(
    text: &str,
    seg: &Segment,
    (question, question_stems): (&str, Option<&[crate::engine::text::Stem]>),
    key: String,
    expects: Vec<ValueKind>,
    sq: Option<(usize, &schema::SchemaQuestion)>,
) -> Exchange {
    let answer_text = seg
        .answer
        .as_ref()
        .map(|a| a.text(text))
        .unwrap_or_default();
    let mut values = match &seg.answer {
        Some(a) => values::read(
            text,
            a,
            &values::Context::new(question, &expects, sq.map(|(_, q)| q), question_stems),
        ),
        None => Vec::new(),
    };
    let has_values = values.iter().any(|v| v.kind != ValueKind::Contact);
    let verdict = status::classify(&answer_text, has_values);
    if !matches!(verdict.status, Status::Answered | Status::Partial) {
        values = Vec::new();
    } else {
        // Growth leaves room for four values; most answers have one, and a
        // large response holds thousands of them.
        values.shrink_to_fit();
    }
    let span = seg.span;
    Exchange {
        key,
        number: seg.label.clone(),
        question: seg.question.as_ref().map(|q| Located {
            text: question.to_string(),
            span: q.span,
        }),
        answer: seg.answer.as_ref().map(|a| Located {
            text: a.text(text),
            span: a.span,
        }),
        status: verdict.status,
        exemption: verdict.exemption,
        refers_to: verdict.target.map(|t| match t {
            Target::Number(n) => format!("#{n}"),
            Target::Previous => "#previous".to_string(),
        }),
        values,
        schema_question: sq.map(|(i, _)| i),
        expects,
        annotation: None,
        checks: Vec::new(),
        span,
    }
}

/// Schema questions in the schema's order (those never asked as `missing`),
/// then the document's other questions in its order; with where each of
/// `exchanges` ended up (`None`: a later exchange matched the same question).
fn in_schema_order(
    schema: &Schema,
    exchanges: Vec<Exchange>,
) -> (Vec<Exchange>, Vec<Option<usize>>) {
    let mut matched: Vec<Option<(usize, Exchange)>> = vec![None; schema.questions.len()];
    let mut others = Vec::new();
    let mut positions = vec![None; exchanges.len()];
    for (k, e) in exchanges.into_iter().enumerate() {
        match e.schema_question {
            Some(i) => matched[i] = Some((k, e)),
            None => others.push((k, e)),
        }
    }
    let mut out: Vec<Exchange> = Vec::with_capacity(matched.len() + others.len());
    for (i, e) in matched.into_iter().enumerate() {
        out.push(match e {
            Some((k, e)) => {
                positions[k] = Some(out.len());
                e
            }
            None => {
                let q = &schema.questions[i];
                Exchange {
                    schema_question: Some(i),
                    expects: q.expects.clone(),
                    ..Exchange::bare(q.key.clone(), Status::Missing)
                }
            }
        });
    }
    for (k, e) in others {
        positions[k] = Some(out.len());
        out.push(e);
    }
    (out, positions)
}

/// "#1" (question 1) and "#previous" become the key of the exchange meant;
/// returns, per exchange, the index of the one it refers to.
fn resolve_referrals(exchanges: &mut [Exchange]) -> Vec<Option<usize>> {
    let mut targets = Vec::new();
    if exchanges.iter().all(|e| e.refers_to.is_none()) {
        return targets;
    }
    // The document's questions in the order they stand: (start, number, index).
    let mut in_doc: Vec<(usize, Option<u32>, usize)> = exchanges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.question.is_some())
        .map(|(i, e)| {
            let n = e
                .number
                .as_deref()
                // A joint label ("4 & 5") counts as its first.
                .and_then(|l| l.split('&').next())
                .map(str::trim_end)
                .and_then(|l| l.trim_end_matches(char::is_alphabetic).parse().ok());
            (e.span.start, n, i)
        })
        .collect();
    in_doc.sort_by_key(|(start, _, _)| *start);
    // (number, index) in document order within each number: a sorted list
    // rather than a map of lists, which cost an allocation per question.
    let mut by_number: Vec<(u32, usize)> = in_doc
        .iter()
        .filter_map(|&(_, n, i)| Some((n?, i)))
        .collect();
    by_number.sort_by_key(|&(n, _)| n);
    let resolved: Vec<(usize, Option<usize>)> = exchanges
        .iter()
        .enumerate()
        .filter_map(|(i, exchange)| {
            let target = exchange.refers_to.as_deref()?;
            if target == "#previous" {
                let here = exchange.span.start;
                let before = in_doc.partition_point(|(start, _, _)| *start < here);
                return Some((i, before.checked_sub(1).map(|k| in_doc[k].2)));
            }
            let Ok(n) = target.trim_start_matches('#').parse::<u32>() else {
                return Some((i, None));
            };
            let from = by_number.partition_point(|&(m, _)| m < n);
            let numbered = by_number[from..]
                .iter()
                .take_while(|&&(m, _)| m == n)
                .map(|&(_, j)| j)
                .find(|&j| exchanges[j].key != exchange.key);
            // Unnumbered questions: the n-th question of the document.
            let nth = || in_doc.get((n as usize).checked_sub(1)?).map(|q| q.2);
            Some((i, numbered.or_else(nth)))
        })
        .collect();
    targets.resize(exchanges.len(), None);
    for (i, target) in resolved {
        exchanges[i].refers_to = target.map(|j| exchanges[j].key.clone());
        targets[i] = target;
    }
    targets
}

fn has_foi_cues(text: &str) -> bool {
    let head: String = text.chars().take(20_000).collect::<String>().to_lowercase();
    [
        "freedom of information",
        "foi",
        "information request",
        "your request",
        "you asked",
        "our response",
        "we responded",
        "requested information",
        "environmental information regulations",
        "disclosure",
    ]
    .iter()
    .any(|c| head.contains(c))
}

fn apply_severities(engine: &Engine, analysis: &mut Analysis) {
    let config = engine.config();
    analysis
        .findings
        .retain_mut(|f| match config.severity_of(f.code) {
            Some(sev) => {
                f.severity = sev;
                true
            }
            None => false,
        });
}

/// The yes/no reading of an exchange, if it has one.
pub(crate) fn yes_no_of(e: &Exchange) -> Option<bool> {
    e.values.iter().find_map(|v| match (&v.kind, &v.value) {
        (ValueKind::YesNo, Scalar::Bool(b)) => Some(*b),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_keys() {
        assert!(is_numbered_key("q1", 1));
        assert!(is_numbered_key("q120", 120));
        assert!(!is_numbered_key("q01", 1));
        assert!(!is_numbered_key("q+1", 1));
        assert!(!is_numbered_key("q12", 1));
        assert!(!is_numbered_key("staff_count", 1));
    }
}
