//! Running the binary and making scratch folders.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A temporary folder removed when dropped.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "foil-cli-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch { path }
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Copies a fixture from `tests/data/cli/`.
    pub fn fixture(&self, name: &str) -> PathBuf {
        self.write(name, fixture(name))
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path.join(rel)).unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cli")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn stderr_lines(&self) -> Vec<&str> {
        self.stderr.lines().collect()
    }
}

/// Runs `foil args...` in folder `cwd`, without colour or logs from the environment.
pub fn foil(cwd: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_foil"))
        .args(args)
        .current_dir(cwd)
        .env_remove("FOIL_LOG")
        .env_remove("NO_COLOR")
        .output()
        .expect("the foil binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// 1-based line and character column of byte `offset`, counted independently of
/// foil (`\r\n`, `\n` and a lone `\r` end lines).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (line, before[line_start..].chars().count() + 1)
}

/// Runs `command_line` (a shell command) in `cwd` under a pseudo-terminal, as
/// a person at a terminal would, with standard input at its end; what the
/// terminal showed. `None`, with the reason printed, when util-linux's `script`
/// is missing, except in CI (`CI=true`), where that fails the test.
pub fn on_a_terminal(cwd: &Path, command_line: &str) -> Option<String> {
    let output = Command::new("script")
        .args(["-qec", command_line, "/dev/null"])
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .env_remove("CI")
        .env_remove("FOIL_LOG")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output();
    match output {
        Ok(output) => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("`script` (util-linux) is needed for terminal tests: {e}")
        }
        Err(e) => {
            eprintln!("skipped: `script` (util-linux) cannot run ({e})");
            None
        }
    }
}
