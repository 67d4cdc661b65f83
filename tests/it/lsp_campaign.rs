//! The language server's workspace features: every response's findings
//! listed without opening the files (`workspace/diagnostic`), a figure far
//! outside the others' marked in diagnostics and in its hover, and
//! `foil.nextUnverified` walking the review queue across files.

use crate::lsp_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lsp_support::{capabilities, file_uri, TestClient};
use serde_json::{json, Value as Json};

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const FIGURES: [&str; 9] = [
    "41,250", "38,900", "52,400", "47,100", "36,800", "44,000", "50,750", "39,600", "412",
];

/// Nine invented replies to the clinical coding request; trust-8 coded a
/// hundredth of the others' episodes.
fn campaign(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("foil-lsp-campaign-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/oakvale-our-response.txt"),
    )
    .unwrap();
    for (i, figure) in FIGURES.iter().enumerate() {
        std::fs::write(
            dir.join(format!("trust-{i}.txt")),
            template.replace(
                "Approximately 41,250 finished",
                &format!("Approximately {figure} finished"),
            ),
        )
        .unwrap();
    }
    std::fs::write(dir.join("notes.txt"), "Things to buy: eggs, flour.\n").unwrap();
    Scratch(dir.canonicalize().unwrap())
}

fn pulling() -> Json {
    let mut caps = capabilities(&["utf-16"]);
    caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    caps["workspace"]["diagnostics"] = json!({"refreshSupport": true});
    caps
}

/// `workspace/diagnostic` once the background reading has listed every response.
async fn workspace_report(client: &mut TestClient, responses: usize) -> Vec<Json> {
    for _ in 0..200 {
        let report = client
            .call("workspace/diagnostic", json!({"previousResultIds": []}))
            .await;
        let items = report["items"].as_array().cloned().unwrap_or_default();
        if items.len() >= responses {
            return items;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the workspace was not read in time");
}

#[tokio::test]
async fn every_response_is_listed_with_its_outliers_without_opening_it() {
    let dir = campaign("workspace");
    let mut client = TestClient::in_process();
    let init = client
        .initialize_in(pulling(), Json::Null, &file_uri(&dir.0))
        .await;
    let provider = &init["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["workspaceDiagnostics"], true);
    assert_eq!(provider["interFileDependencies"], true);

    let items = workspace_report(&mut client, FIGURES.len()).await;
    assert_eq!(items.len(), FIGURES.len(), "the notes are no response");
    let outlier_of = |item: &Json| -> Vec<String> {
        item["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "outlier")
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let flagged: Vec<(&str, Vec<String>)> = items
        .iter()
        .map(|i| (i["uri"].as_str().unwrap(), outlier_of(i)))
        .filter(|(_, o)| !o.is_empty())
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].0.ends_with("trust-8.txt"));
    assert_eq!(
        flagged[0].1,
        ["412 episodes coded: lowest of 9 responses (median 41,250)"]
    );
    let outlier = items
        .iter()
        .flat_map(|i| i["items"].as_array().unwrap())
        .find(|d| d["code"] == "outlier")
        .unwrap();
    assert_eq!(outlier["severity"], 4, "hint");

    // Unchanged files come back as unchanged when their result ids are sent.
    let previous: Vec<Json> = items
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let again = client
        .call(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )
        .await;
    assert!(again["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["kind"] == "unchanged"));

    // Opened, the outlier is in its own diagnostics and in the figure's hover.
    let uri = file_uri(&dir.0.join("trust-8.txt"));
    let text = std::fs::read_to_string(dir.0.join("trust-8.txt")).unwrap();
    client.open(&uri, &text).await;
    let pulled = client
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let diagnostic = pulled["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "outlier")
        .cloned()
        .expect("the open document shows its outlier");
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": diagnostic["range"]["start"]}),
        )
        .await;
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("lowest of 9 responses"), "{shown}");
    // The open document is no longer in the workspace report: the client
    // pulls it itself.
    let items = client
        .call("workspace/diagnostic", json!({"previousResultIds": []}))
        .await;
    assert_eq!(items["items"].as_array().unwrap().len(), FIGURES.len() - 1);
    client.shutdown_and_exit().await.unwrap();
}

#[tokio::test]
async fn next_unverified_walks_the_doubts_across_files() {
    let dir = campaign("queue");
    let mut client = TestClient::in_process();
    client
        .initialize_in(pulling(), Json::Null, &file_uri(&dir.0))
        .await;
    workspace_report(&mut client, FIGURES.len()).await;
    let first = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.nextUnverified", "arguments": []}),
        )
        .await;
    let first_uri = first["uri"].as_str().expect("a location").to_string();
    assert!(first_uri.ends_with("trust-0.txt"), "{first}");
    // Asked from there, the next one is further on, in the same file or the next.
    let mut seen = vec![(first_uri.clone(), first["range"]["start"].clone())];
    let mut at = first.clone();
    for _ in 0..40 {
        let next = client
            .call(
                "workspace/executeCommand",
                json!({"command": "foil.nextUnverified",
                       "arguments": [at["uri"], at["range"]["start"]]}),
            )
            .await;
        let key = (
            next["uri"].as_str().unwrap().to_string(),
            next["range"]["start"].clone(),
        );
        if seen.contains(&key) {
            break;
        }
        seen.push(key);
        at = next;
    }
    let files: std::collections::BTreeSet<&str> = seen.iter().map(|(u, _)| u.as_str()).collect();
    assert!(files.len() > 1, "the queue goes across files: {seen:?}");
    // It wraps round to the first.
    let last = seen.last().unwrap();
    let wrapped = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.nextUnverified", "arguments": [last.0, last.1]}),
        )
        .await;
    assert_eq!(wrapped["uri"], first["uri"]);

    // Annotating every answer of the first file takes it out of the queue.
    let uri0 = file_uri(&dir.0.join("trust-0.txt"));
    let text = std::fs::read_to_string(dir.0.join("trust-0.txt")).unwrap();
    client.open(&uri0, &text).await;
    client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.verifyAll", "arguments": [uri0]}),
        )
        .await;
    let edit = client.server_request("workspace/applyEdit").await;
    let edits = edit["edit"]["documentChanges"][0]["edits"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!edits.is_empty(), "{edit}");
    let verified = lsp_support::apply_text_edits(&text, &edits, false);
    client.change(&uri0, 2, json!([{"text": verified}])).await;
    let next = client
        .call(
            "workspace/executeCommand",
            json!({"command": "foil.nextUnverified", "arguments": [uri0, {"line": 0, "character": 0}]}),
        )
        .await;
    assert_ne!(next["uri"], json!(uri0), "{next}");
    client.shutdown_and_exit().await.unwrap();
}
