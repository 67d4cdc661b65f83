//! Values: the figures, choices, lists, tables and contacts an answer gives,
//! each with its exact source span, normalised as SPEC says, and picked by the
//! kind of value the question expects.

use std::sync::LazyLock;

mod choice;
pub mod figures;
mod table;
mod words;

pub use choice::{enum_option, list_items, yes_no};
pub use table::cell_number;
pub use words::word_value;

use crate::engine::model::{Ambiguity, Scalar, Span, Value, ValueKind};
use crate::engine::personal;
use crate::engine::schema::SchemaQuestion;
use crate::engine::segment::Part;
use crate::engine::text;

use figures::Figure;

/// What the reader knows about the question being answered.
pub struct Context<'a> {
    /// The question's words (folded to one line).
    pub question: &'a str,
    /// Kinds of value expected, most likely first.
    pub expects: &'a [ValueKind],
    pub schema_question: Option<&'a SchemaQuestion>,
    /// The question's content-word stems, made when first needed (most
    /// answers never need them) unless the caller already has them.
    question_stems: std::cell::OnceCell<std::borrow::Cow<'a, [text::Stem]>>,
}

impl<'a> Context<'a> {
    pub fn new(
        question: &'a str,
        expects: &'a [ValueKind],
        schema_question: Option<&'a SchemaQuestion>,
        stems: Option<&'a [text::Stem]>,
    ) -> Context<'a> {
        let question_stems = std::cell::OnceCell::new();
        if let Some(stems) = stems {
            let _ = question_stems.set(std::borrow::Cow::Borrowed(stems));
        }
        Context {
            question,
            expects,
            schema_question,
            question_stems,
        }
    }

    /// The question's content-word stems, sorted (`schema::stem_set`).
    fn stems(&self) -> &[text::Stem] {
        self.question_stems
            .get_or_init(|| crate::engine::schema::stem_set(self.question).into())
    }

    fn primary(&self) -> Option<ValueKind> {
        self.expects.first().copied()
    }

    fn expects(&self, kind: ValueKind) -> bool {
        self.expects.contains(&kind)
    }
}

/// The kinds of value a question's wording asks for, most likely first (used
/// when no schema says).
pub fn infer_expects(question: &str) -> Vec<ValueKind> {
    let q = question.trim_start_matches(|c: char| !c.is_alphanumeric());
    // A lead the letter sets before each question ("Question:", "You asked:",
    // "Request:") is not the question's first word.
    let q = match q.split_once(':') {
        Some((lead, rest))
            if lead.split_whitespace().count() <= 2
                && lead.chars().all(|c| c.is_alphabetic() || c == ' ') =>
        {
            rest.trim_start()
        }
        _ => q,
    };
    let hits = EXPECT_CUES.matches(q);
    let has = |cue: Cue| hits.matched(cue as usize);
    let mut out = Vec::new();
    let money = has(Cue::MoneyAsked) && has(Cue::MoneyWord);
    if money {
        out.push(ValueKind::Money);
    }
    if has(Cue::Wte) {
        out.push(ValueKind::Wte);
    }
    let counted_noun = has(Cue::CountedNoun) && !has(Cue::Describe) && !has(Cue::Percent) && !money;
    if has(Cue::Count) || (has(Cue::HowMuch) && !money) || counted_noun {
        out.push(ValueKind::Count);
    }
    if has(Cue::Percent) {
        out.push(ValueKind::Percent);
    }
    if has(Cue::Number) {
        out.push(ValueKind::Number);
    }
    // A yes/no question opens its first sentence with "Do", "Is", "Have" …
    // (a follow-up "If not, how …?" may come after).
    let first_sentence = q.split(['?', '.']).next().unwrap_or("");
    // "Please confirm whether …", "Could you tell me if …": the yes/no
    // asked after the request's lead.
    // A lead word counts when what follows it leads on too.
    const LEADS: &[&str] = &[
        "please", "kindly", "confirm", "state", "advise", "tell", "me", "us",
    ];
    const LED: &[&str] = &[
        "confirm", "state", "advise", "tell", "me", "us", "whether", "if",
    ];
    let is_one_of = |w: &str, list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x));
    let mut words = first_sentence.split_whitespace().peekable();
    let mut first_word = words.next().unwrap_or("");
    let mut led = false;
    while is_one_of(first_word, LEADS) && words.peek().is_some_and(|w| is_one_of(w, LED)) {
        first_word = words.next().unwrap_or("");
        led = true;
    }
    if led && first_word.eq_ignore_ascii_case("if") {
        first_word = "whether";
    }
    let first = text::Lower::<12>::new(first_word);
    const OPENERS: &[&str] = &[
        "do", "does", "did", "is", "are", "was", "were", "has", "have", "can", "will", "would",
        "should", "could",
        // A request's yes/no in indirect form: "Whether the Trust uses …".
        "whether",
    ];
    if OPENERS.contains(&first.as_str()) && !ASKS_WHAT.is_match(first_sentence) {
        out.push(ValueKind::YesNo);
    }
    if has(Cue::Which) && has(Cue::Systems) && !has(Cue::Count) {
        out.push(ValueKind::List);
    }
    out
}

/// What a question's words can say about the answer it wants.
#[derive(Clone, Copy)]
enum Cue {
    MoneyAsked,
    MoneyWord,
    Wte,
    Percent,
    Count,
    HowMuch,
    Number,
    Which,
    Systems,
    CountedNoun,
    Describe,
}

/// One pass over the question for every cue, in `Cue` order.
static EXPECT_CUES: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    text::regex_set(&[
        r"(?i)how much|total amount|value of|the amount|spend|spent|cost",
        r"(?i)spend|spent|cost|income|paid|pay|budget|value|rate|price|fee|£|money|funding|expenditure|compensation|payout",
        r"(?i)wte|whole[ -]time equivalent|full time equivalent|\bfte\b",
        r"(?i)percentage|proportion|%|per cent|percent",
        r"(?i)how many|numbers? of|what number|total number|quantity|\bamount of\b",
        r"(?i)how much",
        r"(?i)average|how long|length of|mean |median",
        r"(?i)what|which|list",
        r"(?i)system|software|application|tools|programme",
        // A count asked as a plural noun and what it did: "Front line police
        // officers who were dismissed", "Vehicles that were sold", "Staff
        // who left in 2023".
        r"(?i)^(?:the\s+)?(?:[\w-]+\s+){0,4}(?:[a-z-]+s|staff|people|children)\s+(?:who|whom|that|which)\s+\w+",
        // …unless it asks for their details rather than how many.
        r"(?i)^(?:please\s+)?(?:(?:provide|give|send)\s+)?(?:the\s+|a\s+)?(?:details|list|names|copy|copies|information|description|breakdown)\b",
    ])
});

static ASKS_WHAT: LazyLock<regex::Regex> =
    LazyLock::new(|| text::regex(r"(?i)how |what |which |number of"));

/// Reads the values of one answer.
pub fn read(text: &str, answer: &Part, ctx: &Context) -> Vec<Value> {
    let lines: Vec<(Span, &str)> = answer.pieces.iter().map(|p| (*p, p.slice(text))).collect();
    let mut values = Vec::new();

    let tables = table::find(&lines);
    for found in &tables {
        let mut v = Value::new(ValueKind::Table, found.span, found.span.slice(text));
        v.table = Some(Box::new(found.table.clone()));
        values.push(v);
    }
    let figs = answer_figures(text, answer, ctx, &lines, &tables);
    values.extend(figs.into_iter().map(|f| figure_value(text, f, ctx)));

    let first = lines.first().map(|(s, _)| *s).unwrap_or_default();
    if ctx.expects(ValueKind::YesNo) {
        values.extend(yes_no_value(text, first, ctx));
    }
    if ctx.expects(ValueKind::Enum) {
        values.extend(enum_value(text, answer, first, ctx));
    }
    if ctx.expects(ValueKind::List) {
        values.extend(read_list(text, answer));
    }
    if ctx.expects(ValueKind::Contact) {
        values.push(contact_value(text, answer, first));
    }
    values.sort_by_key(|v| (v.span.start, v.span.end));
    // Kept as long as the reading: growth leaves room for four values of
    // 224 bytes where most answers have one.
    values.shrink_to_fit();
    values
}

/// An answer that opens with its figure and a full stop ("45. We do not
/// hold figures for 2023."): the figure reads like a list's label, but an
/// answer's list starts at 1 and numbers its other lines too.
fn figure_before_full_stop(line: &str, base: usize, lines: &[(Span, &str)]) -> Vec<Figure> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = |l: &str| {
        let d = l
            .trim_start()
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        (1..=2).contains(&d) && l.trim_start()[d..].starts_with(['.', ')'])
    };
    let opens_with_figure = (1..=4).contains(&digits)
        && line[digits..].starts_with(". ")
        && &line[..digits] != "1"
        && !lines.iter().skip(1).any(|(_, l)| numbered(l));
    if !opens_with_figure {
        return Vec::new();
    }
    figures::scan(&line[..digits], base)
}

/// The figures of an answer's lines outside its `tables`, kept to those that
/// answer the question.
fn answer_figures(
    text: &str,
    answer: &Part,
    ctx: &Context,
    lines: &[(Span, &str)],
    tables: &[table::Found],
) -> Vec<Figure> {
    let mut in_table = vec![false; lines.len()];
    for t in tables {
        for &i in &t.lines {
            in_table[i] = true;
        }
    }
    let mut figs: Vec<Figure> = Vec::new();
    let mut empty_entries: Vec<Span> = Vec::new();
    for (i, (span, line)) in lines.iter().enumerate() {
        if !in_table[i] {
            let mut found = figures::scan(line, span.start);
            // A hard wrap may carry a figure's unit to the next line ("two
            // posts (1.0" / "WTE) and …").
            if let (Some(last), Some((_, next))) = (found.last_mut(), lines.get(i + 1)) {
                let unit = next
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("");
                if last.span.end == span.end
                    && matches!(last.kind, ValueKind::Count | ValueKind::Number)
                    && (unit.eq_ignore_ascii_case("wte") || unit.eq_ignore_ascii_case("fte"))
                {
                    last.kind = ValueKind::Wte;
                    last.unit = Some("WTE".into());
                }
            }
            if i == 0 {
                found.splice(0..0, figure_before_full_stop(line, span.start, lines));
            }
            if found.is_empty() {
                empty_entries.extend(nil_entry(line, span.start));
            }
            figs.extend(found);
        }
    }

    let answer_words = answer
        .pieces
        .iter()
        .map(|p| p.slice(text).split_whitespace().count())
        .sum::<usize>();
    filter_number_words(&mut figs, ctx, answer_words);
    drop_echoes(text, &mut figs, ctx.question);
    if figs.len() >= 2 {
        add_nil_entries(&mut figs, empty_entries);
    }
    if figs.is_empty() && tables.is_empty() {
        if let Some(zero) = nothing_as_zero(text, answer, ctx) {
            figs.push(zero);
        }
    }
    pick_by_kind(&mut figs, ctx);
    figs
}

/// A figure the answer repeats from its question ("How many were repaired
/// within 28 days?" / "1,904 were repaired within 28 days") is the
/// question's, not the answer's: dropped when another figure answers.
fn drop_echoes(text: &str, figs: &mut Vec<Figure>, question: &str) {
    if figs.len() < 2 || question.is_empty() {
        return;
    }
    let question = text::fold_whitespace(&question.to_lowercase());
    let echoes: Vec<bool> = figs
        .iter()
        .map(|f| {
            f.noun.as_deref().is_some_and(|noun| {
                let written = f.span.slice(text).to_lowercase();
                question.contains(&format!("{written} {}", noun.to_lowercase()))
            })
        })
        .collect();
    if echoes.contains(&false) {
        let mut echo = echoes.into_iter();
        figs.retain(|_| !echo.next().unwrap_or(false));
    }
}

/// "2025/26 (to date). Nil" in a list of figures by year: nought, as money
/// when all the other figures are.
fn add_nil_entries(figs: &mut Vec<Figure>, empty_entries: Vec<Span>) {
    let money = figs.iter().all(|f| f.money);
    for at in empty_entries {
        if let Some(mut zero) = figures::scan("0", 0).into_iter().next() {
            zero.span = at;
            zero.word = true;
            zero.money = money;
            zero.kind = if money {
                ValueKind::Money
            } else {
                ValueKind::Count
            };
            figs.push(zero);
        }
    }
    figs.sort_by_key(|f| f.span.start);
}

/// Yes or no read from the first line of the answer, spanning its first word.
fn yes_no_value(text: &str, first: Span, ctx: &Context) -> Option<Value> {
    let first_text = first.slice(text);
    let (yes, len) = yes_no(first_text, ctx.schema_question)?;
    let t = first_text.trim_start();
    let lead = first_text.len() - t.len();
    let word_len = if len <= lead + 3 {
        len - lead
    } else {
        // The first word, or the first character when the line
        // opens with a sign ("£15 …"): never part of a character.
        match t.find(|c: char| !c.is_alphabetic()) {
            Some(0) => t.chars().next().map_or(0, char::len_utf8),
            Some(n) => n,
            None => t.len(),
        }
    };
    let span = Span::new(
        first.start + lead,
        first.start + lead + word_len.min(t.len()),
    );
    let mut v = Value::new(ValueKind::YesNo, span, span.slice(text));
    v.value = Scalar::Bool(yes);
    Some(v)
}

/// The schema option the whole answer names, spanning its first line.
fn enum_value(text: &str, answer: &Part, first: Span, ctx: &Context) -> Option<Value> {
    let q = ctx.schema_question?;
    let whole = answer.text(text);
    let option = enum_option(&whole, &q.options)?;
    let span = text::trim_span(text, first);
    let mut v = Value::new(ValueKind::Enum, span, span.slice(text));
    v.value = Scalar::Text(option.name.clone());
    Some(v)
}

/// The whole answer as a contact, flagged when it holds personal data.
fn contact_value(text: &str, answer: &Part, first: Span) -> Value {
    let span = text::trim_span(text, first);
    let mut v = Value::new(ValueKind::Contact, span, span.slice(text));
    v.value = Scalar::Text(text::fold_whitespace(&answer.text(text)));
    v.personal_data = answer
        .pieces
        .iter()
        .any(|p| !personal::find(p.slice(text), p.start).is_empty());
    v
}

/// Number words are figures when they answer the question ("Eight", "three
/// sites") but not in passing prose next to digits ("three directorates … 6793
/// episodes").
fn filter_number_words(figs: &mut Vec<Figure>, ctx: &Context, answer_words: usize) {
    let has_digits = figs.iter().any(|f| !f.word);
    let has_words = figs.iter().any(|f| f.word);
    if !has_digits || !has_words || answer_words <= 3 {
        return;
    }
    let q_stems = ctx.stems();
    figs.retain(|f| {
        !f.word
            || f.noun
                .as_ref()
                .is_some_and(|n| q_stems.binary_search(&text::stem(n)).is_ok())
    });
}

/// The span of "Nil" / "None" / "Zero" ending a list entry that names what
/// it is for ("2025/26 (to date). Nil", "Legal costs: none").
fn nil_entry(line: &str, base: usize) -> Option<Span> {
    let t = line.trim_end().trim_end_matches(['.', ';', ',']);
    let word_at = t
        .char_indices()
        .rfind(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &t[word_at..];
    let label = t[..word_at].trim();
    let is_nil = ["nil", "none", "zero", "nought"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w));
    (is_nil && !label.is_empty() && label.len() <= 40)
        .then(|| Span::new(base + word_at, base + t.len()))
}

/// "None", "Nil" or "No" answering a count question is zero.
fn nothing_as_zero(text: &str, answer: &Part, ctx: &Context) -> Option<Figure> {
    if !ctx
        .expects
        .iter()
        .any(|k| matches!(k, ValueKind::Count | ValueKind::Number | ValueKind::Wte))
    {
        return None;
    }
    if ctx.expects(ValueKind::List)
        || ctx.expects(ValueKind::YesNo) && ctx.primary() == Some(ValueKind::YesNo)
    {
        return None;
    }
    let first = answer.pieces.first()?;
    let s = first.slice(text);
    let t = s.trim_start();
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    if !matches!(word.to_lowercase().as_str(), "none" | "nil" | "nought")
        || t.split_whitespace().count() > 4
        || answer.pieces.len() > 1
    {
        return None;
    }
    let start = first.start + (s.len() - t.len());
    let mut f = figures::scan("0", 0).into_iter().next()?;
    f.span = Span::new(start, start + word.len());
    f.word = true;
    f.kind = if ctx.primary() == Some(ValueKind::Wte) {
        ValueKind::Wte
    } else {
        ValueKind::Count
    };
    Some(f)
}

/// Keeps the figures of the kind asked for when the answer mixes kinds: money
/// for a money question, counts (not money) for a count question — unless a
/// figure counts something the question names ("one individual" for "numbers
/// of individual staff").
fn pick_by_kind(figs: &mut Vec<Figure>, ctx: &Context) {
    // The question's stems are made on first use: most figures name nothing.
    let named = |f: &Figure| {
        f.noun
            .as_ref()
            .is_some_and(|n| ctx.stems().binary_search(&text::stem(n)).is_ok())
    };
    match ctx.primary() {
        Some(ValueKind::Money) => {
            // Counts stay only when the question asks for counts of them too.
            let counts_asked = ctx.expects(ValueKind::Count);
            // Nought is nought in any column ("£22,559 property damage, 0
            // personal injury").
            if figs.iter().any(|f| f.money) {
                figs.retain(|f| f.money || f.value == Some(0.0) || (counts_asked && named(f)));
            }
        }
        Some(ValueKind::Count | ValueKind::Number) if figs.iter().any(|f| !f.money) => {
            figs.retain(|f| !f.money || named(f));
        }
        _ => {}
    }
    // A WTE question: bare figures are WTE.
    if ctx.primary() == Some(ValueKind::Wte) || ctx.schema_question.is_some_and(|q| q.breakdown) {
        for f in figs.iter_mut() {
            if matches!(f.kind, ValueKind::Count | ValueKind::Number) && f.unit.is_none() {
                f.kind = ValueKind::Wte;
            }
        }
    }
}

fn figure_value(text: &str, f: Figure, ctx: &Context) -> Value {
    let mut v = Value::new(f.kind, f.span, f.span.slice(text));
    if let Some(n) = f.value {
        v.value = Scalar::Number(n);
    }
    v.min = f.min;
    v.max = f.max;
    v.approximate = f.approximate;
    v.unit = f.unit;
    v.label = f.label;
    if f.money {
        v.currency = Some("GBP");
    }
    if let Some(q) = ctx.schema_question {
        // Breakdown labels the schema knows ("permanent" is substantive).
        if let Some(l) = &v.label {
            if !q.labels.is_empty() && !q.labels.iter().any(|k| k == l) {
                if let Some(k) = q.labels.iter().find(|k| l.contains(k.as_str())) {
                    v.label = Some(k.clone());
                }
            }
        }
    }
    v.ambiguity = f.ambiguity.or(if f.word {
        Some(Ambiguity::NumberWord)
    } else {
        None
    });
    v.alternatives = f.alternatives;
    v
}

fn is_bulleted(line: &str) -> bool {
    line.trim_start().starts_with(['-', '•', '*', '·'])
}

fn read_list(text: &str, answer: &Part) -> Option<Value> {
    let pieces = &answer.pieces;
    let mut items: Vec<Span> = Vec::new();
    // One sentence hard-wrapped over lines ("Medicode encoder (3M), Lorenzo
    // PAS and the Evolve electronic document" / "management system.") is
    // read as one line.
    let carries_on = |pair: &[Span]| {
        let (line, next) = (pair[0].slice(text).trim_end(), pair[1].slice(text));
        let last_word = line.rsplit(char::is_whitespace).next().unwrap_or("");
        !line.ends_with(['.', '?', '!', ':', ';'])
            && (next.starts_with(char::is_lowercase)
                || line.ends_with(',')
                || ["and", "or", "the", "of", "with"].contains(&last_word))
    };
    let one_sentence = pieces.len() > 1
        && pieces.iter().all(|p| !is_bulleted(p.slice(text)))
        && pieces.windows(2).all(carries_on);
    if pieces.len() == 1 || one_sentence {
        let p = if one_sentence { answer.span } else { pieces[0] };
        // Line breaks as spaces, byte for byte, so that offsets stay put.
        let line = p.slice(text).replace(['\r', '\n'], " ");
        for (a, b) in list_items(&line)? {
            items.push(Span::new(p.start + a, p.start + b));
        }
    } else {
        for p in pieces {
            let s = p.slice(text);
            let t = s.trim_start_matches(['-', '•', '*', '·', ' ']);
            if t.split_whitespace().count() > 6 {
                return None;
            }
            let start = p.start + (s.len() - t.len());
            items.push(text::trim_span(text, Span::new(start, p.end)));
        }
    }
    let span = answer.span;
    let first = pieces.first()?;
    let mut v = Value::new(
        ValueKind::List,
        if pieces.len() == 1 {
            text::trim_span(text, *first)
        } else {
            span
        },
        "",
    );
    v.text = v.span.slice(text).to_string();
    v.items = items
        .iter()
        .map(|s| text::fold_whitespace(s.slice(text).trim_end_matches('.').trim()))
        .filter(|s| !s.is_empty())
        .collect();
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nil_ends_a_list_entry() {
        fn entry(line: &str) -> Option<&str> {
            nil_entry(line, 0).map(|s| &line[s.start..s.end])
        }
        assert_eq!(entry("2025/26 (to date). Nil"), Some("Nil"));
        assert_eq!(entry("Legal costs:\u{a0}none"), Some("none"));
        assert_eq!(entry("Nil"), None);
        assert_eq!(entry("We do not hold\u{a0}an estimate"), None);
    }

    #[test]
    fn infers_expected_kinds() {
        assert_eq!(
            infer_expects("How many beds does your Trust have?"),
            [ValueKind::Count]
        );
        assert_eq!(
            infer_expects("What percentage of these patients were female?"),
            [ValueKind::Percent]
        );
        assert_eq!(infer_expects("Do you have an encoder?"), [ValueKind::YesNo]);
        assert_eq!(
            infer_expects("Vehicles that were sold at auction."),
            [ValueKind::Count]
        );
        assert_eq!(
            infer_expects("Front line police officers who applied for voluntary redundancy."),
            [ValueKind::Count]
        );
        assert_eq!(
            infer_expects("Details of the systems that were replaced."),
            []
        );
        assert_eq!(
            infer_expects("What is the total clinical coding department spend on agency staff?"),
            [ValueKind::Money]
        );
        assert_eq!(
            infer_expects("If electronic, what system(s) are used?"),
            [ValueKind::List]
        );
        assert_eq!(
            infer_expects("On average, what number or percentage of episodes go uncoded?"),
            [ValueKind::Count, ValueKind::Percent, ValueKind::Number]
        );
    }

    fn read_answer(answer: &str, question: &str) -> Vec<Value> {
        let part = Part {
            span: Span::new(0, answer.len()),
            pieces: crate::engine::text::lines(answer)
                .iter()
                .map(|l| l.span)
                .filter(|s| !s.is_empty())
                .collect(),
        };
        let expects = infer_expects(question);
        read(answer, &part, &Context::new(question, &expects, None, None))
    }

    #[test]
    fn reads_figures_by_question() {
        let v = read_answer(
            "Total agency spend for 12 months is £129,867",
            "What is the total spend on agency staff?",
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].value, Scalar::Number(129867.0));
        let v = read_answer("None", "Please state the number of these contractors");
        assert_eq!(v[0].value, Scalar::Number(0.0));
        let v = read_answer(
            "We provide care through three directorates. 6793 episodes were coded in 2024.",
            "How many episodes of care were coded?",
        );
        assert_eq!(
            v.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
            [Scalar::Number(6793.0)]
        );
    }

    #[test]
    fn a_hard_wrapped_list_and_unit_read_as_unwrapped() {
        let question = "What coding systems or software does the Trust use?";
        let items = |answer: &str| -> Vec<String> {
            let v = read_answer(answer, question);
            let list = v
                .iter()
                .find(|v| v.kind == ValueKind::List)
                .expect("a list");
            list.items.clone()
        };
        let one_line = items("Medicode encoder (3M), Lorenzo PAS and the Evolve document system.");
        let wrapped = items("Medicode encoder (3M), Lorenzo PAS and the Evolve\ndocument system.");
        assert_eq!(wrapped, one_line);
        assert_eq!(wrapped.len(), 3, "{wrapped:?}");
        // Two lines that each end a sentence are two items.
        assert_eq!(items("Medicode\nLorenzo PAS").len(), 2);
        let v = read_answer(
            "Yes – one post (1.0\nWTE) is vacant.",
            "How many WTE posts are vacant?",
        );
        assert!(v.iter().any(|v| v.kind == ValueKind::Wte), "{v:?}");
    }

    #[test]
    fn a_yes_no_reading_of_a_line_opening_with_a_sign_keeps_whole_characters() {
        // A negation later in the line decides; the word read is the "£".
        let v = read_answer("£ – we do not use one", "Do you use an encoder?");
        let yes_no: Vec<&Value> = v.iter().filter(|v| v.kind == ValueKind::YesNo).collect();
        assert_eq!(yes_no.len(), 1);
        assert_eq!(yes_no[0].text, "£");
    }
}
