//! A realistic typing session on a seed example, with the real analysis: the user adds a
//! `trigger:` to a cognito event one keystroke at a time. The diagnostics after every
//! keystroke are snapshotted, each checked to be of that keystroke's version.

use std::path::PathBuf;
use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::{Diagnostic, Position, Range, Uri};

use crate::client::{ClientOptions, TestClient};
use crate::render;

/// Oracle case 01 (`01-seed-single-pool-two-triggers`), unchanged.
fn fixture() -> (Uri, String) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/lsp/fixtures/typing/serverless.yml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    (Uri::from_file_path(&path).expect("absolute path"), text)
}

const TYPED_LINE: &str = "          trigger: PreSignUp";

/// The fixture without the line to type, the position at the end of the line above it, and
/// that line's indentation (what an editor inserts after Enter).
fn session_start(text: &str) -> (String, Position, String) {
    let lines: Vec<&str> = text.lines().collect();
    let typed = lines
        .iter()
        .position(|l| *l == TYPED_LINE)
        .expect("the trigger line");
    let above = lines[typed - 1];
    let mut start: Vec<&str> = lines.clone();
    start.remove(typed);
    let indent = above.len() - above.trim_start().len();
    let end_of_above = Position::new((typed - 1) as u32, above.len() as u32);
    (start.join("\n") + "\n", end_of_above, " ".repeat(indent))
}

/// Each keystroke as `(range, inserted text)`: Enter with auto-indent, then the characters.
fn keystrokes(end_of_above: Position, indent: &str) -> Vec<(Range, String)> {
    let mut strokes = vec![(
        Range::new(end_of_above, end_of_above),
        format!("\n{indent}"),
    )];
    let line = end_of_above.line + 1;
    let typed = TYPED_LINE.trim_start();
    for (i, ch) in typed.chars().enumerate() {
        let at = Position::new(line, (indent.len() + i) as u32);
        strokes.push((Range::new(at, at), ch.to_string()));
    }
    strokes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_trigger_keystroke_by_keystroke() {
    let (file, text) = fixture();
    let (start, end_of_above, indent) = session_start(&text);
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;

    let mut transcript = Vec::new();
    let v = client.open(&file, &start);
    transcript.push(format!(
        "opened without the line\n{}",
        render::published(&client.diagnostics(&file, v).await)
    ));

    let mut line_so_far = String::new();
    let mut last = Vec::new();
    for (range, inserted) in keystrokes(end_of_above, &indent) {
        line_so_far.push_str(inserted.trim_start_matches('\n'));
        let v = client.edit(&file, range, &inserted);
        let published = client.diagnostics(&file, v).await;
        assert_eq!(published.version, Some(v));
        transcript.push(format!(
            "{line_so_far:?}\n{}",
            render::published(&published)
        ));
        last = published.diagnostics;
    }
    insta::assert_snapshot!(transcript.join("\n"));

    // The typed text equals the original, so its analysis must be the original's.
    let original = uri_of_copy(&file);
    let v = client.open(&original, &text);
    assert_eq!(
        without_uris(&client.diagnostics(&original, v).await.diagnostics),
        without_uris(&last)
    );
}

/// The same keystrokes sent without waiting end with the same diagnostics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_fast_ends_with_the_same_diagnostics() {
    let (file, text) = fixture();
    let (start, end_of_above, indent) = session_start(&text);
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    client.open(&file, &start);
    let mut last = 0;
    for (range, inserted) in keystrokes(end_of_above, &indent) {
        last = client.edit(&file, range, &inserted);
    }
    let typed_fast = client.diagnostics(&file, last).await.diagnostics;

    let original = uri_of_copy(&file);
    let v = client.open(&original, &text);
    let opened = client.diagnostics(&original, v).await.diagnostics;
    assert_eq!(without_uris(&typed_fast), without_uris(&opened));
    let versions = client.published_versions(&file);
    assert!(versions.windows(2).all(|p| p[0] < p[1]), "{versions:?}");
}

/// A second service file next to the fixture (never written to disk).
fn uri_of_copy(file: &Uri) -> Uri {
    let path = file
        .to_file_path()
        .expect("file URI")
        .with_file_name("serverless.copy.yml");
    Uri::from_file_path(path).expect("absolute path")
}

/// Diagnostics compared across two documents: related locations name their own file.
fn without_uris(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            for related in d.related_information.iter_mut().flatten() {
                related.location.uri = "file:///-".parse().unwrap();
            }
            render::diagnostic(&d)
        })
        .collect()
}
