//! Document sync: open, incremental and full changes, close; every publish carries the version
//! it was computed for, and a stale analysis never replaces a newer one.

use tower_lsp_server::ls_types::{Position, Range};

use crate::client::{ClientOptions, TestClient, full_text, replace, uri};
use crate::markers::MarkerAnalyzer;
use crate::render;

fn at(line: u32, character: u32) -> Range {
    Range::new(
        Position::new(line, character),
        Position::new(line, character),
    )
}

fn span(line: u32, start: u32, end: u32) -> Range {
    Range::new(Position::new(line, start), Position::new(line, end))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_change_close() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("api/serverless.yml");
    let mut steps = Vec::new();

    let v = client.open(&file, "service: api\nname: BAD\n");
    steps.push(render::published(&client.diagnostics(&file, v).await));

    // Incremental: delete the marker, then insert two on a new line.
    let v = client.edit(&file, span(1, 6, 9), "ok");
    steps.push(render::published(&client.diagnostics(&file, v).await));
    let v = client.edit(&file, at(2, 0), "x: BAD BAD\n");
    steps.push(render::published(&client.diagnostics(&file, v).await));

    // Full sync in the middle of incremental changes.
    let v = client.change(&file, vec![full_text("BAD\n")]);
    steps.push(render::published(&client.diagnostics(&file, v).await));

    client.close(&file);
    let cleared = client.next_publish(&file).await;
    steps.push(render::published(&cleared));

    insta::assert_snapshot!(steps.join("\n"));
    assert_eq!(cleared.version, None);
    assert!(cleared.diagnostics.is_empty(), "closing clears diagnostics");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_changes_in_one_notification_apply_in_order() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    client.open(&file, "a\n");
    // Each change's positions refer to the text left by the previous one.
    let v = client.change(
        &file,
        vec![
            replace(at(0, 1), "BA"),
            replace(at(0, 3), "D"),
            replace(span(0, 0, 1), ""),
        ],
    );
    let published = client.diagnostics(&file, v).await;
    assert_eq!(published.diagnostics.len(), 1);
    assert_eq!(published.diagnostics[0].range, span(0, 0, 3));
}

/// Keystrokes sent without waiting: edits apply in the order sent (the final text is exactly
/// what was typed), every publish is of a newer version than the one before, and the last
/// version is published.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_keystrokes() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    client.open(&file, "k: \n");
    let typed = "BAD ".repeat(15);
    let mut last = 0;
    for (column, ch) in typed.chars().enumerate() {
        last = client.edit(&file, at(0, 3 + column as u32), &ch.to_string());
    }
    let published = client.diagnostics(&file, last).await;

    let expected: Vec<Range> = (0..15)
        .map(|i| {
            let start = 3 + 4 * i;
            span(0, start, start + 3)
        })
        .collect();
    let ranges: Vec<Range> = published.diagnostics.iter().map(|d| d.range).collect();
    assert_eq!(ranges, expected);

    let versions = client.published_versions(&file);
    assert!(
        versions.windows(2).all(|pair| pair[0] < pair[1]),
        "publishes out of order: {versions:?}"
    );
}

/// Changes made while an analysis runs are not analysed one by one: when the running (now
/// stale) analysis ends, its result is dropped and only the newest text is analysed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_analysis_is_dropped_and_the_newest_text_analysed_next() {
    let analyzer = MarkerAnalyzer::new();
    let mut client = TestClient::start(analyzer.clone(), ClientOptions::default()).await;
    let file = uri("serverless.yml");

    analyzer.close_gate();
    client.open(&file, "WAIT BAD\n");
    analyzer.wait_until_started("WAIT BAD\n").await;
    client.change(&file, vec![full_text("two\n")]);
    client.change(&file, vec![full_text("three BAD\n")]);
    let v4 = client.change(&file, vec![full_text("four BAD BAD\n")]);
    client.barrier().await;

    analyzer.open_gate();
    let published = client.diagnostics(&file, v4).await;
    assert_eq!(published.diagnostics.len(), 2);
    assert_eq!(analyzer.started(), ["WAIT BAD\n", "four BAD BAD\n"]);
    assert_eq!(client.published_versions(&file), [Some(v4)]);

    // Idle again: the next change is analysed at once.
    let v5 = client.change(&file, vec![full_text("BAD\n")]);
    assert_eq!(client.diagnostics(&file, v5).await.diagnostics.len(), 1);
    assert_eq!(client.published_versions(&file), [Some(v4), Some(v5)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_going_backwards_is_accepted() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    let v = client.open_at(&file, "BAD\n", 7);
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 1);
    // A client that restarted its counter: the lower version is simply the new one.
    client.change_at(&file, 2, vec![full_text("BAD BAD\n")]);
    assert_eq!(client.diagnostics(&file, 2).await.diagnostics.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reopening_starts_from_the_new_text() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "BAD\n");
    assert_eq!(client.diagnostics(&file, v).await.diagnostics.len(), 1);
    client.close(&file);
    assert_eq!(client.next_publish(&file).await.version, None);
    // The same version number again: nothing of the closed document may be confused with it.
    let v = client.open(&file, "ok\n");
    assert!(client.diagnostics(&file, v).await.diagnostics.is_empty());
    let v = client.edit(&file, at(0, 0), "BAD");
    let published = client.diagnostics(&file, v).await;
    assert_eq!(published.diagnostics[0].range, span(0, 0, 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_re_publishes_the_same_version() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "BAD\n");
    client.diagnostics(&file, v).await;
    client.notify::<tower_lsp_server::ls_types::notification::DidSaveTextDocument>(
        tower_lsp_server::ls_types::DidSaveTextDocumentParams {
            text_document: tower_lsp_server::ls_types::TextDocumentIdentifier::new(file.clone()),
            text: None,
        },
    );
    let again = client.next_publish(&file).await;
    assert_eq!(again.version, Some(v));
    assert_eq!(again.diagnostics.len(), 1);
}
