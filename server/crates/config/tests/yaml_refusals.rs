//! js-yaml's refusals against js-yaml itself: for each text in `fixtures/yaml_refusals.json`,
//! the message js-yaml 4.3.2 threw when the framework's loader (CloudFormation schema,
//! `filename: "/svc/f.yml"`) read it (reason, line and column, snippet), byte for byte.

use std::fs;
use std::path::Path;

use sls_config::load_yaml;

#[test]
fn refusals_are_js_yamls() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml_refusals.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 19);
    let mut wrong = Vec::new();
    for case in &cases {
        let (yaml, js_yaml) = (
            case["yaml"].as_str().unwrap(),
            case["js_yaml"].as_str().unwrap(),
        );
        let got = match load_yaml(yaml) {
            Ok(_) => "(loaded)".to_owned(),
            Err(refusal) => refusal.js_yaml_message(yaml, Some(Path::new("/svc/f.yml"))),
        };
        if got != js_yaml {
            wrong.push(format!(
                "{yaml:?}\n  js-yaml: {js_yaml:?}\n  ours:    {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_loadable_text_loads() {
    let value = load_yaml("a: !Ref B\nb: [1, 2]\n").unwrap().unwrap();
    assert_eq!(
        value.to_json(),
        serde_json::json!({"a": {"Ref": "B"}, "b": [1, 2]})
    );
    assert_eq!(load_yaml("# nothing\n").unwrap(), None);
}
