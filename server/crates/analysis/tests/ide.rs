//! The editor features as pure functions over an analysis (the protocol tests in
//! `server/tests/lsp` cover the same features through the language server).

use std::collections::BTreeMap;

use sls_analysis::ide::{completion, definition, hover, inlay_hints, symbols};
use sls_analysis::{Analysis, AnalysisInput, Settings, TextSize, analyze};

const SERVICE: &str = "\
service: svc
provider:
  name: aws
  runtime: nodejs18.x
custom:
  pool: users
functions:
  signUp:
    handler: h.handler
    events:
      - cognitoUserPool:
          pool: ${self:custom.pool}
          trigger: PreSignUp
resources:
  Resources:
    Topic:
      Type: AWS::SNS::Topic
      DependsOn: CognitoUserPoolUsers
";

/// The analysis of `marked` without its `|`, and the cursor.
fn analysed(marked: &str) -> (Analysis, TextSize) {
    let at = marked.find('|').expect("a | cursor");
    let text = marked.replacen('|', "", 1);
    let settings = Settings::default();
    let env = BTreeMap::new();
    (
        analyze(&AnalysisInput::new(&text, &settings, &env)),
        TextSize::from(at as u32),
    )
}

fn labels(marked: &str) -> Vec<String> {
    let (analysis, at) = analysed(marked);
    completion(&analysis, at)
        .into_iter()
        .map(|i| i.label)
        .collect()
}

#[test]
fn triggers_complete_on_a_line_that_breaks_the_yaml() {
    // An unclosed quote: the document does not parse past it.
    let marked = SERVICE.replace("trigger: PreSignUp", "trigger: \"Pre|");
    let (analysis, _) = analysed(&marked);
    assert!(
        !analysis.parse.diagnostics.is_empty(),
        "the text should not parse cleanly"
    );
    let found = labels(&marked);
    assert_eq!(found.len(), 12, "{found:?}");
    assert_eq!(found[0], "PreSignUp");
}

#[test]
fn depends_on_value_offers_the_generated_pool() {
    let marked = SERVICE.replace("DependsOn: CognitoUserPoolUsers", "DependsOn: Cog|");
    let found = labels(&marked);
    assert!(
        found.contains(&"CognitoUserPoolUsers".to_owned()),
        "{found:?}"
    );
    assert!(
        found.contains(&"SignUpLambdaFunction".to_owned()),
        "{found:?}"
    );
}

#[test]
fn nothing_is_offered_in_plain_values() {
    let marked = SERVICE.replace("handler: h.handler", "handler: h.ha|ndler");
    assert_eq!(labels(&marked), Vec::<String>::new());
}

#[test]
fn hover_on_a_depends_on_target_shows_the_generated_pool_with_its_resolved_name() {
    let marked = SERVICE.replace(
        "DependsOn: CognitoUserPoolUsers",
        "DependsOn: CognitoUser|PoolUsers",
    );
    let (analysis, at) = analysed(&marked);
    let hover = hover(&analysis, at).expect("a hover");
    insta::assert_snapshot!(hover.markdown, @r"
    **CognitoUserPoolUsers** (AWS::Cognito::UserPool, generated)
    ```yaml
    CognitoUserPoolUsers:
      Type: AWS::Cognito::UserPool
      Properties:
        UserPoolName: users
        LambdaConfig:
          PreSignUp:
            Fn::GetAtt:
              - SignUpLambdaFunction
              - Arn
      DependsOn:
        - SignUpLambdaFunction
    ```
    ");
}

#[test]
fn definition_of_a_generated_id_is_the_event_that_makes_it() {
    let marked = SERVICE.replace(
        "DependsOn: CognitoUserPoolUsers",
        "DependsOn: CognitoUser|PoolUsers",
    );
    let (analysis, at) = analysed(&marked);
    let found = definition(&analysis, at);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        analysis.text[found[0]].starts_with("cognitoUserPool:"),
        "{:?}",
        &analysis.text[found[0]]
    );
}

#[test]
fn hints_and_symbols() {
    let (analysis, _) = analysed(&format!("|{SERVICE}"));
    let hints: Vec<String> = inlay_hints(&analysis)
        .into_iter()
        .map(|h| {
            let before = &analysis.text[..usize::from(h.offset)];
            let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
            format!("{}‹{}›", line.trim_start(), h.label)
        })
        .collect();
    assert_eq!(
        hints,
        [
            "signUp:‹SignUpLambdaFunction›",
            "pool: ${self:custom.pool}‹CognitoUserPoolUsers›"
        ]
    );
    let names: Vec<String> = symbols(analysis.value.as_ref().unwrap())
        .into_iter()
        .map(|s| format!("{:?} {} {}", s.kind, s.name, s.children.len()))
        .collect();
    assert_eq!(names, ["Function signUp 1", "Resource Topic 0"]);
}

/// Empty values still compile, so the generated IDs are there to offer.
#[test]
fn empty_reference_values_offer_the_generated_ids() {
    let lines = [
        "      DependsOn: |",
        "      DependsOn:\n        - |",
        "      Properties:\n        X:\n          Ref: |",
        "      Properties:\n        X: !GetAtt |",
        "      Properties:\n        X:\n          Fn::GetAtt:\n            - |",
    ];
    for line in lines {
        let marked = SERVICE.replace("      DependsOn: CognitoUserPoolUsers", line);
        let found = labels(&marked);
        assert!(
            found.contains(&"CognitoUserPoolUsers".to_owned()),
            "{line:?}: {found:?}"
        );
    }
}

#[test]
fn get_att_list_form_offers_the_attributes_of_the_first_item() {
    let marked = SERVICE.replace(
        "      DependsOn: CognitoUserPoolUsers",
        "      Properties:\n        X:\n          Fn::GetAtt:\n            - CognitoUserPoolUsers\n            - |",
    );
    assert_eq!(
        labels(&marked),
        ["Arn", "ProviderName", "ProviderURL", "UserPoolId"]
    );
}
