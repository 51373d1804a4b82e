//! Each rule with a passing and a failing case. Expected lines are the framework's own
//! (oracle cases 07, 21, 24, 26, 33, 38, 41, 42, 43 and runs of serverless@3.40.0 on the
//! variants here, in `configValidationMode: error`).

use serde_json::json;
use sls_text::TextRange;

use super::check_schema;
use crate::diagnostic::DiagnosticCode;
use crate::test_nodes::Src;
use crate::{Value, value_from_node};

const TRIGGERS_MESSAGE: &str = "must be equal to one of the allowed values [PreSignUp, PostConfirmation, PreAuthentication, PostAuthentication, PreTokenGeneration, CustomMessage, DefineAuthChallenge, CreateAuthChallenge, VerifyAuthChallengeResponse, UserMigration, CustomSMSSender, CustomEmailSender]";

fn config(functions: serde_json::Value) -> Value {
    Value::from_json(&json!({ "functions": functions }), TextRange::default())
}

/// The framework's lines for a config with one function `f` holding one cognito event.
fn lines_for_event(body: serde_json::Value) -> Vec<String> {
    lines(&config(
        json!({"f": {"handler": "h.h", "events": [{"cognitoUserPool": body}]}}),
    ))
}

fn lines(root: &Value) -> Vec<String> {
    check_schema(root)
        .iter()
        .map(|v| v.framework_line())
        .collect()
}

const AT: &str = "at 'functions.f.events.0.cognitoUserPool";

#[test]
fn a_valid_event_has_no_violation() {
    let cases = [
        json!({"pool": "MyUserPool", "trigger": "PreSignUp"}),
        json!({"pool": "my-user_pool 2.0@corp+x=y,z", "trigger": "CustomSMSSender",
               "existing": true, "forceDeploy": false,
               "kmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/abc"}),
        json!({"pool": "P", "trigger": "CustomEmailSender", "kmsKeyId": {"Fn::GetAtt": ["k", "Arn"]}}),
    ];
    for body in cases {
        assert_eq!(
            lines_for_event(body.clone()),
            Vec::<String>::new(),
            "{body}"
        );
    }
}

#[test]
fn unknown_trigger() {
    assert_eq!(
        lines_for_event(json!({"pool": "MyUserPool", "trigger": "PreSignup"})),
        [format!("{AT}.trigger': {TRIGGERS_MESSAGE}")]
    );
    // An enum coerces nothing.
    assert_eq!(
        lines_for_event(json!({"pool": "P", "trigger": 123})),
        [format!("{AT}.trigger': {TRIGGERS_MESSAGE}")]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "P", "trigger": ["PreSignUp"]})),
        [format!("{AT}.trigger': {TRIGGERS_MESSAGE}")]
    );
}

#[test]
fn unknown_trigger_suggests_the_closest() {
    let hint = |trigger: &str| {
        let root = config(
            json!({"f": {"events": [{"cognitoUserPool": {"pool": "P", "trigger": trigger}}]}}),
        );
        let violations = check_schema(&root);
        assert_eq!(violations[0].code, DiagnosticCode::UnknownTrigger);
        violations[0].hint.clone()
    };
    assert_eq!(
        hint("PreSignup").as_deref(),
        Some("did you mean 'PreSignUp'?")
    );
    assert_eq!(
        hint("PostConfirm").as_deref(),
        Some("did you mean 'PostConfirmation'?")
    );
    assert_eq!(hint("Whatever"), None);
}

#[test]
fn unrecognized_property() {
    assert_eq!(
        lines_for_event(json!({"pool": "P", "trigger": "CustomSMSSender",
            "kmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/abc", "lambdaVersion": "V1_0"})),
        [format!("{AT}': unrecognized property 'lambdaVersion'")]
    );
    let root = config(
        json!({"f": {"events": [{"cognitoUserPool": {"pool": "P", "trigger": "PreSignUp", "Existing": true}}]}}),
    );
    assert_eq!(
        check_schema(&root)[0].hint.as_deref(),
        Some("did you mean 'existing'?")
    );
}

#[test]
fn unrecognized_property_with_null_is_absent() {
    assert!(
        lines_for_event(json!({"pool": "P", "trigger": "PreSignUp", "extra": null})).is_empty()
    );
}

#[test]
fn missing_properties() {
    assert_eq!(
        lines_for_event(json!({"pool": "MyUserPool"})),
        [format!("{AT}': must have required property 'trigger'")]
    );
    assert_eq!(
        lines_for_event(json!({"trigger": "PreSignUp"})),
        [format!("{AT}': must have required property 'pool'")]
    );
    // A null value was removed before validation.
    assert_eq!(
        lines_for_event(json!({"pool": null, "trigger": "PreSignUp"})),
        [format!("{AT}': must have required property 'pool'")]
    );
    assert_eq!(
        lines_for_event(json!({})),
        [
            format!("{AT}': must have required property 'pool'"),
            format!("{AT}': must have required property 'trigger'"),
        ]
    );
}

#[test]
fn pool_must_be_a_string() {
    assert_eq!(
        lines_for_event(json!({"pool": {"Ref": "SomePoolParam"}, "trigger": "PreSignUp"})),
        [format!("{AT}.pool': must be string")]
    );
    assert_eq!(
        lines_for_event(json!({"pool": ["a", "b"], "trigger": "PreSignUp"})),
        [format!("{AT}.pool': must be string")]
    );
    // Coerced without complaint.
    for pool in [json!(123), json!(true), json!(["MyPool"])] {
        assert!(lines_for_event(json!({"pool": pool, "trigger": "PreSignUp"})).is_empty());
    }
}

#[test]
fn pool_pattern_and_length() {
    let pattern = format!(r#"{AT}.pool': must match pattern "^[\w\s+=,.@-]+$""#);
    let too_long = format!("{AT}.pool': must NOT have more than 128 characters");
    assert_eq!(
        lines_for_event(json!({"pool": "my/pool:with*bad#chars", "trigger": "PreSignUp"})),
        [pattern.as_str()]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "", "trigger": "PreSignUp"})),
        [pattern.as_str()]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "p".repeat(130), "trigger": "PreSignUp"})),
        [too_long.as_str()]
    );
    assert!(lines_for_event(json!({"pool": "p".repeat(128), "trigger": "PreSignUp"})).is_empty());
    // Length first, then pattern; characters, not bytes, count.
    assert_eq!(
        lines_for_event(json!({"pool": format!("{}/pp", "p".repeat(127)), "trigger": "PreSignUp"})),
        [too_long.as_str(), pattern.as_str()]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "é".repeat(128), "trigger": "PreSignUp"})),
        [pattern.as_str()]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "é".repeat(129), "trigger": "PreSignUp"})),
        [too_long.as_str(), pattern.as_str()]
    );
}

#[test]
fn flags_must_be_booleans() {
    assert_eq!(
        lines_for_event(
            json!({"pool": "P", "trigger": "PreSignUp", "existing": "maybe", "forceDeploy": 2})
        ),
        [
            format!("{AT}.existing': must be boolean"),
            format!("{AT}.forceDeploy': must be boolean"),
        ]
    );
    assert_eq!(
        lines_for_event(json!({"pool": "P", "trigger": "PreSignUp", "existing": "True"})),
        [format!("{AT}.existing': must be boolean")]
    );
    for (existing, force) in [
        (json!("true"), json!("false")),
        (json!(1), json!(0)),
        (json!([true]), json!(["false"])),
        (json!(false), json!(null)),
    ] {
        let body = json!({"pool": "P", "trigger": "PreSignUp", "existing": existing, "forceDeploy": force});
        assert!(lines_for_event(body.clone()).is_empty(), "{body}");
    }
}

#[test]
fn kms_key_id_format() {
    let string_format = format!("{AT}.kmsKeyId': unsupported string format");
    let config_format = format!("{AT}.kmsKeyId': unsupported configuration format");
    let with_kms = |kms: serde_json::Value| {
        lines_for_event(json!({"pool": "P", "trigger": "PreSignUp", "kmsKeyId": kms}))
    };
    for kms in [
        json!("not-an-arn"),
        json!(""),
        json!(123),
        json!(true),
        json!(["x"]),
    ] {
        assert_eq!(with_kms(kms.clone()), [string_format.as_str()], "{kms}");
    }
    for kms in [json!(["a", "b"]), json!([])] {
        assert_eq!(with_kms(kms.clone()), [config_format.as_str()], "{kms}");
    }
    // Any mapping passes (the Fn::Base64 variant has no required key); so does a one-item list.
    for kms in [
        json!({"Foo": "bar"}),
        json!({"Fn::GetAtt": ["a"]}),
        json!({"Ref": "Key"}),
        json!(["arn:aws:kms:x"]),
        json!("arn:aws-us-gov:kms:us-gov-west-1:1:key/x"),
    ] {
        assert!(with_kms(kms.clone()).is_empty(), "{kms}");
    }
}

#[test]
fn errors_in_ajv_order() {
    // Oracle case 43 (order: unrecognized, pool, existing), extended with every property.
    assert_eq!(
        lines_for_event(
            json!({"zzz": 1, "pool": "bad/name", "aaa": 2, "trigger": "Nope",
            "existing": "maybe", "forceDeploy": "no", "kmsKeyId": "nope"})
        ),
        [
            format!("{AT}': unrecognized property 'zzz'"),
            format!("{AT}': unrecognized property 'aaa'"),
            format!(r#"{AT}.pool': must match pattern "^[\w\s+=,.@-]+$""#),
            format!("{AT}.trigger': {TRIGGERS_MESSAGE}"),
            format!("{AT}.existing': must be boolean"),
            format!("{AT}.forceDeploy': must be boolean"),
            format!("{AT}.kmsKeyId': unsupported string format"),
        ]
    );
    assert_eq!(
        lines_for_event(json!({"zzz": 1, "existing": "maybe"})),
        [
            format!("{AT}': must have required property 'pool'"),
            format!("{AT}': must have required property 'trigger'"),
            format!("{AT}': unrecognized property 'zzz'"),
            format!("{AT}.existing': must be boolean"),
        ]
    );
}

#[test]
fn variables_are_not_checked_before_resolution() {
    assert!(
        lines_for_event(
            json!({"pool": "users-${sls:stage}/x", "trigger": "${self:custom.t}",
        "existing": "${opt:existing}", "kmsKeyId": "${ssm:key}"})
        )
        .is_empty()
    );
    assert!(lines_for_event(json!("${file(cup.yml)}")).is_empty());
    // The rest of the event still is.
    assert_eq!(
        lines_for_event(json!({"pool": "${sls:stage}", "trigger": "PreSignup"})),
        [format!("{AT}.trigger': {TRIGGERS_MESSAGE}")]
    );
}

#[test]
fn event_shapes() {
    let root = config(json!({
        "v1": {"events": ["cognitoUserPool"]},
        "v2": {"events": [{}]},
        "v3": {"events": [{"cognitoUserPool": null}]},
        "v4": {"events": [{"cognitoUserPool": "str"}]},
        "v5": {"events": [{"cognitoUserPool": ["a"]}]},
        "v6": {"events": [{"cognitoUserPool": {"pool": "P", "trigger": "Bad"}, "http": {"path": "x", "method": "get"}}]},
        "v7": {"events": [{"cognitoUserPool": {"pool": "P", "trigger": "PreSignUp"}, "foo": 1}]},
        "v8": {"events": [null]},
        "v9": {"events": [{"cognitoUserPool": {}}]},
        "w1": {"events": {}},
        "w2": {"events": "str"},
        "w3": {"events": [{"foo": 1}]},
        "w4": null,
        "a.b": {"events": [{"cognitoUserPool": {"pool": "P", "trigger": "Bad"}}]},
        "w6": [],
        "w7": {"events": [{"http": "GET /", "sqs": "arn"}]},
    }));
    assert_eq!(
        lines(&root),
        [
            "at 'functions': name 'a.b' must be alphanumeric",
            "at 'functions.v1.events.0': must be object",
            "at 'functions.v2.events.0': unsupported function event",
            "at 'functions.v3.events.0': unsupported function event",
            "at 'functions.v4.events.0.cognitoUserPool': must be object",
            "at 'functions.v5.events.0.cognitoUserPool': must be object",
            "at 'functions.v6.events.0': unrecognized property 'cognitoUserPool'",
            "at 'functions.v7.events.0': unrecognized property 'foo'",
            "at 'functions.v8.events.0': must be object",
            "at 'functions.v9.events.0.cognitoUserPool': must have required property 'pool'",
            "at 'functions.v9.events.0.cognitoUserPool': must have required property 'trigger'",
            "at 'functions.w1.events': must be array",
            "at 'functions.w2.events.0': must be object",
            "at 'functions.w3.events.0': unsupported function event",
            "at 'functions.w6': must be object",
            "at 'functions.w7.events.0': unrecognized property 'sqs'",
        ]
    );
}

#[test]
fn unsupported_event_suggests_the_kind() {
    let root = config(json!({"f": {"events": [{"cognitoUserpool": {"pool": "P"}}]}}));
    let violations = check_schema(&root);
    assert_eq!(violations[0].code, DiagnosticCode::UnsupportedEvent);
    assert_eq!(
        violations[0].hint.as_deref(),
        Some("did you mean 'cognitoUserPool'?")
    );
}

#[test]
fn ranges_point_at_the_text_at_fault() {
    let src = Src::new(
        "functions:\n  a.b:\n    x: 1\n  f:\n    events:\n      - cognitoUserPool:\n          pool: bad/name\n          trigger: PreSignup\n          lambdaVersion: V1_0\n      - cognitoUserPool:\n          existing: maybe\n",
    );
    let event1;
    let event2;
    let root = src.mapping(vec![(
        src.plain("functions"),
        src.mapping(vec![
            (
                src.plain("a.b"),
                src.mapping(vec![(src.plain("x"), src.plain("1"))]),
            ),
            (
                src.plain("f"),
                src.mapping(vec![(src.plain("events"), {
                    event1 = src.mapping(vec![(
                        src.plain("cognitoUserPool"),
                        src.mapping(vec![
                            (src.plain("pool"), src.plain("bad/name")),
                            (src.plain("trigger"), src.plain("PreSignup")),
                            (src.plain("lambdaVersion"), src.plain("V1_0")),
                        ]),
                    )]);
                    event2 = src.mapping(vec![(
                        src.plain("cognitoUserPool"),
                        src.mapping(vec![(src.plain("existing"), src.plain("maybe"))]),
                    )]);
                    src.sequence(vec![event1.clone(), event2.clone()])
                })]),
            ),
        ]),
    )]);
    let (value, diagnostics) = value_from_node(&root);
    assert!(diagnostics.is_empty());
    let found: Vec<(DiagnosticCode, &str)> = check_schema(&value)
        .iter()
        .map(|v| (v.code, src.slice(v.range)))
        .collect();
    let event2_text = src.slice(event2.range);
    assert_eq!(
        found,
        [
            (DiagnosticCode::FunctionNameInvalid, "a.b"),
            (DiagnosticCode::CognitoUnrecognizedProperty, "lambdaVersion"),
            (DiagnosticCode::PoolPattern, "bad/name"),
            (DiagnosticCode::UnknownTrigger, "PreSignup"),
            (DiagnosticCode::CognitoMissingProperty, event2_text),
            (DiagnosticCode::CognitoMissingProperty, event2_text),
            (DiagnosticCode::NotBoolean, "maybe"),
        ]
    );
}

/// Violations of function properties, the provider and resources point at the value at fault,
/// the key of an unrecognized property, or the mapping missing a required one.
#[test]
fn property_violations_point_at_the_text_at_fault() {
    let text = "provider:\n  name: aws\n  timeout: 0\nfunctions:\n  f:\n    memory: 512\n    memorySize: 64\n    events:\n      - cognitoUserPool: {pool: P, trigger: Nope}\nresources:\n  Resources:\n    Topic:\n      Properties: {}\n";
    let parse = sls_syntax::parse(text);
    let (value, _) = value_from_node(parse.root.as_ref().unwrap());
    let found: Vec<(String, DiagnosticCode, &str)> = check_schema(&value)
        .iter()
        .map(|v| (v.framework_line(), v.code, &text[v.range]))
        .collect();
    assert_eq!(
        found,
        [
            (
                "at 'functions.f': unrecognized property 'memory'".to_owned(),
                DiagnosticCode::UnrecognizedProperty,
                "memory"
            ),
            (
                format!("at 'functions.f.events.0.cognitoUserPool.trigger': {TRIGGERS_MESSAGE}"),
                DiagnosticCode::UnknownTrigger,
                "Nope"
            ),
            (
                "at 'functions.f.memorySize': must be >= 128".to_owned(),
                DiagnosticCode::OutOfRange,
                "64"
            ),
            (
                "at 'provider.timeout': must be >= 1".to_owned(),
                DiagnosticCode::OutOfRange,
                "0"
            ),
            (
                "at 'resources.Resources.Topic': must have required property 'Type'".to_owned(),
                DiagnosticCode::MissingProperty,
                "Properties: {}"
            ),
        ]
    );
}

#[test]
fn coercible_property_values_are_no_violation() {
    let root = config(json!({"f": {
        "memorySize": "512", "timeout": ["30"], "reservedConcurrency": "2", "description": 5,
        "versionFunction": "false", "tags": {"n": 1}, "environment": {"N": 1},
        "url": {"cors": {"allowedOrigins": "https://a.com"}}, "dependsOn": "X",
    }}));
    assert_eq!(lines(&root), Vec::<String>::new());
    // Nor a variable, before it is resolved.
    let root = config(json!({"f": {"memorySize": "${self:custom.memory}"}}));
    assert_eq!(lines(&root), Vec::<String>::new());
    // But a fraction is no integer, and a word no number.
    let root = config(json!({"f": {"memorySize": "512.5", "timeout": "soon"}}));
    assert_eq!(
        lines(&root),
        [
            "at 'functions.f.memorySize': must be integer",
            "at 'functions.f.timeout': must be integer"
        ]
    );
}
