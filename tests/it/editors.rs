//! Real editors driving `foil lsp` through the integrations in `editors/`.
//!
//! Two kinds of scenario per client:
//! - the invented response `editors/tests/fixtures/northwick.foi.txt` and the
//!   checks in `editors/tests/fixtures/northwick.scenario.json` (findings on the
//!   right lines, the hover on `84.5K`, the Verify code action, the outline);
//! - a plain response: a corpus `.txt` (`../shared/corpus`) copied to a folder
//!   with no `foil.toml`, which must light up with exactly the findings the
//!   engine reads in it, and an ordinary `.txt` beside it
//!   (`editors/tests/fixtures/notes.txt`), which must get nothing.
//!
//! A test whose editor (or the corpus) is not there prints why and passes,
//! except under `CI=true`, where it fails: CI installs everything
//! (`bash editors/ci-setup.sh`), so a skip there is a missing install step.
//!
//! The server is `FOIL_RELEASE_BIN` when set (CI builds the release binary),
//! else the debug binary cargo builds for integration tests.

use crate::lsp_support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Longer than any scenario's own waits (15 s each), so that a scenario reports
/// its own failure first; this only catches a hung editor.
const TIMEOUT: Duration = Duration::from_secs(180);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The server under test: `FOIL_RELEASE_BIN` when CI built one (`.ci/run`), else
/// the binary cargo built for this test run.
fn foil() -> PathBuf {
    std::env::var_os("FOIL_RELEASE_BIN")
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_foil")))
}

/// Says why a test does not run; under `CI=true` that is a failure instead.
fn skip(reason: &str) {
    if in_ci() {
        panic!("would be skipped, but CI=true: {reason}");
    }
    println!("skipped: {reason}");
    eprintln!("skipped: {reason}");
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// Whether `program args...` runs and exits 0 (a probe: output discarded).
fn succeeds(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `command` to completion (killing it after `TIMEOUT`), prints its output,
/// and panics with `what` and that output unless it exits 0.
fn run_scenario(what: &str, mut command: Command) {
    let server = foil();
    println!("{what}: foil lsp from {}", server.display());
    command
        .current_dir(repo())
        .env("FOIL_PATH", &server)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot start {command:?}: {e}"));

    // Drained on threads so that a chatty editor never blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let out = thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let err = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });

    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("{what}: waiting for the editor: {e}"),
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    println!("{stdout}");
    eprintln!("{stderr}");

    match status {
        None => panic!(
            "{what}: no result after {} s (killed)\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            TIMEOUT.as_secs()
        ),
        Some(status) if !status.success() => panic!(
            "{what} failed ({status})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
        ),
        Some(_) => {}
    }
}

/// Neovim headless with `editors/nvim` on the runtimepath, running `script`.
fn neovim(nvim: &Path, script: &str) -> Command {
    let mut command = Command::new(nvim);
    command
        .args(["--headless", "-u", "NONE", "-i", "NONE", "--cmd"])
        .arg(format!(
            "set rtp^={}",
            repo().join("editors/nvim").display()
        ))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo().join("editors/tests").join(script).display()
        ));
    command
}

/// Debian 12's Neovim (0.7), when installed.
fn debian_neovim() -> Option<PathBuf> {
    Some(PathBuf::from("nvim")).filter(|nvim| succeeds(nvim, &["--version"]))
}

/// The current Neovim (0.11) of the editors virtualenv, when installed.
fn current_neovim() -> Option<PathBuf> {
    editors_venv()
        .map(|venv| venv.join("bin/nvim"))
        .filter(|nvim| succeeds(nvim, &["--version"]))
}

const NO_DEBIAN_NEOVIM: &str =
    "nvim not installed (bash editors/ci-setup.sh installs Debian's neovim)";
const NO_CURRENT_NEOVIM: &str =
    "no current Neovim in the editors virtualenv (bash editors/ci-setup.sh installs it)";

/// Debian 12's Neovim (0.7): `vim.lsp.start_client`.
#[test]
fn neovim_debian_shows_findings_hover_and_applies_verify() {
    let Some(nvim) = debian_neovim() else {
        return skip(NO_DEBIAN_NEOVIM);
    };
    run_scenario(
        "the Neovim (Debian) scenario",
        neovim(&nvim, "nvim_scenario.lua"),
    );
}

/// Current Neovim (0.11, from the virtualenv): `vim.lsp.config` and lsp/foil.lua.
#[test]
fn neovim_current_shows_findings_hover_and_applies_verify() {
    let Some(nvim) = current_neovim() else {
        return skip(NO_CURRENT_NEOVIM);
    };
    run_scenario(
        "the Neovim (current) scenario",
        neovim(&nvim, "nvim_scenario.lua"),
    );
}

#[test]
fn neovim_debian_lights_up_a_plain_response() {
    let Some(nvim) = debian_neovim() else {
        return skip(NO_DEBIAN_NEOVIM);
    };
    let Some(case) = PlainCase::new("nvim-debian") else {
        return;
    };
    let mut command = neovim(&nvim, "nvim_plain.lua");
    case.apply(&mut command);
    run_scenario("the Neovim (Debian) plain response", command);
}

#[test]
fn neovim_current_lights_up_a_plain_response() {
    let Some(nvim) = current_neovim() else {
        return skip(NO_CURRENT_NEOVIM);
    };
    let Some(case) = PlainCase::new("nvim-current") else {
        return;
    };
    let mut command = neovim(&nvim, "nvim_plain.lua");
    case.apply(&mut command);
    run_scenario("the Neovim (current) plain response", command);
}

/// Where editors/ci-setup.sh makes its virtualenv (pytest-lsp, current Neovim).
fn editors_venv() -> Option<PathBuf> {
    if let Some(venv) = std::env::var_os("FOIL_EDITORS_VENV") {
        return Some(PathBuf::from(venv));
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
    Some(cache.join("foil/editors-venv"))
}

/// The editors virtualenv's python, else any python3 that has pytest-lsp.
fn python_with_pytest_lsp() -> Option<PathBuf> {
    let candidates = editors_venv()
        .map(|v| v.join("bin/python"))
        .into_iter()
        .chain([PathBuf::from("python3")]);
    candidates
        .into_iter()
        .find(|python| succeeds(python, &["-c", "import pytest_lsp, pytest_asyncio"]))
}

#[test]
fn pytest_lsp_scenario_as_vscode_and_neovim() {
    let Some(python) = python_with_pytest_lsp() else {
        return skip("pytest-lsp not installed (bash editors/ci-setup.sh makes its virtualenv)");
    };
    let mut pytest = Command::new(python);
    pytest
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "-c"])
        .arg(repo().join("editors/tests/pytest.ini"))
        .arg("--rootdir")
        .arg(repo().join("editors/tests"))
        .arg(repo().join("editors/tests/test_pytest_lsp.py"));
    run_scenario("the pytest-lsp scenario", pytest);
}

/// Emacs with eglot, when both are installed; else why not.
fn emacs_with_eglot() -> Result<Command, &'static str> {
    if !succeeds("emacs", &["--version"]) {
        return Err("emacs not installed (bash editors/ci-setup.sh installs emacs-nox)");
    }
    // -q, not -Q: Debian's site start-up puts elpa-eglot on the load-path.
    let eglot = "(unless (require 'eglot nil t) (kill-emacs 1))";
    if !succeeds("emacs", &["--batch", "-q", "--eval", eglot]) {
        return Err("eglot not installed (Debian: elpa-eglot)");
    }
    let mut emacs = Command::new("emacs");
    emacs
        .args(["--batch", "-q", "-L"])
        .arg(repo().join("editors/emacs"));
    Ok(emacs)
}

#[test]
fn emacs_eglot_shows_findings_hover_and_applies_verify() {
    let mut emacs = match emacs_with_eglot() {
        Ok(emacs) => emacs,
        Err(reason) => return skip(reason),
    };
    emacs
        .arg("-l")
        .arg(repo().join("editors/tests/eglot_scenario.el"));
    run_scenario("the eglot scenario", emacs);
}

#[test]
fn emacs_eglot_lights_up_a_plain_response() {
    let mut emacs = match emacs_with_eglot() {
        Ok(emacs) => emacs,
        Err(reason) => return skip(reason),
    };
    let Some(case) = PlainCase::new("emacs") else {
        return;
    };
    emacs
        .arg("-l")
        .arg(repo().join("editors/tests/eglot_plain.el"));
    case.apply(&mut emacs);
    run_scenario("the eglot plain response", emacs);
}

/// The extension's node tests: the binary lookup, the manifest, and the
/// extension activated against the real server, on the plain response too.
#[test]
fn vscode_extension_unit_tests() {
    let extension = repo().join("editors/vscode");
    if !extension.join("node_modules/.bin/esbuild").exists() {
        return skip("editors/vscode/node_modules missing (bash editors/ci-setup.sh runs npm ci)");
    }
    let Some(case) = PlainCase::new("vscode") else {
        return;
    };
    let mut npm = Command::new("npm");
    npm.args(["test", "--prefix"]).arg(&extension);
    case.apply(&mut npm);
    run_scenario("the VS Code extension's tests", npm);
}

/// The `.vsix` that `editors/README.md`'s recipe builds (CI runs it in
/// editors/ci-setup.sh): linux-x64, with the `foil` binary, executable, that
/// the extension runs when no path is configured.
#[test]
fn vscode_package_bundles_the_foil_binary() {
    let extension = repo().join("editors/vscode");
    let packages: Vec<PathBuf> = std::fs::read_dir(&extension)
        .map(|dir| {
            dir.filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "vsix"))
                .collect()
        })
        .unwrap_or_default();
    let [vsix] = &packages[..] else {
        return skip(&format!(
            "{} .vsix files in editors/vscode, not one (bash editors/ci-setup.sh packages the extension)",
            packages.len()
        ));
    };
    let name = vsix.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.contains("linux-x64"),
        "{name} is not the linux-x64 package"
    );
    // python3's zipfile reads the archive: the listing with each entry's mode.
    let script = "import sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  for i in z.infolist(): print(oct(i.external_attr >> 16), i.file_size, i.filename)\n\
                  m = z.read('extension.vsixmanifest').decode()\n\
                  print('target:', 'TargetPlatform=\"linux-x64\"' in m)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(vsix)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = String::from_utf8_lossy(&out.stdout);
    let binary = listing
        .lines()
        .find(|line| line.ends_with(" extension/server/foil"))
        .unwrap_or_else(|| panic!("{name} has no extension/server/foil:\n{listing}"));
    let mut fields = binary.split_whitespace();
    let mode = u32::from_str_radix(fields.next().unwrap().trim_start_matches("0o"), 8).unwrap();
    let size: u64 = fields.next().unwrap().parse().unwrap();
    assert!(
        mode & 0o111 != 0,
        "extension/server/foil is not executable ({mode:o})"
    );
    assert!(
        size > 1_000_000,
        "extension/server/foil is {size} bytes: not a foil binary"
    );
    assert!(
        listing.contains("target: True"),
        "{name}'s manifest names no linux-x64 target"
    );
    assert!(
        listing.contains(" extension/dist/extension.js"),
        "{name} has no dist/extension.js"
    );

    // And it is a foil that runs here.
    let work = std::env::temp_dir().join(format!("foil-vsix-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let extract = "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract('extension/server/foil', sys.argv[2])";
    assert!(Command::new("python3")
        .args(["-c", extract])
        .arg(vsix)
        .arg(&work)
        .status()
        .is_ok_and(|status| status.success()));
    let bundled = work.join("extension/server/foil");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bundled, std::fs::Permissions::from_mode(0o755)).unwrap();
    let version = Command::new(&bundled).arg("--version").output().unwrap();
    let _ = std::fs::remove_dir_all(&work);
    assert!(
        String::from_utf8_lossy(&version.stdout).starts_with("foil "),
        "the bundled binary says {:?}",
        String::from_utf8_lossy(&version.stdout)
    );
}

/// A corpus response copied beside an ordinary `.txt`, in a fresh folder with
/// no `foil.toml` above it, and the finding codes the engine reads in it.
struct PlainCase {
    dir: PathBuf,
    response: String,
    codes: Vec<&'static str>,
}

const OTHER_TEXT: &str = "notes.txt";

impl PlainCase {
    /// `None` (after `skip`) when there is no corpus.
    fn new(tag: &str) -> Option<PlainCase> {
        let Some(responses) = corpus_responses() else {
            skip("no corpus at ../shared/corpus");
            return None;
        };
        // The first response in which the engine finds something of two kinds.
        let engine = foil::engine::Engine::default();
        let (path, codes) = responses
            .iter()
            .find_map(|path| {
                let text = std::fs::read_to_string(path).ok()?;
                let mut codes: Vec<&'static str> = engine
                    .analyze(&text)
                    .findings
                    .iter()
                    .map(|f| f.code.as_str())
                    .collect();
                codes.sort_unstable();
                codes.dedup();
                (codes.len() >= 2).then(|| (path.clone(), codes))
            })
            .expect("a corpus response with findings of two kinds");
        let dir = std::env::temp_dir().join(format!("foil-plain-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.ancestors().find(|d| d.join("foil.toml").exists());
        assert!(
            config.is_none(),
            "{} has a foil.toml: the plain case needs a folder without one",
            config.unwrap().display()
        );
        let response = path.file_name().unwrap().to_string_lossy().into_owned();
        // Written, not copied: the corpus is read-only, and an editor would
        // warn about changing a read-only file.
        for (from, to) in [
            (path.clone(), &response[..]),
            (
                repo().join("editors/tests/fixtures").join(OTHER_TEXT),
                OTHER_TEXT,
            ),
        ] {
            std::fs::write(dir.join(to), std::fs::read(&from).unwrap()).unwrap();
        }
        println!("plain response: {response}, expected findings: {codes:?}");
        Some(PlainCase {
            dir,
            response,
            codes,
        })
    }

    fn apply(&self, command: &mut Command) {
        command
            .env("FOIL_PLAIN_DIR", &self.dir)
            .env("FOIL_PLAIN_RESPONSE", &self.response)
            .env("FOIL_PLAIN_CODES", self.codes.join(","))
            .env("FOIL_PLAIN_OTHER", OTHER_TEXT);
    }
}

impl Drop for PlainCase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The labelled responses of `../shared/corpus` (those with a gold reading), sorted.
fn corpus_responses() -> Option<Vec<PathBuf>> {
    let corpus = repo().join("../shared/corpus");
    let mut responses: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .filter(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy();
            corpus.join("gold").join(format!("{stem}.json")).exists()
        })
        .collect();
    responses.sort();
    (!responses.is_empty()).then_some(responses)
}

/// Invented text that is no FOI response: the scenarios' ordinary `.txt` and
/// the detection samples named `not-*`.
fn invented_other_text() -> Vec<PathBuf> {
    let mut files = vec![repo().join("editors/tests/fixtures").join(OTHER_TEXT)];
    files.extend(
        detection_samples()
            .into_iter()
            .filter(|(_, response)| !response)
            .map(|(path, _)| path),
    );
    files
}

/// `editors/tests/fixtures/detect/*`: invented texts, each with what it is
/// (`not-*` are no responses), covering every cue and near misses.
fn detection_samples() -> Vec<(PathBuf, bool)> {
    let mut samples: Vec<(PathBuf, bool)> =
        std::fs::read_dir(repo().join("editors/tests/fixtures/detect"))
            .expect("editors/tests/fixtures/detect")
            .map(|entry| entry.unwrap().path())
            .map(|path| {
                let response = !path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("not-");
                (path, response)
            })
            .collect();
    samples.sort();
    samples
}

/// What `foil extract` reads is what the server shows: every corpus response
/// (none of which has a `foil.toml` or a `.foi.txt` name) gets an outline and
/// its findings; ordinary text gets nothing at all.
#[tokio::test]
async fn the_server_shows_every_corpus_response_and_no_other_text() {
    use lsp_support::{capabilities, file_uri, TestClient};
    use serde_json::{json, Value as Json};

    let Some(responses) = corpus_responses() else {
        return skip("no corpus at ../shared/corpus");
    };
    let extracted = Command::new(foil())
        .args(["extract", "--format", "jsonl"])
        .args(&responses)
        .output()
        .expect("foil extract runs");
    let records = String::from_utf8_lossy(&extracted.stdout).lines().count();
    assert_eq!(
        records,
        responses.len(),
        "foil extract read {records} of {} responses",
        responses.len()
    );

    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    let mut hidden = Vec::new();
    for path in &responses {
        let uri = file_uri(path);
        client
            .open(&uri, &std::fs::read_to_string(path).unwrap())
            .await;
        let symbols = client
            .call(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        if symbols.is_null() {
            hidden.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
        client
            .notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
    }
    assert!(
        hidden.is_empty(),
        "foil extract reads them, but the server takes them for no response: {hidden:?}"
    );

    for path in invented_other_text() {
        let uri = file_uri(&path);
        client
            .open(&uri, &std::fs::read_to_string(&path).unwrap())
            .await;
        let symbols = client
            .call(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        let lenses = client
            .call(
                "textDocument/codeLens",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        let no_lenses = lenses.is_null() || lenses.as_array().is_some_and(Vec::is_empty);
        assert!(
            symbols.is_null() && no_lenses,
            "{} is no FOI response, yet the server answers {symbols} / {lenses}",
            path.display()
        );
        let published: Vec<Json> = client
            .published_for(&uri)
            .into_iter()
            .filter(|p| p["diagnostics"].as_array().is_some_and(|d| !d.is_empty()))
            .collect();
        assert!(
            published.is_empty(),
            "{} got diagnostics: {published:?}",
            path.display()
        );
    }
    client.shutdown_and_exit().await.unwrap();
}

/// A document over the size limit is not read; only one that reads as a
/// response (by its first pages) is told so. Other large text (a log opened in
/// an editor that hands every plain text file to foil) gets nothing.
#[tokio::test]
async fn large_text_gets_a_note_only_when_it_reads_as_a_response() {
    use lsp_support::{capabilities, TestClient};
    use serde_json::json;

    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), json!({"maxDocumentBytes": 64}))
        .await;
    let log = "file:///logs/build.txt";
    let letter = "file:///responses/letter.txt";
    client
        .open(log, &"compiling foil v0.1.0 ... ok\n".repeat(8))
        .await;
    client
        .open(
            letter,
            &"Freedom of Information request 2031/77: our response follows.\n".repeat(4),
        )
        .await;
    let note = client.diagnostics(letter, 1).await;
    assert_eq!(note.len(), 1, "{note:?}");
    assert!(note[0]["message"]
        .as_str()
        .unwrap()
        .contains("does not read documents over"));
    client.settle(log).await;
    assert!(
        client.published_for(log).is_empty(),
        "{:?}",
        client.published_for(log)
    );
    client.shutdown_and_exit().await.unwrap();
}

/// The editors' own content detectors (editors/nvim/lua/foil/detect.lua,
/// foil-looks-like-response in editors/emacs/foil.el) mirror the engine's:
/// the same verdict on every corpus response, every fixture and every invented
/// sample, and the samples are what their names say.
#[test]
fn editor_detectors_agree_with_the_engine() {
    let mut files: Vec<(PathBuf, Option<bool>)> = detection_samples()
        .into_iter()
        .map(|(path, response)| (path, Some(response)))
        .collect();
    files.push((
        repo().join("editors/tests/fixtures").join(OTHER_TEXT),
        Some(false),
    ));
    let fixtures = std::fs::read_dir(repo().join("fixtures")).expect("fixtures/");
    files.extend(fixtures.map(|entry| (entry.unwrap().path(), Some(true))));
    match corpus_responses() {
        Some(responses) => files.extend(responses.into_iter().map(|path| (path, Some(true)))),
        None => skip("no corpus at ../shared/corpus: agreement checked on invented text only"),
    }
    let engine: Vec<(PathBuf, bool)> = files
        .iter()
        .map(|(path, expected)| {
            let text = std::fs::read_to_string(path).unwrap();
            let verdict = foil::engine::looks_like_response(&text);
            if let Some(expected) = expected {
                assert_eq!(
                    verdict,
                    *expected,
                    "the engine says {verdict} for {}",
                    path.display()
                );
            }
            (path.clone(), verdict)
        })
        .collect();

    let work = std::env::temp_dir().join(format!("foil-detect-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let list = work.join("files.txt");
    let paths: Vec<String> = engine
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    std::fs::write(&list, paths.join("\n") + "\n").unwrap();

    let mut detectors: Vec<(&str, Command)> = Vec::new();
    for (name, nvim) in [
        ("Neovim (Debian)", debian_neovim()),
        ("Neovim (current)", current_neovim()),
    ] {
        match nvim {
            Some(nvim) => detectors.push((name, neovim(&nvim, "detect_agreement.lua"))),
            None => skip(&format!("{name} is not installed")),
        }
    }
    match emacs_with_eglot() {
        Ok(mut emacs) => {
            emacs
                .arg("-l")
                .arg(repo().join("editors/tests/detect_agreement.el"));
            detectors.push(("Emacs", emacs));
        }
        Err(reason) => skip(reason),
    }
    for (name, mut command) in detectors {
        let out = work.join("verdicts.txt");
        let _ = std::fs::remove_file(&out);
        command
            .env("FOIL_DETECT_LIST", &list)
            .env("FOIL_DETECT_OUT", &out);
        run_scenario(&format!("{name}'s detector"), command);
        let verdicts = std::fs::read_to_string(&out).unwrap();
        let theirs: Vec<(PathBuf, bool)> = verdicts
            .lines()
            .map(|line| {
                let (verdict, path) = line.split_once('\t').unwrap();
                (PathBuf::from(path), verdict == "1")
            })
            .collect();
        let disagreements: Vec<String> = engine
            .iter()
            .zip(&theirs)
            .filter(|(ours, theirs)| ours != theirs)
            .map(|((path, ours), _)| format!("{}: engine {ours}", path.display()))
            .collect();
        assert_eq!(
            theirs.len(),
            engine.len(),
            "{name} judged {} files",
            theirs.len()
        );
        assert!(
            disagreements.is_empty(),
            "{name}'s detector disagrees with the engine on:\n{}",
            disagreements.join("\n")
        );
        println!("{name}: agrees with the engine on {} files", engine.len());
    }
    let _ = std::fs::remove_dir_all(&work);
}

/// Helix cannot tell a response by its content (it detects languages by file
/// name and shebang only), so editors/helix/languages.toml gives every `.txt`
/// to foil, which answers only for responses (see the server test above).
#[test]
fn helix_config_hands_plain_text_to_foil() {
    let path = repo().join("editors/helix/languages.toml");
    let config: toml::Table = std::fs::read_to_string(&path)
        .unwrap()
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let server = &config["language-server"]["foil"];
    assert_eq!(server["command"].as_str(), Some("foil"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));
    let languages = config["language"].as_array().unwrap();
    let language = |name: &str| {
        languages
            .iter()
            .find(|l| l["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no [[language]] {name} in {}", path.display()))
    };
    let uses_foil = |l: &toml::Value| {
        l["language-servers"]
            .as_array()
            .is_some_and(|servers| servers.iter().any(|s| s.as_str() == Some("foil")))
    };
    let foi = language("foi");
    assert!(uses_foil(foi));
    let text = language("text");
    assert!(uses_foil(text), "plain text is not handed to foil");
    assert_eq!(
        text["file-types"].as_array().unwrap()[0].as_str(),
        Some("txt")
    );
}
