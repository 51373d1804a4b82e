//! Inlay hints and document symbols over the protocol, on the seed examples.

use std::path::PathBuf;
use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::{DocumentSymbolRequest, InlayHintRequest};
use tower_lsp_server::ls_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, InlayHintLabel, InlayHintParams,
    Position, Range, TextDocumentIdentifier, Uri,
};

use crate::client::{ClientOptions, TestClient};
use crate::render;

fn repo_file(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn opened(text: &str) -> (TestClient, Uri) {
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let uri: Uri = "file:///navigation/serverless.yml".parse().unwrap();
    client.open(&uri, text);
    (client, uri)
}

/// The text with each hint written in where the editor shows it, as `‹label›`.
async fn with_hints(text: &str) -> String {
    let (mut client, uri) = opened(text).await;
    let params = InlayHintParams {
        work_done_progress_params: Default::default(),
        text_document: TextDocumentIdentifier::new(uri),
        range: Range::new(Position::new(0, 0), Position::new(10_000, 0)),
    };
    let hints = client
        .request::<InlayHintRequest>(params)
        .await
        .expect("inlay hints answer")
        .expect("hints");
    assert!(!hints.is_empty(), "no hints");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for hint in hints.iter().rev() {
        let InlayHintLabel::String(label) = &hint.label else {
            panic!("a plain label");
        };
        let line = &mut lines[hint.position.line as usize];
        line.insert_str(hint.position.character as usize, &format!(" ‹{label}›"));
    }
    lines.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_and_function_ids_as_inlay_hints() {
    let text = repo_file("examples/cognito-triggers/serverless.yml");
    insta::assert_snapshot!(with_hints(&text).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inlay_hints_of_two_pools() {
    let text = repo_file("tests/oracle/cases/02-seed-multiple-pools/serverless.yml");
    insta::assert_snapshot!(with_hints(&text).await);
}

fn render_symbols(symbols: &[DocumentSymbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!(
            "{}{:?} {} ({}) {} sel {}\n",
            "  ".repeat(depth),
            s.kind,
            s.name,
            s.detail.as_deref().unwrap_or("-"),
            render::range(s.range),
            render::range(s.selection_range)
        ));
        render_symbols(s.children.as_deref().unwrap_or_default(), depth + 1, out);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_of_functions_events_and_resources() {
    let text = repo_file("tests/oracle/cases/06-seed-custom-senders-kms/serverless.yml");
    let (mut client, uri) = opened(&text).await;
    let params = DocumentSymbolParams {
        text_document: TextDocumentIdentifier::new(uri),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    };
    let Some(DocumentSymbolResponse::Nested(symbols)) = client
        .request::<DocumentSymbolRequest>(params)
        .await
        .expect("symbols answer")
    else {
        panic!("nested symbols");
    };
    let mut out = String::new();
    render_symbols(&symbols, 0, &mut out);
    insta::assert_snapshot!(out);
}
