//! Quick fixes over the protocol: each fix is applied to the text, the result snapshotted
//! whole (nothing else of the text may change), and the fixed text analysed again: the problem
//! it fixes must be gone.

use std::path::PathBuf;
use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::CodeActionRequest;
use tower_lsp_server::ls_types::{
    CodeActionContext, CodeActionOrCommand, CodeActionParams, NumberOrString, Position,
    PositionEncodingKind, TextDocumentContentChangeEvent, TextDocumentIdentifier, TextEdit, Uri,
};

use crate::client::{ClientOptions, TestClient};

fn case(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/oracle/cases")
        .join(name)
        .join("serverless.yml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The byte offset of `position`, its column counted in utf-16 units or (`utf8`) bytes.
fn offset(text: &str, position: Position, utf8: bool) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(position.line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    let line = &text[line_start..];
    for (at, c) in line.char_indices() {
        if units >= position.character as usize {
            return line_start + at;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// `edits` applied to `text`, last first.
fn apply(text: &str, edits: &[TextEdit], utf8: bool) -> String {
    let mut edits = edits.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_owned();
    for edit in edits {
        let start = offset(text, edit.range.start, utf8);
        let end = offset(text, edit.range.end, utf8);
        out.replace_range(start..end, &edit.new_text);
    }
    out
}

/// Fixes the diagnostic `code` of `text` with the action titled like `title`; returns the
/// title and the fixed text, after checking the fixed text no longer has the problem.
async fn fix(text: &str, code: &str, title: &str) -> String {
    fix_in(text, code, title, ClientOptions::default()).await
}

/// [`fix`] by a client that offers `options` (its position encodings).
async fn fix_in(text: &str, code: &str, title: &str, options: ClientOptions) -> String {
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), options).await;
    let utf8 =
        client.initialize_result.capabilities.position_encoding == Some(PositionEncodingKind::UTF8);
    let uri: Uri = "file:///fixes/serverless.yml".parse().unwrap();
    let version = client.open(&uri, text);
    let published = client.diagnostics(&uri, version).await;
    let has_code = |d: &tower_lsp_server::ls_types::Diagnostic| {
        d.code == Some(NumberOrString::String(code.to_owned()))
    };
    let diagnostic = published
        .diagnostics
        .iter()
        .find(|d| has_code(d))
        .unwrap_or_else(|| panic!("a {code} diagnostic in {:#?}", published.diagnostics))
        .clone();
    let params = CodeActionParams {
        text_document: TextDocumentIdentifier::new(uri.clone()),
        range: diagnostic.range,
        context: CodeActionContext {
            diagnostics: vec![diagnostic.clone()],
            ..CodeActionContext::default()
        },
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    };
    let actions = client
        .request::<CodeActionRequest>(params)
        .await
        .expect("code actions answer")
        .expect("actions");
    let action = actions
        .iter()
        .find_map(|a| match a {
            CodeActionOrCommand::CodeAction(a) if a.title.contains(title) => Some(a),
            _ => None,
        })
        .unwrap_or_else(|| panic!("an action titled {title:?} in {actions:#?}"));
    assert_eq!(action.diagnostics.as_deref(), Some(&[diagnostic][..]));
    let edits = &action.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri];
    let fixed = apply(text, edits, utf8);

    let version = client.change(
        &uri,
        vec![TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: fixed.clone(),
        }],
    );
    let after = client.diagnostics(&uri, version).await;
    assert!(
        !after.diagnostics.iter().any(has_code),
        "{code} still reported after the fix: {:#?}",
        after.diagnostics
    );
    format!("{}\n---\n{fixed}", action.title)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_trigger_replaced_by_the_closest() {
    let text = case("07-invalid-trigger-warn");
    insta::assert_snapshot!(fix(&text, "unknown-trigger", "Change the trigger").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quoted_unknown_trigger_keeps_its_quotes() {
    let text =
        case("07-invalid-trigger-warn").replace("trigger: PreSignup", "trigger: \"presignUp\"");
    let fixed = fix(&text, "unknown-trigger", "Change the trigger").await;
    assert!(fixed.contains("trigger: \"PreSignUp\""), "{fixed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn near_miss_override_key_renamed_to_the_generated_id() {
    let text = case("05-seed-override-type-only").replace(
        "    CognitoUserPoolMyUserPool:",
        "    CognitoUserPoolMyuserPool:",
    );
    insta::assert_snapshot!(fix(&text, "resource-near-generated-id", "Rename").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_sender_gets_a_kms_key_line() {
    let text = case("22-kms-missing-new-pool");
    insta::assert_snapshot!(fix(&text, "COGNITO_KMS_KEY_NOT_SET", "Add kmsKeyId").await);
}

/// The text after the fix, the same for a utf-16 and a utf-8 client.
async fn fix_in_both_encodings(text: &str, code: &str, title: &str) -> String {
    let mut fixed = Vec::new();
    for encoding in [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8] {
        let options = ClientOptions {
            encodings: Some(vec![encoding]),
            ..ClientOptions::default()
        };
        fixed.push(fix_in(text, code, title, options).await);
    }
    assert_eq!(fixed[0], fixed[1], "the same fix in utf-16 and utf-8");
    fixed.swap_remove(0)
}

/// The moved lines end the file, without a final line break, after a comment with `😀é`: the
/// insertion's column at the end is counted in the negotiated encoding.
fn ends_with_wide_characters(text: &str) -> String {
    format!("{} # 😀é", text.trim_end())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extra_existing_pool_moves_to_a_new_function() {
    let text = ends_with_wide_characters(&case("09-two-existing-pools-one-function"));
    let fixed = fix_in_both_encodings(
        &text,
        "COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION",
        "to a new function",
    )
    .await;
    insta::assert_snapshot!(fixed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn override_depends_on_moves_to_resources_extensions() {
    let text = ends_with_wide_characters(&case("13-override-extra-properties-dependson"));
    let fixed = fix_in_both_encodings(
        &text,
        "depends-on-replaces-generated",
        "resources.extensions",
    )
    .await;
    insta::assert_snapshot!(fixed);
}
