//! Reading files: folders walked, bad files named once on stderr while the
//! others go through, exit codes.

use super::support::{foil, Scratch};

/// A folder with one good response, one binary file, one Windows-1252 file and a
/// file that is not a response.
fn mixed_folder() -> Scratch {
    let dir = Scratch::new();
    dir.write(
        "responses/a_good.txt",
        "1. How many beds?\nOUR RESPONSE: 12.\n",
    );
    dir.write(
        "responses/b_binary.txt",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary",
    );
    // “Not held” – £0 in Windows-1252.
    dir.write(
        "responses/c_cp1252.txt",
        b"1. How much?\nOUR RESPONSE: \x93Not held\x94 \x96 \xA30\n",
    );
    dir.write("responses/d_notes.docx", "not a response");
    dir.write("responses/.hidden/e.txt", "skipped");
    dir
}

fn paths(json: &serde_json::Value) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bad_files_get_one_line_each_and_the_others_go_through() {
    let dir = mixed_folder();
    let run = foil(&dir.path, &["extract", "responses", "missing.txt"]);
    // The named path that does not exist makes it 2, after the others were read.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        paths(&run.json()),
        ["responses/a_good.txt", "responses/c_cp1252.txt"]
    );
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    let about = |name: &str| lines.iter().filter(|l| l.contains(name)).count();
    assert_eq!(about("b_binary.txt"), 1);
    assert_eq!(about("c_cp1252.txt"), 1);
    assert_eq!(about("missing.txt"), 1);
    assert!(
        lines.contains(&"foil: responses/b_binary.txt: binary file, skipped"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"foil: missing.txt: no such file or folder"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"foil: responses/c_cp1252.txt: note: not UTF-8: decoded as Windows-1252"),
        "{lines:?}"
    );
}

#[test]
fn every_command_reports_bad_files_the_same_way() {
    let dir = mixed_folder();
    for args in [
        &["check", "responses", "missing.txt"][..],
        &["check", "--format", "json", "responses", "missing.txt"],
        &["extract", "--format", "csv", "responses", "missing.txt"],
        &["annotate", "responses", "missing.txt"],
    ] {
        let run = foil(&dir.path, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr_lines().len(), 3, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("b_binary.txt: binary file, skipped"),
            "{args:?}"
        );
        // Human `check` prints nothing for a file without findings, but counts it.
        let went_through =
            run.stdout.contains("a_good.txt") || run.stdout.contains("checked 2 files");
        assert!(went_through, "{args:?}: {}", run.stdout);
    }
}

#[test]
fn a_binary_file_met_in_a_folder_is_skipped_but_a_named_one_fails() {
    let dir = mixed_folder();
    for command in ["check", "extract", "annotate"] {
        let run = foil(&dir.path, &[command, "responses"]);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        assert!(run.stderr.contains("b_binary.txt: binary file, skipped"));
        let run = foil(
            &dir.path,
            &[command, "responses/b_binary.txt", "responses/a_good.txt"],
        );
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        // check prints nothing for a file without findings but counts it.
        let went_through =
            run.stdout.contains("a_good.txt") || run.stdout.contains("checked 1 file");
        assert!(went_through, "{command}: {}", run.stdout);
    }
}

#[test]
fn a_missing_named_path_exits_2_after_the_rest_and_beats_error_findings() {
    let dir = Scratch::new();
    dir.write("foil.toml", "[severity]\nnot-held = \"error\"\n");
    dir.write("a.txt", "1. How many beds?\nOUR RESPONSE: Not held.\n");
    let run = foil(&dir.path, &["check", "a.txt"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let run = foil(&dir.path, &["check", "gone.txt", "a.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.contains("error[not-held]"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("checked 1 file (1 unreadable): 1 error, 0 warnings, 0 info, 0 hints\n"),
        "{}",
        run.stdout
    );
    let run = foil(
        &dir.path,
        &["extract", "--format", "jsonl", "a.txt", "gone/"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn files_are_kept_in_command_line_order_and_folders_sorted() {
    let dir = Scratch::new();
    dir.write("z.txt", "Q1 Yes");
    dir.write("folder/b.md", "Q1 Yes");
    dir.write("folder/a.txt", "Q1 Yes");
    dir.write("folder/sub/c.txt", "Q1 Yes");
    dir.write("folder/target/d.txt", "Q1 Yes");
    dir.write("folder/.gitignore", "target/\n");
    dir.write("folder/.drafts/e.txt", "Q1 Yes");
    let run = foil(
        &dir.path,
        &["extract", "z.txt", "folder", "--format", "jsonl"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        got,
        ["z.txt", "folder/a.txt", "folder/b.md", "folder/sub/c.txt"]
    );
}

#[test]
fn nothing_readable_exits_2_with_nothing_on_stdout() {
    let dir = Scratch::new();
    dir.write("only.bin.txt", b"\0\0\0\0");
    let run = foil(&dir.path, &["extract", "only.bin.txt", "gone.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr_lines().len(), 2, "{}", run.stderr);

    dir.write("empty/readme.pdf", "x");
    let run = foil(&dir.path, &["check", "empty"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no responses found"), "{}", run.stderr);
    // Everything ignored: the message says where to look.
    dir.write("ignored/a.txt", "Q1 Yes");
    dir.write("ignored/.gitignore", "*.txt\n");
    let run = foil(&dir.path, &["check", "ignored"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(".gitignore"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = Scratch::new();
    let run = foil(&dir.path, &["extract"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("PATH"), "{}", run.stderr);
    assert_eq!(foil(&dir.path, &["frobnicate"]).code, 2);
    assert_eq!(
        foil(&dir.path, &["extract", "--format", "xml", "a.txt"]).code,
        2
    );
    let help = foil(&dir.path, &["--help"]);
    assert_eq!(help.code, 0);
    for command in ["check", "extract", "annotate", "schema", "lsp"] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
    }
    assert_eq!(foil(&dir.path, &["--version"]).code, 0);
}

/// Users have the binary, not the project's documents: the help says it all.
#[test]
fn help_texts_explain_without_referring_elsewhere() {
    let dir = Scratch::new();
    for (command, says) in [
        (
            "check",
            &["annotation-invalid", "ambiguous-value", "Exit status"][..],
        ),
        (
            "extract",
            &["not_held", "84.5K -> 84500", "jsonl", "<key>_status"],
        ),
        ("annotate", &["<!-- foil verify q=", "ignore", "84500~"]),
        ("schema", &["list"]),
        ("lsp", &["stdin"]),
    ] {
        let help = foil(&dir.path, &[command, "--help"]);
        assert_eq!(help.code, 0);
        assert!(!help.stdout.contains("SPEC"), "{command}: {}", help.stdout);
        for text in says {
            assert!(
                help.stdout.contains(text),
                "{command} lacks {text:?}: {}",
                help.stdout
            );
        }
    }
    let help = foil(&dir.path, &["--help"]).stdout;
    assert!(
        !help.contains("SPEC") && help.contains("Exit status"),
        "{help}"
    );
}

#[test]
fn a_broken_config_is_named_with_its_line() {
    let dir = Scratch::new();
    dir.write(
        "foil.toml",
        "schema = \"nhs-clinical-coding-2024\"\ninclude = [\n",
    );
    dir.write("sub/a.txt", "Q1 Yes");
    let run = foil(&dir.path.join("sub"), &["check", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("foil.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("line 2") || run.stderr.contains("line 3"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");

    dir.write("foil.toml", "schema = \"no-such-schema\"\n");
    let run = foil(&dir.path, &["extract", "sub"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("foil.toml") && run.stderr.contains("no-such-schema"),
        "{}",
        run.stderr
    );
}

#[test]
fn include_and_exclude_globs_choose_what_folders_yield() {
    let dir = Scratch::new();
    dir.write(
        "foil.toml",
        "include = [\"responses/**\"]\nexclude = [\"**/drafts/**\"]\n",
    );
    dir.write("responses/a.txt", "Q1 Yes");
    dir.write("responses/drafts/b.txt", "Q1 Yes");
    dir.write("notes/c.txt", "Q1 Yes");
    let run = foil(&dir.path, &["extract", ".", "--format", "jsonl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("responses/a.txt"));
    // A file named on the command line is read whatever the globs say.
    let run = foil(&dir.path, &["extract", "notes/c.txt", "--format", "jsonl"]);
    assert_eq!(run.stdout.lines().count(), 1);
}

#[test]
fn utf16_and_bom_files_are_read() {
    let dir = Scratch::new();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "1. How many?\nOUR RESPONSE: 4.\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    dir.write("utf16.txt", utf16);
    dir.write("bom.txt", b"\xEF\xBB\xBF1. How many?\nOUR RESPONSE: 4.\n");
    let run = foil(&dir.path, &["extract", "utf16.txt", "bom.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(run.json().as_array().unwrap().len(), 2);
}

/// A FIFO would block a read forever: in a walked folder it is named once,
/// with the other special files, dangling links and link loops, and the rest go on.
#[cfg(unix)]
#[test]
fn special_files_in_a_folder_are_named_once_and_never_block() {
    use std::os::unix::fs::symlink;
    let dir = Scratch::new();
    dir.write("in/a.txt", "1. How many beds?\nOUR RESPONSE: 12.\n");
    let fifo = dir.path.join("in/fifo.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.unwrap().success());
    symlink(
        dir.path.join("in/gone.txt"),
        dir.path.join("in/dangling.txt"),
    )
    .unwrap();
    symlink(dir.path.join("in"), dir.path.join("in/loop")).unwrap();
    let run = foil(&dir.path, &["extract", "--format", "jsonl", "in"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(paths_of_jsonl(&run.stdout), ["in/a.txt"]);
    let lines = run.stderr_lines();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    for (name, reason) in [
        ("in/fifo.txt", "a FIFO, not a regular file; skipped"),
        ("in/dangling.txt", "dangling link, skipped"),
        ("in/loop", "link loop back to in, not followed"),
    ] {
        let line = format!("foil: {name}: {reason}");
        assert!(lines.contains(&line.as_str()), "{line:?} not in {lines:?}");
    }
}

fn paths_of_jsonl(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(|l| {
            let doc: serde_json::Value = serde_json::from_str(l).unwrap();
            doc["path"].as_str().unwrap().to_string()
        })
        .collect()
}
