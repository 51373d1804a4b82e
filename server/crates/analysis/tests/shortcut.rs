//! `analyze` compiles the config it resolved only when resolving it again changes nothing; an
//! escaped `\${...}` would change (its `${` reads as a variable the second time).

use std::collections::BTreeMap;

use sls_analysis::{AnalysisInput, Settings, analyze};

const ESCAPED: &str = r#"service: shortcut
provider:
  name: aws
  runtime: nodejs18.x
custom:
  secret: resolved-twice
functions:
  f:
    handler: f.handler
    environment:
      LITERAL: "\\${self:custom.secret}"
"#;

#[test]
fn an_escaped_variable_stays_literal() {
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(ESCAPED, &settings, &env));
    let template = analysis.template().expect("it compiles");
    let literal = &template["Resources"]["FLambdaFunction"]["Properties"]["Environment"]["Variables"]
        ["LITERAL"];
    assert_eq!(literal, "${self:custom.secret}");
}
