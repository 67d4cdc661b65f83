//! `foil lsp` started by hand says what it is; started by an editor it does not.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

const NOTICE: &str = "speaking LSP";

#[test]
fn through_a_pipe_stderr_has_no_notice() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_foil"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("FOIL_LOG")
        .spawn()
        .unwrap();
    let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
    let mut stdin = child.stdin.take().unwrap();
    write!(stdin, "Content-Length: {}\r\n\r\n", exit.len()).unwrap();
    stdin.write_all(exit).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains(NOTICE), "{stderr}");
}

/// Under a pseudo-terminal (util-linux's `script`), as a person would start it.
#[test]
fn on_a_terminal_one_line_says_what_it_is_and_how_to_stop() {
    let foil = env!("CARGO_BIN_EXE_foil");
    let Some(run) = super::support::on_a_terminal(Path::new("."), &format!("{foil} lsp")) else {
        return;
    };
    let lines: Vec<&str> = run.lines().filter(|l| l.contains(NOTICE)).collect();
    assert_eq!(lines.len(), 1, "{run:?}");
    assert!(lines[0].contains("Ctrl-C"), "{run:?}");
}
