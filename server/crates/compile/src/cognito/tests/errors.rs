//! The framework's compile errors (9.1) in its order, and our codes where it crashes.

use serde_json::{Value as Json, json};

use super::{function, service};
use crate::ErrorCode;
use crate::cognito::test_support::Fixture;

fn sender(pool: &str, trigger: &str, kms: Option<&str>, existing: bool) -> Json {
    let mut body = json!({"pool": pool, "trigger": trigger});
    if let Some(kms) = kms {
        body["kmsKeyId"] = json!(kms);
    }
    if existing {
        body["existing"] = json!(true);
    }
    body
}

#[test]
fn two_existing_pools_in_one_function() {
    // Case 09: the message names the deployed function.
    let fixture = Fixture::new(service(json!({
        "users": function("users", &[
            sender("pool-a", "PreSignUp", None, true),
            sender("pool-b", "CustomMessage", None, true),
        ]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoMultipleUserPoolsPerFunction);
    assert_eq!(
        err.message,
        "Only one Cognito User Pool can be configured per function. In \"cup-test-dev-users\" you're attempting to configure \"pool-a\" and \"pool-b\" at the same time."
    );
    assert_eq!(
        err.ranges,
        [
            fixture.range("functions/users/events/1/cognitoUserPool/pool"),
            fixture.range("functions/users/events/0/cognitoUserPool/pool"),
        ]
    );
}

#[test]
fn kms_key_missing_on_a_new_pool() {
    // Case 22.
    let fixture = Fixture::new(service(json!({
        "sender": function("sender", &[sender("MyUserPool", "CustomEmailSender", None, false)]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoKmsKeyNotSet);
    assert_eq!(
        err.message,
        "KMS Key must be set when using a Custom Sender Source Trigger (CustomSMSSender and/or CustomEmailSender). Affected Cognito User Pool: \"MyUserPool\"."
    );
    assert_eq!(
        err.ranges,
        [
            fixture.range("functions/sender/events/0/cognitoUserPool/trigger"),
            fixture.range("functions/sender/events/0/cognitoUserPool/pool"),
        ]
    );
}

#[test]
fn kms_key_missing_on_an_existing_pool() {
    // Case 39.
    let fixture = Fixture::new(service(json!({
        "sms": function("sms", &[sender("legacy-user-pool", "CustomSMSSender", None, true)]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoKmsKeyNotSet);
    assert!(
        err.message
            .ends_with("Affected Cognito User Pool: \"legacy-user-pool\".")
    );
}

#[test]
fn two_kms_keys_on_one_new_pool() {
    // Case 23.
    let fixture = Fixture::new(service(json!({
        "sms": function("sms", &[sender("MyUserPool", "CustomSMSSender", Some("arn:aws:kms:one"), false)]),
        "email": function("email", &[sender("MyUserPool", "CustomEmailSender", Some("arn:aws:kms:two"), false)]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoKmsKeyIdNotSameForSingleUserPool);
    assert_eq!(
        err.message,
        "Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: \"MyUserPool\"."
    );
    assert_eq!(
        err.ranges,
        [
            fixture.range("functions/email/events/0/cognitoUserPool/kmsKeyId"),
            fixture.range("functions/sms/events/0/cognitoUserPool/kmsKeyId"),
        ]
    );
}

#[test]
fn two_kms_keys_on_one_existing_pool_across_functions() {
    // Case 40: existing pools share one map.
    let fixture = Fixture::new(service(json!({
        "sms": function("sms", &[sender("legacy", "CustomSMSSender", Some("arn:aws:kms:one"), true)]),
        "email": function("email", &[sender("legacy", "CustomEmailSender", Some("arn:aws:kms:two"), true)]),
    })));
    assert_eq!(
        fixture.error().code,
        ErrorCode::CognitoKmsKeyIdNotSameForSingleUserPool
    );
}

#[test]
fn equal_intrinsic_keys_are_the_same_key() {
    let get_att = json!({"Fn::GetAtt": ["k", "Arn"]});
    let fixture = Fixture::new(service(json!({
        "sms": function("sms", &[json!({"pool": "P", "trigger": "CustomSMSSender", "kmsKeyId": get_att})]),
        "email": function("email", &[json!({"pool": "P", "trigger": "CustomEmailSender", "kmsKeyId": get_att})]),
    })));
    assert!(fixture.compile().is_ok());
}

#[test]
fn new_pool_errors_come_before_existing_ones() {
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[sender("x", "PreSignUp", None, true), sender("y", "PreSignUp", None, true)]),
        "b": function("b", &[sender("P", "CustomSMSSender", None, false)]),
    })));
    assert_eq!(fixture.error().code, ErrorCode::CognitoKmsKeyNotSet);
}

#[test]
fn a_missing_trigger_crashes_after_every_pool_is_checked() {
    // Case 26; the KMS error of a later pool still comes first (pools, then permissions).
    let fixture = Fixture::new(service(json!({
        "preSignUp": function("preSignUp", &[json!({"pool": "MyUserPool"})]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoEventMissingProperty);
    assert!(
        err.message
            .contains("'functions.preSignUp.events.0.cognitoUserPool' has no 'trigger'")
    );
    assert_eq!(
        err.ranges,
        [fixture.range("functions/preSignUp/events/0/cognitoUserPool")]
    );

    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "MyUserPool"})]),
        "b": function("b", &[sender("Other", "CustomSMSSender", None, false)]),
    })));
    assert_eq!(fixture.error().code, ErrorCode::CognitoKmsKeyNotSet);
}

#[test]
fn a_missing_pool_crashes() {
    // Case 41.
    let fixture = Fixture::new(service(json!({
        "preSignUp": function("preSignUp", &[json!({"trigger": "PreSignUp"})]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoEventMissingProperty);
    assert!(err.message.contains("has no 'pool'"));
    assert_eq!(
        err.ranges,
        [fixture.range("functions/preSignUp/events/0/cognitoUserPool")]
    );
}

#[test]
fn an_object_pool_crashes() {
    // Case 42.
    let fixture = Fixture::new(service(json!({
        "preSignUp": function("preSignUp", &[json!({"pool": {"Ref": "SomePoolParam"}, "trigger": "PreSignUp"})]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoPoolNotString);
    assert_eq!(
        err.ranges,
        [fixture.range("functions/preSignUp/events/0/cognitoUserPool/pool")]
    );
}

#[test]
fn a_non_string_trigger_crashes() {
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[json!({"pool": "P", "trigger": 5})]),
    })));
    let err = fixture.error();
    assert_eq!(err.code, ErrorCode::CognitoTriggerNotString);
    assert_eq!(
        err.ranges,
        [fixture.range("functions/f/events/0/cognitoUserPool/trigger")]
    );
}

#[test]
fn existing_events_do_not_crash_on_missing_values() {
    // The framework writes `undefined` (an absent key) there instead of crashing.
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[json!({"existing": true})]),
    })));
    let ctx = fixture.compile().unwrap();
    let properties = &ctx.template["Resources"]["FCustomCognitoUserPool1"]["Properties"];
    assert_eq!(properties.get("UserPoolName"), None);
    assert_eq!(properties["UserPoolConfigs"], json!([{}]));
}
