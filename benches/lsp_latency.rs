//! Latency of `foil lsp` as an editor sees it: the release binary driven over
//! stdio with real framing.
//!
//! Measures `initialize` from spawn, didOpen → diagnostics and single-keystroke
//! didChange → diagnostics on a ~5 KB and a ~1 MB invented response, hover and
//! code-action latency on the 5 KB one, peak RSS with the 1 MB one open, and,
//! for reference, the engine's own analysis time on the same texts.
//!
//! `cargo bench --bench lsp_latency` (prints a markdown table).

#[path = "../tests/lsp_support/mod.rs"]
mod lsp_support;

use std::time::{Duration, Instant};

use lsp_support::{capabilities, TestClient};
use serde_json::{json, Value as Json};

/// Invented exchanges in the `1.` / `OUR RESPONSE:` layout, cycled to size.
const EXCHANGES: &[(&str, &str)] = &[
    (
        "How many episodes of care were coded by your organisation in 2024 (both inpatient and outpatient)?",
        "84.5K episodes were coded in 2024.",
    ),
    (
        "How many episodes of care went uncoded in 2024?",
        "Please see response to Question 1 above.",
    ),
    (
        "How much income do you estimate was not generated due to uncoded activity?",
        "£60k to £80k",
    ),
    (
        "Can you provide the split of coding volumes between specialities (e.g., oncology, cardiology)?",
        "This information is not held by the Trust.",
    ),
    (
        "Please explain how your organisation manages coding activity.",
        "Coding is done by the central Clinical Coding Team within five working days of discharge; audits run every month and findings go to the Trust’s data quality group.",
    ),
    (
        "Are outpatient and inpatient coding managed by the same team or separate teams?",
        "Yes",
    ),
    (
        "How many Whole-Time Equivalent (WTE) staff complete clinical coding for the Trust?",
        "Eight",
    ),
    (
        "Does the Trust currently have any automated solutions in place for clinical coding?",
        "No",
    ),
    (
        "What clinical coding systems or software does the Trust currently use to capture clinical codes?",
        "Medicode and iPM",
    ),
    (
        "Could you provide the contact details (name, job title, and email) of the person who is ultimately responsible for overseeing clinical coding within the Trust?",
        "Exempt under Section 40 – personal details",
    ),
    ("How many ward clerks does the Trust employ?", "14"),
];

fn response(target_bytes: usize) -> String {
    let mut text = String::from(
        "Harrowgate Valley NHS Foundation Trust\nFreedom of Information Request – Ref FOI-2025-0931\nDate: 14/02/2025\n\n",
    );
    let mut n = 0;
    while text.len() < target_bytes {
        let (q, a) = EXCHANGES[n % EXCHANGES.len()];
        n += 1;
        text.push_str(&format!("{n}. {q}\n\nOUR RESPONSE: {a}\n\n"));
    }
    text
}

struct Stats(Vec<Duration>);

impl Stats {
    fn percentile(&self, p: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        let rank = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len());
        v[rank - 1]
    }

    fn cells(&self) -> String {
        format!(
            "{} | {} | {}",
            ms(self.percentile(0.5)),
            ms(self.percentile(0.95)),
            self.0.len()
        )
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// A newline inserted at the top, then removed: one keystroke each, and every
/// finding below moves, so every keystroke publishes new diagnostics.
fn keystroke(version: i64) -> Json {
    let zero = json!({"line": 0, "character": 0});
    if version % 2 == 0 {
        json!([{"range": {"start": zero, "end": zero}, "text": "\n"}])
    } else {
        json!([{"range": {"start": zero, "end": {"line": 1, "character": 0}}, "text": ""}])
    }
}

async fn started() -> TestClient {
    let mut client = TestClient::binary(&["lsp"]);
    client.patience = Duration::from_secs(120);
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    client
}

fn peak_rss_kb(client: &TestClient) -> Option<u64> {
    let pid = client.child.as_ref()?.id()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn initialize_times(runs: usize) -> Stats {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut client = TestClient::binary(&["lsp"]);
        client
            .call(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": {}}),
            )
            .await;
        times.push(start.elapsed());
        client.notify("exit", Json::Null).await;
        let _ = client.exit_status().await;
    }
    Stats(times)
}

/// didOpen → diagnostics for `runs` fresh documents with `text`.
async fn open_times(client: &mut TestClient, text: &str, runs: usize, tag: &str) -> Stats {
    let mut times = Vec::new();
    for i in 0..runs {
        let uri = format!("file:///bench/{tag}-{i}.txt");
        let start = Instant::now();
        client.open(&uri, text).await;
        let diagnostics = client.diagnostics(&uri, 1).await;
        times.push(start.elapsed());
        assert!(
            !diagnostics.is_empty(),
            "the invented response has findings"
        );
        client
            .notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
    }
    Stats(times)
}

/// didChange (one keystroke) → diagnostics for that version.
async fn keystroke_times(client: &mut TestClient, uri: &str, runs: usize) -> Stats {
    let mut times = Vec::new();
    for version in 2..(2 + runs as i64) {
        let start = Instant::now();
        client.change(uri, version, keystroke(version)).await;
        client.diagnostics(uri, version).await;
        times.push(start.elapsed());
    }
    Stats(times)
}

async fn request_times(client: &mut TestClient, method: &str, params: Json, runs: usize) -> Stats {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        client.call(method, params.clone()).await;
        times.push(start.elapsed());
    }
    Stats(times)
}

fn engine_times(text: &str, runs: usize) -> Stats {
    let engine = foil::engine::Engine::default();
    engine.analyze(text);
    Stats(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(engine.analyze(text));
                start.elapsed()
            })
            .collect(),
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; any other argument filters nothing here.
    let small = response(5 * 1024);
    let large = response(1024 * 1024);
    let mut rows = Vec::new();

    rows.push((
        "initialize, from spawn".to_string(),
        initialize_times(20).await,
    ));

    let mut client = started().await;
    rows.push((
        format!("didOpen → diagnostics, {} KB", small.len() / 1024),
        open_times(&mut client, &small, 50, "small").await,
    ));
    let uri = "file:///bench/small.txt";
    client.open(uri, &small).await;
    client.diagnostics(uri, 1).await;
    rows.push((
        format!("keystroke → diagnostics, {} KB", small.len() / 1024),
        keystroke_times(&mut client, uri, 300).await,
    ));
    // the text is back as opened (an even number of keystrokes)
    let figure = {
        let offset = small.find("84.5K").unwrap();
        let line = small[..offset].matches('\n').count();
        json!({"line": line, "character": "OUR RESPONSE: ".len() + 2})
    };
    rows.push((
        "hover, 5 KB".to_string(),
        request_times(
            &mut client,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": figure}),
            300,
        )
        .await,
    ));
    rows.push((
        "code actions, 5 KB".to_string(),
        request_times(
            &mut client,
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": {"start": figure, "end": figure},
                   "context": {"diagnostics": []}}),
            300,
        )
        .await,
    ));
    let small_rss = peak_rss_kb(&client);
    client.call("shutdown", Json::Null).await;
    client.notify("exit", Json::Null).await;
    let _ = client.exit_status().await;

    let mut client = started().await;
    rows.push((
        format!("didOpen → diagnostics, {} KB", large.len() / 1024),
        open_times(&mut client, &large, 5, "large").await,
    ));
    let uri = "file:///bench/large.txt";
    client.open(uri, &large).await;
    client.diagnostics(uri, 1).await;
    rows.push((
        format!("keystroke → diagnostics, {} KB", large.len() / 1024),
        keystroke_times(&mut client, uri, 30).await,
    ));
    let large_rss = peak_rss_kb(&client);
    client.call("shutdown", Json::Null).await;
    client.notify("exit", Json::Null).await;
    let _ = client.exit_status().await;

    rows.push((
        format!("engine alone, {} KB (reference)", small.len() / 1024),
        engine_times(&small, 300),
    ));
    rows.push((
        format!("engine alone, {} KB (reference)", large.len() / 1024),
        engine_times(&large, 10),
    ));

    println!("\n| measure | p50 | p95 | runs |\n| --- | --- | --- | --- |");
    for (name, stats) in &rows {
        println!("| {name} | {} |", stats.cells());
    }
    let kb = |v: Option<u64>| {
        v.map_or("n/a".to_string(), |kb| {
            format!("{:.1} MB", kb as f64 / 1024.0)
        })
    };
    println!("| peak RSS, 5 KB session | {} | | |", kb(small_rss));
    println!("| peak RSS, 1 MB response open | {} | | |", kb(large_rss));
}
