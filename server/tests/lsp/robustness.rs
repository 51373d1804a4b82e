//! What must not break the server: panics in analysis, positions past the end, documents it
//! does not know, files that are not services, and the shutdown sequence.

use tower_lsp_server::ls_types::request::{Completion, GotoDefinition, HoverRequest};
use tower_lsp_server::ls_types::{
    CompletionParams, GotoDefinitionParams, HoverParams, LogMessageParams, MessageType,
    PartialResultParams, Position, Range, TextDocumentIdentifier, TextDocumentPositionParams, Uri,
    WorkDoneProgressParams,
};

use crate::client::{ClientOptions, TestClient, full_text, uri};
use crate::markers::MarkerAnalyzer;

fn position(file: &Uri, line: u32, character: u32) -> TextDocumentPositionParams {
    TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(file.clone()),
        Position::new(line, character),
    )
}

/// Hover, completion and definition at `line:character` all answer `null`, not an error.
async fn every_query_answers_empty(client: &mut TestClient, file: &Uri, line: u32, character: u32) {
    let hover = client
        .request::<HoverRequest>(HoverParams {
            text_document_position_params: position(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
        })
        .await;
    assert_eq!(
        hover,
        Ok(None),
        "hover on {} at {line}:{character}",
        file.as_str()
    );
    let completion = client
        .request::<Completion>(CompletionParams {
            text_document_position: position(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
            context: None,
        })
        .await;
    assert_eq!(completion, Ok(None), "completion");
    let definition = client
        .request::<GotoDefinition>(GotoDefinitionParams {
            text_document_position_params: position(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
        })
        .await;
    assert_eq!(definition, Ok(None), "definition");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_analysis_is_logged_and_the_server_goes_on() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "BAD\n");
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 1);

    client.change(&file, vec![full_text("PANIC BAD BAD\n")]);
    let logged: LogMessageParams = client
        .next_notification("window/logMessage", |_| true)
        .await;
    assert_eq!(logged.typ, MessageType::ERROR);
    assert!(logged.message.contains("version 2"), "{}", logged.message);

    // Queries on the failed version answer empty; the next version is analysed as usual.
    every_query_answers_empty(&mut client, &file, 0, 0).await;
    let v = client.change(&file, vec![full_text("BAD BAD BAD\n")]);
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 3);
    // Nothing was published for the version that panicked.
    assert_eq!(client.published_versions(&file), [Some(1), Some(3)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_past_the_end_are_clamped() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "a: 1\nb: 2");
    client.diagnostics(&file, v).await;

    every_query_answers_empty(&mut client, &file, 1, 500).await;
    every_query_answers_empty(&mut client, &file, 500, 0).await;
    every_query_answers_empty(&mut client, &file, u32::MAX, u32::MAX).await;

    // An edit past the end of the line lands at its end; past the last line, at the end.
    let v = client.edit(
        &file,
        Range::new(Position::new(0, 90), Position::new(0, 99)),
        "BAD",
    );
    let published = client.diagnostics(&file, v).await;
    assert_eq!(
        published.diagnostics[0].range,
        Range::new(Position::new(0, 4), Position::new(0, 7))
    );
    let v = client.edit(
        &file,
        Range::new(Position::new(70, 1), Position::new(80, 0)),
        "BAD",
    );
    let published = client.diagnostics(&file, v).await;
    assert_eq!(
        published.diagnostics[1].range,
        Range::new(Position::new(1, 4), Position::new(1, 7))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_documents_get_empty_answers() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let never_opened = uri("never/serverless.yml");
    every_query_answers_empty(&mut client, &never_opened, 0, 0).await;

    // A change or close before any open is ignored; the document stays unknown.
    client.change_at(&never_opened, 4, vec![full_text("BAD\n")]);
    client.close(&never_opened);
    every_query_answers_empty(&mut client, &never_opened, 0, 0).await;

    let file = uri("serverless.yml");
    let v = client.open(&file, "BAD\n");
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 1);
    assert!(client.published_versions(&never_opened).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_not_services_are_ignored() {
    let analyzer = MarkerAnalyzer::new();
    let mut client = TestClient::start(analyzer.clone(), ClientOptions::default()).await;
    let others = [
        uri("template.yml"),
        uri(".github/workflows/ci.yaml"),
        uri("serverless.json"),
    ];
    for other in &others {
        client.open(other, "BAD\n");
        client.change(other, vec![full_text("BAD BAD\n")]);
        every_query_answers_empty(&mut client, other, 0, 0).await;
    }

    let service = uri("serverless.yml");
    let v = client.open(&service, "BAD\n");
    client.diagnostics(&service, v).await;
    for other in &others {
        client.close(other);
    }
    // Anything wrongly started for the other files has had time to finish.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let published: Vec<_> = client.published().into_iter().map(|(uri, _)| uri).collect();
    assert_eq!(published, [service.as_str()]);
    let analysed: Vec<_> = analyzer
        .finished()
        .into_iter()
        .map(|(_, path)| path)
        .collect();
    assert_eq!(analysed, [Some("/workspace/serverless.yml".into())]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_code_follows_the_shutdown_sequence() {
    let client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    assert_eq!(client.shutdown_and_exit().await, 0);
    let client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    assert_eq!(client.exit().await, 1, "exit without shutdown");
}
