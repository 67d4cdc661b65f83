//! Real editors driving `foil lsp` through the integrations in `editors/`.
//!
//! Each test runs one client on the invented response
//! `editors/tests/fixtures/northwick.foi.txt` and the checks in
//! `editors/tests/fixtures/northwick.scenario.json` (findings on the right lines,
//! the hover on `84.5K`, the Verify code action). A test whose editor is not
//! installed prints why and passes; once the editor is there, any failed check
//! fails the test. `bash editors/ci-setup.sh` installs them all.
//!
//! The server is `FOIL_RELEASE_BIN` when set (CI builds the release binary),
//! else the debug binary cargo builds for integration tests.

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

fn skip(reason: &str) {
    println!("skipped: {reason}");
    eprintln!("skipped: {reason}");
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

fn neovim_scenario(what: &str, nvim: &Path) {
    let mut nvim = Command::new(nvim);
    nvim.args(["--headless", "-u", "NONE", "-i", "NONE", "--cmd"])
        .arg(format!(
            "set rtp^={}",
            repo().join("editors/nvim").display()
        ))
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo().join("editors/tests/nvim_scenario.lua").display()
        ));
    run_scenario(what, nvim);
}

/// Debian 12's Neovim (0.7): `vim.lsp.start_client`.
#[test]
fn neovim_debian_shows_findings_hover_and_applies_verify() {
    if !succeeds("nvim", &["--version"]) {
        return skip("nvim not installed (bash editors/ci-setup.sh installs Debian's neovim)");
    }
    neovim_scenario("the Neovim (Debian) scenario", Path::new("nvim"));
}

/// Current Neovim (0.11, from the virtualenv): `vim.lsp.config` and lsp/foil.lua.
#[test]
fn neovim_current_shows_findings_hover_and_applies_verify() {
    let Some(nvim) = editors_venv()
        .map(|venv| venv.join("bin/nvim"))
        .filter(|nvim| succeeds(nvim, &["--version"]))
    else {
        return skip(
            "no current Neovim in the editors virtualenv (bash editors/ci-setup.sh installs it)",
        );
    };
    neovim_scenario("the Neovim (current) scenario", &nvim);
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

#[test]
fn emacs_eglot_shows_findings_hover_and_applies_verify() {
    if !succeeds("emacs", &["--version"]) {
        return skip("emacs not installed (bash editors/ci-setup.sh installs emacs-nox)");
    }
    // -q, not -Q: Debian's site start-up puts elpa-eglot on the load-path.
    if !succeeds(
        "emacs",
        &[
            "--batch",
            "-q",
            "--eval",
            "(unless (require 'eglot nil t) (kill-emacs 1))",
        ],
    ) {
        return skip("eglot not installed (Debian: elpa-eglot)");
    }
    let mut emacs = Command::new("emacs");
    emacs
        .args(["--batch", "-q", "-L"])
        .arg(repo().join("editors/emacs"))
        .arg("-l")
        .arg(repo().join("editors/tests/eglot_scenario.el"));
    run_scenario("the eglot scenario", emacs);
}

#[test]
fn vscode_extension_unit_tests() {
    let extension = repo().join("editors/vscode");
    if !extension.join("node_modules/.bin/esbuild").exists() {
        return skip("editors/vscode/node_modules missing (bash editors/ci-setup.sh runs npm ci)");
    }
    let mut npm = Command::new("npm");
    npm.args(["test", "--prefix"]).arg(&extension);
    run_scenario("the VS Code extension's tests", npm);
}
