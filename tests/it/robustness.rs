//! No input makes the engine panic, and every span it returns lies inside the
//! text on character boundaries: random bytes, random Unicode, CRLF and lone
//! CR, very long lines, and text built from the pieces responses are made of.
//! The language server's protocol reader is fuzzed the same way: random bytes
//! and random sequences of good and malformed frames, read in random chunks.
//!
//! The engine's fuzz tests share `FOIL_FUZZ_INPUTS` inputs between them, and
//! so do the protocol reader's (768 each by default; `.ci/run` asks for
//! 100,000); each fails rather than hangs.

use std::pin::Pin;
use std::task::{Context, Poll};

use foil::engine::{analyze, Analysis, Span};
use foil::lsp::transport::{self, Checked, Frame, FrameReader};
use proptest::prelude::*;
use tokio::io::{AsyncRead, ReadBuf};

/// Inputs for the fuzz tests of one part (the engine, the protocol reader).
fn fuzz_inputs() -> u32 {
    std::env::var("FOIL_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(768)
}

/// Runs `test` on its own thread and fails if it takes longer than `limit`
/// (a hang in the code under test would otherwise stall the run).
fn within(limit: std::time::Duration, test: impl FnOnce() + Send + 'static) {
    let (done, finished) = std::sync::mpsc::channel();
    let worker = std::thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    match finished.recv_timeout(limit) {
        Ok(()) => worker.join().unwrap(),
        // The test panicked: show its message.
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            std::panic::resume_unwind(worker.join().unwrap_err())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!("the test took longer than {limit:?}: something hangs")
        }
    }
}

/// Generous: 100,000 inputs take minutes in a debug build.
fn time_limit() -> std::time::Duration {
    std::time::Duration::from_secs(120 + u64::from(fuzz_inputs()) / 50)
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what}: {span:?} is reversed");
    assert!(
        span.end <= text.len(),
        "{what}: {span:?} is past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} splits a character"
    );
}

fn check(text: &str) -> Analysis {
    let a = analyze(text);
    for e in &a.exchanges {
        check_span(text, e.span, "exchange");
        if let Some(q) = &e.question {
            check_span(text, q.span, "question");
        }
        if let Some(ans) = &e.answer {
            check_span(text, ans.span, "answer");
        }
        for v in &e.values {
            check_span(text, v.span, "value");
        }
    }
    for f in &a.findings {
        check_span(text, f.span, "finding");
        for r in &f.related {
            check_span(text, r.span, "related");
        }
    }
    for m in [
        &a.meta.organisation,
        &a.meta.reference,
        &a.meta.date,
        &a.meta.subject,
    ]
    .into_iter()
    .flatten()
    {
        check_span(text, m.span, "meta");
    }
    a
}

/// Pieces of real layouts, to make random documents that exercise every stage.
const PIECES: &[&str] = &[
    "1. How many episodes were coded in 2024?\n",
    "OUR RESPONSE: 6,793 episodes (84.5K) £60k to £80k 0.1%\n",
    "**Q2** What is the WTE?\n**A2** 1.0 substantive / 0.8 agency\n",
    "You asked:\nDo you have an encoder?\nOur response:\nYes – Medicode and iPM\n",
    "REQUEST\n\nTeam Structure\n\n1. What is the structure?\n\nRESPONSE\n\n1. What is the structure?\n\nNot held.\n",
    "Service\tCount\nCardiology\t12\n\nOncology\t30\nTotal\t42\n",
    "Exempt under Section 40 – personal details\n",
    "Please see response to Question 1 above.\n",
    "| Question Number 3: • Is there a team? | |\n| Answer To Question 3: Both | |\n",
    "a) £1,040,18 – one individual\nb) As per cap\n",
    "<!-- foil verify q=q1 value=6793 quote=\"6793\" -->\n",
    "<!-- foil set q=\n",
    "Ref: FOI 291-2024 Date 04/03/2025\r\n",
    "Q4 & Q5 - Information not held\r",
    "Sarah Example, Head of Coding, sarah.example@example.nhs.uk 01632 960123\n",
    "😀 £ – ’ \u{0} \u{feff} é\n",
    "éééééééééééééééééééé 01632 960123 – ’’’’’’’’’’ mobile 07700 900123\n",
    "   \n\t\n",
    "Yours sincerely\n",
];

/// Runs a proptest on `percent` % of [`fuzz_inputs`] inputs of `strategy()`,
/// within [`time_limit`].
fn fuzz<S: Strategy + 'static>(percent: u32, strategy: fn() -> S, test: fn(S::Value)) {
    within(time_limit(), move || {
        let strategy = strategy();
        let config = ProptestConfig {
            cases: (fuzz_inputs() * percent / 100).max(1),
            failure_persistence: None,
            ..ProptestConfig::default()
        };
        let mut runner = proptest::test_runner::TestRunner::new(config);
        if let Err(e) = runner.run(&strategy, |value| {
            test(value);
            Ok(())
        }) {
            panic!("{e}");
        }
    });
}

#[test]
fn engine_random_bytes() {
    fuzz(
        40,
        || proptest::collection::vec(any::<u8>(), 0..2048),
        |bytes| {
            check(&String::from_utf8_lossy(&bytes));
        },
    );
}

#[test]
fn engine_random_unicode() {
    fuzz(
        30,
        || "\\PC{0,600}",
        |text: String| {
            check(&text);
        },
    );
}

#[test]
fn engine_random_documents() {
    fuzz(
        30,
        || {
            (
                proptest::collection::vec(0..PIECES.len(), 0..40),
                0usize..4000,
            )
        },
        |(pieces, cut)| {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            check(&text);
            // A document cut short anywhere (on a character boundary).
            let mut at = cut.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            check(&text[..at]);
        },
    );
}

/// Bytes handed out a few at a time, as a pipe may.
struct Chunked {
    bytes: Vec<u8>,
    at: usize,
    chunk: usize,
}

impl AsyncRead for Chunked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let n = self
            .chunk
            .min(buf.remaining())
            .min(self.bytes.len() - self.at);
        let at = self.at;
        buf.put_slice(&self.bytes[at..at + n]);
        self.at += n;
        Poll::Ready(Ok(()))
    }
}

/// Every frame the reader finds in `bytes`, read `chunk` bytes at a time,
/// with each body checked as the server does (which may cut a body whose
/// stated length was too long).
fn read_frames(bytes: Vec<u8>, chunk: usize) -> Vec<Frame> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let mut reader = FrameReader::new(Chunked {
            bytes,
            at: 0,
            chunk,
        });
        let mut frames = Vec::new();
        while let Some(frame) = reader.next_frame().await.unwrap() {
            frames.push(match frame {
                Frame::Body(mut body) => match reader.checked(&mut body) {
                    Checked::Valid { .. } => Frame::Body(body),
                    Checked::Invalid(e) => Frame::Malformed(e["error"]["message"].to_string()),
                },
                malformed => malformed,
            });
        }
        frames
    })
}

fn message(id: u32) -> String {
    format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{{}}}}"#)
}

/// One piece of a client's output: a good message, or a malformed one of
/// the kinds that used to deafen the server.
#[derive(Debug, Clone)]
enum Piece {
    Good,
    BlankLine,
    Garbage(String),
    Letters,
    Negative,
    Overflowing,
    TooLarge,
    NulInName,
    Misspelt,
    NoLength,
    Short(usize),
    /// A stated length a few bytes long: the message is still served.
    Long(usize),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        4 => Just(Piece::Good),
        1 => Just(Piece::BlankLine),
        1 => "[a-z {}\\[\\]\"]{1,40}".prop_map(Piece::Garbage),
        1 => Just(Piece::Letters),
        1 => Just(Piece::Negative),
        1 => Just(Piece::Overflowing),
        1 => Just(Piece::TooLarge),
        1 => Just(Piece::NulInName),
        1 => Just(Piece::Misspelt),
        1 => Just(Piece::NoLength),
        1 => (1usize..20).prop_map(Piece::Short),
        1 => (1usize..40).prop_map(Piece::Long),
    ]
}

/// The bytes of `pieces` (then a last good message), and the bodies the
/// server must be given, in order.
fn stream(pieces: &[Piece]) -> (Vec<u8>, Vec<String>) {
    let mut bytes = Vec::new();
    let mut served = Vec::new();
    for (id, piece) in pieces.iter().chain([&Piece::Good]).enumerate() {
        let body = message(id as u32);
        let n = body.len();
        let header = match piece {
            Piece::Good | Piece::Long(_) => {
                served.push(body.clone());
                let stated = n + if let Piece::Long(k) = piece { *k } else { 0 };
                format!("Content-Length: {stated}")
            }
            Piece::BlankLine => {
                bytes.extend_from_slice(b"\r\n");
                continue;
            }
            Piece::Garbage(line) => {
                bytes.extend_from_slice(format!("{line}\r\n").as_bytes());
                continue;
            }
            Piece::Letters => "Content-Length: abc".into(),
            Piece::Negative => format!("Content-Length: -{n}"),
            Piece::Overflowing => "Content-Length: 1180591620717411303424".into(),
            Piece::TooLarge => "Content-Length: 600000000".into(),
            Piece::NulInName => format!("Content\0-Length: {n}"),
            Piece::Misspelt => format!("Content-Lenght: {n}"),
            Piece::NoLength => "Content-Type: application/vscode-jsonrpc; charset=utf-8".into(),
            Piece::Short(k) => format!("Content-Length: {}", n - k),
        };
        bytes.extend_from_slice(format!("{header}\r\n\r\n{body}").as_bytes());
    }
    (bytes, served)
}

/// Whatever malformed frames come between them, every good message is read,
/// whole and in order, and nothing else reaches the server.
#[test]
fn protocol_random_frames() {
    fuzz(
        40,
        || (proptest::collection::vec(piece(), 0..12), 1usize..80),
        |(pieces, chunk)| {
            let (bytes, served) = stream(&pieces);
            let bodies: Vec<String> = read_frames(bytes, chunk)
                .into_iter()
                .filter_map(|f| match f {
                    // A length too long by white space keeps it: still JSON.
                    Frame::Body(body) => {
                        Some(String::from_utf8(body).unwrap().trim_end().to_string())
                    }
                    Frame::Malformed(_) => None,
                })
                .collect();
            assert_eq!(bodies, served, "{pieces:?}");
        },
    );
}

/// Any bytes at all: the reader ends (at the end of the input) without a panic.
#[test]
fn protocol_random_bytes() {
    fuzz(
        40,
        || (proptest::collection::vec(any::<u8>(), 0..1024), 1usize..300),
        |(bytes, chunk)| {
            for frame in read_frames(bytes, chunk) {
                if let Frame::Body(body) = frame {
                    assert!(matches!(transport::check(&body), Checked::Valid { .. }));
                }
            }
        },
    );
}

/// Headers of random header-like bytes: the reader ends without a panic.
#[test]
fn protocol_random_headers() {
    fuzz(
        20,
        || "[a-zA-Z:\\- 0-9\\r\\n]{0,80}",
        |header: String| {
            let mut bytes = header.into_bytes();
            bytes.extend_from_slice(b"\r\n\r\n");
            let _ = read_frames(bytes, 7);
        },
    );
}

#[test]
fn one_megabyte_line() {
    let line = "1. How many? 12,345 episodes and £1.2m, ".repeat(25_000);
    check(&line);
    check(&"x".repeat(1 << 20));
}

/// What a reading holds, counted: exchanges, values, findings, checks and
/// related places. Memory follows it.
fn reading_size(a: &Analysis) -> usize {
    let per_exchange: usize = a
        .exchanges
        .iter()
        .map(|e| 1 + e.values.len() + e.checks.len())
        .sum();
    let per_finding: usize = a.findings.iter().map(|f| 1 + f.related.len()).sum();
    per_exchange + per_finding
}

/// The same response repeated: the reading grows with the text, not with its
/// square (cross-question checks compared every repetition with every other,
/// and a 200 MB file took 24 GB).
#[test]
fn a_repeated_response_reads_in_linear_size() {
    for name in [
        "oakvale-our-response.txt",
        "thornbury-table.md",
        "fenwick-markdown.md",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        let one = std::fs::read_to_string(path).unwrap();
        let once = reading_size(&analyze(&one));
        let copies = 40;
        let many = reading_size(&analyze(&one.repeat(copies)));
        assert!(
            many <= copies * once * 11 / 10,
            "{name}: one copy reads as {once} items, {copies} copies as {many}"
        );
    }
}

/// `foil args…` in `dir`, killed (and the test failed) if it takes longer
/// than `limit`; its exit code, stdout and stderr.
fn foil_within(
    dir: &std::path::Path,
    args: &[&str],
    limit: std::time::Duration,
) -> (i32, String, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_foil"))
        .args(args)
        .current_dir(dir)
        .env_remove("FOIL_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("foil {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("foil-robust-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const GOOD: &str = "1. How many beds does your Trust have?\nOUR RESPONSE: 600\n";

/// A FIFO named on the command line is refused without being opened (opening
/// it would wait for a writer forever); the files around it are read.
#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_gets_an_error_not_a_hang() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("good1.txt"), GOOD).unwrap();
    std::fs::write(dir.join("good2.txt"), GOOD).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("fifo.txt"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(std::env::var("CI").is_err(), "mkfifo is missing");
        eprintln!("skipped: mkfifo is missing");
        return;
    }
    let (code, stdout, stderr) = foil_within(
        &dir,
        &[
            "extract",
            "--format",
            "jsonl",
            "good1.txt",
            "fifo.txt",
            "good2.txt",
        ],
        std::time::Duration::from_secs(20),
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stderr.contains("fifo.txt") && stderr.contains("FIFO"),
        "{stderr}"
    );
    assert_eq!(code, 2, "a named file that cannot be read is a failure");
    std::fs::remove_dir_all(&dir).ok();
}

/// A response over the size limit (50 MB unless foil.toml says otherwise)
/// gets one error naming it, at once and without being read; the others go
/// through.
#[test]
fn a_response_over_the_size_limit_is_refused_at_once() {
    let dir = scratch("limit");
    std::fs::write(dir.join("good1.txt"), GOOD).unwrap();
    std::fs::write(dir.join("good2.txt"), GOOD).unwrap();
    // 200 MB that take no room on disk (and would take gigabytes to read).
    let huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    huge.set_len(200 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = foil_within(
        &dir,
        &[
            "extract",
            "--format",
            "jsonl",
            "good1.txt",
            "huge.txt",
            "good2.txt",
        ],
        std::time::Duration::from_secs(20),
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    let said: Vec<&str> = stderr.lines().filter(|l| l.contains("huge.txt")).collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        said[0].contains("200.0 MB") && said[0].contains("50.0 MB"),
        "{stderr}"
    );
    assert_eq!(code, 2);

    // foil.toml sets the limit.
    std::fs::write(dir.join("foil.toml"), "max_response_mb = 1\n").unwrap();
    std::fs::write(dir.join("big.txt"), GOOD.repeat(30_000)).unwrap();
    let (_, stdout, stderr) = foil_within(
        &dir,
        &["extract", "--format", "jsonl", "good1.txt", "big.txt"],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stderr.contains("big.txt") && stderr.contains("1.0 MB"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Two megabytes on one line, of everything a reading looks at:
/// organisations, people, figures and ranges, dates, tables, annotations.
/// Stages used to compare every item of a line with every other (minutes
/// here); read in linear time it takes seconds, even unoptimised.
#[test]
fn megabytes_on_one_line_do_not_stall_the_reading() {
    let piece = "Kent and Medway NHS Trust: contact Dr Jane Smith, jane.smith@example.nhs.uk, \
                 mobile 07700 900123; 12, 34.5, £60k to £80k, 30-35, 84.5K, 1.0 WTE / 0.8 agency, \
                 0.1% on 04/03/2025 and 12 March 2024; Cardiology\t12\tOncology\t30\t\
                 <!-- foil verify q=q1 value=6793 quote=\"x\" --> ";
    let line = format!(
        "1. How many episodes were coded? OUR RESPONSE: {}\n",
        piece.repeat((2 << 20) / piece.len())
    );
    within(std::time::Duration::from_secs(60), move || {
        let analysis = check(&line);
        let doc = foil::export::Document {
            path: "line.txt",
            text: &line,
            analysis: &analysis,
        };
        assert!(foil::export::to_jsonl(&[doc]).len() > line.len());
    });
}

#[test]
fn line_endings_do_not_change_the_reading() {
    let lf =
        "1. How many beds does your Trust have?\nApprox. 600\n2. Do you have an encoder?\nNo\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let read = |t: &str| {
        let a = check(t);
        a.exchanges
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    e.status,
                    e.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(read(lf), read(&crlf));
    assert_eq!(read(lf), read(&cr));
    assert_eq!(read(lf).len(), 2);
}

#[test]
fn text_without_questions_has_no_exchanges_and_no_findings() {
    for text in [
        "",
        "Just a note to self.\nNothing to see.",
        "# README\n\nSome prose here.\n",
    ] {
        let a = check(text);
        assert!(a.exchanges.is_empty(), "{text:?}");
        assert!(a.findings.is_empty(), "{text:?}");
        assert!(!a.looks_like_foi);
    }
}
