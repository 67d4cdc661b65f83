//! Rough cost of re-reading a document after one keystroke with the memo,
//! for quick checks while optimising (`cargo bench --bench engine` measures it).
//!
//! `cargo run --release --example keystroke -- FILE`

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file to read");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let edited = format!("\n{text}");
    let engine = foil::engine::Engine::default();
    let mut memo = foil::engine::Memo::default();
    let first = engine.analyze_with(&text, &mut memo);
    memo.recycle(memo.generation(), first, text.clone());
    let rounds: u32 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let start = Instant::now();
    for round in 0..rounds {
        let t = if round % 2 == 0 { &edited } else { &text };
        let analysis = engine.analyze_with(t, &mut memo);
        // As the language server does: the reading goes back when replaced.
        memo.recycle(memo.generation(), std::hint::black_box(analysis), t.clone());
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
    println!("{} bytes: {:.2} ms per keystroke", text.len(), secs * 1e3);
}
