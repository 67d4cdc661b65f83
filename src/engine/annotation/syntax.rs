//! One annotation line to an [`Annotation`] and back.

use crate::engine::model::{Code, Span, Status};

use super::lexer::{lex, RawToken};
use super::literal::{self, is_bare_safe, quote};
use super::{Annotation, Invalid, Literal, Token, Verb};

/// The token names, in the order `render` writes them.
pub const NAMES: [&str; 11] = [
    "q",
    "value",
    "status",
    "exemption",
    "refers",
    "code",
    "unit",
    "quote",
    "note",
    "by",
    "at",
];

const NAMES_EXPECTED: &str =
    "expected q, value, quote, status, exemption, refers, code, unit, note, by or at";

const VERBS_EXPECTED: &str = "verify, set, ignore, question, answer or furniture";

/// Whether `line` (without its line break) is an annotation line, valid or not.
pub fn is_annotation_line(line: &str) -> bool {
    lex(line, 0).is_some()
}

/// Reads one line. `None` when the line is not an annotation (does not start
/// with `<!-- foil`); spans are byte spans starting at `offset`.
pub fn parse_line(line: &str, offset: usize) -> Option<Result<Annotation, Invalid>> {
    let lexed = lex(line, offset)?;
    Some(build(line, offset, lexed))
}

fn build(line: &str, offset: usize, lexed: super::lexer::Lexed) -> Result<Annotation, Invalid> {
    if let Some(error) = lexed.error {
        return Err(error);
    }
    let verb_piece = lexed.verb.ok_or_else(|| Invalid {
        span: lexed.header,
        message: format!("expected a verb after <!-- foil: {VERBS_EXPECTED}"),
    })?;
    let verb = Verb::parse(&verb_piece.text).ok_or_else(|| Invalid {
        span: verb_piece.span,
        message: format!(
            "unknown verb {:?}: expected {VERBS_EXPECTED}",
            verb_piece.text
        ),
    })?;
    let mut a = Annotation::new(verb);
    a.span = Span::new(offset, offset + line.len());
    for raw in &lexed.tokens {
        read_token(&mut a, raw)?;
        a.tokens.push(Token {
            name: raw.name.text.to_ascii_lowercase(),
            raw: raw.raw.clone(),
            span: raw.span,
            value_span: raw.value_span,
        });
    }
    check_verb_needs(&a, verb_piece.span)?;
    Ok(a)
}

fn read_token(a: &mut Annotation, raw: &RawToken) -> Result<(), Invalid> {
    let name = raw.name.text.to_ascii_lowercase();
    let at_name = |message: String| Invalid {
        span: raw.name.span,
        message,
    };
    if !raw.has_value {
        return Err(Invalid {
            span: raw.span,
            message: format!("expected name=value, found {:?}", raw.name.text),
        });
    }
    if !NAMES.contains(&name.as_str()) {
        return Err(at_name(format!(
            "unknown name {:?}: {NAMES_EXPECTED}",
            raw.name.text
        )));
    }
    if let Some(problem) = misplaced(a.verb, &name) {
        return Err(Invalid {
            span: raw.span,
            message: problem,
        });
    }
    let repeated = name != "value" && a.tokens.iter().any(|t| t.name == name);
    if repeated {
        return Err(Invalid {
            span: raw.span,
            message: format!("{name}= is given twice"),
        });
    }
    let text = raw.quoted.clone().unwrap_or_else(|| raw.raw.clone());
    let at_value = |message: String| Invalid {
        span: if raw.value_span.is_empty() {
            raw.span
        } else {
            raw.value_span
        },
        message,
    };
    if text.is_empty()
        && matches!(
            name.as_str(),
            "q" | "status" | "exemption" | "refers" | "code"
        )
    {
        return Err(at_value(format!("{name}= needs a value")));
    }
    match name.as_str() {
        "q" => a.key = Some(text),
        "value" => a.values.push(read_literal(raw).map_err(at_value)?),
        "status" => a.status = Some(read_status(&text).map_err(at_value)?),
        "exemption" => a.exemption = Some(read_exemption(&text).map_err(at_value)?),
        "refers" => a.refers = Some(text),
        "code" => a.code = Some(read_code(&text).map_err(at_value)?),
        "unit" => a.unit = Some(text),
        "quote" => a.quote = Some(text),
        "note" => a.note = Some(text),
        "by" => a.by = Some(text),
        _ => a.at = Some(text),
    }
    Ok(())
}

/// Why `name` does not belong on `verb`, when it does not.
fn misplaced(verb: Verb, name: &str) -> Option<String> {
    match (verb, name) {
        (Verb::Ignore, "value" | "quote" | "status" | "exemption" | "refers" | "unit") => Some(
            format!("{name}= does nothing on ignore: it takes q, code, note, by and at"),
        ),
        (Verb::Verify | Verb::Set, "code") => {
            Some("code= belongs to ignore: write <!-- foil ignore code=… -->".into())
        }
        (Verb::Verify, "refers") => {
            Some("refers= belongs to set: write <!-- foil set q=… refers=KEY -->".into())
        }
        (Verb::Furniture, "q") => Some(
            "q= does nothing on furniture: the line after it belongs to no question or answer"
                .into(),
        ),
        (Verb::Question | Verb::Answer | Verb::Furniture, "note" | "by" | "at" | "q") => None,
        (Verb::Question | Verb::Answer | Verb::Furniture, _) => Some(format!(
            "{name}= does nothing on {verb}: a layout annotation takes q, note, by and at",
            verb = verb.as_str()
        )),
        _ => None,
    }
}

fn check_verb_needs(a: &Annotation, verb_span: Span) -> Result<(), Invalid> {
    let problem = match a.verb {
        Verb::Ignore if a.code.is_none() => "ignore needs code=, the finding code to silence",
        Verb::Set
            if a.key.is_none()
                && a.values.is_empty()
                && a.status.is_none()
                && a.exemption.is_none()
                && a.refers.is_none() =>
        {
            "set needs value=, status=, exemption=, refers= or q= (the schema key it maps to)"
        }
        Verb::Answer if a.key.is_none() => "answer needs q=, the question the answer is to",
        _ => return Ok(()),
    };
    Err(Invalid {
        span: verb_span,
        message: problem.into(),
    })
}

fn read_literal(raw: &RawToken) -> Result<Literal, String> {
    match &raw.quoted {
        Some(text) => Ok(Literal::Text(text.clone())),
        None => Literal::parse_bare(&raw.raw)
            .ok_or_else(|| format!("malformed value {:?}: {}", raw.raw, literal::EXPECTED)),
    }
}

fn read_status(s: &str) -> Result<Status, String> {
    let wire = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
    Status::parse(&wire).ok_or_else(|| {
        format!("unknown status {s:?}: expected answered, partial, not_held, exempt, referred, attached, not_applicable or missing")
    })
}

/// `s40`, `S40` → `s40`; `r12` for EIR regulations.
fn read_exemption(s: &str) -> Result<String, String> {
    let lower = s.trim().to_ascii_lowercase();
    let well_formed = lower
        .strip_prefix(['s', 'r'])
        .is_some_and(|n| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()));
    if well_formed {
        Ok(lower)
    } else {
        Err(format!(
            "malformed exemption {s:?}: expected s and the FOIA section number (s40), or r and the EIR regulation (r12)"
        ))
    }
}

fn read_code(s: &str) -> Result<Code, String> {
    Code::parse(&s.trim().to_ascii_lowercase()).ok_or_else(|| {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        format!("unknown code {s:?}: expected one of {}", codes.join(", "))
    })
}

/// The canonical one-line form, without a line break:
/// `<!-- foil verify q=KEY value=… quote="…" -->`.
pub fn render(a: &Annotation) -> String {
    let mut out = format!("<!-- foil {}", a.verb.as_str());
    let mut push = |name: &str, value: String| {
        out.push(' ');
        out.push_str(name);
        out.push('=');
        out.push_str(&value);
    };
    if let Some(key) = &a.key {
        push("q", bare_or_quoted(key));
    }
    for v in &a.values {
        push("value", v.render());
    }
    if let Some(status) = a.status {
        push("status", status.as_str().into());
    }
    if let Some(exemption) = &a.exemption {
        push("exemption", bare_or_quoted(exemption));
    }
    if let Some(refers) = &a.refers {
        push("refers", bare_or_quoted(refers));
    }
    if let Some(code) = a.code {
        push("code", code.as_str().into());
    }
    if let Some(unit) = &a.unit {
        push("unit", bare_or_quoted(unit));
    }
    // Free text is always quoted, so it reads as text whatever it holds.
    if let Some(q) = &a.quote {
        push("quote", quote(q));
    }
    if let Some(note) = &a.note {
        push("note", quote(note));
    }
    if let Some(by) = &a.by {
        push("by", bare_or_quoted(by));
    }
    if let Some(at) = &a.at {
        push("at", bare_or_quoted(at));
    }
    out.push_str(" -->");
    out
}

fn bare_or_quoted(s: &str) -> String {
    if is_bare_safe(s) {
        s.to_string()
    } else {
        quote(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Annotation, Invalid> {
        parse_line(line, 0).expect("an annotation line")
    }

    fn error(line: &str) -> Invalid {
        parse(line).expect_err("should be invalid")
    }

    /// The offending text and the message of an invalid line.
    fn problem(line: &str) -> (String, String) {
        let e = error(line);
        (line[e.span.start..e.span.end].to_string(), e.message)
    }

    #[test]
    fn reads_the_spec_examples() {
        let a = parse(
            r#"<!-- foil verify q=episodes_coded value=6793 quote="6793 episodes" by=AK at=2026-11-20 -->"#,
        )
        .unwrap();
        assert_eq!(a.verb, Verb::Verify);
        assert_eq!(a.key.as_deref(), Some("episodes_coded"));
        assert_eq!(
            a.values,
            [Literal::Number {
                value: 6793.0,
                approximate: false
            }]
        );
        assert_eq!(a.quote.as_deref(), Some("6793 episodes"));
        assert_eq!(
            (a.by.as_deref(), a.at.as_deref()),
            (Some("AK"), Some("2026-11-20"))
        );

        let a =
            parse("<!-- foil set q=responsible_contact status=exempt exemption=s40 -->").unwrap();
        assert_eq!(a.status, Some(Status::Exempt));
        assert_eq!(a.exemption.as_deref(), Some("s40"));

        let a = parse("<!-- foil ignore q=staff_mix code=ambiguous-value -->").unwrap();
        assert_eq!(a.code, Some(Code::AmbiguousValue));

        let a =
            parse(r#"<!-- foil set q=coding_systems value="Medicode" value="iPM" -->"#).unwrap();
        assert_eq!(
            a.values,
            [
                Literal::Text("Medicode".into()),
                Literal::Text("iPM".into())
            ]
        );
        let a =
            parse(r#"<!-- foil set q=same_team value=no note="No = separate teams, see A5" -->"#)
                .unwrap();
        assert_eq!(a.values, [Literal::Bool(false)]);
        assert_eq!(a.note.as_deref(), Some("No = separate teams, see A5"));
    }

    #[test]
    fn reads_layout_annotations_and_referrals() {
        let a = parse("<!-- foil question q=episodes_coded -->").unwrap();
        assert_eq!(
            (a.verb, a.key.as_deref()),
            (Verb::Question, Some("episodes_coded"))
        );
        assert!(a.verb.is_layout());
        let a = parse("<!-- foil answer q=q3 note=\"after the table\" -->").unwrap();
        assert_eq!((a.verb, a.key.as_deref()), (Verb::Answer, Some("q3")));
        assert_eq!(
            parse("<!-- foil furniture -->").unwrap().verb,
            Verb::Furniture
        );
        assert_eq!(parse("<!-- foil question -->").unwrap().key, None);
        let a = parse("<!-- foil set q=q6 status=referred refers=q2 -->").unwrap();
        assert_eq!(a.refers.as_deref(), Some("q2"));
        for line in [
            "<!-- foil question q=q1 -->",
            "<!-- foil answer q=q1 -->",
            "<!-- foil furniture -->",
            "<!-- foil set q=q6 status=referred refers=q2 -->",
            "<!-- foil set q=q1 value=none -->",
        ] {
            assert_eq!(render(&parse(line).unwrap()), line);
        }
        let cases = [
            ("<!-- foil answer -->", "answer", "answer needs q="),
            (
                "<!-- foil furniture q=q1 -->",
                "q=q1",
                "q= does nothing on furniture",
            ),
            (
                "<!-- foil question value=3 -->",
                "value=3",
                "value= does nothing on question",
            ),
            (
                "<!-- foil verify refers=q1 -->",
                "refers=q1",
                "refers= belongs to set",
            ),
        ];
        for (line, part, message) in cases {
            let (got_part, got_message) = problem(line);
            assert_eq!(got_part, part, "span for {line}");
            assert!(got_message.contains(message), "{line}: {got_message}");
        }
    }

    #[test]
    fn keeps_token_spans() {
        let line = "\t<!-- foil set q=x value=inpatient:5 -->";
        let a = parse_line(line, 10).unwrap().unwrap();
        assert_eq!(a.span, Span::new(10, 10 + line.len()));
        let spans = a.value_spans();
        assert_eq!(spans.len(), 1);
        assert_eq!(&line[spans[0].start - 10..spans[0].end - 10], "inpatient:5");
        assert_eq!(a.token_at(spans[0].start).unwrap().name, "value");
    }

    #[test]
    fn lenient_spellings() {
        let a = parse("<!-- foil Verify Q=a status=not-held exemption=S40 -->").unwrap();
        assert_eq!(a.verb, Verb::Verify);
        assert_eq!(a.status, Some(Status::NotHeld));
        assert_eq!(a.exemption.as_deref(), Some("s40"));
        let a = parse(r#"<!-- foil verify note="C:\docs" -->"#).unwrap();
        assert_eq!(a.note.as_deref(), Some(r"C:\docs"));
    }

    /// Each `(line, part, message)`: the problem in `line` spans `part` and
    /// its message says `message`.
    fn assert_problems(cases: &[(&str, &str, &str)]) {
        for &(line, part, message) in cases {
            let (got_part, got_message) = problem(line);
            assert_eq!(got_part, part, "span for {line}");
            assert!(got_message.contains(message), "{line}: {got_message}");
        }
    }

    #[test]
    fn a_malformed_comment_says_what_was_expected() {
        assert_problems(&[
            (
                "<!-- foil verfy q=a -->",
                "verfy",
                "unknown verb \"verfy\": expected verify, set, ignore, question, answer or furniture",
            ),
            ("<!-- foil -->", "<!-- foil", "expected a verb"),
            ("<!-- foil verify q=a", "q=a", "missing closing -->"),
            (
                "<!-- foil verify q=a --> more",
                "more",
                "unexpected text after -->",
            ),
        ]);
    }

    #[test]
    fn a_malformed_field_says_what_was_expected() {
        assert_problems(&[
            (
                "<!-- foil verify episodes -->",
                "episodes",
                "expected name=value, found \"episodes\"",
            ),
            (
                "<!-- foil verify qq=a -->",
                "qq",
                "unknown name \"qq\": expected q, value",
            ),
        ]);
    }

    #[test]
    fn a_malformed_value_says_what_was_expected() {
        assert_problems(&[
            (
                "<!-- foil verify value=12abc -->",
                "12abc",
                "malformed value \"12abc\": expected a number",
            ),
            ("<!-- foil verify value=1..x -->", "1..x", "malformed value"),
            (
                "<!-- foil set status=done -->",
                "done",
                "unknown status \"done\": expected answered, partial, not_held",
            ),
            (
                "<!-- foil set exemption=section40 -->",
                "section40",
                "malformed exemption \"section40\": expected s",
            ),
            (
                "<!-- foil ignore code=ambiguous -->",
                "ambiguous",
                "unknown code \"ambiguous\": expected one of missing-answer",
            ),
        ]);
    }

    #[test]
    fn a_malformed_quote_says_where_it_went_wrong() {
        assert_problems(&[
            (
                r#"<!-- foil verify quote="abc -->"#,
                "\"abc -->",
                "unterminated quote",
            ),
            (
                r#"<!-- foil verify quote="a"b -->"#,
                "b",
                "expected a space after the closing quote",
            ),
            (r#"<!-- foil verify quote=a"b" -->"#, "a\"b\"", "stray \""),
        ]);
    }

    #[test]
    fn a_verb_says_which_fields_it_needs_and_takes() {
        assert_problems(&[
            ("<!-- foil ignore q=a -->", "ignore", "ignore needs code="),
            (
                "<!-- foil set note=\"why\" -->",
                "set",
                "set needs value=, status=",
            ),
            (
                "<!-- foil ignore code=exempt value=1 -->",
                "value=1",
                "value= does nothing on ignore",
            ),
            (
                "<!-- foil verify code=exempt -->",
                "code=exempt",
                "code= belongs to ignore",
            ),
        ]);
    }

    #[test]
    fn a_repeated_or_empty_field_is_named() {
        assert_problems(&[
            ("<!-- foil verify q=a q=b -->", "q=b", "q= is given twice"),
            ("<!-- foil verify q= -->", "q=", "q= needs a value"),
            (
                "<!-- foil verify status=\"\" -->",
                "\"\"",
                "status= needs a value",
            ),
        ]);
    }

    #[test]
    fn renders_canonically() {
        let mut a = Annotation::new(Verb::Set);
        a.at = Some("2026-11-20".into());
        a.quote = Some("£60k to £80k".into());
        a.unit = Some("GBP".into());
        a.values = vec![Literal::Range {
            min: 60000.0,
            max: 80000.0,
        }];
        a.key = Some("income_lost".into());
        a.by = Some("A K".into());
        assert_eq!(
            render(&a),
            r#"<!-- foil set q=income_lost value=60000..80000 unit=GBP quote="£60k to £80k" by="A K" at=2026-11-20 -->"#
        );
        let mut i = Annotation::new(Verb::Ignore);
        i.key = Some("staff_mix".into());
        i.code = Some(Code::AmbiguousValue);
        i.note = Some("".into());
        assert_eq!(
            render(&i),
            r#"<!-- foil ignore q=staff_mix code=ambiguous-value note="" -->"#
        );
    }
}
