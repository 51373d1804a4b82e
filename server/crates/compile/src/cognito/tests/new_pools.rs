use insta::assert_snapshot;
use serde_json::json;

use super::{function, service};
use crate::cognito::test_support::{Fixture, ids};

#[test]
fn one_pool_two_functions() {
    // Case 01.
    let fixture = Fixture::new(service(json!({
        "preSignUp": function("preSignUp", &[json!({"pool": "MyUserPool", "trigger": "PreSignUp"})]),
        "customMessage": function("customMessage", &[json!({"pool": "MyUserPool", "trigger": "CustomMessage"})]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn all_pools_come_before_all_permissions() {
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "PoolA", "trigger": "PreSignUp"})]),
        "b": function("b", &[
            json!({"pool": "PoolB", "trigger": "PreSignUp"}),
            json!({"pool": "PoolA", "trigger": "CustomMessage"}),
        ]),
    })));
    let ctx = fixture.compile().unwrap();
    assert_eq!(
        ids(&ctx),
        [
            "CognitoUserPoolPoolA",
            "CognitoUserPoolPoolB",
            "ALambdaPermissionCognitoUserPoolPoolATriggerSourcePreSignUp",
            "BLambdaPermissionCognitoUserPoolPoolBTriggerSourcePreSignUp",
            "BLambdaPermissionCognitoUserPoolPoolATriggerSourceCustomMessage",
        ]
    );
    let pool_a = &ctx.template["Resources"]["CognitoUserPoolPoolA"];
    assert_eq!(
        pool_a["DependsOn"],
        json!(["ALambdaFunction", "BLambdaFunction"])
    );
}

#[test]
fn the_same_trigger_twice_keeps_its_place_and_the_last_function() {
    // Case 16: one DependsOn entry per event, duplicates kept.
    let fixture = Fixture::new(service(json!({
        "first": function("first", &[json!({"pool": "MyUserPool", "trigger": "PreSignUp"})]),
        "second": function("second", &[
            json!({"pool": "MyUserPool", "trigger": "PreSignUp"}),
            json!({"pool": "MyUserPool", "trigger": "PostConfirmation"}),
        ]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn pools_sharing_a_logical_id_merge() {
    // Case 17: the later merge wins the name; DependsOn merges by index.
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "my-pool", "trigger": "PreSignUp"})]),
        "b": function("b", &[json!({"pool": "mypool", "trigger": "PostConfirmation"})]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn a_repeated_pool_merges_again_in_its_place() {
    // pools[] keeps duplicates: my-pool, mypool, my-pool leaves my-pool's name last.
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "my-pool", "trigger": "PreSignUp"})]),
        "b": function("b", &[json!({"pool": "mypool", "trigger": "PostConfirmation"})]),
        "c": function("c", &[json!({"pool": "my-pool", "trigger": "CustomMessage"})]),
    })));
    let ctx = fixture.compile().unwrap();
    let pool = &ctx.template["Resources"]["CognitoUserPoolMypool"];
    assert_eq!(pool["Properties"]["UserPoolName"], "my-pool");
    assert_eq!(
        pool["DependsOn"],
        json!(["ALambdaFunction", "CLambdaFunction"])
    );
}

#[test]
fn custom_senders_carry_lambda_version_and_the_pool_key() {
    // Case 37's order: KMSKeyID follows the first custom sender.
    let kms = "arn:aws:kms:us-east-1:111111111111:key/k1";
    let fixture = Fixture::new(service(json!({
        "sms": function("sms", &[json!({"pool": "MyUserPool", "trigger": "CustomSMSSender", "kmsKeyId": kms})]),
        "email": function("email", &[json!({"pool": "MyUserPool", "trigger": "CustomEmailSender", "kmsKeyId": kms, "lambdaVersion": "V2_0"})]),
        "pre": function("pre", &[json!({"pool": "MyUserPool", "trigger": "PreSignUp"})]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn an_intrinsic_kms_key_is_copied_verbatim() {
    let fixture = Fixture::new(service(json!({
        "email": function("email", &[
            json!({"pool": "P", "trigger": "CustomEmailSender", "kmsKeyId": {"Fn::GetAtt": ["kmsKey", "Arn"]}}),
            json!({"pool": "P", "trigger": "CustomSMSSender", "kmsKeyId": {"Fn::GetAtt": ["kmsKey", "Arn"]}}),
        ]),
    })));
    let ctx = fixture.compile().unwrap();
    let config = &ctx.template["Resources"]["CognitoUserPoolP"]["Properties"]["LambdaConfig"];
    assert_eq!(config["KMSKeyID"], json!({"Fn::GetAtt": ["kmsKey", "Arn"]}));
    let keys: Vec<&String> = config.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["CustomEmailSender", "KMSKeyID", "CustomSMSSender"]);
}

#[test]
fn kms_keys_are_checked_per_pool() {
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "One", "trigger": "CustomSMSSender", "kmsKeyId": "arn:aws:kms:k1"})]),
        "b": function("b", &[json!({"pool": "Two", "trigger": "CustomSMSSender", "kmsKeyId": "arn:aws:kms:k2"})]),
    })));
    assert!(fixture.compile().is_ok());
}

#[test]
fn kms_key_on_a_normal_trigger_is_ignored() {
    // Case 38.
    let fixture = Fixture::new(service(json!({
        "pre": function("pre", &[json!({"pool": "P", "trigger": "PreSignUp", "kmsKeyId": "not-an-arn"})]),
    })));
    let ctx = fixture.compile().unwrap();
    let config = &ctx.template["Resources"]["CognitoUserPoolP"]["Properties"]["LambdaConfig"];
    assert_eq!(
        config,
        &json!({"PreSignUp": {"Fn::GetAtt": ["PreLambdaFunction", "Arn"]}})
    );
}

#[test]
fn an_alias_is_the_target_and_the_dependency() {
    // Case 20.
    let mut pre = function(
        "preSignUp",
        &[
            json!({"pool": "MyUserPool", "trigger": "PreSignUp"}),
            json!({"pool": "MyUserPool", "trigger": "CustomEmailSender", "kmsKeyId": "arn:aws:kms:us-east-1:111111111111:key/abc"}),
        ],
    );
    pre["provisionedConcurrency"] = json!(1);
    let fixture = Fixture::new(service(json!({ "preSignUp": pre })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn snap_start_aliases_too() {
    let mut f = function("f", &[json!({"pool": "P", "trigger": "PreSignUp"})]);
    f["snapStart"] = json!(true);
    let fixture = Fixture::new(service(json!({ "f": f })));
    let ctx = fixture.compile().unwrap();
    let resources = &ctx.template["Resources"];
    assert_eq!(
        resources["CognitoUserPoolP"]["DependsOn"],
        json!(["FSnapStartLambdaAlias"])
    );
    let permission = &resources["FLambdaPermissionCognitoUserPoolPTriggerSourcePreSignUp"];
    assert_eq!(permission["DependsOn"], "FSnapStartLambdaAlias");
    assert_eq!(
        permission["Properties"]["FunctionName"],
        json!({"Fn::Join": [":", [{"Fn::GetAtt": ["FLambdaFunction", "Arn"]}, "snapstart"]]})
    );
}

#[test]
fn falsy_existing_means_a_new_pool_and_force_deploy_is_ignored() {
    // Cases 21 and 36 (`"false"` as the coercion would leave it, or not).
    for existing in [json!(false), json!("false"), json!(null)] {
        let fixture = Fixture::new(service(json!({
            "f": function("f", &[json!({"pool": "P", "trigger": "PreSignUp", "existing": existing, "forceDeploy": true})]),
        })));
        let ctx = fixture.compile().unwrap();
        assert_eq!(
            ids(&ctx),
            [
                "CognitoUserPoolP",
                "FLambdaPermissionCognitoUserPoolPTriggerSourcePreSignUp"
            ],
            "existing: {existing}"
        );
    }
}

#[test]
fn scalar_pools_are_their_string() {
    // Case 25: ajv turns `pool: 123` into "123".
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[json!({"pool": 123, "trigger": "PreSignUp"})]),
    })));
    let ctx = fixture.compile().unwrap();
    let pool = &ctx.template["Resources"]["CognitoUserPool123"];
    assert_eq!(pool["Properties"]["UserPoolName"], "123");
}

#[test]
fn an_invalid_trigger_is_used_verbatim() {
    // Case 07 (warn mode).
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[json!({"pool": "P", "trigger": "PreSignup"})]),
    })));
    let ctx = fixture.compile().unwrap();
    assert_eq!(
        ids(&ctx),
        [
            "CognitoUserPoolP",
            "FLambdaPermissionCognitoUserPoolPTriggerSourcePreSignup"
        ]
    );
}

#[test]
fn a_merge_keeps_what_is_already_there() {
    // Generated resources are merged into Resources, not assigned.
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[json!({"pool": "P", "trigger": "PreSignUp"})]),
    })));
    let mut ctx = fixture.ctx();
    ctx.resources_mut().insert(
        "CognitoUserPoolP".to_owned(),
        json!({"Type": "AWS::Cognito::UserPool", "Metadata": {"kept": true}, "DependsOn": ["X", "Y"]}),
    );
    crate::cognito::compile_cognito_events(&mut ctx).unwrap();
    let pool = &ctx.template["Resources"]["CognitoUserPoolP"];
    assert_eq!(pool["Metadata"], json!({"kept": true}));
    assert_eq!(pool["DependsOn"], json!(["FLambdaFunction", "Y"]));
}
