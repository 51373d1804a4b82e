//! Hostile documents through the real analysis: each one ends with diagnostics inside the
//! document (or an empty answer) within a bound, and the server still answers afterwards.
//! docs/RELIABILITY.md names these tests; keep the two in step.

use std::time::{Duration, Instant};

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::{Completion, GotoDefinition, HoverRequest};
use tower_lsp_server::ls_types::{
    CompletionParams, Diagnostic, GotoDefinitionParams, HoverParams, PartialResultParams, Position,
    TextDocumentIdentifier, TextDocumentPositionParams, Uri, WorkDoneProgressParams,
};

use crate::client::{ClientOptions, TestClient, uri};

/// Generous for a debug build on a loaded 2-core machine; a hang or a blow-up exceeds it.
const BOUND: Duration = Duration::from_secs(25);
/// For the 100,000 functions (measured: see docs/RELIABILITY.md).
const HUGE_BOUND: Duration = Duration::from_secs(300);

async fn start() -> TestClient {
    TestClient::start(
        std::sync::Arc::new(CompilerAnalyzer),
        ClientOptions::default(),
    )
    .await
}

/// LSP lines of `text` (`\n`, `\r\n` and a lone `\r` end a line), each with its length in
/// UTF-16 code units (the default position encoding).
pub fn utf16_line_lengths(text: &str) -> Vec<u32> {
    let mut lengths = vec![0u32];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(0);
            }
            '\n' => lengths.push(0),
            c => *lengths.last_mut().unwrap() += c.len_utf16() as u32,
        }
    }
    lengths
}

/// Every diagnostic's range lies inside `text`, with start <= end.
pub fn assert_inside(diagnostics: &[Diagnostic], text: &str) {
    let lines = utf16_line_lengths(text);
    let inside =
        |p: Position| (p.line as usize) < lines.len() && p.character <= lines[p.line as usize];
    for diagnostic in diagnostics {
        let range = diagnostic.range;
        assert!(
            inside(range.start) && inside(range.end) && range.start <= range.end,
            "{range:?} of {:?} is outside the document ({} lines)",
            diagnostic.message,
            lines.len()
        );
    }
}

/// Opens `text`, waits (at most `BOUND`) for its diagnostics, checks their ranges; returns them
/// and how long they took.
async fn open_and_check(
    client: &mut TestClient,
    file: &Uri,
    text: &str,
) -> (Vec<Diagnostic>, Duration) {
    open_within(client, file, text, BOUND).await
}

async fn open_within(
    client: &mut TestClient,
    file: &Uri,
    text: &str,
    bound: Duration,
) -> (Vec<Diagnostic>, Duration) {
    client.wait = bound;
    let started = Instant::now();
    let v = client.open(file, text);
    let published = tokio::time::timeout(bound, client.diagnostics(file, v))
        .await
        .unwrap_or_else(|_| panic!("no diagnostics within {bound:?}"));
    let took = started.elapsed();
    client.wait = BOUND;
    // Shown with --nocapture: what docs/RELIABILITY.md reports for each input.
    let messages: Vec<_> = published
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    eprintln!("{} in {took:?}: {messages:?}", file.as_str());
    assert_inside(&published.diagnostics, text);
    (published.diagnostics, took)
}

fn at(file: &Uri, line: u32, character: u32) -> TextDocumentPositionParams {
    TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(file.clone()),
        Position::new(line, character),
    )
}

/// Hover, completion and definition at `line:character` answer (anything but an error).
async fn queries_answer(client: &mut TestClient, file: &Uri, line: u32, character: u32) {
    let hover = client
        .request::<HoverRequest>(HoverParams {
            text_document_position_params: at(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
        })
        .await;
    assert!(hover.is_ok(), "hover at {line}:{character}: {hover:?}");
    let completion = client
        .request::<Completion>(CompletionParams {
            text_document_position: at(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
            context: None,
        })
        .await;
    assert!(completion.is_ok(), "completion at {line}:{character}");
    let definition = client
        .request::<GotoDefinition>(GotoDefinitionParams {
            text_document_position_params: at(file, line, character),
            work_done_progress_params: WorkDoneProgressParams::default(),
            partial_result_params: PartialResultParams::default(),
        })
        .await;
    assert!(definition.is_ok(), "definition at {line}:{character}");
}

/// The server still analyses a small service correctly: one unknown provider name reported.
async fn still_serves(client: &mut TestClient) {
    let file = uri("after/serverless.yml");
    let text = "service: s\nprovider:\n  name: aws\n";
    let (diagnostics, _) = open_and_check(client, &file, text).await;
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    queries_answer(client, &file, 1, 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alias_bomb_is_refused_with_a_diagnostic() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    // Billion laughs: 10^9 strings if the aliases were expanded.
    let mut text = String::from(
        "service: s\nprovider:\n  name: aws\ncustom:\n  a0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n",
    );
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        let list = [previous.as_str(); 10].join(",");
        text.push_str(&format!("  a{level}: &a{level} [{list}]\n"));
    }
    let (diagnostics, took) = open_and_check(&mut client, &file, &text).await;
    eprintln!("alias bomb: {took:?}, {diagnostics:#?}");
    queries_answer(&mut client, &file, 5, 10).await;
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_megabyte_file_is_analysed_within_the_bound() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    let mut text = String::from("service: s\nprovider:\n  name: aws\ncustom:\n");
    let mut i = 0;
    while text.len() < 10 << 20 {
        text.push_str(&format!(
            "  key{i}: some value that is long enough to fill a line {i}\n"
        ));
        i += 1;
    }
    let (_, took) = open_and_check(&mut client, &file, &text).await;
    eprintln!("10 MB ({i} keys): {took:?}");
    queries_answer(&mut client, &file, 50_000, 4).await;
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_levels_of_block_nesting() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    // Compact block sequences nest without quadratic indentation.
    let text = format!(
        "service: s\ncustom:\n  deep:\n    {}x\n",
        "- ".repeat(10_000)
    );
    let (diagnostics, took) = open_and_check(&mut client, &file, &text).await;
    eprintln!("block nesting: {took:?}, {} diagnostics", diagnostics.len());
    queries_answer(&mut client, &file, 3, 10_000).await;
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_levels_of_flow_nesting() {
    let mut client = start().await;
    for (name, open, close) in [("seq", "[", "]"), ("map", "{a: ", "}")] {
        let file = uri(&format!("{name}/serverless.yml"));
        let text = format!(
            "service: s\ncustom:\n  deep: {}x{}\n",
            open.repeat(10_000),
            close.repeat(10_000)
        );
        let (diagnostics, took) = open_and_check(&mut client, &file, &text).await;
        eprintln!(
            "flow {name} nesting: {took:?}, {} diagnostics",
            diagnostics.len()
        );
        queries_answer(&mut client, &file, 2, 5_000).await;
    }
    still_serves(&mut client).await;
}

// ~35 s in a debug build on a loaded 2-core machine: too slow for every `cargo test`; tests/run-all runs it.
#[ignore = "slow: run with --ignored (tests/run-all does)"]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_functions_are_analysed_within_the_bound() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    let mut text = String::from("service: s\nprovider:\n  name: aws\nfunctions:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  f{i}:\n    handler: h.h{i}\n"));
    }
    let (_, took) = open_within(&mut client, &file, &text, HUGE_BOUND).await;
    eprintln!("100,000 functions: {took:?}");
    client.wait = HUGE_BOUND;
    queries_answer(&mut client, &file, 100_001, 6).await;
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_megabyte_line() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    let text = format!("service: {}\nprovider:\n  name: aws\n", "x".repeat(1 << 20));
    open_and_check(&mut client, &file, &text).await;
    queries_answer(&mut client, &file, 0, 500_000).await;
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nul_bytes_and_a_byte_order_mark() {
    let mut client = start().await;
    let texts = [
        "\u{feff}service: s\nprovider:\n  name: aws\n",
        "service: s\0x\nprovider:\n  name: aws\n",
        "\0\0\0",
        "\u{feff}\u{feff}service: s\n",
        "service: s\nprovider:\n  name: aws\n\u{feff}custom: 1\n",
    ];
    for (i, text) in texts.iter().enumerate() {
        let file = uri(&format!("nul{i}/serverless.yml"));
        let (diagnostics, _) = open_and_check(&mut client, &file, text).await;
        if text.contains('\0') {
            assert!(
                diagnostics.iter().any(|d| d.message.contains("NUL byte")),
                "{diagnostics:#?}"
            );
        }
        queries_answer(&mut client, &file, 0, 1).await;
    }
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crlf_and_lone_cr_line_ends() {
    let mut client = start().await;
    // The stage breaks its pattern: its diagnostic must land on the line the LSP counts.
    let texts = [
        (
            "service: s\r\nprovider:\r\n  name: aws\r\n  stage: a b\r\n",
            3,
        ),
        ("service: s\rprovider:\r  name: aws\r  stage: a b\r", 3),
        (
            "service: s\r\rprovider:\n\r  name: aws\r\n  stage: a b\r\n\r",
            5,
        ),
        ("\r\r\r\n\n\r", 0),
    ];
    for (i, (text, stage_line)) in texts.iter().enumerate() {
        let file = uri(&format!("cr{i}/serverless.yml"));
        let (diagnostics, _) = open_and_check(&mut client, &file, text).await;
        if *stage_line > 0 {
            let starts: Vec<_> = diagnostics.iter().map(|d| d.range.start).collect();
            assert_eq!(starts, [Position::new(*stage_line, 9)], "{text:?}");
        }
        queries_answer(&mut client, &file, 2, 9).await;
    }
    still_serves(&mut client).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_past_the_end_and_inside_a_surrogate_pair() {
    let mut client = start().await;
    let file = uri("serverless.yml");
    // 😀 is two UTF-16 code units: character 11 is between them.
    let text = "service: s😀x\nprovider:\n  name: aws\n  stage: 😀😀\n";
    open_and_check(&mut client, &file, text).await;
    for (line, character) in [
        (0, 11),
        (0, 12),
        (3, 10),
        (3, 12),
        (3, 500),
        (4, 0),
        (99, 3),
        (u32::MAX, u32::MAX),
    ] {
        queries_answer(&mut client, &file, line, character).await;
    }
    still_serves(&mut client).await;
}
