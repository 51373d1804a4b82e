//! Clients that misbehave: a storm of cancelled requests, and a client that stops reading the
//! server's output for a while (the pipe fills up) and then reads again.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use serverless_lsp::lsp::{CompilerAnalyzer, serve};
use tokio::io::{AsyncWriteExt, BufReader};
use tower_lsp_server::ls_types::request::HoverRequest;
use tower_lsp_server::ls_types::{
    HoverParams, Position, TextDocumentIdentifier, TextDocumentPositionParams,
    WorkDoneProgressParams,
};

use crate::client::{ClientOptions, TIMEOUT, TestClient, read_message, uri};

/// The JSON-RPC code for a request the client cancelled.
const REQUEST_CANCELLED: i64 = -32800;

fn hover_at(file: &tower_lsp_server::ls_types::Uri, line: u32, character: u32) -> HoverParams {
    HoverParams {
        text_document_position_params: TextDocumentPositionParams::new(
            TextDocumentIdentifier::new(file.clone()),
            Position::new(line, character),
        ),
        work_done_progress_params: WorkDoneProgressParams::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_of_cancelled_requests() {
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    // Hover on the function key `preSignUp` shows its resources.
    let text = "service: s\nprovider:\n  name: aws\nfunctions:\n  preSignUp:\n    handler: h.h\n";
    let v = client.open(&file, text);
    let before = client.request::<HoverRequest>(hover_at(&file, 4, 4)).await;
    let ids: Vec<i64> = (0..1_000)
        .map(|i| {
            let id = client.send_request::<HoverRequest>(hover_at(&file, i % 3, 2));
            client.cancel(id);
            id
        })
        .collect();
    // Every request is answered: with its result or as cancelled, never left hanging.
    for id in ids {
        let response = client.response(id).await;
        let cancelled = response["error"]["code"] == REQUEST_CANCELLED;
        assert!(
            cancelled || response.get("result").is_some(),
            "request {id}: {response}"
        );
    }
    assert!(client.diagnostics(&file, v).await.diagnostics.is_empty());
    let after = client.request::<HoverRequest>(hover_at(&file, 4, 4)).await;
    assert_eq!(after, before);
    assert!(matches!(after, Ok(Some(_))), "{after:?}");
    assert_eq!(client.shutdown_and_exit().await, 0);
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_reading_for_a_while() {
    // A small pipe: the server's output fills it after a few messages.
    let (client_end, server_end) = tokio::io::duplex(4096);
    let (server_in, server_out) = tokio::io::split(server_end);
    let server = tokio::spawn(serve(server_in, server_out, Arc::new(CompilerAnalyzer)));
    let (client_in, mut client_out) = tokio::io::split(client_end);
    let mut input = BufReader::new(client_in);

    // The client's writes go through a task: the server may stop reading while it cannot write.
    let (outgoing, mut to_send) = tokio::sync::mpsc::unbounded_channel::<Value>();
    tokio::spawn(async move {
        while let Some(message) = to_send.recv().await {
            if client_out.write_all(&frame(&message)).await.is_err() {
                break;
            }
        }
    });
    let send = |message: Value| outgoing.send(message).expect("writer running");

    send(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}}),
    );
    let initialized = tokio::time::timeout(TIMEOUT, read_message(&mut input)).await;
    assert!(matches!(initialized, Ok(Some(_))), "initialize answered");
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));

    // Without reading: 200 documents, each published with a diagnostic, and 200 requests.
    for i in 0..200 {
        let file = uri(&format!("s{i}/serverless.yml"));
        let text = format!("service: s{i}\nprovider:\n  name: nope\n");
        send(
            json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": file.as_str(), "languageId": "yaml", "version": 1, "text": text}}}),
        );
        send(
            json!({"jsonrpc": "2.0", "id": 1000 + i, "method": "textDocument/hover",
            "params": serde_json::to_value(hover_at(&file, 2, 4)).unwrap()}),
        );
    }
    tokio::time::sleep(Duration::from_secs(1)).await;

    // Reading again: everything arrives, then the next request is answered.
    let last = uri("s199/serverless.yml");
    send(
        json!({"jsonrpc": "2.0", "id": 9999, "method": "textDocument/hover",
        "params": serde_json::to_value(hover_at(&last, 0, 1)).unwrap()}),
    );
    let (mut answered, mut published) = (0, 0);
    let drained = tokio::time::timeout(TIMEOUT, async {
        while let Some(message) = read_message(&mut input).await {
            if message["method"] == "textDocument/publishDiagnostics" {
                published += 1;
            } else if message.get("id").is_some() && message.get("method").is_none() {
                answered += 1;
                // Answers may come in any order: wait for all of them.
                if answered == 201 {
                    break;
                }
            }
        }
    })
    .await;
    assert!(
        drained.is_ok(),
        "the server answers once the client reads again"
    );
    assert_eq!(answered, 201, "every request answered");
    assert!(published >= 1, "diagnostics published");

    send(json!({"jsonrpc": "2.0", "id": 10000, "method": "shutdown"}));
    let code = tokio::time::timeout(TIMEOUT, async {
        while let Some(message) = read_message(&mut input).await {
            if message["id"] == 10000 {
                send(json!({"jsonrpc": "2.0", "method": "exit"}));
            }
        }
        server.await
    })
    .await;
    assert!(matches!(code, Ok(Ok(0))), "{code:?}");
}
