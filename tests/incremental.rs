//! A reading that reuses the previous version's memo equals a reading from
//! scratch, whatever the edit: on every shipped fixture and corpus response,
//! edits at many places (a line break, a digit, a label, a deletion, an
//! annotation, a pasted block), each made and then undone with the same memo.

use std::path::Path;

use foil::engine::{Config, Engine, Memo};
use proptest::prelude::*;

/// Texts to edit: the fixtures, and the corpus beside the repository when present.
fn texts() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [root.join("fixtures"), root.join("../shared/corpus")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("no texts in {} (skipped)", dir.display());
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.is_file() {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), t));
                }
            }
        }
    }
    out
}

const EDITS: &[&str] = &[
    "\n",
    "7",
    " ",
    "\n\n12. How many coders were employed in 2023?\nOUR RESPONSE: 14\n",
    "\n<!-- foil: status=not_held -->\n",
    "Yours sincerely,\n",
    "Page 3 of 4\n",
    "£",
];

/// Reads `text` with the memo and from scratch, and says where they differ.
fn same_reading(engine: &Engine, memo: &mut Memo, text: &str, what: &str) {
    let with = engine.analyze_with(text, memo);
    let generation = memo.generation();
    let without = engine.analyze(text);
    assert!(
        with == without,
        "{what}: the reading with a memo differs\nwith: {:#?}\nwithout: {:#?}",
        first_difference(&format!("{with:#?}"), &format!("{without:#?}")).0,
        first_difference(&format!("{with:#?}"), &format!("{without:#?}")).1,
    );
    // Handed back most of the time, as the language server does; a reading
    // not handed back leaves the next one to read its exchanges afresh.
    if text.len() % 5 != 0 {
        memo.recycle(generation, with, text.to_string());
    }
}

fn first_difference(a: &str, b: &str) -> (String, String) {
    let at = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or(0);
    let around = |s: &str| {
        s.lines()
            .skip(at.saturating_sub(8))
            .take(16)
            .collect::<Vec<_>>()
            .join("\n")
    };
    (around(a), around(b))
}

/// Places to edit: line starts and ends and some points inside lines,
/// on character boundaries, at most `count` of them spread over the text.
fn places(text: &str, count: usize) -> Vec<usize> {
    let mut all: Vec<usize> = vec![0, text.len()];
    for (i, c) in text.char_indices() {
        if c == '\n' {
            all.push(i);
            all.push(i + 1);
        }
    }
    let step = (text.len() / count.max(1)).max(1);
    let mut at = step / 2;
    while at < text.len() {
        let mut p = at;
        while !text.is_char_boundary(p) {
            p += 1;
        }
        all.push(p);
        at += step;
    }
    all.sort_unstable();
    all.dedup();
    let stride = (all.len() / count.max(1)).max(1);
    all.into_iter().step_by(stride).collect()
}

#[test]
fn edits_read_the_same_with_and_without_a_memo() {
    let engine = Engine::default();
    let texts = texts();
    assert!(!texts.is_empty(), "no fixtures found");
    for (name, text) in &texts {
        let mut memo = Memo::default();
        same_reading(&engine, &mut memo, text, name);
        // Two of the edits at each place, a different two at the next.
        for (k, at) in places(text, 12).into_iter().enumerate() {
            for edit in [EDITS[k % EDITS.len()], EDITS[(k + 3) % EDITS.len()]] {
                let mut edited = text.clone();
                edited.insert_str(at, edit);
                same_reading(
                    &engine,
                    &mut memo,
                    &edited,
                    &format!("{name}: {edit:?} at {at}"),
                );
                same_reading(
                    &engine,
                    &mut memo,
                    text,
                    &format!("{name}: {edit:?} at {at}, undone"),
                );
            }
            // Deleting the character (or line) that starts here.
            if let Some(c) = text[at..].chars().next() {
                let mut edited = text.clone();
                edited.replace_range(at..at + c.len_utf8(), "");
                same_reading(
                    &engine,
                    &mut memo,
                    &edited,
                    &format!("{name}: {c:?} at {at} deleted"),
                );
                same_reading(
                    &engine,
                    &mut memo,
                    text,
                    &format!("{name}: {c:?} at {at} restored"),
                );
            }
        }
    }
}

#[test]
fn a_memo_from_another_engine_is_not_used() {
    let text = "1. How many episodes were coded in 2024?\nOUR RESPONSE: 12\n\n2. Do you use an encoder?\nOUR RESPONSE: No\n";
    let mut memo = Memo::default();
    let first = Engine::default();
    let unforced = first.analyze_with(text, &mut memo);
    memo.recycle(memo.generation(), unforced.clone(), text.to_string());
    // The same text read under a forced schema: keys and expectations differ.
    let config = Config::from_toml("schema = \"nhs-clinical-coding-2024\"\n", "test").unwrap();
    let second = Engine::new(config, Vec::new()).expect("a valid configuration");
    let forced = second.analyze_with(text, &mut memo);
    memo.recycle(memo.generation(), forced.clone(), text.to_string());
    assert_ne!(unforced, forced);
    assert_eq!(forced, second.analyze(text));
    // And back: the memo now belongs to the second engine.
    assert_eq!(first.analyze_with(text, &mut memo), unforced);
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1. How many episodes were coded in 2024?\n".to_string()),
        Just("OUR RESPONSE: 84.5K episodes\n".to_string()),
        Just("Q2. Do you use an encoder?\nA2. Yes\n".to_string()),
        Just("Please see response to Question 1 above.\n".to_string()),
        Just("This information is not held by the Trust.\n".to_string()),
        Just("Section 40(2) applies.\n".to_string()),
        Just("| Year | Total |\n| 2023 | 1,204 |\n".to_string()),
        Just("Contact: jane.doe@example.org\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("Yours sincerely,\n".to_string()),
        "[a-z0-9 £€?.:–]{0,30}\n",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_edit_sequences_read_the_same(
        pieces in prop::collection::vec(piece(), 1..24),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, piece()), 1..8),
    ) {
        let engine = Engine::default();
        let mut memo = Memo::default();
        let mut text: String = pieces.concat();
        same_reading(&engine, &mut memo, &text, "start");
        for (at, kind, inserted) in edits {
            let mut p = at.index(text.len() + 1);
            while !text.is_char_boundary(p) {
                p -= 1;
            }
            match kind {
                0 => text.insert_str(p, &inserted),
                1 => {
                    let end = (p + inserted.len()).min(text.len());
                    let end = (end..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(text.len());
                    text.replace_range(p..end, "");
                }
                _ => {
                    let end = text[p..].find('\n').map_or(text.len(), |e| p + e);
                    text.replace_range(p..end, inserted.trim_end());
                }
            }
            same_reading(&engine, &mut memo, &text, &format!("after an edit at {p}"));
        }
    }
}

#[test]
fn a_reading_handed_back_with_another_text_is_not_used() {
    let engine = Engine::default();
    let mut memo = Memo::default();
    let read = "1. How many coders?\nOUR RESPONSE: 12\n";
    let other = read.replace("12", "13");
    let first = engine.analyze_with(read, &mut memo);
    // Were the reading of "12" taken as that of "13", every line of "13"
    // would look unchanged and its figure would stay 12.
    memo.recycle(memo.generation(), first, other.clone());
    assert_eq!(
        engine.analyze_with(&other, &mut memo),
        engine.analyze(&other)
    );
}
