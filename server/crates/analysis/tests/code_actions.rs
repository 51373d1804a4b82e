//! The quick fixes that move lines (existing-pool events to new functions, an override's
//! `DependsOn` to `resources.extensions`): each fix is applied, the result snapshotted whole,
//! and checked: it parses, the problem is gone, no character of the user's text is lost, and it
//! compiles to what the user meant. (`server/tests/lsp/code_actions.rs` covers the protocol.)

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;
use sls_analysis::ide::{CodeAction, code_actions};
use sls_analysis::{Analysis, AnalysisInput, Settings, TextSize, analyze};

const POOLS: &str = "COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION";
const DEPENDS_ON: &str = "depends-on-replaces-generated";

fn analysed(text: &str) -> Analysis {
    let settings = Settings::default();
    let env = BTreeMap::new();
    analyze(&AnalysisInput::new(text, &settings, &env))
}

fn case(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../tests/oracle/cases")
        .join(name)
        .join("serverless.yml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixes offered on the first `code` diagnostic of `text`.
fn actions(text: &str, code: &str) -> Vec<CodeAction> {
    let analysis = analysed(text);
    let diagnostic = analysis
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("a {code} diagnostic in {:#?}", analysis.diagnostics));
    code_actions(&analysis, diagnostic.range)
        .into_iter()
        .filter(|a| a.fixes == code)
        .collect()
}

fn apply(text: &str, action: &CodeAction) -> String {
    let mut edits = action.edits.clone();
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start()));
    let mut out = text.to_owned();
    for (range, new_text) in edits {
        out.replace_range(
            usize::from(range.start())..usize::from(range.end()),
            &new_text,
        );
    }
    out
}

/// `text` fixed by its `code` fix, checked; with the fixed analysis.
fn fix(text: &str, code: &str) -> (String, Analysis) {
    fix_merging(text, code, &[], "")
}

/// [`fix`] where `gone_lines` are rewritten and the characters `gone` may go (a list merged
/// into another list loses its brackets and its `DependsOn:`).
fn fix_merging(text: &str, code: &str, gone_lines: &[&str], gone: &str) -> (String, Analysis) {
    let found = actions(text, code);
    let [action] = found.as_slice() else {
        panic!("one {code} fix, got {found:#?}");
    };
    let fixed = apply(text, action);
    let after = analysed(&fixed);
    assert!(after.parse.diagnostics.is_empty(), "{fixed}");
    assert!(
        !after.diagnostics.iter().any(|d| d.code == code),
        "{code} still reported: {:#?}\n{fixed}",
        after.diagnostics
    );
    // Nothing lost: every line is still there (maybe re-indented), every character too.
    let lines: Vec<&str> = fixed.lines().map(str::trim).collect();
    for line in text.lines().map(str::trim) {
        if gone_lines.contains(&line) {
            continue;
        }
        let wrapped = line.replace("DependsOn: ", "DependsOn: [") + "]";
        assert!(
            lines.contains(&line) || lines.contains(&wrapped.as_str()),
            "lost {line:?}:\n{fixed}"
        );
    }
    let mut left = chars(&fixed);
    for (c, n) in chars(gone) {
        *left.entry(c).or_default() += n;
    }
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let n = left.get_mut(&c).filter(|n| **n > 0);
        *n.unwrap_or_else(|| panic!("lost a {c:?}:\n{fixed}")) -= 1;
    }
    let shown = fixed.replace('\r', "␍");
    (format!("{}\n---\n{shown}", action.title), after)
}

fn chars(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *counts.entry(c).or_default() += 1;
    }
    counts
}

fn template(analysis: &Analysis) -> &Json {
    analysis.template().unwrap_or_else(|| {
        panic!("compiles: {:?}", analysis.compile_error());
    })
}

/// Each `Custom::CognitoUserPool`: the function's logical ID, its one pool and its triggers.
fn existing_pools(analysis: &Analysis) -> Vec<String> {
    let resources = template(analysis)["Resources"].as_object().unwrap();
    resources
        .iter()
        .filter(|(_, r)| r["Type"] == "Custom::CognitoUserPool")
        .map(|(id, r)| {
            let properties = &r["Properties"];
            let triggers: Vec<&str> = properties["UserPoolConfigs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["Trigger"].as_str().unwrap())
                .collect();
            format!("{id}: {} {triggers:?}", properties["UserPoolName"])
        })
        .collect()
}

fn depends_on<'a>(analysis: &'a Analysis, id: &str) -> Vec<&'a str> {
    template(analysis)["Resources"][id]["DependsOn"]
        .as_array()
        .unwrap_or_else(|| panic!("a DependsOn list on {id}"))
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect()
}

#[test]
fn second_existing_pool_moves_to_a_new_function() {
    let (shown, after) = fix(&case("09-two-existing-pools-one-function"), POOLS);
    insta::assert_snapshot!(shown);
    assert_eq!(
        existing_pools(&after),
        [
            "UsersCustomCognitoUserPool1: \"legacy-user-pool\" [\"CustomMessage\"]",
            "Users2CustomCognitoUserPool1: \"other-pool\" [\"PreSignUp\"]",
        ]
    );
}

const SEVERAL: &str = "\
service: svc
provider:
  name: aws
  runtime: nodejs18.x
custom:
  defaults: &defaults
    memorySize: 256
functions:
  users:
    <<: *defaults
    handler: users.handler # the entry point
    name: svc-users
    environment: &env
      TABLE: t
    events:
      - cognitoUserPool:
          pool: legacy
          trigger: CustomMessage
          existing: true
      # the other pool's sign-up
      - cognitoUserPool:
          pool: other
          trigger: PreSignUp
          existing: true
      - http: GET /users
      - cognitoUserPool: {pool: third, trigger: PostConfirmation, existing: true}
      - cognitoUserPool:
          pool: other
          trigger: PostAuthentication
          existing: true
      - cognitoUserPool:
          pool: created
          trigger: PreSignUp
    timeout: 10
  users2:
    handler: users2.handler
    environment: *env
";

#[test]
fn several_extra_pools_get_a_function_each_with_comments_and_merge_keys() {
    let (shown, after) = fix(SEVERAL, POOLS);
    insta::assert_snapshot!(shown);
    assert_eq!(
        existing_pools(&after),
        [
            "UsersCustomCognitoUserPool1: \"legacy\" [\"CustomMessage\"]",
            "Users3CustomCognitoUserPool1: \"other\" [\"PreSignUp\", \"PostAuthentication\"]",
            "Users4CustomCognitoUserPool1: \"third\" [\"PostConfirmation\"]",
        ]
    );
    let resources = &template(&after)["Resources"];
    for copy in ["Users3LambdaFunction", "Users4LambdaFunction"] {
        let properties = &resources[copy]["Properties"];
        assert_eq!(properties["MemorySize"], 256, "{copy}");
        assert_eq!(properties["Timeout"], 10, "{copy}");
        assert_eq!(
            properties["Environment"]["Variables"]["TABLE"], "t",
            "{copy}"
        );
    }
    // The created pool and the http event stay with the original.
    assert!(resources["CognitoUserPoolCreated"].is_object());
}

#[test]
fn four_spaces_indentless_lists_and_crlf() {
    let text = "\
service: svc
provider:
    name: aws
    runtime: nodejs18.x
functions:
    users:
        handler: users.handler
        events:
        -   cognitoUserPool:
                pool: a
                trigger: CustomMessage
                existing: true
        -   cognitoUserPool:
                pool: b
                trigger: PreSignUp
                existing: true"
        .replace('\n', "\r\n");
    let (shown, after) = fix(&text, POOLS);
    insta::assert_snapshot!(shown);
    assert_eq!(existing_pools(&after).len(), 2);
}

#[test]
fn no_fix_for_flow_style_events() {
    let text = case("09-two-existing-pools-one-function").replace(
        "    events:\n      - cognitoUserPool:\n          pool: legacy-user-pool\n          trigger: CustomMessage\n          existing: true\n      - cognitoUserPool:\n          pool: other-pool\n          trigger: PreSignUp\n          existing: true\n",
        "    events: [{cognitoUserPool: {pool: a, trigger: CustomMessage, existing: true}}, {cognitoUserPool: {pool: b, trigger: PreSignUp, existing: true}}]\n",
    );
    assert!(text.contains("events: ["));
    assert_eq!(actions(&text, POOLS), []);
}

#[test]
fn depends_on_list_moves_to_a_new_extensions_section() {
    let (shown, after) = fix(&case("13-override-extra-properties-dependson"), DEPENDS_ON);
    insta::assert_snapshot!(shown);
    assert_eq!(
        depends_on(&after, "CognitoUserPoolMyUserPool"),
        [
            "PreSignUpLambdaFunction",
            "PostConfirmationLambdaFunction",
            "SomeOtherResource"
        ]
    );
}

#[test]
fn depends_on_scalar_becomes_a_list() {
    let (shown, after) = fix(&case("30-override-dependson-string"), DEPENDS_ON);
    insta::assert_snapshot!(shown);
    assert_eq!(
        depends_on(&after, "CognitoUserPoolMyUserPool"),
        [
            "PreSignUpLambdaFunction",
            "PostConfirmationLambdaFunction",
            "SomeTopic"
        ]
    );
}

const TWO_TRIGGERS: &str = "\
service: svc
provider:
    name: aws
    runtime: nodejs18.x
functions:
    preSignUp:
        handler: a.handler
        events:
            - cognitoUserPool:
                  pool: MyUserPool
                  trigger: PreSignUp
    postConfirmation:
        handler: b.handler
        events:
            - cognitoUserPool:
                  pool: MyUserPool
                  trigger: PostConfirmation
";

#[test]
fn depends_on_alone_takes_its_override_along_into_existing_extensions() {
    let text = format!(
        "{TWO_TRIGGERS}\
resources:
    Resources:
        Topic:
            Type: AWS::SNS::Topic
        CognitoUserPoolMyUserPool: # wait for the topic
            # one topic
            DependsOn:
                - Topic
    extensions:
      PreSignUpLambdaFunction:
        Properties:
          Description: first
"
    );
    let (shown, after) = fix(&text, DEPENDS_ON);
    insta::assert_snapshot!(shown);
    assert_eq!(
        depends_on(&after, "CognitoUserPoolMyUserPool"),
        [
            "PreSignUpLambdaFunction",
            "PostConfirmationLambdaFunction",
            "Topic"
        ]
    );
}

#[test]
fn depends_on_appended_to_an_existing_extension_list_with_crlf() {
    let text = format!(
        "{TWO_TRIGGERS}\
resources:
  Resources:
    CognitoUserPoolMyUserPool:
      Type: AWS::Cognito::UserPool
      DependsOn: [Topic, Queue] # both
    Topic:
      Type: AWS::SNS::Topic
    Queue:
      Type: AWS::SQS::Queue
    Earlier:
      Type: AWS::SNS::Topic
  extensions:
    CognitoUserPoolMyUserPool:
      DependsOn:
      - Earlier"
    )
    .replace('\n', "\r\n");
    let found = actions(&text, DEPENDS_ON);
    // A comment on the `DependsOn:` line would be lost appending items: no fix.
    assert_eq!(found, []);
    let text = text.replace(" # both", "");
    let (shown, after) = fix_merging(
        &text,
        DEPENDS_ON,
        &["DependsOn: [Topic, Queue]"],
        "DependsOn:[,]",
    );
    insta::assert_snapshot!(shown);
    assert_eq!(
        depends_on(&after, "CognitoUserPoolMyUserPool"),
        [
            "PreSignUpLambdaFunction",
            "PostConfirmationLambdaFunction",
            "Earlier",
            "Topic",
            "Queue"
        ]
    );
}

#[test]
fn depends_on_joins_an_existing_extension_of_the_resource() {
    let text = format!(
        "{TWO_TRIGGERS}\
resources:
  Resources:
    CognitoUserPoolMyUserPool:
      Type: AWS::Cognito::UserPool
      DependsOn:
        - Topic
    Topic:
      Type: AWS::SNS::Topic
  extensions:
    CognitoUserPoolMyUserPool:
        DeletionPolicy: Retain
"
    );
    let (shown, after) = fix(&text, DEPENDS_ON);
    insta::assert_snapshot!(shown);
    assert_eq!(
        depends_on(&after, "CognitoUserPoolMyUserPool"),
        [
            "PreSignUpLambdaFunction",
            "PostConfirmationLambdaFunction",
            "Topic"
        ]
    );
    let pool = &template(&after)["Resources"]["CognitoUserPoolMyUserPool"];
    assert_eq!(pool["DeletionPolicy"], "Retain");
}

#[test]
fn the_fixes_point_into_the_text() {
    // The edits are byte ranges of the analysed text, on line starts for the moved lines.
    let text = case("13-override-extra-properties-dependson");
    for action in actions(&text, DEPENDS_ON) {
        for (range, _) in &action.edits {
            assert!(range.end() <= TextSize::of(text.as_str()));
            let start = usize::from(range.start());
            assert!(start == 0 || text[..start].ends_with('\n'), "{action:?}");
        }
    }
}

/// Every fix offered on any oracle case's diagnostics leaves text that parses.
#[test]
fn every_fix_on_the_oracle_cases_leaves_yaml_that_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases");
    let mut offered = 0;
    for case in std::fs::read_dir(dir).unwrap() {
        let path = case.unwrap().path().join("serverless.yml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let analysis = analysed(&text);
        for diagnostic in &analysis.diagnostics {
            for action in code_actions(&analysis, diagnostic.range) {
                offered += 1;
                let fixed = apply(&text, &action);
                let parse = sls_syntax::parse(&fixed);
                assert!(parse.diagnostics.is_empty(), "{}: {fixed}", path.display());
            }
        }
    }
    assert!(offered >= 5, "only {offered} fixes offered");
}
