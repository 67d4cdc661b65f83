//! Property: any sequence of incremental edits, in any position encoding, over
//! text with CRLF, lone CR, `£`, `–`, `’` and emoji, leaves the server's rope
//! equal to a plain `String` edited by a straightforward reading of the LSP
//! rules (lines break at `\n`, `\r\n` and `\r` only; columns count UTF-8
//! bytes, UTF-16 units or characters; past the end means the end; inside a
//! character means its start).

use foil::lsp::document::DocumentText;
use foil::lsp::position::{self, Encoding};
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const PIECES: &[&str] = &[
    "a", "Q1", " ", "£", "–", "’", "😀", "\r\n", "\n", "\r", "\u{2028}", "\u{85}", "84.5K",
];

fn width(c: char, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => c.len_utf8(),
        Encoding::Utf16 => c.len_utf16(),
        Encoding::Utf32 => 1,
    }
}

/// Byte offsets where lines start, by the LSP rules.
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if b == b'\n' || lone_cr {
            starts.push(i + 1);
        }
    }
    starts
}

fn model_offset(text: &str, p: Position, encoding: Encoding) -> usize {
    let starts = line_starts(text);
    let Some(&start) = starts.get(p.line as usize) else {
        return text.len();
    };
    let end = match starts.get(p.line as usize + 1) {
        Some(&next) if text[..next].ends_with("\r\n") => next - 2,
        Some(&next) => next - 1,
        None => text.len(),
    };
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        let w = width(c, encoding);
        if units + w > p.character as usize {
            return start + i;
        }
        units += w;
    }
    end
}

fn model_apply(text: &mut String, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *text = change.text.clone(),
        Some(r) => {
            let a = model_offset(text, r.start, encoding);
            let b = model_offset(text, r.end, encoding);
            text.replace_range(a.min(b)..a.max(b), &change.text);
        }
    }
}

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
}

fn change_strategy() -> impl Strategy<Value = TextDocumentContentChangeEvent> {
    let position = (0u32..8, 0u32..14).prop_map(|(l, c)| Position::new(l, c));
    prop_oneof![
        9 => (position.clone(), position, text_strategy(5)).prop_map(|(a, b, text)| {
            TextDocumentContentChangeEvent { range: Some(Range::new(a, b)), range_length: None, text }
        }),
        1 => text_strategy(20).prop_map(|text| TextDocumentContentChangeEvent {
            range: None, range_length: None, text
        }),
    ]
}

fn encoding_strategy() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        Just(Encoding::Utf8),
        Just(Encoding::Utf16),
        Just(Encoding::Utf32)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_edits_keep_the_rope_equal_to_the_model(
        initial in text_strategy(30),
        batches in prop::collection::vec(prop::collection::vec(change_strategy(), 1..4), 1..12),
        encoding in encoding_strategy(),
    ) {
        let mut doc = DocumentText::new(&initial, 1);
        let mut model = initial.clone();
        for (i, batch) in batches.iter().enumerate() {
            doc.apply(batch, i as i32 + 2, encoding);
            for change in batch {
                model_apply(&mut model, change, encoding);
            }
            prop_assert_eq!(doc.rope.to_string(), model.clone());
            prop_assert_eq!(doc.rope.len_lines(), line_starts(&model).len());
        }
        // and positions round-trip on the final text
        for (offset, _) in model.char_indices() {
            if model[..offset].ends_with('\r') && model[offset..].starts_with('\n') {
                continue; // between CR and LF: no position names it
            }
            let p = position::position(&doc.rope, offset, encoding);
            prop_assert_eq!(model_offset(&model, p, encoding), offset);
            prop_assert_eq!(position::byte_offset(&doc.rope, p, encoding).value, offset);
        }
    }
}
