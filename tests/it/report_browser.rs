//! `foil report` in a real browser: the page made from the corpus beside the
//! repository (`../shared/corpus`, else the shipped `fixtures/`) loads in
//! headless Chromium with no console message and no network request, its
//! coverage matrix has one row per response, and screenshots (desktop and
//! phone width) are saved under `target/report/` for people to look at.
//!
//! Skipped, with the reason printed, when Chromium is not installed; under
//! `CI=true` its absence fails the test (`.ci/run` installs Debian's
//! `chromium`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const TIMEOUT: Duration = Duration::from_secs(120);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    let dir = repo().join("target/report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The Chromium on PATH, or `None` (a skip, or a failure under CI).
fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser"] {
        let found = Command::new(name)
            .arg("--version")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if found {
            return Some(PathBuf::from(name));
        }
    }
    let reason = "chromium is not installed (Debian: apt-get install chromium)";
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{reason}; CI must have it (.ci/run installs it)");
    }
    println!("skipped: {reason}");
    None
}

/// What the browser did with one page.
struct Visit {
    /// The DOM after loading.
    dom: String,
    /// Console messages the page logged.
    console: Vec<String>,
    /// URLs the page asked the network for (the browser's own housekeeping,
    /// such as update checks, is not the page's and is left out).
    requests: Vec<String>,
}

/// Runs Chromium on `args` with the flags the issue names, an empty profile,
/// and a deadline; returns its stdout and stderr.
fn run_chromium(browser: &Path, name: &str, args: &[String]) -> (String, String) {
    let profile = out_dir().join(format!("profile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&profile);
    (out.join().unwrap(), err.join().unwrap())
}

fn visit(browser: &Path, page: &Path) -> Visit {
    let name = page.file_stem().unwrap().to_string_lossy().to_string();
    let netlog = out_dir().join(format!("{name}.netlog.json"));
    let (dom, stderr) = run_chromium(
        browser,
        &name,
        &[
            "--enable-logging=stderr".into(),
            "--v=0".into(),
            format!("--log-net-log={}", netlog.display()),
            "--dump-dom".into(),
            url(page),
        ],
    );
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap())
        .expect("chromium wrote its network log");
    Visit {
        dom,
        console,
        requests: page_requests(&log),
    }
}

fn url(page: &Path) -> String {
    format!("file://{}", page.canonicalize().unwrap().display())
}

/// The URL requests started on behalf of a `file://` page: their network
/// isolation key names the page's origin, where the browser's own requests
/// have none.
fn page_requests(log: &Value) -> Vec<String> {
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"].as_i64();
    log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["type"].as_i64() == start_job)
        .filter(|e| {
            e["params"]["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_string))
        .collect()
}

fn screenshot(browser: &Path, page: &Path, name: &str, width: u32, height: u32) -> PathBuf {
    let shot = out_dir().join(format!("{name}.png"));
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        browser,
        name,
        &[
            format!("--screenshot={}", shot.display()),
            format!("--window-size={width},{height}"),
            url(page),
        ],
    );
    assert!(shot.is_file(), "no screenshot at {}", shot.display());
    shot
}

fn foil(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_foil"))
        .args(args)
        .env_remove("FOIL_LOG")
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "foil {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_corpus_report_loads_offline_with_a_row_per_response() {
    let Some(browser) = chromium() else { return };
    let corpus = repo().join("../shared/corpus");
    let folder = if corpus.is_dir() {
        corpus
    } else {
        println!("no corpus at {}: reporting on fixtures/", corpus.display());
        repo().join("fixtures")
    };
    let folder = folder.to_string_lossy().to_string();
    let page = out_dir().join("corpus-report.html");
    foil(&["report", &folder, "-o", &page.to_string_lossy()]);
    let size = std::fs::metadata(&page).unwrap().len();
    println!("report: {} ({size} bytes)", page.display());

    let docs: Value = serde_json::from_slice(&foil(&["extract", &folder]).stdout).unwrap();
    let responses = docs
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["triage"] != "not_a_response")
        .count();
    assert!(responses > 0);

    let seen = visit(&browser, &page);
    assert!(
        seen.console.is_empty(),
        "console messages: {:?}",
        seen.console
    );
    assert!(
        seen.requests.is_empty(),
        "network requests: {:?}",
        seen.requests
    );
    assert_eq!(
        seen.dom.matches("<tr class=\"r\">").count(),
        responses,
        "one coverage row per response"
    );
    for section in ["summary", "coverage", "figures", "progress", "queue"] {
        assert!(seen.dom.contains(&format!("id=\"{section}\"")), "{section}");
    }
    let desktop = screenshot(&browser, &page, "corpus-report-desktop", 1280, 2400);
    let phone = screenshot(&browser, &page, "corpus-report-phone", 390, 2400);
    println!("screenshots: {} and {}", desktop.display(), phone.display());
}

/// The checks above can fail: a page that logs and fetches is caught.
#[test]
fn a_page_that_fetches_and_logs_is_caught() {
    let Some(browser) = chromium() else { return };
    let page = out_dir().join("leaky-page.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><title>leaky</title>\
         <link rel=\"stylesheet\" href=\"https://fonts.example.invalid/f.css\"></head>\
         <body><img src=\"http://images.example.invalid/x.png\" alt=\"\">\
         <script>console.error('leaky page')</script></body></html>",
    )
    .unwrap();
    let seen = visit(&browser, &page);
    assert!(
        seen.console.iter().any(|l| l.contains("leaky page")),
        "{:?}",
        seen.console
    );
    assert!(
        seen.requests
            .iter()
            .any(|u| u.contains("fonts.example.invalid")),
        "{:?}",
        seen.requests
    );
    assert!(seen
        .requests
        .iter()
        .any(|u| u.contains("images.example.invalid")));
}
