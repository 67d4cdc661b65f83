//! The `foil lsp` binary over stdio, as an editor runs it.

use crate::lsp_support;

use lsp_support::{capabilities, TestClient};
use serde_json::{json, Value as Json};

const TEXT: &str = include_str!("../data/lsp/harrowgate.txt");
const URI: &str = "file:///trusts/harrowgate.txt";

#[tokio::test]
async fn the_binary_serves_a_session_and_exits_with_stdin_open() {
    let mut client = TestClient::binary(&["lsp", "--stdio"]);
    let result = client
        .initialize(capabilities(&["utf-16"]), Json::Null)
        .await;
    assert_eq!(result["serverInfo"]["name"], "foil");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    client.open(URI, TEXT).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert!(
        diagnostics.iter().any(|d| d["code"] == "exempt"),
        "{diagnostics:?}"
    );
    let hover = client
        .call(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 8, "character": 16}}),
        )
        .await;
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("84,500"),
        "{hover}"
    );
    client.call("shutdown", Json::Null).await;
    client.notify("exit", Json::Null).await;
    // The client still holds the server's stdin open here.
    let status = client.exit_status().await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn exit_without_shutdown_is_a_failure_status() {
    let mut client = TestClient::binary(&["lsp"]);
    client.initialize(json!({}), Json::Null).await;
    client.notify("exit", Json::Null).await;
    let status = client.exit_status().await;
    assert_eq!(status.code(), Some(1));
}

#[tokio::test]
async fn stdout_carries_only_the_protocol_even_with_verbose_logs() {
    // Every byte on stdout must frame as a message: the test client refuses
    // anything else, so a stray log line would fail this session.
    let mut client = TestClient::binary_with_env(&["lsp"], &[("FOIL_LOG", "trace")]);
    client
        .initialize(capabilities(&["utf-8"]), Json::Null)
        .await;
    client.open(URI, TEXT).await;
    client.diagnostics(URI, 1).await;
    client.send_raw(b"Content-Length: 5\r\n\r\n{oops").await;
    client.response_to_null_id().await;
    for method in [
        "textDocument/codeLens",
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
    ] {
        client
            .call(method, json!({"textDocument": {"uri": URI}}))
            .await;
    }
    client.call("shutdown", Json::Null).await;
    client.notify("exit", Json::Null).await;
    assert!(client.exit_status().await.success());
}
