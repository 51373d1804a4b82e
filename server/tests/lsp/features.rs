//! Completion, hover, definition and the compiled template over the protocol, with the real
//! analysis, on the seed examples and on half-typed lines. A `|` in a text marks the cursor.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Value, json};
use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::{Completion, GotoDefinition, HoverRequest, Request};
use tower_lsp_server::ls_types::{
    CompletionList, CompletionParams, CompletionResponse, CompletionTextEdit, GotoDefinitionParams,
    GotoDefinitionResponse, HoverContents, HoverParams, Position, PositionEncodingKind,
    TextDocumentIdentifier, TextDocumentPositionParams, Uri,
};

use crate::client::{ClientOptions, TestClient};
use crate::render;

fn repo_file(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn case(name: &str) -> String {
    repo_file(&format!("tests/oracle/cases/{name}/serverless.yml"))
}

fn example() -> String {
    repo_file("examples/cognito-triggers/serverless.yml")
}

/// `text` with `line` (found whole) replaced by `with`, which holds the `|` cursor.
fn edited(text: &str, line: &str, with: &str) -> String {
    let found = text.lines().filter(|l| *l == line).count();
    assert_eq!(found, 1, "{line:?} once in the text");
    text.replacen(&format!("{line}\n"), &format!("{with}\n"), 1)
}

/// `text` with the `|` after the first occurrence of `before` (plus `delta` bytes).
fn cursor_after(text: &str, before: &str, delta: usize) -> String {
    let at = text
        .find(before)
        .unwrap_or_else(|| panic!("{before:?} in the text"))
        + before.len();
    let at = at - delta;
    format!("{}|{}", &text[..at], &text[at..])
}

/// Removes the `|` and returns the text and the cursor's position (the texts are ASCII).
fn split_cursor(marked: &str) -> (String, Position) {
    let at = marked.find('|').expect("a | cursor");
    let before = &marked[..at];
    let line = before.matches('\n').count() as u32;
    let column = (at - before.rfind('\n').map_or(0, |i| i + 1)) as u32;
    (marked.replacen('|', "", 1), Position::new(line, column))
}

struct Session {
    client: TestClient,
    uri: Uri,
    position: Position,
}

async fn open(marked: &str) -> Session {
    let (text, position) = split_cursor(marked);
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let uri: Uri = "file:///features/serverless.yml".parse().unwrap();
    client.open(&uri, &text);
    Session {
        client,
        uri,
        position,
    }
}

fn at(session: &Session) -> TextDocumentPositionParams {
    TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(session.uri.clone()),
        session.position,
    )
}

/// The completion list the server answers at `position`.
async fn completion_list(
    client: &mut TestClient,
    position: TextDocumentPositionParams,
) -> CompletionList {
    let params = CompletionParams {
        text_document_position: position,
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
        context: None,
    };
    let answer = client.request::<Completion>(params).await;
    let Ok(Some(CompletionResponse::List(list))) = answer else {
        panic!("a completion list, got {answer:?}");
    };
    list
}

/// Each item on a line: label, detail, and the edit when it is not the label at the cursor.
async fn complete(marked: &str) -> (Vec<String>, String) {
    let mut session = open(marked).await;
    let position = at(&session);
    let list = completion_list(&mut session.client, position).await;
    let labels = list.items.iter().map(|i| i.label.clone()).collect();
    let rendered = list
        .items
        .iter()
        .map(|item| {
            let Some(CompletionTextEdit::Edit(edit)) = &item.text_edit else {
                panic!("every item has a text edit");
            };
            format!(
                "{} | {} | {} {:?}",
                item.label,
                item.detail.as_deref().unwrap_or("-"),
                render::range(edit.range),
                edit.new_text
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    (labels, rendered)
}

fn assert_has(labels: &[String], expected: &[&str]) {
    for e in expected {
        assert!(labels.iter().any(|l| l == e), "{e} missing from {labels:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triggers_after_a_half_typed_trigger() {
    let text = edited(
        &case("01-seed-single-pool-two-triggers"),
        "          trigger: CustomMessage",
        "          trigger: Cus|",
    );
    let (labels, rendered) = complete(&text).await;
    assert_eq!(labels, sls_config::COGNITO_TRIGGERS.map(str::to_owned));
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trigger_documentation_names_the_trigger_sources() {
    let text = edited(
        &case("01-seed-single-pool-two-triggers"),
        "          trigger: CustomMessage",
        "          trigger: |",
    );
    let (text, position) = split_cursor(&text);
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let uri: Uri = "file:///features/serverless.yml".parse().unwrap();
    client.open(&uri, &text);
    let at = TextDocumentPositionParams::new(TextDocumentIdentifier::new(uri), position);
    let list = completion_list(&mut client, at).await;
    let custom_message = list
        .items
        .iter()
        .find(|i| i.label == "CustomMessage")
        .expect("CustomMessage");
    let docs = serde_json::to_value(&custom_message.documentation).unwrap();
    let docs = docs["value"].as_str().expect("markdown");
    for source in ["CustomMessage_AdminCreateUser", "CustomMessage_ResendCode"] {
        assert!(docs.contains(source), "{docs}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_keys_inside_cognito_user_pool() {
    let text = edited(
        &case("01-seed-single-pool-two-triggers"),
        "          trigger: CustomMessage",
        "          trigger: CustomMessage\n          ex|",
    );
    let (labels, rendered) = complete(&text).await;
    assert_eq!(
        labels,
        ["pool", "trigger", "existing", "forceDeploy", "kmsKeyId"]
    );
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_kinds_on_a_new_event_item() {
    let text = edited(
        &case("01-seed-single-pool-two-triggers"),
        "          trigger: CustomMessage",
        "          trigger: CustomMessage\n      - |",
    );
    let (labels, _) = complete(&text).await;
    assert_eq!(labels[0], "cognitoUserPool");
    assert_has(&labels, &["http", "s3", "schedule"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pools_used_in_the_service_after_pool() {
    let text = edited(
        &case("02-seed-multiple-pools"),
        "          pool: MyUserPool2",
        "          pool: |",
    );
    let (labels, rendered) = complete(&text).await;
    assert_eq!(labels, ["MyUserPool1"]);
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booleans_after_existing() {
    let text = edited(
        &example(),
        "          existing: true",
        "          existing: t|",
    );
    let (labels, rendered) = complete(&text).await;
    assert_eq!(labels, ["true", "false"]);
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logical_ids_after_ref_generated_and_user_defined() {
    let text = case("06-seed-custom-senders-kms")
        + "    Extra:\n      Type: AWS::SNS::Topic\n      Properties:\n        TopicName:\n          Ref: Cog|\n";
    let (labels, rendered) = complete(&text).await;
    assert_has(
        &labels,
        &[
            "CognitoUserPoolMyUserPool1",
            "CognitoUserPoolMyUserPool2",
            "CustomSMSSenderFunctionLambdaFunction",
            "kmsKey",
            "AWS::Region",
        ],
    );
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_after_get_att_and_a_dot() {
    let text = case("06-seed-custom-senders-kms")
        + "Outputs:\n  X:\n    Value: !GetAtt CognitoUserPoolMyUserPool1.|\n";
    // `Outputs` at the top level is not the service's: the line is still read as GetAtt.
    let (labels, rendered) = complete(&text).await;
    assert_eq!(labels, ["Arn", "ProviderName", "ProviderURL", "UserPoolId"]);
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resource_ids_in_depends_on_items() {
    let text = case("05-seed-override-type-only") + "      DependsOn:\n        - Pre|\n";
    let (labels, _) = complete(&text).await;
    assert_has(
        &labels,
        &[
            "PreSignUpLambdaFunction",
            "CognitoUserPoolMyUserPool",
            "IamRoleLambdaExecution",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ids_as_keys_under_resources_with_their_type() {
    let text = case("05-seed-override-type-only") + "    Pre|\n";
    let (labels, rendered) = complete(&text).await;
    assert_has(
        &labels,
        &["PreSignUpLambdaFunction", "IamRoleLambdaExecution"],
    );
    // Already written by the user: not offered again.
    assert!(!labels.iter().any(|l| l == "CognitoUserPoolMyUserPool"));
    insta::assert_snapshot!(rendered);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn variables_and_self_paths_inside_a_dollar_brace() {
    let text = edited(
        &example(),
        "    USER_TABLE: users-${sls:stage}",
        "    USER_TABLE: users-${|",
    );
    let (labels, _) = complete(&text).await;
    assert_has(
        &labels,
        &[
            "sls:stage",
            "opt:stage",
            "opt:region",
            "env:",
            "param:",
            "self:custom.poolName",
            "self:provider.region",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logical_ids_inside_a_sub() {
    let text = edited(
        &example(),
        "                AWS: !Sub arn:aws:iam::${AWS::AccountId}:root",
        "                AWS: !Sub arn:aws:iam::${Sen|",
    );
    let (labels, _) = complete(&text).await;
    assert_has(
        &labels,
        &[
            "SenderKey",
            "SenderKey.Arn",
            "AWS::AccountId",
            "PreSignUpLambdaFunction",
        ],
    );
}

async fn hover_text(marked: &str) -> String {
    let mut session = open(marked).await;
    let params = HoverParams {
        text_document_position_params: at(&session),
        work_done_progress_params: Default::default(),
    };
    let hover = session
        .client
        .request::<HoverRequest>(params)
        .await
        .expect("hover answers")
        .expect("a hover");
    let HoverContents::Markup(markup) = hover.contents else {
        panic!("markdown");
    };
    format!(
        "range {}\n{}",
        render::range(hover.range.expect("a range")),
        markup.value
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_cognito_event_shows_what_it_generates() {
    let text = cursor_after(
        &case("01-seed-single-pool-two-triggers"),
        "- cognitoUser",
        0,
    );
    insta::assert_snapshot!(hover_text(&text).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_function_key_shows_its_resources() {
    let text = cursor_after(&case("01-seed-single-pool-two-triggers"), "  preSign", 0);
    let hover = hover_text(&text).await;
    assert!(hover.contains("PreSignUpLambdaFunction:"), "{hover}");
    insta::assert_snapshot!(hover);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_an_override_key_shows_the_merged_resource() {
    let text = cursor_after(
        &case("05-seed-override-type-only"),
        "    CognitoUserPoolMy",
        0,
    );
    insta::assert_snapshot!(hover_text(&text).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_trigger_describes_it() {
    let text = cursor_after(
        &case("01-seed-single-pool-two-triggers"),
        "trigger: Custom",
        0,
    );
    insta::assert_snapshot!(hover_text(&text).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_self_variable_shows_its_value() {
    let text = cursor_after(&example(), "pool: ${self:cus", 0);
    insta::assert_snapshot!(hover_text(&text).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_get_att_target_shows_the_resource() {
    let text = cursor_after(&example(), "kmsKeyId: !GetAtt Sender", 0);
    insta::assert_snapshot!(hover_text(&text).await);
}

async fn definitions(marked: &str) -> Vec<String> {
    let (text, _) = split_cursor(marked);
    let mut session = open(marked).await;
    let params = GotoDefinitionParams {
        text_document_position_params: at(&session),
        work_done_progress_params: Default::default(),
        partial_result_params: Default::default(),
    };
    let answer = session
        .client
        .request::<GotoDefinition>(params)
        .await
        .expect("definition answers");
    let Some(GotoDefinitionResponse::Array(locations)) = answer else {
        panic!("locations, got {answer:?}");
    };
    let lines: Vec<&str> = text.lines().collect();
    locations
        .iter()
        .map(|l| {
            format!(
                "{} {:?}",
                render::range(l.range),
                lines[l.range.start.line as usize].trim()
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_of_a_get_att_target_is_the_users_resource_key() {
    let text = cursor_after(&example(), "kmsKeyId: !GetAtt Sender", 0);
    insta::assert_snapshot!(definitions(&text).await.join("\n"), @r#"51:4-51:13 "SenderKey:""#);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_of_an_override_key_is_its_generating_events() {
    let text = cursor_after(
        &case("05-seed-override-type-only"),
        "    CognitoUserPoolMy",
        0,
    );
    let found = definitions(&text).await;
    assert_eq!(found.len(), 2, "{found:?}");
    insta::assert_snapshot!(found.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_of_a_self_variable_is_its_key() {
    let text = cursor_after(&example(), "pool: ${self:cus", 0);
    insta::assert_snapshot!(definitions(&text).await.join("\n"), @r#"13:2-13:10 "poolName: customers-${sls:stage}""#);
}

enum CompiledTemplate {}

impl Request for CompiledTemplate {
    type Params = Value;
    type Result = String;
    const METHOD: &'static str = "serverless/compiledTemplate";
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiled_template_is_the_frameworks_output_byte_for_byte() {
    let name = "01-seed-single-pool-two-triggers";
    let mut session = open(&format!("|{}", case(name))).await;
    let params = json!({"textDocument": {"uri": session.uri.as_str()}});
    let template = session
        .client
        .request::<CompiledTemplate>(params)
        .await
        .expect("a template");
    let expected = repo_file(&format!("tests/oracle/cases/{name}/out.json"));
    assert_eq!(
        oracle_placeholders(&template).trim_end(),
        expected.trim_end()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiled_template_of_a_failing_service_is_the_frameworks_error() {
    let name = "08-invalid-trigger-error-mode";
    let mut session = open(&format!("|{}", case(name))).await;
    let params = json!({"textDocument": {"uri": session.uri.as_str()}});
    let error = session
        .client
        .request::<CompiledTemplate>(params)
        .await
        .expect_err("an error");
    insta::assert_snapshot!(error["message"].as_str().expect("a message"));
}

/// The recorded outputs hide what changes from run to run: the artifact folder, version hashes
/// and code digests.
fn oracle_placeholders(template: &str) -> String {
    let mut out = String::new();
    for line in template.lines() {
        let line = if line.contains("\"CodeSha256\"") {
            "        \"CodeSha256\": \"<SHA256>\"".to_owned()
        } else {
            line.replace("0-1970-01-01T00:00:00.000Z", "<ARTIFACT_DIR>")
        };
        let line = match line.find("LambdaVersion") {
            Some(at) => {
                let start = at + "LambdaVersion".len();
                let end = start
                    + line[start..]
                        .find(|c: char| !c.is_ascii_alphanumeric())
                        .unwrap_or(line.len() - start);
                format!("{}<HASH>{}", &line[..start], &line[end..])
            }
            None => line,
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The completion's edit range on a line with non-ASCII text before the cursor, in `encodings`.
async fn variable_edit_range(encodings: Option<Vec<PositionEncodingKind>>) -> String {
    let marked = edited(
        &example(),
        "    USER_TABLE: users-${sls:stage}",
        "    USER_TABLE: usérs-😀-${sls:st|",
    );
    let (text, _) = split_cursor(&marked);
    let line = text.lines().position(|l| l.contains("😀")).unwrap() as u32;
    let line_text = text.lines().nth(line as usize).unwrap();
    let utf8 = encodings.as_deref() == Some(&[PositionEncodingKind::UTF8][..]);
    let character = if utf8 {
        line_text.len()
    } else {
        line_text.encode_utf16().count()
    } as u32;
    let options = ClientOptions {
        encodings,
        ..ClientOptions::default()
    };
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), options).await;
    let uri: Uri = "file:///features/serverless.yml".parse().unwrap();
    client.open(&uri, &text);
    let at = TextDocumentPositionParams::new(
        TextDocumentIdentifier::new(uri),
        Position::new(line, character),
    );
    let list = completion_list(&mut client, at).await;
    let stage = list
        .items
        .iter()
        .find(|i| i.label == "sls:stage")
        .expect("sls:stage");
    let Some(CompletionTextEdit::Edit(edit)) = &stage.text_edit else {
        panic!("an edit");
    };
    render::range(edit.range)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_ranges_follow_the_negotiated_encoding() {
    // `    USER_TABLE: usérs-😀-${` is 27 utf-16 units, 30 bytes; `sls:st` follows.
    assert_eq!(variable_edit_range(None).await, "10:27-10:33");
    assert_eq!(
        variable_edit_range(Some(vec![PositionEncodingKind::UTF8])).await,
        "10:30-10:36"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_stage_variables_shows_where_they_resolve() {
    let whole = cursor_after(&example(), "stage: ${opt:st", 0);
    let embedded = cursor_after(&example(), "USER_TABLE: users-${sls:st", 0);
    insta::assert_snapshot!(format!(
        "{}\n---\n{}",
        hover_text(&whole).await,
        hover_text(&embedded).await
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_ids_as_keys_under_extensions() {
    let text = case("01-seed-single-pool-two-triggers") + "resources:\n  extensions:\n    Cog|\n";
    let (labels, rendered) = complete(&text).await;
    assert_has(
        &labels,
        &["CognitoUserPoolMyUserPool", "PreSignUpLambdaFunction"],
    );
    // Extensions change a generated resource: only the key is written, no `Type`.
    assert!(!rendered.contains("Type:"), "{rendered}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_pool_name_shows_every_event_on_it() {
    let text = cursor_after(&case("05-seed-override-type-only"), "pool: MyUser", 0);
    let hover = hover_text(&text).await;
    for id in [
        "CognitoUserPoolMyUserPool:",
        "PreSignUpLambdaPermissionCognitoUserPoolMyUserPoolTriggerSourcePreSignUp:",
        "PostConfirmationLambdaPermissionCognitoUserPoolMyUserPoolTriggerSourcePostConfirmation:",
    ] {
        assert_eq!(hover.matches(id).count(), 1, "{id} once in {hover}");
    }
}

/// Completion in a service of `functions` functions, at `|` in `Ref: |`: the labels and
/// whether the list is incomplete.
async fn complete_ref_in_large_service(functions: usize, typed: &str) -> (Vec<String>, bool) {
    let mut text =
        String::from("service: big\nprovider:\n  name: aws\n  runtime: nodejs18.x\nfunctions:\n");
    for n in 0..functions {
        text.push_str(&format!("  fn{n}:\n    handler: h.f{n}\n"));
    }
    text.push_str(&format!(
        "resources:\n  Resources:\n    Topic:\n      Type: AWS::SNS::Topic\n      Properties:\n        TopicName:\n          Ref: {typed}|\n"
    ));
    let mut session = open(&text).await;
    let position = at(&session);
    let list = completion_list(&mut session.client, position).await;
    let labels = list.items.iter().map(|i| i.label.clone()).collect();
    (labels, list.is_incomplete)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_of_logical_ids_is_narrowed_to_what_is_typed_and_marked_incomplete() {
    // Small services get every ID at once.
    let (labels, incomplete) = complete_ref_in_large_service(10, "").await;
    assert!(!incomplete && labels.contains(&"Fn9LambdaFunction".to_owned()));
    assert!(labels.len() < serverless_lsp::lsp::COMPLETION_LIMIT);

    // 300 functions make over a thousand IDs: the first ones, and the client asks again.
    let (labels, incomplete) = complete_ref_in_large_service(300, "").await;
    assert!(incomplete);
    assert_eq!(labels.len(), serverless_lsp::lsp::COMPLETION_LIMIT);

    // What is typed narrows the list (case-insensitive, in order, as clients filter).
    let (labels, incomplete) = complete_ref_in_large_service(300, "fn29lambdaf").await;
    assert!(incomplete);
    assert_has(
        &labels,
        &[
            "Fn29LambdaFunction",
            "Fn290LambdaFunction",
            "Fn299LambdaFunction",
        ],
    );
    let in_order = |label: &str| {
        let mut rest = label.chars().flat_map(char::to_lowercase);
        "fn29lambdaf".chars().all(|c| rest.any(|l| l == c))
    };
    assert!(
        labels.iter().all(|l| in_order(l)),
        "only matches: {labels:?}"
    );
    assert!(!labels.contains(&"Fn28LambdaFunction".to_owned()));
}
