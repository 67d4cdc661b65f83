//! The features on an invented response, in-process over the protocol:
//! diagnostics, hover, inlay hints, symbols, lenses, definition, folding, code
//! actions and completion.
//!
//! These depend on what the engine reads from `tests/data/lsp/harrowgate.txt`
//! (the snapshots show it), and the code-action and completion tests on the
//! engine's annotation drafts, placement and completion.

use crate::lsp_support;

use lsp_support::{apply_text_edits, capabilities, TestClient};
use serde_json::{json, Value as Json};

const TEXT: &str = include_str!("../data/lsp/harrowgate.txt");
const URI: &str = "file:///trusts/harrowgate.txt";

/// Line and column of the first `needle` (plus `shift` characters).
fn at(text: &str, needle: &str, shift: usize, utf8: bool) -> Json {
    let offset = text.find(needle).expect("needle in the text");
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before: String = text[line_start..offset]
        .chars()
        .chain(text[offset..].chars().take(shift))
        .collect();
    let character = if utf8 {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    json!({"line": text[..line_start].matches('\n').count(), "character": character})
}

fn pos(needle: &str, shift: usize) -> Json {
    at(TEXT, needle, shift, false)
}

async fn opened(encodings: &[&str]) -> TestClient {
    let mut client = TestClient::in_process();
    client.initialize(capabilities(encodings), Json::Null).await;
    client.open(URI, TEXT).await;
    client
}

fn doc() -> Json {
    json!({"uri": URI})
}

fn lines(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn diagnostics_name_each_finding() {
    let mut client = opened(&["utf-16"]).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert!(diagnostics.iter().all(|d| d["source"] == "foil"));
    insta::assert_snapshot!(
        "harrowgate_diagnostics",
        lines(diagnostics.iter().map(|d| format!(
            "{}:{} severity {} {}: {}",
            d["range"]["start"]["line"],
            d["range"]["start"]["character"],
            d["severity"],
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        )))
    );
    let referred = diagnostics
        .iter()
        .find(|d| d["code"] == "referred")
        .unwrap();
    assert_eq!(referred["data"]["key"], "episodes_uncoded");
    let target = &referred["relatedInformation"][0]["location"];
    assert_eq!(target["uri"], URI);
    assert_eq!(target["range"]["start"]["line"], pos("84.5K", 0)["line"]);
    let exempt = diagnostics.iter().find(|d| d["code"] == "exempt").unwrap();
    assert_eq!(
        exempt["codeDescription"]["href"],
        "https://www.legislation.gov.uk/ukpga/2000/36/section/40"
    );
    client.shutdown_and_exit().await.unwrap();
}

async fn hover_text(client: &mut TestClient, position: Json) -> String {
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": doc(), "position": position}),
        )
        .await;
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("(none)")
        .to_string()
}

#[tokio::test]
async fn hover_explains_figures_answers_and_questions() {
    let mut client = opened(&["utf-16"]).await;
    let figure = hover_text(&mut client, pos("84.5K", 2)).await;
    let money = hover_text(&mut client, pos("£60k", 1)).await;
    let answer = hover_text(&mut client, pos("Exempt under", 3)).await;
    let referral = hover_text(&mut client, pos("Please see response", 3)).await;
    let question = hover_text(&mut client, pos("How many Whole-Time", 5)).await;
    let unmatched = hover_text(&mut client, pos("ward clerks", 0)).await;
    let blank = hover_text(&mut client, json!({"line": 3, "character": 0})).await;
    insta::assert_snapshot!(
        "harrowgate_hovers",
        [figure, money, answer, referral, question, unmatched, blank].join("\n\n----\n\n")
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn hover_is_plain_text_for_clients_without_markdown() {
    let mut client = TestClient::in_process();
    client.initialize(json!({}), Json::Null).await;
    client.open(URI, TEXT).await;
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": doc(), "position": pos("84.5K", 2)}),
        )
        .await;
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("84,500 episodes ≈\nwritten: 84.5K"),
        "{text}"
    );
    client.shutdown_and_exit().await.unwrap();
}

async fn hints(client: &mut TestClient) -> Vec<Json> {
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}});
    client
        .call(
            "textDocument/inlayHint",
            json!({"textDocument": doc(), "range": all}),
        )
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn inlay_hints_show_readings_and_statuses() {
    let mut client = opened(&["utf-16"]).await;
    let hints = hints(&mut client).await;
    insta::assert_snapshot!(
        "harrowgate_inlay_hints",
        lines(hints.iter().map(|h| format!(
            "{}:{} {}",
            h["position"]["line"],
            h["position"]["character"],
            h["label"].as_str().unwrap()
        )))
    );
    // the hint after "£60k to £80k" sits right after the figure, in UTF-16 units
    let money = hints
        .iter()
        .find(|h| h["label"] == "→ £60,000–£80,000")
        .unwrap();
    assert_eq!(
        money["position"],
        pos("£60k to £80k", "£60k to £80k".chars().count())
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn positions_follow_the_utf8_encoding_when_negotiated() {
    let mut client = opened(&["utf-8", "utf-16"]).await;
    let hints = hints(&mut client).await;
    let money = hints
        .iter()
        .find(|h| h["label"] == "→ £60,000–£80,000")
        .unwrap();
    let end = "£60k to £80k";
    assert_eq!(money["position"], at(TEXT, end, end.chars().count(), true));
    assert_ne!(money["position"], pos(end, end.chars().count()));
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": doc(), "position": at(TEXT, "£80k", 1, true)}),
        )
        .await;
    assert_eq!(
        hover["range"]["end"],
        at(TEXT, end, end.chars().count(), true)
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn symbols_lenses_and_folds_outline_the_questions() {
    let mut client = opened(&["utf-16"]).await;
    let symbols = client
        .call(
            "textDocument/documentSymbol",
            json!({"textDocument": doc()}),
        )
        .await;
    let lenses = client
        .call("textDocument/codeLens", json!({"textDocument": doc()}))
        .await;
    let folds = client
        .call("textDocument/foldingRange", json!({"textDocument": doc()}))
        .await;
    let symbols = lines(symbols.as_array().unwrap().iter().map(|s| {
        let children: Vec<&str> = s["children"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        format!(
            "{}: {} | {} | {children:?}",
            s["range"]["start"]["line"],
            s["name"].as_str().unwrap(),
            s["detail"].as_str().unwrap()
        )
    }));
    let lenses = lines(lenses.as_array().unwrap().iter().map(|l| {
        format!(
            "{}: {}",
            l["range"]["start"]["line"],
            l["command"]["title"].as_str().unwrap()
        )
    }));
    let folds = lines(
        folds
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}..{}", f["startLine"], f["endLine"])),
    );
    insta::assert_snapshot!(
        "harrowgate_outline",
        format!("{symbols}\n\n{lenses}\n\n{folds}")
    );
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn definition_goes_from_a_referral_to_its_target() {
    let mut client = opened(&["utf-16"]).await;
    let location = client
        .call(
            "textDocument/definition",
            json!({"textDocument": doc(), "position": pos("Question 1 above", 2)}),
        )
        .await;
    assert_eq!(location["uri"], URI);
    assert_eq!(location["range"]["start"], pos("84.5K episodes were", 0));
    let nothing = client
        .call(
            "textDocument/definition",
            json!({"textDocument": doc(), "position": pos("Medicode", 0)}),
        )
        .await;
    assert_eq!(nothing, Json::Null);
    client.shutdown_and_exit().await.unwrap();
}

/// `text` without its annotation lines: what code actions must never change.
fn words_of(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("<!-- foil"))
        .collect()
}

async fn actions_at(client: &mut TestClient, position: Json) -> Vec<Json> {
    client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": doc(), "range": {"start": position, "end": position},
                   "context": {"diagnostics": []}}),
        )
        .await
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn edits_of(action: &Json) -> Vec<Json> {
    let change = &action["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], URI);
    assert_eq!(change["textDocument"]["version"], 1);
    change["edits"].as_array().unwrap().clone()
}

#[tokio::test]
async fn code_actions_write_only_annotation_lines() {
    let mut client = opened(&["utf-16"]).await;
    let mut titles = Vec::new();
    for needle in [
        "84.5K",
        "Please see response",
        "This information is not held",
        "Eight",
        "ward clerks",
    ] {
        for action in actions_at(&mut client, pos(needle, 1)).await {
            let edited = apply_text_edits(TEXT, &edits_of(&action), false);
            assert_ne!(edited, TEXT, "{}", action["title"]);
            assert_eq!(words_of(&edited), words_of(TEXT), "{}", action["title"]);
            titles.push(format!("{needle}: {}", action["title"].as_str().unwrap()));
        }
    }
    titles.dedup();
    insta::assert_snapshot!("harrowgate_code_actions", titles.join("\n"));
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn a_verified_reading_shows_as_verified() {
    let mut client = opened(&["utf-16"]).await;
    let verify = actions_at(&mut client, pos("84.5K", 1))
        .await
        .into_iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Verify: "))
        .expect("a verify action");
    let edited = apply_text_edits(TEXT, &edits_of(&verify), false);
    client.change(URI, 2, json!([{"text": edited}])).await;
    let hints = hints(&mut client).await;
    let figure = hints
        .iter()
        .find(|h| h["position"]["line"] == pos("84.5K", 0)["line"])
        .unwrap();
    assert!(figure["label"].as_str().unwrap().contains('✓'), "{figure}");
    // hovering the new annotation line explains it
    let line = edited
        .lines()
        .position(|l| l.starts_with("<!-- foil verify"))
        .expect("a verify line");
    let hover = hover_text(&mut client, json!({"line": line, "character": 6})).await;
    assert!(hover.to_lowercase().contains("verif"), "{hover}");
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn completion_inside_an_annotation() {
    let text = format!("{TEXT}<!-- foil \n");
    let mut client = TestClient::in_process();
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    client.open(URI, &text).await;
    let line = text.lines().count() - 1;
    let items = client
        .call(
            "textDocument/completion",
            json!({"textDocument": doc(), "position": {"line": line, "character": 10}}),
        )
        .await;
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for verb in ["verify", "set", "ignore"] {
        assert!(labels.contains(&verb), "{labels:?}");
    }
    let edit = &items[0]["textEdit"];
    assert_eq!(edit["range"]["start"]["line"], line);
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn verify_all_is_applied_through_the_client() {
    let mut client = opened(&["utf-16"]).await;
    let applied = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.verifyAll", "arguments": [URI]}),
        )
        .await;
    assert_eq!(applied, true);
    let params = client.server_request("workspace/applyEdit").await;
    let edited = apply_text_edits(TEXT, &edits_of(&params), false);
    assert_eq!(words_of(&edited), words_of(TEXT));
    let verified = edited.matches("<!-- foil verify").count();
    assert!(verified >= 8, "{verified} verify lines:\n{edited}");
    client.shutdown_and_exit().await.unwrap();
}

/// A folder of its own for a test that writes files.
fn workspace(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("foil-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("replies")).unwrap();
    dir
}

#[tokio::test]
async fn export_reads_every_response_in_the_workspace_with_unsaved_edits() {
    let dir = workspace("export");
    std::fs::write(dir.join("replies/harrowgate.txt"), TEXT).unwrap();
    std::fs::write(
        dir.join("replies/other.txt"),
        TEXT.replace("Harrowgate", "Oldbury"),
    )
    .unwrap();
    std::fs::write(dir.join("shopping.txt"), "eggs\nmilk\nbread\n").unwrap();
    let root = lsp_support::file_uri(&dir);
    let mut client = TestClient::in_process();
    client
        .initialize_in(capabilities(&["utf-16"]), Json::Null, &root)
        .await;
    // the editor's text wins over the file's: 14 ward clerks become 15
    let open = format!("{root}/replies/harrowgate.txt");
    client
        .open(&open, &TEXT.replace("RESPONSE: 14", "RESPONSE: 15"))
        .await;
    let result = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.exportDataset", "arguments": [{"format": "json"}]}),
        )
        .await;
    assert_eq!(result["documents"], 2, "{result}");
    let written = std::fs::read_to_string(dir.join("foil-dataset.json")).unwrap();
    let data: Json = serde_json::from_str(&written).unwrap();
    let paths: Vec<&str> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["replies/harrowgate.txt", "replies/other.txt"]);
    let clerks = |doc: &Json| -> Json {
        let q = doc["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["key"] == "q11")
            .cloned();
        q.map(|q| q["values"][0]["value"].clone())
            .unwrap_or(Json::Null)
    };
    assert_eq!(clerks(&data[0]), 15);
    assert_eq!(clerks(&data[1]), 14);
    let message = client.notification("window/showMessage", |_| true).await;
    assert!(message["message"]
        .as_str()
        .unwrap()
        .contains("exported 2 responses"));
    client.shutdown_and_exit().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

fn severity_of(diagnostics: &[Json], code: &str) -> Option<Json> {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .map(|d| d["severity"].clone())
}

#[tokio::test]
async fn foil_toml_severities_apply_and_follow_changes_to_the_file() {
    let dir = workspace("toml");
    std::fs::write(dir.join("foil.toml"), "[severity]\nexempt = \"error\"\n").unwrap();
    std::fs::write(dir.join("replies/harrowgate.txt"), TEXT).unwrap();
    let root = lsp_support::file_uri(&dir);
    let uri = format!("{root}/replies/harrowgate.txt");
    let mut client = TestClient::in_process();
    client
        .initialize_in(capabilities(&["utf-16"]), Json::Null, &root)
        .await;
    client.open(&uri, TEXT).await;
    let diagnostics = client.diagnostics(&uri, 1).await;
    assert_eq!(severity_of(&diagnostics, "exempt"), Some(json!(1)));
    // the file changes: the client's watcher says so
    std::fs::write(dir.join("foil.toml"), "[severity]\nexempt = \"off\"\n").unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": format!("{root}/foil.toml"), "type": 2}]}),
        )
        .await;
    let params = client
        .notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str()
        })
        .await;
    assert_eq!(
        severity_of(params["diagnostics"].as_array().unwrap(), "exempt"),
        None
    );
    client.shutdown_and_exit().await.unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn client_settings_override_severities_and_the_schema() {
    let mut client = TestClient::in_process();
    client.configuration =
        json!({"severity": {"ambiguous-value": "hint", "missing-question": "off"}});
    client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    client.open(URI, TEXT).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(severity_of(&diagnostics, "ambiguous-value"), Some(json!(4)));
    assert_eq!(severity_of(&diagnostics, "missing-question"), None);
    // forcing the other built-in schema: nothing here matches it
    client.configuration = json!({"schema": "nhs-coding-workforce-2025"});
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    let params = client
        .notification("textDocument/publishDiagnostics", |p| p["uri"] == URI)
        .await;
    let codes: Vec<&str> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"unknown-question"), "{codes:?}");
    client.shutdown_and_exit().await.unwrap();
}

/// "Correct the values…": a snippet edit (LSP 3.18 `SnippetTextEdit`) with the
/// value selected for a client that says it applies them, plain text for
/// one that does not.
#[tokio::test]
async fn correct_the_values_is_a_snippet_only_where_the_client_takes_snippets() {
    let correct = |actions: Vec<Json>| {
        actions
            .into_iter()
            .find(|a| {
                a["title"]
                    .as_str()
                    .unwrap()
                    .starts_with("Correct the values")
            })
            .expect("a Correct the values action")
    };
    let mut plain = opened(&["utf-16"]).await;
    let action = correct(actions_at(&mut plain, pos("84.5K", 1)).await);
    let edit = &edits_of(&action)[0];
    let text = edit["newText"].as_str().unwrap();
    assert!(
        text.starts_with("<!-- foil set q=") && !text.contains("${"),
        "{edit}"
    );
    assert!(
        action["edit"].get("changeAnnotations").is_none(),
        "{action}"
    );
    plain.shutdown_and_exit().await.unwrap();

    let mut caps = capabilities(&["utf-16"]);
    caps["workspace"]["workspaceEdit"]["snippetEditSupport"] = json!(true);
    let mut client = TestClient::in_process();
    client.initialize(caps, Json::Null).await;
    client.open(URI, TEXT).await;
    let action = correct(actions_at(&mut client, pos("84.5K", 1)).await);
    let edit = &edits_of(&action)[0];
    assert!(
        edit.get("newText").is_none() && edit.get("annotationId").is_none(),
        "{edit}"
    );
    assert_eq!(edit["snippet"]["kind"], "snippet");
    let snippet = edit["snippet"]["value"].as_str().unwrap();
    assert!(snippet.contains(" value=${1:84500~}"), "{snippet}");
    assert!(
        action["edit"].get("changeAnnotations").is_none(),
        "{action}"
    );
    // The other actions stay plain edits.
    let others = actions_at(&mut client, pos("84.5K", 1)).await;
    assert!(others
        .iter()
        .filter(|a| !a["title"]
            .as_str()
            .unwrap()
            .starts_with("Correct the values"))
        .all(|a| edits_of(a)[0]["newText"].is_string()));
    client.shutdown_and_exit().await.unwrap();
}
