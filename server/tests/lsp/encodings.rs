//! Ranges in the negotiated position encoding, both ways: the columns of edits the client
//! sends and of diagnostics the server publishes. An emoji (4 utf-8 bytes, 2 utf-16 units) and
//! `é` (2 bytes, 1 unit) stand before the faulty text.

use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::{NumberOrString, Position, PositionEncodingKind, Range};

use crate::client::{ClientOptions, TestClient, uri};
use crate::markers::MarkerAnalyzer;

fn span(line: u32, start: u32, end: u32) -> Range {
    Range::new(Position::new(line, start), Position::new(line, end))
}

/// Columns, in the encoding under test, of what the scenario checks.
struct Expected {
    /// `BAD` in `name: "😀é BAD"`.
    marker: (u32, u32),
    /// Just after `é`, where a second `BAD` is typed.
    after_e_acute: u32,
    /// Both markers once the second is typed.
    markers_after_typing: [(u32, u32); 2],
    /// The related range: the first character of `😀: BAD`.
    leading_emoji: (u32, u32),
}

async fn scenario(client: &mut TestClient, expected: Expected) {
    let file = uri("serverless.yml");
    let v = client.open(&file, "service: api\nname: \"😀é BAD\"\n");
    let published = client.diagnostics(&file, v).await;
    let ranges: Vec<Range> = published.diagnostics.iter().map(|d| d.range).collect();
    assert_eq!(ranges, [span(1, expected.marker.0, expected.marker.1)]);

    let column = expected.after_e_acute;
    let v = client.edit(&file, span(1, column, column), "BAD");
    let published = client.diagnostics(&file, v).await;
    let ranges: Vec<Range> = published.diagnostics.iter().map(|d| d.range).collect();
    let [first, second] = expected.markers_after_typing;
    assert_eq!(
        ranges,
        [span(1, first.0, first.1), span(1, second.0, second.1)]
    );

    let other = uri("emoji/serverless.yml");
    let v = client.open(&other, "😀: BAD\n");
    let published = client.diagnostics(&other, v).await;
    let related = published.diagnostics[0]
        .related_information
        .as_ref()
        .unwrap();
    assert_eq!(
        related[0].location.range,
        span(0, expected.leading_emoji.0, expected.leading_emoji.1)
    );
    assert_eq!(related[0].location.uri, other);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_when_the_client_offers_it() {
    let options = ClientOptions {
        encodings: Some(vec![
            PositionEncodingKind::UTF16,
            PositionEncodingKind::UTF8,
        ]),
        ..ClientOptions::default()
    };
    let mut client = TestClient::start(MarkerAnalyzer::new(), options).await;
    assert_eq!(
        client.initialize_result.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF8)
    );
    // `name: "` is 7 bytes, 😀 4, é 2, then a space.
    let expected = Expected {
        marker: (14, 17),
        after_e_acute: 13,
        markers_after_typing: [(13, 16), (17, 20)],
        leading_emoji: (0, 4),
    };
    scenario(&mut client, expected).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf16_otherwise() {
    for offered in [
        None,
        Some(vec![
            PositionEncodingKind::UTF32,
            PositionEncodingKind::UTF16,
        ]),
    ] {
        let options = ClientOptions {
            encodings: offered.clone(),
            ..ClientOptions::default()
        };
        let mut client = TestClient::start(MarkerAnalyzer::new(), options).await;
        assert_eq!(
            client.initialize_result.capabilities.position_encoding,
            Some(PositionEncodingKind::UTF16),
            "offered {offered:?}"
        );
        // `name: "` is 7 units, 😀 2, é 1, then a space.
        let expected = Expected {
            marker: (11, 14),
            after_e_acute: 10,
            markers_after_typing: [(10, 13), (14, 17)],
            leading_emoji: (0, 2),
        };
        scenario(&mut client, expected).await;
    }
}

/// The compiler's own diagnostic (an unknown trigger) on a line where `😀é` comes first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiler_diagnostics_in_both_encodings() {
    let text = "service: api\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - cognitoUserPool: {pool: \"😀é\", trigger: Nope}\n";
    // Before `Nope`: 51 bytes, 48 utf-16 units (😀 is 4 bytes / 2 units, é 2 / 1).
    for (offered, start) in [
        (PositionEncodingKind::UTF8, 51),
        (PositionEncodingKind::UTF16, 48),
    ] {
        let options = ClientOptions {
            encodings: Some(vec![offered.clone()]),
            ..ClientOptions::default()
        };
        let mut client = TestClient::start(Arc::new(CompilerAnalyzer), options).await;
        let file = uri("serverless.yml");
        let v = client.open(&file, text);
        let published = client.diagnostics(&file, v).await;
        let unknown_trigger = published
            .diagnostics
            .iter()
            .find(|d| d.code == Some(NumberOrString::String("unknown-trigger".into())))
            .unwrap_or_else(|| panic!("no unknown-trigger in {:?}", published.diagnostics));
        assert_eq!(
            unknown_trigger.range,
            span(7, start, start + 4),
            "{offered:?}"
        );
    }
}
