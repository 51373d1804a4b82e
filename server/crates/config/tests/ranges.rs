//! Ranges through the real parser: every value's range is the text it was written as.

use sls_config::{ConfigDiagnostic, Value, check_schema, value_from_node};

fn load(yaml: &str) -> (Value, Vec<ConfigDiagnostic>) {
    let parse = sls_syntax::parse(yaml);
    value_from_node(parse.root.as_ref().expect("a document"))
}

#[test]
fn short_forms_span_their_tag_and_value() {
    let yaml = "a: !GetAtt kmsKey.Arn\nb: !Ref\nc: !Sub [x, {y: 1}]\n";
    let (value, diagnostics) = load(yaml);
    assert!(diagnostics.is_empty());
    let a = value.get("a").unwrap();
    assert_eq!(&yaml[a.range], "!GetAtt kmsKey.Arn");
    let entry = a.as_mapping().unwrap().entry("Fn::GetAtt").unwrap();
    assert_eq!(&yaml[entry.key_range], "!GetAtt");
    let parts: Vec<&str> = entry
        .value
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| &yaml[v.range])
        .collect();
    assert_eq!(parts, ["kmsKey", "Arn"]);
    assert_eq!(
        value.get("b").unwrap().to_json(),
        serde_json::json!({"Ref": null})
    );
    let c = value.get("c").unwrap();
    assert_eq!(&yaml[c.range], "!Sub [x, {y: 1}]");
}

#[test]
fn unknown_tag_at_its_text() {
    let yaml = "provider:\n  name: !Foo aws\n";
    let (value, diagnostics) = load(yaml);
    assert_eq!(
        value.get_path(["provider", "name"]).unwrap().as_str(),
        Some("aws")
    );
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(&yaml[diagnostics[0].range], "!Foo");
    assert_eq!(diagnostics[0].message, "unknown tag !<!Foo>");
}

#[test]
fn violations_in_an_aliased_event_point_at_the_anchored_text() {
    let yaml = "custom:\n  events: &ev\n    - cognitoUserPool: {pool: P, trigger: PreSignup}\nfunctions:\n  f:\n    events: *ev\n";
    let (value, _) = load(yaml);
    let violations = check_schema(&value);
    assert_eq!(violations.len(), 1);
    assert_eq!(
        violations[0].path,
        "functions.f.events.0.cognitoUserPool.trigger"
    );
    assert_eq!(&yaml[violations[0].range], "PreSignup");
    let functions_at = yaml.find("functions").unwrap() as u32;
    assert!(
        u32::from(violations[0].range.start()) < functions_at,
        "under custom:, where it is written"
    );
}
