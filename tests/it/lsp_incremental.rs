//! Property: a document edited through any sequence of `didChange` edits is
//! read exactly as the same text opened fresh: the same diagnostics, outline
//! and inlay hints. (The reading once kept stale text after an edit that
//! replaced a line with text of the same length.)
//!
//! Runs `PROPTEST_CASES` cases (32 by default; `.ci/run` asks for more).

use crate::lsp_support;

use std::sync::LazyLock;

use lsp_support::TestClient;
use proptest::prelude::*;
use serde_json::{json, Value as Json};

const EDITED: &str = "file:///ws/edited.txt";
const FRESH: &str = "file:///ws/fresh.txt";

/// Pieces of real layouts, so that edits move questions, answers, figures,
/// statuses, referrals and annotations about.
const PIECES: &[&str] = &[
    "1. How many episodes were coded in 2024?\n",
    "OUR RESPONSE: 6,793 episodes (84.5K)\n",
    "2. How many went uncoded?\nOUR RESPONSE: 388 (0.3%)\n",
    "3. What is the income lost?\nOUR RESPONSE: £60k to £80k\n",
    "4. Do you have an encoder?\nOUR RESPONSE: Yes – Medicode and iPM\n",
    "5. Who is responsible?\nOUR RESPONSE: Exempt under Section 40 – personal details\n",
    "6. Is coding done in-house?\nOUR RESPONSE: Please see response to Question 1 above.\n",
    "7. What is the WTE?\r\nOUR RESPONSE: 1.0 substantive / 0.8 agency\r\n",
    "Service\tCount\nCardiology\t12\nOncology\t30\nTotal\t42\n",
    "Information not held.\n",
    "<!-- foil verify q=q1 value=6793 quote=\"6,793 episodes\" -->\n",
    "Ref: FOI 291-2024 Date 04/03/2025\n",
    "\n",
    "Yours sincerely\n",
];

/// An edit, resolved against the text it is applied to.
#[derive(Debug, Clone)]
enum Edit {
    /// Inserts a piece at a fraction of the text.
    Insert { at: u16, piece: usize },
    /// Deletes `len` bytes (or fewer) from a fraction of the text.
    Delete { at: u16, len: usize },
    /// Replaces a line's words with as many bytes of a piece (padded).
    SameLength { line: usize, piece: usize },
    /// Replaces `len` bytes at a fraction of the text with a piece.
    Replace { at: u16, len: usize, piece: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    let piece = 0..PIECES.len();
    prop_oneof![
        (any::<u16>(), piece.clone()).prop_map(|(at, piece)| Edit::Insert { at, piece }),
        (any::<u16>(), 1usize..60).prop_map(|(at, len)| Edit::Delete { at, len }),
        (0usize..40, piece.clone()).prop_map(|(line, piece)| Edit::SameLength { line, piece }),
        (any::<u16>(), 1usize..40, piece).prop_map(|(at, len, piece)| Edit::Replace {
            at,
            len,
            piece
        }),
    ]
}

/// The nearest offset at or before `at` that a position can name: on a
/// character boundary, and not between the CR and LF of a line break.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) || (text[..at].ends_with('\r') && text[at..].starts_with('\n'))
    {
        at -= 1;
    }
    at
}

/// Byte offsets where lines start (`\n`, `\r\n` and a lone `\r` end them).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            starts.push(i + 1);
        }
    }
    starts
}

/// The UTF-8 position of byte `offset`.
fn position(text: &str, offset: usize) -> Json {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    json!({"line": line, "character": offset - starts[line]})
}

/// The byte range `edit` replaces in `text`, and with what.
fn resolve(text: &str, edit: &Edit) -> (usize, usize, String) {
    let fraction = |at: u16| boundary(text, text.len() * usize::from(at) / usize::from(u16::MAX));
    match *edit {
        Edit::Insert { at, piece } => (fraction(at), fraction(at), PIECES[piece].to_string()),
        Edit::Delete { at, len } => {
            let start = fraction(at);
            (start, boundary(text, start + len), String::new())
        }
        Edit::Replace { at, len, piece } => {
            let start = fraction(at);
            (
                start,
                boundary(text, start + len),
                PIECES[piece].to_string(),
            )
        }
        Edit::SameLength { line, piece } => {
            let starts = line_starts(text);
            let start = starts[line % starts.len()];
            let end = start
                + text[start..]
                    .find(['\n', '\r'])
                    .unwrap_or(text.len() - start);
            let mut words = String::new();
            for c in PIECES[piece].chars().filter(|c| !matches!(c, '\n' | '\r')) {
                if words.len() + c.len_utf8() > end - start {
                    break;
                }
                words.push(c);
            }
            while words.len() < end - start {
                words.push(' ');
            }
            (start, end, words)
        }
    }
}

/// What the server shows for `uri`: diagnostics (pulled), outline and
/// inlay hints, with the URI written as [`FRESH`] so that two documents
/// compare.
async fn reading(client: &mut TestClient, uri: &str) -> String {
    let document = json!({"textDocument": {"uri": uri}});
    let diagnostics = client
        .call("textDocument/diagnostic", document.clone())
        .await;
    let outline = client.call("textDocument/documentSymbol", document).await;
    let hints = client
        .call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": uri}, "range": {
                "start": {"line": 0, "character": 0}, "end": {"line": 100000, "character": 0}}}),
        )
        .await;
    json!({"diagnostics": diagnostics["items"], "outline": outline, "hints": hints})
        .to_string()
        .replace(uri, FRESH)
}

/// One runtime for every case, current-thread as `foil lsp` runs.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
});

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(32)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn edited_documents_read_as_fresh_ones(
        initial in prop::collection::vec(0..PIECES.len(), 0..16),
        batches in prop::collection::vec(prop::collection::vec(edit(), 1..4), 1..8),
    ) {
        let mut text: String = initial.iter().map(|&i| PIECES[i]).collect();
        let (edited, fresh) = RUNTIME.block_on(async {
            let mut client = TestClient::in_process();
            client
                .initialize(
                    json!({"general": {"positionEncodings": ["utf-8"]},
                           "textDocument": {"diagnostic": {}}}),
                    Json::Null,
                )
                .await;
            client.open(EDITED, &text).await;
            for (version, batch) in batches.iter().enumerate() {
                let mut changes = Vec::new();
                for edit in batch {
                    let (start, end, new) = resolve(&text, edit);
                    changes.push(json!({
                        "range": {"start": position(&text, start), "end": position(&text, end)},
                        "text": new,
                    }));
                    text.replace_range(start..end, &new);
                }
                client.change(EDITED, version as i64 + 2, Json::Array(changes)).await;
            }
            let edited = reading(&mut client, EDITED).await;
            client.open(FRESH, &text).await;
            let fresh = reading(&mut client, FRESH).await;
            client.shutdown_and_exit().await.unwrap();
            (edited, fresh)
        });
        prop_assert_eq!(edited, fresh, "final text:\n{}", text);
    }
}
