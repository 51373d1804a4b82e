//! `$/cancelRequest`: a cancelled request answers "cancelled" and the server keeps serving.

use tower_lsp_server::ls_types::request::HoverRequest;
use tower_lsp_server::ls_types::{
    HoverParams, Position, TextDocumentIdentifier, TextDocumentPositionParams,
    WorkDoneProgressParams,
};

use crate::client::{ClientOptions, TestClient, uri};
use crate::markers::MarkerAnalyzer;

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
async fn a_cancelled_request_does_not_stop_the_server() {
    let analyzer = MarkerAnalyzer::new();
    let mut client = TestClient::start(analyzer.clone(), ClientOptions::default()).await;
    let file = uri("serverless.yml");

    // Hover waits for the analysis of the current text, which is held at the gate: the
    // request is still pending when the cancellation arrives.
    analyzer.close_gate();
    client.open(&file, "WAIT\n");
    let id = client.send_request::<HoverRequest>(hover_at(&file, 0, 1));
    client.cancel(id);
    let response = client.response(id).await;
    assert_eq!(response["error"]["code"], REQUEST_CANCELLED, "{response}");

    analyzer.open_gate();
    let answer = client.request::<HoverRequest>(hover_at(&file, 0, 1)).await;
    assert_eq!(answer, Ok(None));
    let v = client.edit(
        &file,
        tower_lsp_server::ls_types::Range::new(Position::new(0, 0), Position::new(0, 4)),
        "BAD",
    );
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 1);
    assert_eq!(client.shutdown_and_exit().await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_a_finished_or_unknown_request_is_harmless() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    client.open(&file, "ok\n");
    let answer = client.request::<HoverRequest>(hover_at(&file, 0, 0)).await;
    assert_eq!(answer, Ok(None));
    client.cancel(1);
    client.cancel(9999);
    let answer = client.request::<HoverRequest>(hover_at(&file, 0, 0)).await;
    assert_eq!(answer, Ok(None));
}
