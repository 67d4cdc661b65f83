//! Latency of `foil lsp` as an editor sees it: the release binary driven over
//! stdio with real framing.
//!
//! Measures `initialize` from spawn, didOpen → diagnostics and single-keystroke
//! didChange → diagnostics on a ~5 KB and a ~1 MB invented response, hover and
//! code-action latency on the 5 KB one, peak RSS with the 1 MB one open, and,
//! for reference, the engine's own analysis time on the same texts. The large
//! keystroke is timed to the publication's arrival by a bare client that
//! decodes nothing on the way; the client-side cost of decoding that
//! publication (serde_json, as the test client does) is shown on its own rows.
//!
//! `cargo bench --bench lsp_latency` (prints a markdown table).

#[path = "../tests/it/lsp_support.rs"]
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

/// A bare stdio client for the large keystroke: frames are read whole, and
/// only small messages are parsed, so the time measured ends when the
/// publication for the version has arrived, before any client decodes its
/// megabyte of JSON (measured separately below).
struct RawClient {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: std::io::BufReader<std::process::ChildStdout>,
}

impl RawClient {
    fn start() -> RawClient {
        use std::process::{Command, Stdio};
        let mut child = Command::new(env!("CARGO_BIN_EXE_foil"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the foil binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        RawClient {
            child,
            stdin,
            stdout,
        }
    }

    fn send(&mut self, message: &Json) {
        use std::io::Write;
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// The next frame's body, answering the server's requests on the way.
    fn frame(&mut self) -> Vec<u8> {
        use std::io::{BufRead, Read};
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).expect("the server writes");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length:") {
                length = n.trim().parse().expect("a numeric length");
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).expect("a whole body");
        body
    }

    /// Reads frames until one satisfies `done`; small requests from the
    /// server are answered (settings: none; registrations: accepted).
    fn until(&mut self, done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
        loop {
            let body = self.frame();
            if done(&body) {
                return body;
            }
            if body.len() < 65_536 {
                let message: Json = serde_json::from_slice(&body).expect("JSON");
                if let (Some(id), Some(method)) = (message.get("id"), message["method"].as_str()) {
                    let result = if method == "workspace/configuration" {
                        let items = message["params"]["items"].as_array().map_or(1, Vec::len);
                        Json::Array(vec![json!({}); items])
                    } else {
                        Json::Null
                    };
                    self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
                }
            }
        }
    }

    /// Whether `body` publishes diagnostics for `version` (the method comes
    /// first, the version after the diagnostics).
    fn published(body: &[u8], version: i64) -> bool {
        let head = &body[..body.len().min(100)];
        let tail = &body[body.len().saturating_sub(40)..];
        let has = |part: &[u8], needle: &[u8]| part.windows(needle.len()).any(|w| w == needle);
        has(head, b"textDocument/publishDiagnostics")
            && has(tail, format!("\"version\":{version}}}").as_bytes())
    }
}

/// didChange (one keystroke) → the publication for that version received,
/// not yet decoded; and, once received, how long serde_json takes to decode it.
fn raw_keystroke_times(text: &str, runs: usize) -> (Stats, Stats) {
    let mut client = RawClient::start();
    client.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": null, "capabilities": capabilities(&["utf-16"])}}));
    client.until(|b| {
        b.starts_with(br#"{"jsonrpc":"2.0","result""#) || b.windows(8).any(|w| w == br#""id":1,"#)
    });
    client.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    let uri = "file:///bench/raw.txt";
    client.send(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    client.until(|b| RawClient::published(b, 1));
    let mut received = Vec::new();
    let mut decoded = Vec::new();
    for version in 2..(2 + runs as i64) {
        let start = Instant::now();
        client.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": keystroke(version)}}));
        let publication = client.until(|b| RawClient::published(b, version));
        received.push(start.elapsed());
        let parse = Instant::now();
        let json: Json = serde_json::from_slice(&publication).expect("JSON");
        drop(std::hint::black_box(json));
        decoded.push(parse.elapsed());
    }
    client.send(&json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    let _ = client.child.wait();
    (Stats(received), Stats(decoded))
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
    let medium = response(100 * 1024);
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
    let uri = "file:///bench/medium.txt";
    client.open(uri, &medium).await;
    client.diagnostics(uri, 1).await;
    rows.push((
        format!("keystroke → diagnostics, {} KB", medium.len() / 1024),
        keystroke_times(&mut client, uri, 100).await,
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
    let decoded_by_test_client = keystroke_times(&mut client, uri, 30).await;
    let large_rss = peak_rss_kb(&client);
    client.call("shutdown", Json::Null).await;
    client.notify("exit", Json::Null).await;
    let _ = client.exit_status().await;

    // The server's latency ends when the publication has arrived; what a
    // client then spends decoding 1.2 MB of JSON is its own (shown apart).
    let (received, decoded) = raw_keystroke_times(&large, 30);
    rows.push((
        format!(
            "keystroke → diagnostics received, {} KB",
            large.len() / 1024
        ),
        received,
    ));
    rows.push((
        "(client side) decoding that publication into a serde_json tree".to_string(),
        decoded,
    ));
    rows.push((
        format!(
            "(client side) the same keystroke, received and decoded by the test client, {} KB",
            large.len() / 1024
        ),
        decoded_by_test_client,
    ));

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
