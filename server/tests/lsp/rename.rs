//! References and rename of a user pool over the protocol: the `pool:` values and the pool's
//! logical ID where the user wrote it change together; the renamed service compiles to the
//! renamed pool with the user's override still applied to it.

use std::path::PathBuf;
use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::{PrepareRenameRequest, References, Rename};
use tower_lsp_server::ls_types::{
    Position, PrepareRenameResponse, ReferenceContext, ReferenceParams, RenameParams,
    TextDocumentContentChangeEvent, TextDocumentIdentifier, TextDocumentPositionParams, TextEdit,
    Uri,
};

use crate::client::{ClientOptions, TestClient};
use crate::render;

/// Case 05 (two events on `MyUserPool`, an override of `CognitoUserPoolMyUserPool`) with a
/// `Ref` to the pool added.
fn service() -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/oracle/cases/05-seed-override-type-only/serverless.yml");
    std::fs::read_to_string(path).unwrap()
        + "  Outputs:\n    PoolId:\n      Value: !Ref CognitoUserPoolMyUserPool\n"
}

fn position_of(text: &str, needle: &str) -> Position {
    let at = text.find(needle).expect(needle);
    let line = text[..at].matches('\n').count() as u32;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    Position::new(line, column as u32 + 1)
}

async fn opened(text: &str) -> (TestClient, Uri) {
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let uri: Uri = "file:///rename/serverless.yml".parse().unwrap();
    client.open(&uri, text);
    (client, uri)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn references_of_a_pool_name() {
    let text = service();
    let (mut client, uri) = opened(&text).await;
    let params = ReferenceParams {
        text_document_position: TextDocumentPositionParams::new(
            TextDocumentIdentifier::new(uri),
            position_of(&text, "MyUserPool\n"),
        ),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: ReferenceContext {
            include_declaration: true,
        },
    };
    let found = client
        .request::<References>(params)
        .await
        .expect("references answer")
        .expect("references");
    let lines: Vec<&str> = text.lines().collect();
    let rendered: Vec<String> = found
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                render::range(l.range),
                lines[l.range.start.line as usize].trim()
            )
        })
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_a_pool_renames_its_logical_id_too() {
    let text = service();
    let (mut client, uri) = opened(&text).await;
    let at = TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(uri.clone()),
        position_of(&text, "MyUserPool\n"),
    );
    let prepared = client
        .request::<PrepareRenameRequest>(at.clone())
        .await
        .expect("prepareRename answers");
    assert!(
        matches!(prepared, Some(PrepareRenameResponse::Range(_))),
        "{prepared:?}"
    );
    let params = RenameParams {
        text_document_position: at,
        new_name: "Customers".to_owned(),
        work_done_progress_params: Default::default(),
    };
    let edit = client
        .request::<Rename>(params)
        .await
        .expect("rename answers")
        .expect("an edit");
    let edits: &Vec<TextEdit> = &edit.changes.as_ref().unwrap()[&uri];
    let renamed = apply(&text, edits);
    insta::assert_snapshot!(renamed);

    // The renamed service compiles with no new problem: the override still hits the pool.
    let version = client.change(
        &uri,
        vec![TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: renamed,
        }],
    );
    let published = client.diagnostics(&uri, version).await;
    assert_eq!(published.diagnostics, Vec::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_written_with_a_variable_is_not_renamed() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/cognito-triggers/serverless.yml");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut client, uri) = opened(&text).await;
    let at = TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(uri),
        position_of(&text, "${self:custom.poolName}"),
    );
    let prepared = client.request::<PrepareRenameRequest>(at).await;
    assert_eq!(prepared, Ok(None));
}

fn apply(text: &str, edits: &[TextEdit]) -> String {
    let offset = |p: Position| {
        text.split_inclusive('\n')
            .take(p.line as usize)
            .map(str::len)
            .sum::<usize>()
            + p.character as usize
    };
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(e.range.start)));
    let mut out = text.to_owned();
    for edit in edits {
        out.replace_range(
            offset(edit.range.start)..offset(edit.range.end),
            &edit.new_text,
        );
    }
    out
}
