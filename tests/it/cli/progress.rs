//! The progress bar: on stderr for long runs at a terminal, never in a pipe.

use super::support::{foil, on_a_terminal, Scratch};

fn folder_of(responses: usize) -> Scratch {
    let dir = Scratch::new();
    for i in 0..responses {
        dir.write(
            &format!("in/r{i:03}.txt"),
            format!("1. How many beds?\nOUR RESPONSE: {i}.\n"),
        );
    }
    dir
}

#[test]
fn a_long_run_through_a_pipe_shows_no_progress() {
    let dir = folder_of(60);
    let run = foil(&dir.path, &["extract", "in", "-o", "out.json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "", "stderr is a pipe: no bar");
    let run = foil(&dir.path, &["check", "in"]);
    assert_eq!(run.stderr, "");
    assert!(!run.stdout.contains("/60"), "{}", run.stdout);
}

#[test]
fn a_long_run_at_a_terminal_shows_progress_and_a_short_one_does_not() {
    let foil = env!("CARGO_BIN_EXE_foil");
    let dir = folder_of(60);
    let Some(shown) = on_a_terminal(&dir.path, &format!("{foil} extract in -o out.json")) else {
        return;
    };
    assert!(shown.contains("/60 files"), "{shown:?}");
    assert!(
        shown.contains("in/r059.txt"),
        "names the file being read: {shown:?}"
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path.join("out.json")).unwrap()).unwrap();
    assert_eq!(written.as_array().unwrap().len(), 60);

    let dir = folder_of(10);
    let shown = on_a_terminal(&dir.path, &format!("{foil} extract in -o out.json")).unwrap();
    assert!(!shown.contains("/10 files"), "{shown:?}");
}
