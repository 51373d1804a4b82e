//! While the user types, the text is often broken: the parser's best-effort tree is compiled
//! anyway, so diagnostics keep flowing, and what only follows from the broken line is held back.

use std::collections::BTreeMap;

use sls_analysis::{AnalysisInput, Settings, analyze, render::render};

const SERVICE: &str = r#"service: typing
provider:
  name: aws
  runtime: nodejs18.x
functions:
  first:
    handler: first.handler
    events:
      - cognitoUserPool:
          pool: my-pool
          trigger: PreSignUp
  second:
    handler: second.handler
    events:
      - cognitoUserPool:
          pool: mypool
          trigger: "CustomMess
  third:
    handler: third.handler
    events:
      - cognitoUserPool:
          pool: Senders
          trigger: CustomSMSSender
"#;

fn rendered(text: &str, edited_line: Option<usize>) -> String {
    let settings = Settings::default();
    let env = BTreeMap::new();
    let input = AnalysisInput {
        edited_line,
        ..AnalysisInput::new(text, &settings, &env)
    };
    render(text, &analyze(&input).diagnostics)
}

/// An unclosed quote on line 17: the YAML error, and still the pool collision (lines 10, 16)
/// and the compile error (a custom sender without kmsKeyId, line 23). Nothing about the
/// trigger left empty by the broken line.
#[test]
fn a_broken_line_does_not_stop_the_other_diagnostics() {
    let text = rendered(SERVICE, Some(16));
    insta::assert_snapshot!(text);
    assert!(text.contains("[yaml-"), "{text}");
    assert!(text.contains("[pool-id-collision]"), "{text}");
    assert!(text.contains("[COGNITO_KMS_KEY_NOT_SET]"), "{text}");
    let on_line_17 = text.lines().filter(|l| l.starts_with("17:")).count();
    assert_eq!(on_line_17, 1, "only the YAML error on line 17:\n{text}");
}

/// The same service once the quote is closed: the compile error stays, the YAML error goes.
#[test]
fn once_fixed_only_the_real_problems_stay() {
    let fixed = SERVICE.replace("\"CustomMess\n", "CustomMessage\n");
    let text = rendered(&fixed, None);
    insta::assert_snapshot!(text);
    assert!(!text.contains("[yaml-"), "{text}");
}

/// A trigger not written yet, or written without a value: the framework would crash, and that
/// is the one diagnostic (the schema's "must have required property" says less), on the key
/// when there is no value to point at.
#[test]
fn a_trigger_being_typed_gives_one_diagnostic() {
    let event = "      - cognitoUserPool:\n          pool: Users\n";
    let base = format!(
        "service: typing\nprovider:\n  name: aws\n  runtime: nodejs18.x\nfunctions:\n  f:\n    handler: f.handler\n    events:\n{event}"
    );
    let missing = rendered(&base, None);
    let empty = rendered(&format!("{base}          trigger:\n"), Some(10));
    insta::assert_snapshot!(format!("missing:\n{missing}\nempty:\n{empty}"));
    assert_eq!(missing.matches(" error[").count(), 1, "{missing}");
    assert_eq!(empty.matches(" error[").count(), 1, "{empty}");
    assert!(empty.contains("11:11-11:18"), "on the key:\n{empty}");
}
