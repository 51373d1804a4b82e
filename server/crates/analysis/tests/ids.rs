//! The logical ID table later features ask (completion, hover, go to definition): which IDs the
//! compiler generated and from which config, which the user wrote, which are both.

use std::collections::BTreeMap;
use std::fmt::Write;

use sls_analysis::{AnalysisInput, Section, Settings, analyze};

const SERVICE: &str = r#"service: ids
provider:
  name: aws
  runtime: nodejs18.x
functions:
  preSignUp:
    handler: pre.handler
    events:
      - cognitoUserPool:
          pool: Users
          trigger: PreSignUp
resources:
  Parameters:
    Stage:
      Type: String
  Resources:
    Topic:
      Type: AWS::SNS::Topic
    CognitoUserPoolUsers:
      Properties:
        MfaConfiguration: "OFF"
  Outputs:
    TopicArn:
      Value: !Ref Topic
"#;

fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

#[test]
fn generated_and_user_ids_with_their_origins() {
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(SERVICE, &settings, &env));
    assert!(analysis.ids.complete);
    let mut table = String::new();
    for id in analysis.ids.iter() {
        let origins: Vec<String> = id
            .origins
            .iter()
            .map(|o| format!("{:?}@{}", o.kind, line_of(SERVICE, o.range.start().into())))
            .collect();
        let _ = writeln!(
            table,
            "{:10} {:45} generated={:5} type={:28} user_key={:8} origins=[{}]",
            id.section.as_str(),
            id.name,
            id.generated,
            id.resource_type.as_deref().unwrap_or("-"),
            id.user_key.map_or("-".to_owned(), |r| format!(
                "line {}",
                line_of(SERVICE, r.start().into())
            )),
            origins.join(", ")
        );
    }
    insta::assert_snapshot!(table);
    assert!(analysis.ids.is_ref_target("Stage"));
    assert!(analysis.ids.get(Section::Parameters, "Topic").is_none());
}

#[test]
fn a_failed_compilation_leaves_only_the_users_ids() {
    let broken = SERVICE.replace("trigger: PreSignUp", "trigger: CustomSMSSender");
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(&broken, &settings, &env));
    assert!(analysis.compile_error().is_some());
    assert!(!analysis.ids.complete);
    let names: Vec<&str> = analysis.ids.iter().map(|id| id.name.as_str()).collect();
    assert_eq!(
        names,
        ["Topic", "CognitoUserPoolUsers", "TopicArn", "Stage"]
    );
    assert!(analysis.ids.iter().all(|id| !id.generated));
}
