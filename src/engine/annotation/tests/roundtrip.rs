//! Property: parsing the rendering of any annotation gives it back.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

use crate::engine::annotation::{parse_line, render, scan, Annotation, Literal, Verb};
use crate::engine::model::{Code, Span, Status};

/// Any text: quotes, backslashes, spaces, line breaks, `--`, `-->`, `--!>`,
/// the separators some editors break lines at, unicode.
fn any_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\\"".to_string()),
        Just(" ".to_string()),
        Just("--".to_string()),
        Just("-->".to_string()),
        Just("--!>".to_string()),
        Just("-".to_string()),
        Just("\u{2028}\u{2029}\u{85}\u{b}\u{c}".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("£84.5K – “x” 😀".to_string()),
        any::<String>(),
        "[a-z0-9=:.~%]{0,6}",
    ];
    vec(pieces, 0..5).prop_map(|p| p.concat())
}

fn non_empty_text() -> impl Strategy<Value = String> {
    any_text().prop_filter("non-empty", |s| !s.is_empty())
}

fn figure() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |n| n.is_finite()),
        (0u32..1_000_000).prop_map(f64::from),
        (0u32..100_000).prop_map(|n| f64::from(n) / 100.0),
    ]
}

/// A word literal (`--` never is one: a comment cannot hold it bare).
fn word() -> impl Strategy<Value = String> {
    "[a-zA-Zé][a-zA-Z0-9_é-]{0,10}".prop_filter("not yes/no", |w| {
        !w.eq_ignore_ascii_case("yes") && !w.eq_ignore_ascii_case("no") && !w.contains("--")
    })
}

fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        (figure(), any::<bool>())
            .prop_map(|(value, approximate)| Literal::Number { value, approximate }),
        (figure(), figure()).prop_map(|(min, max)| Literal::Range { min, max }),
        figure().prop_map(Literal::Percent),
        any::<bool>().prop_map(Literal::Bool),
        word().prop_map(Literal::Word),
        (word(), figure(), any::<bool>()).prop_map(|(label, value, approximate)| {
            Literal::Labelled {
                label,
                value,
                approximate,
            }
        }),
        any_text().prop_map(Literal::Text),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

fn code() -> impl Strategy<Value = Code> {
    proptest::sample::select(Code::ALL.to_vec())
}

fn exemption() -> impl Strategy<Value = String> {
    "[sr][0-9]{1,3}"
}

/// The fields every verb takes.
type Common = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn common() -> impl Strategy<Value = Common> {
    (
        option::of(non_empty_text()),
        option::of(any_text()),
        option::of(any_text()),
        option::of(any_text()),
    )
}

fn annotation() -> impl Strategy<Value = Annotation> {
    let verify_or_set = (
        prop_oneof![Just(Verb::Verify), Just(Verb::Set)],
        vec(literal(), 0..4),
        option::of(status()),
        option::of(exemption()),
        option::of(any_text()),
        option::of(any_text()),
    )
        .prop_map(|(verb, values, status, exemption, unit, quote)| {
            let mut a = Annotation::new(verb);
            (a.values, a.status, a.exemption, a.unit, a.quote) =
                (values, status, exemption, unit, quote);
            a
        });
    let ignore = code().prop_map(|code| {
        let mut a = Annotation::new(Verb::Ignore);
        a.code = Some(code);
        a
    });
    (prop_oneof![verify_or_set, ignore], common())
        .prop_map(|(mut a, (key, note, by, at))| {
            (a.key, a.note, a.by, a.at) = (key, note, by, at);
            a
        })
        .prop_filter("a set says something", |a| {
            a.verb != Verb::Set
                || a.key.is_some()
                || !a.values.is_empty()
                || a.status.is_some()
                || a.exemption.is_some()
        })
}

/// What parsing cannot know from the text alone.
fn content(mut a: Annotation) -> Annotation {
    a.span = Span::default();
    a.tokens.clear();
    a
}

/// Whether `line` is one HTML comment that any Markdown or HTML renderer ends
/// where it ends: its text holds no `--` (so neither `-->` nor `--!>`), does
/// not start with `>` or `->`, and holds nothing an editor breaks lines at.
fn is_one_valid_comment(line: &str) -> bool {
    let Some(body) = line
        .trim_start()
        .strip_prefix("<!--")
        .and_then(|b| b.strip_suffix("-->"))
    else {
        return false;
    };
    !body.contains("--")
        && !body.starts_with('>')
        && !body.starts_with("->")
        && !body.contains([
            '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn rendered_annotations_are_valid_html_comments(a in annotation()) {
        let line = render(&a);
        prop_assert!(is_one_valid_comment(&line), "{:?}", line);
    }

    #[test]
    fn parse_gives_back_what_render_wrote(a in annotation(), indent in "[ \t]{0,2}", offset in 0usize..1000) {
        let line = format!("{indent}{}", render(&a));
        prop_assert!(!line.contains(['\n', '\r']), "rendered on one line: {line:?}");
        let parsed = parse_line(&line, offset).expect("an annotation line");
        let parsed = parsed.map_err(|e| format!("{line}: {}", e.message)).unwrap();
        prop_assert_eq!(parsed.span, Span::new(offset, offset + line.len()));
        for t in &parsed.tokens {
            prop_assert_eq!(&line[t.value_span.start - offset..t.value_span.end - offset], t.raw.as_str());
        }
        prop_assert_eq!(content(parsed), a);
    }

    #[test]
    fn scan_finds_rendered_lines_among_others(a in annotation(), before in "[^<\r\n]{0,20}") {
        let text = format!("{before}\n{}\r\nafter", render(&a));
        let scanned = scan(&text);
        prop_assert_eq!(scanned.len(), 1);
        let got = scanned[0].result.clone().map(content);
        prop_assert_eq!(got, Ok(a));
    }

    #[test]
    fn parse_never_panics(line in "<!-- foil .{0,60}", offset in 0usize..10) {
        let _ = parse_line(&line, offset);
    }
}
