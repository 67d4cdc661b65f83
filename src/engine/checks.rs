//! Findings: statuses worth seeing (not held, exempt, referred, attached, not
//! applicable, missing), figures that do not add up, uncertain readings,
//! personal data, and questions the schema does not know.

use std::collections::HashMap;

use crate::engine::exemptions;
use crate::engine::model::{
    Ambiguity, Analysis, Cell, Check, Code, Exchange, Finding, Scalar, Severity, Span, Status,
    Value, ValueKind,
};
use crate::engine::personal;
use crate::engine::schema::{Schema, SchemaQuestion};

/// Runs every check; `early` are findings made while reading (personal data),
/// `targets` the exchange each referral resolved to, by index.
pub(crate) fn run(
    text: &str,
    analysis: &mut Analysis,
    (schema, cut_off): (Option<&Schema>, Option<Span>),
    early: Vec<Finding>,
    targets: &[Option<usize>],
) {
    let mut findings = early;
    findings.reserve(analysis.exchanges.len());
    status_findings(text, analysis, schema, targets, &mut findings);
    if let Some(cut) = cut_off {
        lost_with_the_text(text, analysis, cut, &mut findings);
    }
    if analysis
        .exchanges
        .iter()
        .all(|e| e.status == Status::Missing)
        && crate::engine::detect::is_pending_reply(text)
    {
        not_answered_yet(analysis, &mut findings);
    }
    value_findings(analysis, &mut findings);
    consistency(analysis, schema, &mut findings);
    findings.sort_by_key(|f| (f.span.start, f.code));
    analysis.findings = findings;
}

/// When the text stops mid-sentence, the questions after its last answer
/// were lost with it: one finding says so for all of them, in place of a
/// "no answer" finding on each.
fn lost_with_the_text(text: &str, analysis: &Analysis, cut: Span, findings: &mut Vec<Finding>) {
    // The questions in the order they stand; unasked schema questions last.
    let mut order: Vec<&Exchange> = analysis.exchanges.iter().collect();
    order.sort_by_key(|e| e.question.as_ref().map_or(usize::MAX, |q| q.span.start));
    let mut lost: Vec<&str> = order
        .iter()
        .rev()
        .take_while(|e| e.status == Status::Missing)
        .map(|e| e.key.as_str())
        .collect();
    if lost.is_empty() {
        return;
    }
    lost.reverse();
    let lost_keys: std::collections::HashSet<&str> = lost.iter().copied().collect();
    findings.retain(|f| {
        !(matches!(f.code, Code::MissingAnswer | Code::MissingQuestion)
            && f.key.as_deref().is_some_and(|k| lost_keys.contains(k)))
    });
    let words = cut.slice(text);
    let tail_from = words.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let ellipsis = if tail_from > 0 { "…" } else { "" };
    let (count, verb) = match lost.len() {
        1 => ("1 question".to_string(), "has"),
        n => (format!("{n} questions"), "have"),
    };
    findings.push(Finding::new(
        Code::MissingAnswer,
        cut,
        format!(
            "the text stops mid-sentence (“{ellipsis}{}”): {count} after its last answer {verb} no answer in it ({})",
            &words[tail_from..],
            lost.join(", ")
        ),
    ));
}

/// A reply that acknowledges the request, asks to clarify it or promises an
/// answer later answers none of its questions yet: one finding says so, in
/// place of a "no answer" finding on each.
fn not_answered_yet(analysis: &Analysis, findings: &mut Vec<Finding>) {
    if analysis.exchanges.is_empty() {
        return;
    }
    // Every exchange is unanswered: their "no answer" findings all go.
    findings.retain(|f| {
        !(matches!(f.code, Code::MissingAnswer | Code::MissingQuestion) && f.key.is_some())
    });
    let at = analysis
        .exchanges
        .iter()
        .find_map(|e| e.question.as_ref().map(|q| q.span))
        .unwrap_or(Span::empty(0));
    findings.push(Finding::new(
        Code::MissingAnswer,
        at,
        format!(
            "the reply acknowledges the request, asks to clarify it or promises an answer later: none of its {} questions is answered yet",
            analysis.exchanges.len()
        ),
    ));
}

/// The first line of an answer, where status findings sit.
fn answer_head(text: &str, e: &Exchange) -> Option<Span> {
    let a = e.answer.as_ref()?;
    let s = a.span.slice(text);
    let first = s.find(['\n', '\r']).unwrap_or(s.len());
    Some(crate::engine::text::trim_span(
        text,
        Span::new(a.span.start, a.span.start + first),
    ))
}

fn status_findings(
    text: &str,
    analysis: &Analysis,
    schema: Option<&Schema>,
    targets: &[Option<usize>],
    out: &mut Vec<Finding>,
) {
    for (i, e) in analysis.exchanges.iter().enumerate() {
        if let Some(f) = status_finding(text, analysis, schema, targets, i) {
            out.push(f.with_key(&e.key));
        }
        if schema.is_some() && e.schema_question.is_none() {
            if let Some(q) = &e.question {
                out.push(
                    Finding::new(
                        Code::UnknownQuestion,
                        q.span,
                        format!("{}: matches no question of the schema", who(e)),
                    )
                    .with_key(&e.key),
                );
            }
        }
    }
}

/// The finding the status of exchange `i` is worth, at the head of its
/// answer (or its question); none for an answer.
fn status_finding(
    text: &str,
    analysis: &Analysis,
    schema: Option<&Schema>,
    targets: &[Option<usize>],
    i: usize,
) -> Option<Finding> {
    let e = &analysis.exchanges[i];
    let head = answer_head(text, e).or(e.question.as_ref().map(|q| q.span));
    let at = head.unwrap_or(Span::empty(0));
    match e.status {
        Status::Answered | Status::Partial => None,
        Status::NotHeld => Some(Finding::new(
            Code::NotHeld,
            at,
            format!("{}: the information is not held", who(e)),
        )),
        Status::Exempt => {
            let what = e.exemption.as_deref().map_or(
                "an exemption (no section cited)".to_string(),
                exemptions::describe,
            );
            Some(Finding::new(
                Code::Exempt,
                at,
                format!("{}: withheld under {what}", who(e)),
            ))
        }
        Status::Attached => Some(Finding::new(
            Code::Attached,
            at,
            format!(
                "{}: the information is in an attachment not in this text",
                who(e)
            ),
        )),
        Status::NotApplicable => Some(Finding::new(
            Code::NotApplicable,
            at,
            format!("{}: answered as not applicable", who(e)),
        )),
        Status::Referred => {
            let target = targets
                .get(i)
                .copied()
                .flatten()
                .and_then(|j| analysis.exchanges.get(j));
            Some(referred_finding(e, target, at))
        }
        Status::Missing => Some(missing_finding(schema, e)),
    }
}

/// A referral to another answer, related to that answer when foil found it.
fn referred_finding(e: &Exchange, target: Option<&Exchange>, at: Span) -> Finding {
    let mut f = Finding::new(
        Code::Referred,
        at,
        match target {
            Some(t) => format!("{}: refers to the answer to {}", who(e), who(t)),
            None => format!(
                "{}: refers to another answer that foil could not find",
                who(e)
            ),
        },
    );
    if let Some(t) = target {
        if let Some(a) = t
            .answer
            .as_ref()
            .map(|a| a.span)
            .or(t.question.as_ref().map(|q| q.span))
        {
            f = f.with_related(a, format!("the answer to {}", who(t)));
        }
    }
    f
}

/// A question with no answer, or a schema question not asked in the text.
fn missing_finding(schema: Option<&Schema>, e: &Exchange) -> Finding {
    match &e.question {
        Some(q) => Finding::new(
            Code::MissingAnswer,
            q.span,
            format!("{}: the question has no answer in the document", who(e)),
        ),
        None => {
            let text_q = schema
                .and_then(|s| e.schema_question.map(|i| s.questions[i].text.as_str()))
                .unwrap_or("");
            Finding::new(
                Code::MissingQuestion,
                Span::empty(0),
                format!(
                    "{} is not answered anywhere in the document: “{}”",
                    e.key, text_q
                ),
            )
        }
    }
}

/// "question 4 (specialty_split)" or "question q3", written straight into
/// the message that names it.
fn who(e: &Exchange) -> Who<'_> {
    Who(e)
}

struct Who<'e>(&'e Exchange);

impl std::fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let e = self.0;
        match &e.number {
            Some(n) if !e.key.starts_with('q') || e.key[1..].parse::<u32>().is_err() => {
                write!(f, "question {n} ({})", e.key)
            }
            Some(n) => write!(f, "question {n}"),
            None => f.write_str(&e.key),
        }
    }
}

fn value_findings(analysis: &Analysis, out: &mut Vec<Finding>) {
    use std::fmt::Write as _;
    for e in &analysis.exchanges {
        for v in &e.values {
            let Some(why) = &v.ambiguity else { continue };
            // One string, written in place: a large response has thousands.
            let mut msg = String::with_capacity(v.text.len() + 64);
            let _ = write!(msg, "“{}” read as ", v.text);
            write_value(&mut msg, v);
            msg.push_str(": ");
            msg.push_str(why.describe());
            for (k, alternative) in v.alternatives.iter().enumerate() {
                msg.push_str(if k == 0 {
                    "; it could also be "
                } else {
                    " or "
                });
                msg.push_str(&alternative.description);
            }
            let mut finding = Finding::new(Code::AmbiguousValue, v.span, msg).with_key(&e.key);
            // A number word or a stated approximation ("one", "Nil", "about
            // 250,000") has one reading: a hint beside it, not a doubt to
            // review. Several readings or an unclear unit stay a doubt.
            if matches!(why, Ambiguity::Approximate | Ambiguity::NumberWord)
                && v.alternatives.is_empty()
            {
                finding.severity = Severity::Hint;
            }
            out.push(finding);
        }
    }
}

/// A value in words for messages: "84,500 (approximate)", "£60,000 to £80,000".
fn write_value(out: &mut String, v: &Value) {
    let money = v.currency.is_some() || v.kind == ValueKind::Money;
    let amount = |out: &mut String, n: f64| {
        if money {
            out.push('£');
        }
        write_number(out, n);
    };
    match (&v.value, v.min, v.max) {
        (Scalar::Number(n), _, _) => amount(out, *n),
        (_, Some(a), Some(b)) => {
            amount(out, a);
            out.push_str(" to ");
            amount(out, b);
        }
        (Scalar::Bool(b), _, _) => out.push_str(if *b { "yes" } else { "no" }),
        (Scalar::Text(t), _, _) => out.push_str(t),
        _ => out.push_str(&v.text),
    }
    match v.kind {
        ValueKind::Percent => out.push('%'),
        ValueKind::Wte => out.push_str(" WTE"),
        _ => {}
    }
    if v.approximate {
        out.push_str(" (approximate)");
    }
}

/// 84500 → "84,500"; 1.8 → "1.8".
pub fn format_number(n: f64) -> String {
    let mut out = String::new();
    write_number(&mut out, n);
    out
}

fn write_number(out: &mut String, n: f64) {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        if n < 0.0 {
            out.push('-');
        }
        write_grouped(out, n.abs() as u64);
    } else {
        let s = n.to_string();
        match s.split_once('.') {
            Some((whole, frac)) => {
                let w: f64 = whole.parse().unwrap_or(0.0);
                write_number(out, w.trunc());
                out.push('.');
                out.push_str(frac);
            }
            None => out.push_str(&s),
        }
    }
}

/// Digits in groups of three: 1234567 → "1,234,567".
fn write_grouped(out: &mut String, n: u64) {
    let mut buf = [0; 20];
    let digits = crate::engine::text::decimal_digits(n, &mut buf);
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(char::from(d));
    }
}

/// Personal data in an answer's words (furniture such as the chair's name in a
/// letterhead is not part of them). One finding per distinct occurrence.
pub(crate) fn personal_findings(text: &str, e: &Exchange, pieces: &[Span]) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    if !matches!(e.status, Status::Answered | Status::Partial) {
        return out;
    }
    for piece in pieces {
        for (span, kind) in personal::find(piece.slice(text), piece.start) {
            let found = span.slice(text);
            if out.iter().any(|f| f.span.slice(text) == found) {
                continue;
            }
            out.push(
                Finding::new(
                    Code::PersonalData,
                    span,
                    format!("{}: {} ({found})", who(e), kind.describe()),
                )
                .with_key(&e.key),
            );
        }
    }
    out
}

fn consistency(analysis: &mut Analysis, schema: Option<&Schema>, out: &mut Vec<Finding>) {
    let mut checks: Vec<(usize, Check)> = Vec::new();
    conditional(analysis, schema, out, &mut checks);
    for (i, e) in analysis.exchanges.iter().enumerate() {
        for v in &e.values {
            if let Some(t) = &v.table {
                table_total(e, v, t, out, &mut checks, i);
                table_rows(e, v, t, out, &mut checks, i);
            }
        }
        fraction_percent(e, out, &mut checks, i);
    }
    share_of_base(analysis, out, &mut checks);
    share_of_question(analysis, schema, out, &mut checks);
    wte_split(analysis, out, &mut checks);
    table_vs_figure(analysis, out, &mut checks);
    for (i, c) in checks {
        analysis.exchanges[i].checks.push(c);
    }
}

fn inconsistent(e: &Exchange, span: Span, msg: String) -> Finding {
    Finding::new(Code::Inconsistent, span, msg).with_key(&e.key)
}

/// "Asked only if Q9 = no": answered against its condition, or marked not
/// applicable when the condition holds.
fn conditional(
    analysis: &Analysis,
    schema: Option<&Schema>,
    out: &mut Vec<Finding>,
    checks: &mut Vec<(usize, Check)>,
) {
    let Some(schema) = schema else { return };
    for (i, e) in analysis.exchanges.iter().enumerate() {
        let Some(cond) = schema_question(schema, e).and_then(|q| q.asked_if.as_ref()) else {
            continue;
        };
        let Some(base) = analysis.exchange(&cond.question) else {
            continue;
        };
        let Some(base_yes) = yes_no_of(base) else {
            continue;
        };
        let wanted = matches!(cond.answer.as_str(), "yes" | "true");
        let applies = base_yes == wanted;
        let base_said = if base_yes { "yes" } else { "no" };
        let description = format!(
            "asked only if {} is {}: it is {base_said}",
            cond.question, cond.answer
        );
        let at = e.answer.as_ref().map(|a| a.span).unwrap_or(e.span);
        let contradicts = match (applies, e.status) {
            (true, Status::NotApplicable) => Some(format!(
                "{} is marked not applicable, but it applies: {} was answered {base_said}",
                e.key, cond.question
            )),
            (false, Status::Answered | Status::Partial)
                if !e.values.is_empty() || e.status == Status::Partial =>
            {
                Some(format!(
                "{} is answered, but it is asked only if {} is {}, and {} was answered {base_said}",
                e.key, cond.question, cond.answer, cond.question
            ))
            }
            _ => None,
        };
        checks.push((
            i,
            Check {
                description,
                passed: contradicts.is_none(),
            },
        ));
        if let Some(msg) = contradicts {
            let related = base.answer.as_ref().map(|a| a.span);
            let mut f = inconsistent(e, at, msg);
            if let Some(r) = related {
                f = f.with_related(r, format!("the answer to {}", cond.question));
            }
            out.push(f);
        }
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance + 1e-9 * a.abs().max(b.abs())
}

/// A stated "Total" row against the sum of the rows.
fn table_total(
    e: &Exchange,
    v: &Value,
    t: &crate::engine::model::Table,
    out: &mut Vec<Finding>,
    checks: &mut Vec<(usize, Check)>,
    i: usize,
) {
    let (Some(stated), Some(sum), true) = (t.total, t.computed_total, t.total_stated) else {
        return;
    };
    let ok = close(stated, sum, 0.5);
    checks.push((
        i,
        Check {
            description: format!(
                "the rows add up to the stated total {}",
                format_number(stated)
            ),
            passed: ok,
        },
    ));
    if !ok {
        out.push(inconsistent(
            e,
            v.span,
            format!(
                "the rows add up to {}, but the stated total is {}",
                format_number(sum),
                format_number(stated)
            ),
        ));
    }
}

/// A row whose first figure is headed "Total …" must be the sum of the others
/// (coded + uncoded = total).
fn table_rows(
    e: &Exchange,
    v: &Value,
    t: &crate::engine::model::Table,
    out: &mut Vec<Finding>,
    checks: &mut Vec<(usize, Check)>,
    i: usize,
) {
    let Some(first_header) = t.columns.first() else {
        return;
    };
    if !first_header.to_lowercase().starts_with("total") || t.columns.len() < 3 {
        return;
    }
    for row in &t.rows {
        let nums: Vec<f64> = row.iter().filter_map(Cell::as_number).collect();
        if nums.len() != t.columns.len() {
            continue;
        }
        let parts: f64 = nums[1..].iter().sum();
        let ok = close(nums[0], parts, 0.5);
        checks.push((
            i,
            Check {
                description: format!("{} = {}", t.columns[0], t.columns[1..].join(" + ")),
                passed: ok,
            },
        ));
        if !ok {
            out.push(inconsistent(
                e,
                v.span,
                format!(
                    "{} is {}, but {} add up to {}",
                    t.columns[0],
                    format_number(nums[0]),
                    t.columns[1..].join(" + "),
                    format_number(parts)
                ),
            ));
        }
    }
}

/// Half a unit of the last printed digit: "0.1%" → 0.05, "81%" → 0.5.
fn rounding_of(text: &str) -> f64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    match digits.split_once('.') {
        Some((_, frac)) => 0.5 * 10f64.powi(-(frac.len() as i32)),
        None => 0.5,
    }
}

/// "1088/1345 (81%)": the percentage of the fraction.
fn fraction_percent(
    e: &Exchange,
    out: &mut Vec<Finding>,
    checks: &mut Vec<(usize, Check)>,
    i: usize,
) {
    let vals = &e.values;
    for w in vals.windows(3) {
        let (a, b, p) = (&w[0], &w[1], &w[2]);
        if p.kind != ValueKind::Percent || a.span.end + 1 != b.span.start {
            continue;
        }
        let (Some(x), Some(y), Some(pc)) = (a.number(), b.number(), p.number()) else {
            continue;
        };
        if y == 0.0 || !(p.span.start > b.span.end && p.span.start - b.span.end <= 3) {
            continue;
        }
        let actual = 100.0 * x / y;
        let ok = close(actual, pc, rounding_of(&p.text) + 0.01);
        checks.push((
            i,
            Check {
                description: format!("{}/{} is {}", a.text, b.text, p.text),
                passed: ok,
            },
        ));
        if !ok {
            out.push(inconsistent(
                e,
                p.span,
                format!("{}/{} is {:.1}%, not {}", a.text, b.text, actual, p.text),
            ));
        }
    }
}

/// "IP uncoded = 245 (0.1%)" with "IP coded activity = 244,608" elsewhere: the
/// percentage of the uncoded against the whole.
fn share_of_base(analysis: &Analysis, out: &mut Vec<Finding>, checks: &mut Vec<(usize, Check)>) {
    // The first count of each label, by label: the base a labelled share is of.
    let mut bases: HashMap<&str, Vec<(usize, &Value)>> = HashMap::new();
    for (j, o) in analysis.exchanges.iter().enumerate() {
        if let Some(v) = o
            .values
            .iter()
            .find(|v| v.label.is_some() && matches!(v.kind, ValueKind::Count | ValueKind::Number))
        {
            let entry = bases.entry(v.label.as_deref().unwrap_or("")).or_default();
            if entry.len() < 2 {
                entry.push((j, v));
            }
        }
    }
    for (i, e) in analysis.exchanges.iter().enumerate() {
        for w in e.values.windows(2) {
            let (c, p) = (&w[0], &w[1]);
            if p.kind != ValueKind::Percent
                || c.kind == ValueKind::Percent
                || c.label.is_none()
                || c.label != p.label
            {
                continue;
            }
            let (Some(part), Some(pc)) = (c.number(), p.number()) else {
                continue;
            };
            let label = c.label.as_deref().unwrap_or("");
            let base = bases
                .get(label)
                .and_then(|found| found.iter().find(|(j, _)| *j != i))
                .map(|&(j, v)| (&analysis.exchanges[j], v));
            let Some((other, base_value)) = base else {
                continue;
            };
            let Some(whole) = base_value.number() else {
                continue;
            };
            if whole <= 0.0 {
                continue;
            }
            let of_total = 100.0 * part / (whole + part);
            let ok = is_share_of(part, p, pc, whole);
            checks.push((
                i,
                Check {
                    description: format!(
                        "{label}: {} is {} of {}",
                        c.text, p.text, base_value.text
                    ),
                    passed: ok,
                },
            ));
            if !ok {
                out.push(
                    inconsistent(
                        e,
                        p.span,
                        format!(
                            "{label}: {} of {} is {:.2}%, not {}",
                            c.text,
                            format_number(whole + part),
                            of_total,
                            p.text
                        ),
                    )
                    .with_related(
                        base_value.span,
                        format!("{label} in the answer to {}", other.key),
                    ),
                );
            }
        }
    }
}

/// Whether percentage `p` (its value `pc`) is `part`'s share of `whole`,
/// the whole counting the part or not, to the precision `p` is written to.
fn is_share_of(part: f64, p: &Value, pc: f64, whole: f64) -> bool {
    let tol = rounding_of(&p.text) + 0.005;
    close(100.0 * part / (whole + part), pc, tol) || close(100.0 * part / whole, pc, tol)
}

/// The schema question an exchange answers.
fn schema_question<'s>(schema: &'s Schema, e: &Exchange) -> Option<&'s SchemaQuestion> {
    e.schema_question.map(|q| &schema.questions[q])
}

/// "1,302 (2.3%)" uncoded, where the schema says the uncoded are a share of
/// the coded ("IP 98,761", "OP 6,214" in another answer): the percentage of
/// the count against the whole. The whole may be any one of the base's
/// counts or their sum, with or without the count itself; only a percentage
/// no reading of it gives is inconsistent.
fn share_of_question(
    analysis: &Analysis,
    schema: Option<&Schema>,
    out: &mut Vec<Finding>,
    checks: &mut Vec<(usize, Check)>,
) {
    let Some(schema) = schema else { return };
    for (i, e) in analysis.exchanges.iter().enumerate() {
        let Some(base_key) = schema_question(schema, e).and_then(|q| q.share_of.as_deref()) else {
            continue;
        };
        let Some(base) = analysis.exchange(base_key) else {
            continue;
        };
        let counts: Vec<&Value> = base
            .values
            .iter()
            .filter(|v| matches!(v.kind, ValueKind::Count | ValueKind::Number))
            .filter(|v| v.number().is_some_and(|n| n > 0.0))
            .collect();
        let Some(first) = counts.first() else {
            continue;
        };
        let mut wholes: Vec<f64> = counts.iter().filter_map(|v| v.number()).collect();
        if wholes.len() > 1 {
            wholes.push(wholes.iter().sum());
        }
        for w in e.values.windows(2) {
            let (c, p) = (&w[0], &w[1]);
            // Labelled shares are `share_of_base`'s.
            if p.kind != ValueKind::Percent
                || !matches!(c.kind, ValueKind::Count | ValueKind::Number)
                || c.label.is_some()
            {
                continue;
            }
            let (Some(part), Some(pc)) = (c.number(), p.number()) else {
                continue;
            };
            let ok = wholes.iter().any(|&whole| is_share_of(part, p, pc, whole));
            let total = wholes.last().copied().unwrap_or(0.0) + part;
            checks.push((
                i,
                Check {
                    description: format!("{} is {} of {base_key} with it", c.text, p.text),
                    passed: ok,
                },
            ));
            if !ok {
                out.push(
                    inconsistent(
                        e,
                        p.span,
                        format!(
                            "{} of {} ({base_key} and {} together) is {:.2}%, not {}",
                            c.text,
                            format_number(total),
                            e.key,
                            100.0 * part / total,
                            p.text
                        ),
                    )
                    .with_related(first.span, format!("{base_key} in its answer")),
                );
            }
        }
    }
}

/// "1.0 substantive / 0.8 agency" against "1.8 WTE" in another answer.
fn wte_split(analysis: &Analysis, out: &mut Vec<Finding>, checks: &mut Vec<(usize, Check)>) {
    let totals: Vec<(&Exchange, &Value)> = analysis
        .exchanges
        .iter()
        .filter_map(|e| {
            let w: Vec<&Value> = e
                .values
                .iter()
                .filter(|v| v.kind == ValueKind::Wte)
                .collect();
            (w.len() == 1 && w[0].label.is_none() && w[0].number().is_some()).then(|| (e, w[0]))
        })
        .collect();
    let mut totals = totals;
    totals.sort_by(|a, b| {
        a.1.number()
            .unwrap_or(0.0)
            .total_cmp(&b.1.number().unwrap_or(0.0))
    });
    for (i, e) in analysis.exchanges.iter().enumerate() {
        let parts: Vec<&Value> = e
            .values
            .iter()
            .filter(|v| v.kind == ValueKind::Wte && v.label.is_some())
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let sum: f64 = parts.iter().filter_map(|v| v.number()).sum();
        // Only totals near the sum can be meant as the same staff.
        let lo = totals.partition_point(|(_, t)| t.number().unwrap_or(0.0) < sum * 0.5);
        let hi = totals.partition_point(|(_, t)| t.number().unwrap_or(0.0) <= sum * 2.0);
        let near = nearest(&totals, lo..hi, sum, |(_, t)| t.number().unwrap_or(0.0));
        for (other, total) in &totals[near] {
            if other.key == e.key {
                continue;
            }
            let Some(t) = total.number() else { continue };
            let ok = close(sum, t, 0.05);
            if !ok && (sum - t).abs() > 0.5 * t.max(sum) {
                // Too far apart to be meant as the same staff.
                continue;
            }
            checks.push((
                i,
                Check {
                    description: format!(
                        "the WTE split adds up to {} WTE in {}",
                        total.text, other.key
                    ),
                    passed: ok,
                },
            ));
            if !ok {
                out.push(
                    inconsistent(
                        e,
                        parts[0].span.cover(parts[parts.len() - 1].span),
                        format!(
                            "the WTE split adds up to {}, but {} gives {}",
                            format_number(sum),
                            other.key,
                            total.text
                        ),
                    )
                    .with_related(total.span, format!("the WTE total in {}", other.key)),
                );
            }
        }
    }
}

/// A table's total against the one figure of another answer it should equal
/// ("84.5K" episodes against a specialty table summing to 84,487).
fn table_vs_figure(analysis: &Analysis, out: &mut Vec<Finding>, checks: &mut Vec<(usize, Check)>) {
    // Answers that give exactly one count, sorted by it, to find those near a total.
    let mut singles: Vec<(f64, usize)> = analysis
        .exchanges
        .iter()
        .enumerate()
        .filter(|(_, o)| matches!(o.status, Status::Answered | Status::Partial))
        .filter_map(|(j, o)| {
            let mut figs = o
                .values
                .iter()
                .filter(|v| matches!(v.kind, ValueKind::Count | ValueKind::Number));
            let first = figs.next()?;
            figs.next().is_none().then_some((first.number()?, j))
        })
        .filter(|(n, _)| *n > 0.0)
        .collect();
    singles.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (i, e) in analysis.exchanges.iter().enumerate() {
        for v in &e.values {
            let Some(total) = v.table.as_ref().and_then(|t| t.total) else {
                continue;
            };
            let lo = singles.partition_point(|(n, _)| *n < total / 1.05);
            let hi = singles.partition_point(|(n, _)| *n <= total / 0.95);
            for &(n, j) in &singles[nearest(&singles, lo..hi, total, |(n, _)| *n)] {
                let other = &analysis.exchanges[j];
                if other.key == e.key || (total - n).abs() > 0.05 * n {
                    continue;
                }
                let Some(f) = other
                    .values
                    .iter()
                    .find(|v| matches!(v.kind, ValueKind::Count | ValueKind::Number))
                else {
                    continue;
                };
                let tolerance = if f.approximate {
                    approximate_tolerance(&f.text, n)
                } else {
                    0.5
                };
                let ok = close(total, n, tolerance);
                checks.push((
                    i,
                    Check {
                        description: format!(
                            "the table total {} agrees with {} in {}",
                            format_number(total),
                            f.text,
                            other.key
                        ),
                        passed: ok,
                    },
                ));
                if !ok {
                    out.push(
                        inconsistent(
                            e,
                            v.span,
                            format!(
                                "the table adds up to {}, but {} gives {}",
                                format_number(total),
                                other.key,
                                f.text
                            ),
                        )
                        .with_related(f.span, format!("the figure in {}", other.key)),
                    );
                }
            }
        }
    }
}

/// A response compares a figure with the few others near it, never with
/// every other: a text repeating one answer a thousand times would otherwise
/// make a million checks.
const MOST_COMPARED: usize = 3;

/// The window of at most [`MOST_COMPARED`] items of `within` (a range of
/// `sorted`, which is in order of `value`) whose values are nearest `target`.
fn nearest<T>(
    sorted: &[T],
    within: std::ops::Range<usize>,
    target: f64,
    value: impl Fn(&T) -> f64,
) -> std::ops::Range<usize> {
    let (lo, hi) = (within.start, within.end.max(within.start));
    let at = lo + sorted[lo..hi].partition_point(|x| value(x) < target);
    let (mut a, mut b) = (at, at);
    while b - a < MOST_COMPARED && (a > lo || b < hi) {
        let left = (a > lo).then(|| target - value(&sorted[a - 1]));
        let right = (b < hi).then(|| value(&sorted[b]) - target);
        match (left, right) {
            (Some(l), Some(r)) if l <= r => a -= 1,
            (Some(_), None) => a -= 1,
            _ => b += 1,
        }
    }
    a..b
}

/// How far a rounded figure may be from the exact one: "84.5K" → 50.
fn approximate_tolerance(text: &str, value: f64) -> f64 {
    let t = text.trim();
    let scale = if t.ends_with(['k', 'K']) {
        1e3
    } else if t.ends_with(['m', 'M']) {
        1e6
    } else {
        return (value.abs() * 0.05).max(0.5);
    };
    let digits: String = t
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len());
    0.5 * scale * 10f64.powi(-(decimals as i32))
}

#[allow(dead_code)]
fn is_ambiguous(v: &Value) -> bool {
    matches!(
        v.ambiguity,
        Some(Ambiguity::Approximate | Ambiguity::SeveralReadings)
    )
}

/// The yes/no reading of an exchange, if it has one.
fn yes_no_of(e: &Exchange) -> Option<bool> {
    e.values.iter().find_map(|v| match (&v.kind, &v.value) {
        (ValueKind::YesNo, Scalar::Bool(b)) => Some(*b),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clinical coding request's first questions, answered with the
    /// uncoded share given as a percentage (invented figures).
    fn coding_reply(uncoded: &str) -> Analysis {
        let text = format!(
            "Freedom of Information request FOI 1234\n\n\
             1. How many episodes of care were coded by your organisation in 2024 (both inpatient and outpatient)?\n\
             Inpatient 90,000; outpatient 8,000\n\n\
             2. How many episodes of care went uncoded in 2024?\n{uncoded}\n\n\
             3. How much income do you estimate was not generated due to uncoded activity?\n\
             We do not hold this information.\n\n\
             4. Can you provide the split of coding volumes between specialities (e.g., oncology, cardiology)?\n\
             Please see the attached spreadsheet.\n\n\
             5. How is your clinical coding team managed and structured?\n\
             The team reports to the Head of Information.\n\n\
             6. Are inpatient and outpatient coding done by the same team?\nYes\n\n\
             7. How many WTE clinical coders do you employ?\n14.2 WTE\n\n\
             8. What is the split of your coding staff between substantive, bank and agency?\n\
             All substantive.\n"
        );
        crate::engine::Engine::default().analyze(&text)
    }

    fn share_findings(a: &Analysis) -> Vec<&str> {
        a.findings
            .iter()
            .filter(|f| f.code == Code::Inconsistent)
            .map(|f| f.message.as_str())
            .collect()
    }

    #[test]
    fn an_uncoded_share_is_checked_against_the_coded_answer() {
        let fine = coding_reply("2,000 (2%)");
        assert_eq!(fine.schema.as_deref(), Some("nhs-clinical-coding-2024"));
        assert!(
            share_findings(&fine).is_empty(),
            "{:?}",
            share_findings(&fine)
        );
        // Of the inpatient count alone is a reading too.
        assert!(share_findings(&coding_reply("2,000 (2.2%)")).is_empty());
        let wrong = coding_reply("2,000 (5%)");
        let found = share_findings(&wrong);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("2,000 of 100,000"), "{found:?}");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(format_number(84500.0), "84,500");
        assert_eq!(format_number(1.8), "1.8");
        assert_eq!(format_number(8161319.97), "8,161,319.97");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(1000.0), "1,000");
        assert_eq!(format_number(-1234567.0), "-1,234,567");
        assert_eq!(format_number(-2.25), "-2.25");
    }

    #[test]
    fn only_the_nearest_few_are_compared() {
        let sorted = [1.0, 2.0, 2.5, 3.0, 3.1, 9.0];
        let id = |x: &f64| *x;
        assert_eq!(nearest(&sorted, 0..6, 3.0, id), 2..5);
        assert_eq!(nearest(&sorted, 0..6, 100.0, id), 3..6);
        assert_eq!(nearest(&sorted, 0..2, 0.0, id), 0..2);
        assert_eq!(nearest(&sorted, 4..4, 3.0, id), 4..4);
    }

    #[test]
    fn rounding() {
        assert_eq!(approximate_tolerance("84.5K", 84500.0), 50.0);
        assert_eq!(rounding_of("0.02%"), 0.005);
    }
}
