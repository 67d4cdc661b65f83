//! The language server over the protocol, in-process: lifecycle, document
//! sync, configuration, gating and robustness. None of these depends on what
//! the engine reads from a response (see `lsp_features.rs` for that).

use crate::lsp_support;

use lsp_support::{bare_capabilities, capabilities, file_uri, frame, TestClient};
use serde_json::{json, Value as Json};

const NOTES: &str = "file:///ws/notes.txt";

#[tokio::test]
async fn initialize_reports_the_server_and_what_it_implements() {
    let mut client = TestClient::in_process();
    let result = client
        .initialize(capabilities(&["utf-16", "utf-8"]), Json::Null)
        .await;
    assert_eq!(result["serverInfo"]["name"], "foil");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    insta::assert_json_snapshot!("initialize_capabilities", result["capabilities"]);
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn position_encoding_is_negotiated() {
    for (offered, chosen) in [
        (json!(["utf-16", "utf-8"]), "utf-8"),
        (json!(["utf-32", "utf-16"]), "utf-32"),
        (json!(["utf-16"]), "utf-16"),
        (Json::Null, "utf-16"),
    ] {
        let mut client = TestClient::in_process();
        let caps = json!({"general": {"positionEncodings": offered}});
        let result = client.initialize(caps, Json::Null).await;
        assert_eq!(
            result["capabilities"]["positionEncoding"], chosen,
            "{offered}"
        );
        client.shutdown_and_exit().await.unwrap();
    }
}

#[tokio::test]
async fn pull_diagnostics_are_offered_only_to_clients_that_pull() {
    let mut client = TestClient::in_process();
    let result = client.initialize(bare_capabilities(), Json::Null).await;
    assert!(result["capabilities"].get("diagnosticProvider").is_none());
    client.shutdown_and_exit().await.unwrap();

    let mut client = TestClient::in_process();
    let caps = json!({"textDocument": {"diagnostic": {}}});
    let result = client.initialize(caps, Json::Null).await;
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "foil"
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn exit_ends_the_server_while_the_input_stays_open() {
    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    // `finished` waits for the server with our end of the pipe still open.
    client.shutdown_and_exit().await.unwrap();

    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    client.notify("exit", Json::Null).await;
    let err = client.finished().await.unwrap_err();
    assert!(err.to_string().contains("shut down"), "{err}");
}

/// The size-limit note says how many bytes the server's copy of the document
/// has: with a tiny limit it reports the text's exact length after every edit
/// (for text that reads as a response: other text gets no note).
fn size_in(diagnostics: &[Json]) -> Option<usize> {
    let message = diagnostics.first()?["message"].as_str()?;
    let (_, rest) = message.split_once("this one is ")?;
    rest.split_once(" bytes")?.0.parse().ok()
}

async fn edits_track_the_text(encoding: &str) {
    let mut client = TestClient::in_process();
    let result = client
        .initialize(capabilities(&[encoding]), json!({"maxDocumentBytes": 10}))
        .await;
    assert_eq!(result["capabilities"]["positionEncoding"], encoding);
    let utf8 = encoding == "utf-8";
    // line 0: "£1 – 😀x" ; line 1 after CRLF: "it’s" ; line 2 after lone CR: "end"
    let mut model = String::from("£1 – 😀x\r\nit’s\rend of FOI");
    client.open(NOTES, &model).await;
    assert_eq!(
        size_in(&client.diagnostics(NOTES, 1).await),
        Some(model.len())
    );

    let col = |s: &str| if utf8 { s.len() } else { s.encode_utf16().count() } as u64;
    // replace the emoji (two UTF-16 units, four bytes) with "£"
    let emoji_at = col("£1 – ");
    let emoji_end = emoji_at + col("😀");
    client
        .change(
            NOTES,
            2,
            json!([{"range": {"start": {"line": 0, "character": emoji_at},
                              "end": {"line": 0, "character": emoji_end}}, "text": "£"}]),
        )
        .await;
    model = model.replacen('😀', "£", 1);
    assert_eq!(
        size_in(&client.diagnostics(NOTES, 2).await),
        Some(model.len())
    );

    // two changes in one notification: join lines 0 and 1 (removing the CRLF),
    // then insert an emoji after the lone CR, on what is now line 1
    let end0 = col("£1 – £x");
    client
        .change(
            NOTES,
            3,
            json!([
                {"range": {"start": {"line": 0, "character": end0},
                           "end": {"line": 1, "character": 0}}, "text": " "},
                {"range": {"start": {"line": 1, "character": 0},
                           "end": {"line": 1, "character": 0}}, "text": "😀\r\n"}
            ]),
        )
        .await;
    model = model.replacen("\r\n", " ", 1).replacen('\r', "\r😀\r\n", 1);
    assert_eq!(
        size_in(&client.diagnostics(NOTES, 3).await),
        Some(model.len())
    );

    // a range past the end of the document is clamped, not a crash
    client
        .change(
            NOTES,
            4,
            json!([{"range": {"start": {"line": 40, "character": 0},
                              "end": {"line": 41, "character": 9}}, "text": "!"}]),
        )
        .await;
    model.push('!');
    assert_eq!(
        size_in(&client.diagnostics(NOTES, 4).await),
        Some(model.len())
    );

    // below the limit the note goes: diagnostics are cleared for that version
    client.change(NOTES, 5, json!([{"text": "short"}])).await;
    assert!(client.diagnostics(NOTES, 5).await.is_empty());
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn incremental_edits_track_the_text_in_utf16() {
    edits_track_the_text("utf-16").await;
}

#[tokio::test]
async fn incremental_edits_track_the_text_in_utf8() {
    edits_track_the_text("utf-8").await;
}

#[tokio::test]
async fn diagnostics_are_published_only_when_they_change_and_cleared_on_close() {
    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), json!({"maxDocumentBytes": 4}))
        .await;
    client.open(NOTES, "FOI 456789").await;
    assert_eq!(client.diagnostics(NOTES, 1).await.len(), 1);
    // same size, same note: nothing new is published
    client
        .change(
            NOTES,
            2,
            json!([{"range": {"start": {"line": 0, "character": 9},
                                             "end": {"line": 0, "character": 10}}, "text": "x"}]),
        )
        .await;
    client.settle(NOTES).await;
    assert!(
        client.published_for(NOTES).is_empty(),
        "{:?}",
        client.published_for(NOTES)
    );
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": NOTES}}),
        )
        .await;
    let cleared = client
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == NOTES)
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn pull_diagnostics_report_and_then_say_unchanged() {
    let mut client = TestClient::in_process();
    let caps = json!({"textDocument": {"diagnostic": {}}});
    client
        .initialize(caps, json!({"maxDocumentBytes": 4}))
        .await;
    client.open(NOTES, "FOI 456789").await;
    let report = client
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": NOTES}}),
        )
        .await;
    assert_eq!(report["kind"], "full");
    assert_eq!(report["items"].as_array().unwrap().len(), 1);
    let id = report["resultId"].clone();
    let again = client
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": NOTES}, "previousResultId": id}),
        )
        .await;
    assert_eq!(again["kind"], "unchanged");
    // pulling clients get nothing pushed
    assert!(client.published_for(NOTES).is_empty());
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn files_that_are_not_responses_get_nothing() {
    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    let code = "file:///ws/main.rs";
    client.open(code, "fn main() {}\n").await;
    client.open(NOTES, "eggs\nmilk\nbread\n").await;
    for uri in [code, NOTES] {
        client.settle(uri).await;
        let lenses = client
            .call(
                "textDocument/codeLens",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        assert_eq!(lenses, json!([]), "{uri}");
        assert!(client.published_for(uri).is_empty(), "{uri}");
    }
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn include_globs_make_any_file_a_response() {
    let dir = std::env::temp_dir().join(format!("foil-lsp-include-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = file_uri(&dir);
    let notes = format!("{root}/notes.txt");
    let mut client = TestClient::in_process();
    client.configuration = json!({"include": ["**/*.txt"]});
    client
        .initialize_in(capabilities(&["utf-16"]), Json::Null, &root)
        .await;
    client.open(&notes, "eggs\nmilk\nbread\n").await;
    client.settle(&notes).await;
    let lenses = client
        .call(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": notes}}),
        )
        .await;
    let tally = lenses[0]["command"]["title"].as_str().unwrap_or_default();
    assert!(tally.contains("question"), "{lenses}");
    client.shutdown_and_exit().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn settings_are_pulled_and_watchers_registered_after_initialized() {
    let mut client = TestClient::in_process();
    client.configuration = json!({"severity": {"exempt": "loud"}});
    client
        .initialize(
            capabilities(&["utf-16"]),
            json!({"severity": {"exmpt": "hint"}}),
        )
        .await;
    let config = client.server_request("workspace/configuration").await;
    assert_eq!(config["items"][0]["section"], "foil");
    let registration = client.server_request("client/registerCapability").await;
    let text = registration.to_string();
    assert!(text.contains("**/foil.toml") && text.contains("workspace/didChangeConfiguration"));
    // both bad settings are reported to the user, each naming what is wrong
    let mut shown = Vec::new();
    for _ in 0..2 {
        let m = client.notification("window/showMessage", |_| true).await;
        shown.push(m["message"].as_str().unwrap().to_string());
    }
    assert!(shown.iter().any(|m| m.contains("exmpt")), "{shown:?}");
    assert!(shown.iter().any(|m| m.contains("loud")), "{shown:?}");
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn changed_settings_are_applied_to_open_documents() {
    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    client.open(NOTES, "FOI 456789").await;
    client.settle(NOTES).await;
    assert!(client.published_for(NOTES).is_empty());
    // a client without workspace/configuration sends the settings themselves
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"foil": {"maxDocumentBytes": 4}}}),
        )
        .await;
    let params = client
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == NOTES)
        .await;
    assert_eq!(size_in(params["diagnostics"].as_array().unwrap()), Some(10));
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn malformed_and_unknown_messages_do_not_stop_the_server() {
    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    client
        .send_raw(&frame("{\"jsonrpc\": \"2.0\", \"id\": 99, \"meth"))
        .await;
    let parse_error = client.response_to_null_id().await;
    assert_eq!(parse_error["error"]["code"], -32700);
    let unknown = client
        .request("foil/noSuchMethod", json!({}))
        .await
        .unwrap_err();
    assert_eq!(unknown["code"], -32601);
    client.notify("foil/noSuchNotification", json!({})).await;
    let bad_params = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": NOTES}}),
        )
        .await
        .unwrap_err();
    assert_eq!(bad_params["code"], -32602);
    // a document never opened: no answer, no error
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///never/opened.txt"},
                   "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(hover, Json::Null);
    client
        .change("file:///never/opened.txt", 2, json!([{"text": "x"}]))
        .await;
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": "file:///never/opened.txt"}}),
        )
        .await;
    // positions far outside an open document are clamped
    client.open(NOTES, "one\ntwo\n").await;
    let far = client
        .call(
            "textDocument/hover",
            json!({"textDocument": {"uri": NOTES}, "position": {"line": 9999, "character": 9999}}),
        )
        .await;
    assert_eq!(far, Json::Null);
    let unknown_command = client
        .request(
            "workspace/executeCommand",
            json!({"command": "foil.nothing", "arguments": []}),
        )
        .await
        .unwrap_err();
    assert!(unknown_command["message"]
        .as_str()
        .unwrap()
        .contains("foil.nothing"));
    client.shutdown_and_exit().await.unwrap();
}

/// `$/` methods are the protocol's optional notifications: an unknown one may
/// be ignored, but a request (with an `id`) always gets an answer.
#[tokio::test]
async fn dollar_requests_get_method_not_found() {
    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    client.notify("$/noSuchNotification", json!({})).await;
    let error = client
        .request("$/noSuchRequest", json!({}))
        .await
        .unwrap_err();
    assert_eq!(error["code"], -32601, "{error}");
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("$/noSuchRequest"));
    // Still serving.
    assert_eq!(
        client.request("foil/nothing", json!({})).await.unwrap_err()["code"],
        -32601
    );
    client.shutdown_and_exit().await.unwrap();
}

/// After any malformed frame the server finds the next `Content-Length`
/// header and serves what follows: every later hover is answered.
#[tokio::test]
async fn the_server_resynchronises_after_a_malformed_frame() {
    let mut client = TestClient::in_process();
    client.initialize(bare_capabilities(), Json::Null).await;
    let hover = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
               "params": {"textDocument": {"uri": NOTES}, "position": {"line": 0, "character": 0}}})
        .to_string()
    };
    let headed = |header: &str, body: &str| format!("{header}\r\n\r\n{body}").into_bytes();
    let body = hover(500);
    let n = body.len();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("letters", headed("Content-Length: abc", &body)),
        ("negative", headed("Content-Length: -5", &body)),
        (
            "2^70",
            headed("Content-Length: 1180591620717411303424", &body),
        ),
        ("a NUL in the name", headed("Content-\0Length: 12", &body)),
        ("misspelt", headed(&format!("Content-Lenght: {n}"), &body)),
        (
            "no length",
            headed(
                "Content-Type: application/vscode-jsonrpc; charset=utf-8",
                &body,
            ),
        ),
        (
            "three bytes short",
            headed(&format!("Content-Length: {}", n - 3), &body),
        ),
        ("a line that is no header", b"garbage\r\n".to_vec()),
        (
            "a body that is no JSON",
            frame("{\"jsonrpc\": \"2.0\", \"meth"),
        ),
    ];
    let mut next_id = 1000;
    for (what, bytes) in cases {
        client.send_raw(&bytes).await;
        let error = client.response_to_null_id().await;
        assert_eq!(error["error"]["code"], -32700, "{what}: {error}");
        for _ in 0..10 {
            next_id += 1;
            client.send_raw(&frame(&hover(next_id))).await;
            let answer = client.response(next_id).await;
            assert_eq!(answer, Ok(Json::Null), "{what}: hover {next_id}");
        }
    }
    // A length a few bytes too long takes the start of the next message:
    // both are still served.
    client
        .send_raw(&headed(&format!("Content-Length: {}", n + 3), &body))
        .await;
    client.send_raw(&frame(&hover(2000))).await;
    assert_eq!(client.response(500).await, Ok(Json::Null));
    assert_eq!(client.response(2000).await, Ok(Json::Null));
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn a_50_mb_document_gets_one_note_and_no_analysis() {
    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-8"]), Json::Null)
        .await;
    let big =
        "1. How many episodes were coded?\nOUR RESPONSE: 6793\n".repeat(50 * 1024 * 1024 / 50);
    client.open(NOTES, &big).await;
    let diagnostics = client.diagnostics(NOTES, 1).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 3);
    assert!(diagnostics[0]["message"]
        .as_str()
        .unwrap()
        .contains("over 8.0 MB"));
    let symbols = client
        .call(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": NOTES}}),
        )
        .await;
    assert_eq!(symbols, Json::Null);
    // and it keeps up with edits
    client
        .change(
            NOTES,
            2,
            json!([{"range": {"start": {"line": 0, "character": 0},
                                             "end": {"line": 0, "character": 0}}, "text": "x"}]),
        )
        .await;
    client.settle(NOTES).await;
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn a_one_megabyte_line_is_served() {
    let mut client = TestClient::in_process();
    // Requests wait for the reading of the current text, and the engine takes
    // a while on one huge line in a debug build.
    client.patience = std::time::Duration::from_secs(300);
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    let line = format!(
        "1. How many episodes were coded? OUR RESPONSE: {} 6793 £60k – 80k 😀\n",
        "word ".repeat(1024 * 1024 / 5)
    );
    client.open(NOTES, &line).await;
    client.settle(NOTES).await;
    for method in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/completion",
    ] {
        client
            .call(
                method,
                json!({"textDocument": {"uri": NOTES}, "position": {"line": 0, "character": 900000}}),
            )
            .await;
    }
    for method in [
        "textDocument/codeLens",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
    ] {
        client
            .call(method, json!({"textDocument": {"uri": NOTES}}))
            .await;
    }
    client
        .call(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": NOTES}, "range": {"start": {"line": 0, "character": 0},
                                                              "end": {"line": 1, "character": 0}}}),
        )
        .await;
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn export_writes_inside_the_workspace_only() {
    let dir = std::env::temp_dir().join(format!("foil-lsp-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = file_uri(&dir);
    let mut client = TestClient::in_process();
    client
        .initialize_in(bare_capabilities(), Json::Null, &root)
        .await;
    let result = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.exportDataset", "arguments": [{"format": "json", "output": "out/data.json"}]}),
        )
        .await;
    let path = result["path"].as_str().unwrap();
    assert_eq!(path, dir.join("out/data.json").display().to_string());
    let written: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(written.is_array(), "{written}");
    let escape = client
        .request(
            "workspace/executeCommand",
            json!({"command": "foil.exportDataset", "arguments": ["csv", "../outside.csv"]}),
        )
        .await
        .unwrap_err();
    assert!(
        escape["message"].as_str().unwrap().contains("outside.csv"),
        "{escape}"
    );
    assert!(!dir.parent().unwrap().join("outside.csv").exists());
    client.shutdown_and_exit().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

/// `foil.exportDataset` with `arguments` as given; the error's message on failure.
async fn export(client: &mut TestClient, arguments: Json) -> Result<Json, String> {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "foil.exportDataset", "arguments": arguments}),
        )
        .await
        .map_err(|e| e["message"].as_str().unwrap_or_default().to_string())
}

#[cfg(unix)]
#[tokio::test]
async fn export_never_writes_through_links_or_over_responses() {
    use std::os::unix::fs::symlink;
    let base = std::env::temp_dir().join(format!("foil-lsp-export-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let (ws, outside) = (base.join("ws"), base.join("outside"));
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    symlink(&outside, ws.join("linkdir")).unwrap();
    std::fs::write(outside.join("victim.csv"), "precious").unwrap();
    symlink(outside.join("victim.csv"), ws.join("victim.csv")).unwrap();
    symlink(outside.join("created.csv"), ws.join("dangling.csv")).unwrap();
    let response = "1. Who is responsible for coding?\nOUR RESPONSE: Rosalind Quarrie, Head of Coding, rosalind.quarrie@example.nhs.uk\n";
    std::fs::write(ws.join("000_response.txt"), response).unwrap();
    std::fs::write(ws.join("foil.toml"), "# settings\n").unwrap();
    std::fs::write(ws.join("data.csv"), "an earlier export").unwrap();

    let mut client = TestClient::in_process();
    client
        .initialize_in(bare_capabilities(), Json::Null, &file_uri(&ws))
        .await;
    for (output, overwrite) in [
        ("linkdir/x.csv", true),
        ("linkdir/new/x.csv", true),
        ("victim.csv", true),
        ("dangling.csv", true),
        ("000_response.txt", true),
        ("foil.toml", true),
        ("data.csv", false),
    ] {
        let refused = export(
            &mut client,
            json!([{"format": "csv", "output": output, "overwrite": overwrite}]),
        )
        .await;
        let message = refused.expect_err(output);
        let file = output.rsplit('/').next().unwrap();
        assert!(message.contains(file), "{output}: {message}");
    }
    assert_eq!(
        std::fs::read_to_string(outside.join("victim.csv")).unwrap(),
        "precious"
    );
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        1,
        "wrote outside"
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("000_response.txt")).unwrap(),
        response
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("foil.toml")).unwrap(),
        "# settings\n"
    );
    assert_eq!(
        std::fs::read_to_string(ws.join("data.csv")).unwrap(),
        "an earlier export"
    );

    // An existing export is replaced when the command says so; personal
    // data is left out of the workspace export as of every other.
    let done = export(
        &mut client,
        json!([{"format": "json", "output": "data.csv", "overwrite": true}]),
    )
    .await
    .unwrap();
    assert_eq!(done["documents"], 1, "{done}");
    let written = std::fs::read_to_string(ws.join("data.csv")).unwrap();
    assert!(written.contains("Head of Coding"), "{written}");
    assert!(
        !written.contains("Quarrie") && written.contains("[personal data]"),
        "{written}"
    );
    client.shutdown_and_exit().await.unwrap();
    std::fs::remove_dir_all(&base).ok();
}

#[tokio::test]
async fn verify_all_needs_an_open_document() {
    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    let err = client
        .request(
            "workspace/executeCommand",
            json!({"command": "foil.verifyAll", "arguments": ["file:///ws/closed.txt"]}),
        )
        .await
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().contains("not open"),
        "{err}"
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn results_for_superseded_versions_are_dropped() {
    let mut client = TestClient::in_process();
    client.patience = std::time::Duration::from_secs(300);
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    // Long enough that keystrokes arrive while a reading is under way.
    let text = include_str!("../data/lsp/harrowgate.txt").repeat(100);
    client.open(NOTES, &text).await;
    let last = 21;
    for version in 2..=last {
        client
            .change(
                NOTES,
                version,
                json!([{"range": {"start": {"line": 0, "character": 0},
                                  "end": {"line": 0, "character": 0}}, "text": "x"}]),
            )
            .await;
    }
    client.diagnostics(NOTES, last).await;
    let versions: Vec<i64> = client
        .published_for(NOTES)
        .iter()
        .map(|p| p["version"].as_i64().unwrap())
        .collect();
    // whatever was published before the last version came in order, and most
    // intermediate versions were never read at all
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.iter().all(|v| *v < last));
    assert!(versions.len() < 10, "{versions:?}");
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn a_setting_given_at_initialize_can_be_taken_back() {
    let mut client = TestClient::in_process();
    // Answered to workspace/configuration with nothing: initializationOptions hold.
    client
        .initialize(capabilities(&["utf-16"]), json!({"maxDocumentBytes": 4}))
        .await;
    client.open(NOTES, "FOI 456789").await;
    assert_eq!(size_in(&client.diagnostics(NOTES, 1).await), Some(10));
    // The user clears the setting: the client now answers it as null.
    client.configuration = json!({"maxDocumentBytes": null});
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    let params = client
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == NOTES)
        .await;
    assert_eq!(params["diagnostics"], json!([]));
    client.shutdown_and_exit().await.unwrap();
}
