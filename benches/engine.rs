//! Engine throughput (criterion): the labelled corpus concatenated into one
//! text (falling back to `fixtures/` when `../shared/corpus` is absent), each
//! corpus file read on its own, a 1 MB synthetic response, and the same
//! megabyte on one line (a reading must be linear in the length of a line
//! as well as in the number of lines).
//!
//! `cargo bench --bench engine`

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use foil::engine::Engine;

fn texts_in(dir: &Path, extensions: &[&str]) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
    });
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn corpus() -> (Vec<String>, &'static str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The responses only (the corpus folder also holds notes in markdown).
    let shared = texts_in(&root.join("../shared/corpus"), &["txt"]);
    if shared.is_empty() {
        (texts_in(&root.join("fixtures"), &["txt", "md"]), "fixtures")
    } else {
        (shared, "corpus")
    }
}

/// A 1 MB response: numbered questions with figures, tables, statuses.
fn synthetic(size: usize) -> String {
    let mut out =
        String::from("Freedom of Information Request – Ref: FOI 1234-2025\nDate: 04/03/2025\n\n");
    let mut i = 1;
    while out.len() < size {
        let body = match i % 5 {
            0 => format!(
                "OUR RESPONSE: {} episodes (approx. {}K); 12.{} WTE; £{},{:03} spent.\n",
                i * 37,
                i % 90,
                i % 10,
                i % 900,
                i % 1000
            ),
            1 => "OUR RESPONSE: The Trust does not hold this information.\n".to_string(),
            2 => format!(
                "OUR RESPONSE:\nService\tCount\nCardiology\t{}\nOncology\t{}\nTotal\t{}\n",
                i,
                i * 2,
                i * 3
            ),
            3 => "OUR RESPONSE: Exempt under Section 40 – personal details.\n".to_string(),
            _ => format!(
                "OUR RESPONSE: Please see response to Question {} above.\n",
                i - 1
            ),
        };
        out.push_str(&format!(
            "{i}. How many episodes were coded on ward {i} in 2024?\n\n{body}\n"
        ));
        i += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let engine = Engine::default();
    let (files, source) = corpus();
    let joined = files.join("\n");
    let mut group = c.benchmark_group("engine");

    group.throughput(Throughput::Bytes(joined.len() as u64));
    group.bench_function(
        format!("{source} concatenated ({} KB)", joined.len() / 1024),
        |b| b.iter(|| engine.analyze(std::hint::black_box(&joined))),
    );

    let bytes: usize = files.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(format!("{source}, {} files one by one", files.len()), |b| {
        b.iter(|| {
            for t in &files {
                std::hint::black_box(engine.analyze(t));
            }
        })
    });

    let big = synthetic(1 << 20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("synthetic 1 MB response", |b| {
        b.iter(|| engine.analyze(std::hint::black_box(&big)))
    });

    // Every break a space: one line of questions, answers, figures, tables,
    // and the organisation and people named again and again.
    let one_line: String = big
        .replace("The Trust", "Kent and Medway NHS Trust")
        .replace(
            "personal details.",
            "personal details. Contact Dr Jane Smith, jane.smith@example.nhs.uk.",
        )
        .replace(['\n', '\t'], " ");
    group.throughput(Throughput::Bytes(one_line.len() as u64));
    group.bench_function("synthetic 1 MB on a single line", |b| {
        b.iter(|| engine.analyze(std::hint::black_box(&one_line)))
    });

    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
