//! Rough engine throughput on files, for quick checks while optimising
//! (the real measurement is `cargo bench --bench engine`).
//!
//! `cargo run --release --example throughput -- FILE...`

use std::time::Instant;

fn main() {
    let texts: Vec<String> = std::env::args()
        .skip(1)
        .map(|p| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .collect();
    let engine = foil::engine::Engine::default();
    let bytes: usize = texts.iter().map(String::len).sum();
    // Warm up: compiles the patterns once.
    for t in &texts {
        std::hint::black_box(engine.analyze(t));
    }
    let rounds: u32 = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let start = Instant::now();
    for _ in 0..rounds {
        for t in &texts {
            std::hint::black_box(engine.analyze(t));
        }
    }
    let secs = start.elapsed().as_secs_f64() / f64::from(rounds);
    println!(
        "{bytes} bytes in {:.2} ms per round: {:.1} MB/s",
        secs * 1e3,
        bytes as f64 / secs / 1e6
    );
}
