use insta::assert_snapshot;
use serde_json::{Value as Json, json};

use super::{function, service};
use crate::CompileOptions;
use crate::cognito::test_support::{Fixture, ids};

const KMS: &str = "arn:aws:kms:us-east-1:111111111111:key/12345678-9abc-def0-1234-56789abcdef1";

fn existing(pool: &str, trigger: &str) -> Json {
    json!({"pool": pool, "trigger": trigger, "existing": true})
}

#[test]
fn one_function_on_an_existing_pool() {
    // Case 04: the custom resource, the role, the handler Lambda; no pool, no permission.
    let fixture = Fixture::new(service(json!({
        "users": function("users", &[existing("legacy-user-pool", "CustomMessage")]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn functions_on_one_pool_are_chained_and_statements_deduplicated() {
    // Case 18.
    let mut third = existing("other-pool", "PreSignUp");
    third["forceDeploy"] = json!(true);
    let fixture = Fixture::new(service(json!({
        "first": function("first", &[existing("legacy-user-pool", "PreSignUp"), existing("legacy-user-pool", "PostConfirmation")]),
        "second": function("second", &[existing("legacy-user-pool", "CustomMessage")]),
        "third": function("third", &[third]),
    })));
    assert_snapshot!(fixture.resources());
}

#[test]
fn custom_senders_grant_kms_only_as_the_first_event() {
    // Case 11: two senders, one grant, first in the statements.
    let sender =
        |trigger| json!({"pool": "legacy", "trigger": trigger, "existing": true, "kmsKeyId": KMS});
    let fixture = Fixture::new(service(json!({
        "smsSender": function("smsSender", &[sender("CustomSMSSender"), sender("CustomEmailSender")]),
    })));
    assert_snapshot!(fixture.resources());

    // Case 19: a normal trigger first, so no grant.
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[existing("legacy", "CustomMessage"), sender("CustomSMSSender")]),
    })));
    let ctx = fixture.compile().unwrap();
    let statements = statements(&ctx.template["Resources"]);
    assert!(
        !statements
            .iter()
            .any(|s| s["Action"] == json!(["kms:CreateGrant"])),
        "{statements:?}"
    );
    let configs =
        &ctx.template["Resources"]["FCustomCognitoUserPool1"]["Properties"]["UserPoolConfigs"];
    assert_eq!(
        configs,
        &json!([{"Trigger": "CustomMessage"}, {"Trigger": "CustomSMSSender", "LambdaVersion": "V1_0", "KMSKeyID": KMS}])
    );
}

#[test]
fn an_intrinsic_kms_grant_is_never_deduplicated() {
    let sender = |pool| json!({"pool": pool, "trigger": "CustomSMSSender", "existing": true, "kmsKeyId": {"Fn::GetAtt": ["k", "Arn"]}});
    let string_sender = |pool| json!({"pool": pool, "trigger": "CustomSMSSender", "existing": true, "kmsKeyId": KMS});
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[sender("p1")]),
        "b": function("b", &[sender("p2")]),
        "c": function("c", &[string_sender("p3")]),
        "d": function("d", &[string_sender("p4")]),
    })));
    let ctx = fixture.compile().unwrap();
    let grants: Vec<&Json> = statements(&ctx.template["Resources"])
        .iter()
        .filter(|s| s["Action"] == json!(["kms:CreateGrant"]))
        .map(|s| &s["Resource"])
        .collect();
    let get_att = json!({"Fn::GetAtt": ["k", "Arn"]});
    assert_eq!(grants, [&get_att, &get_att, &json!(KMS)]);
}

#[test]
fn force_deploy_is_the_time_of_the_build() {
    // Case 10, with the first event's flag only.
    let mut first = existing("p", "PreSignUp");
    first["forceDeploy"] = json!(true);
    let mut later = existing("p", "CustomMessage");
    later["forceDeploy"] = json!(true);
    let services = [
        (
            json!({"f": function("f", &[first.clone()])}),
            Some(json!(1_700_000_000_123_u64)),
        ),
        (
            json!({"f": function("f", &[existing("p", "PreSignUp"), later])}),
            None,
        ),
    ];
    for (functions, expected) in services {
        let fixture = Fixture::new(service(functions)).with_options(CompileOptions {
            now_ms: Some(1_700_000_000_123),
            ..CompileOptions::default()
        });
        let ctx = fixture.compile().unwrap();
        let properties = &ctx.template["Resources"]["FCustomCognitoUserPool1"]["Properties"];
        assert_eq!(properties.get("ForceDeploy"), expected.as_ref());
    }

    // Without a fixed time, the clock's.
    let fixture = Fixture::new(service(json!({"f": function("f", &[first])})));
    let ctx = fixture.compile().unwrap();
    let properties = &ctx.template["Resources"]["FCustomCognitoUserPool1"]["Properties"];
    let now = properties["ForceDeploy"].as_u64().expect("a number");
    assert!(now > 1_700_000_000_000, "{now}");
}

#[test]
fn string_booleans_count_as_coerced() {
    // Case 36, should the tree arrive uncoerced.
    let fixture = Fixture::new(service(json!({
        "first": function("first", &[json!({"pool": "legacy", "trigger": "PreSignUp", "existing": "true", "forceDeploy": "false"})]),
    })));
    let ctx = fixture.compile().unwrap();
    let resource = &ctx.template["Resources"]["FirstCustomCognitoUserPool1"];
    assert_eq!(resource["Properties"].get("ForceDeploy"), None);
}

#[test]
fn framework_logs_long_names_and_function_names() {
    // Case 27: runtime stays nodejs18.x, the handler name is cut, a log group follows.
    let mut users = function("users", &[existing("legacy-user-pool", "CustomMessage")]);
    users["name"] = json!("my-custom-users-fn");
    let fixture = Fixture::new(json!({
        "service": "a-very-long-service-name-for-testing-truncation",
        "provider": {"name": "aws", "runtime": "nodejs20.x", "logs": {"frameworkLambda": true}, "logRetentionInDays": 7},
        "functions": {"users": users},
    }));
    assert_snapshot!(fixture.resources());
}

#[test]
fn a_deployment_role_replaces_the_custom_role() {
    // Case 32, and the legacy cfnRole.
    for provider in [
        json!({"name": "aws", "iam": {"deploymentRole": "arn:aws:iam::111111111111:role/cfn-role"}}),
        json!({"name": "aws", "cfnRole": "arn:aws:iam::111111111111:role/cfn-role"}),
    ] {
        let fixture = Fixture::new(json!({
            "service": "cup-test",
            "provider": provider,
            "functions": {"users": function("users", &[existing("legacy", "PreSignUp")])},
        }));
        let ctx = fixture.compile().unwrap();
        assert_eq!(
            ids(&ctx),
            [
                "UsersCustomCognitoUserPool1",
                "CustomDashresourceDashexistingDashcupLambdaFunction"
            ]
        );
        let handler =
            &ctx.template["Resources"]["CustomDashresourceDashexistingDashcupLambdaFunction"];
        assert_eq!(
            handler["Properties"]["Role"],
            "arn:aws:iam::111111111111:role/cfn-role"
        );
        assert_eq!(handler["DependsOn"], json!([]));
    }
}

#[test]
fn the_code_location_follows_the_deployment_settings() {
    let cases = [
        (
            json!({"name": "aws"}),
            json!({"Ref": "ServerlessDeploymentBucket"}),
            "serverless/cup-test/prod/1700000000000-2023-11-14T22:13:20.000Z/custom-resources.zip",
        ),
        (
            json!({"name": "aws", "deploymentBucket": "my-bucket", "deploymentPrefix": "deploys"}),
            json!("my-bucket"),
            "deploys/cup-test/prod/1700000000000-2023-11-14T22:13:20.000Z/custom-resources.zip",
        ),
        (
            json!({"name": "aws", "deploymentBucket": {"name": "named", "versioning": true}}),
            json!("named"),
            "serverless/cup-test/prod/1700000000000-2023-11-14T22:13:20.000Z/custom-resources.zip",
        ),
        (
            json!({"name": "aws", "deploymentBucket": {"versioning": true}}),
            json!({"Ref": "ServerlessDeploymentBucket"}),
            "serverless/cup-test/prod/1700000000000-2023-11-14T22:13:20.000Z/custom-resources.zip",
        ),
    ];
    for (provider, bucket, key) in cases {
        let fixture = Fixture::new(json!({
            "service": "cup-test",
            "provider": provider,
            "functions": {"users": function("users", &[existing("legacy", "PreSignUp")])},
        }))
        .with_options(CompileOptions {
            stage: Some("prod".to_owned()),
            now_ms: Some(1_700_000_000_000),
            ..CompileOptions::default()
        });
        let ctx = fixture.compile().unwrap();
        let code = &ctx.template["Resources"]["CustomDashresourceDashexistingDashcupLambdaFunction"]
            ["Properties"]["Code"];
        assert_eq!(code["S3Bucket"], bucket);
        assert_eq!(code["S3Key"], key);
    }
}

#[test]
fn an_existing_custom_resources_role_is_reused() {
    let fixture = Fixture::new(service(json!({
        "users": function("users", &[existing("legacy", "PreSignUp")]),
    })));
    let mut ctx = fixture.ctx();
    let earlier =
        json!({"Effect": "Allow", "Resource": "*", "Action": ["s3:PutBucketNotification"]});
    ctx.resources_mut().insert(
        "IamRoleCustomResourcesLambdaExecution".to_owned(),
        json!({"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [earlier]}}]}}),
    );
    crate::cognito::compile_cognito_events(&mut ctx).unwrap();
    assert_eq!(
        ids(&ctx),
        [
            "IamRoleCustomResourcesLambdaExecution",
            "UsersCustomCognitoUserPool1",
            "CustomDashresourceDashexistingDashcupLambdaFunction",
        ]
    );
    let actions: Vec<&Json> = statements(&ctx.template["Resources"])
        .iter()
        .map(|s| &s["Action"])
        .collect();
    // The cognito "*" statement is dropped: a statement on "*" is already there.
    assert_eq!(
        actions,
        [
            &json!(["s3:PutBucketNotification"]),
            &json!(["lambda:AddPermission", "lambda:RemovePermission"]),
            &json!(["iam:PassRole"]),
        ]
    );
}

#[test]
fn new_and_existing_pools_of_one_name_are_both_generated() {
    // Case 28.
    let fixture = Fixture::new(service(json!({
        "creator": function("creator", &[json!({"pool": "SharedPool", "trigger": "PreSignUp"})]),
        "attacher": function("attacher", &[existing("SharedPool", "PostConfirmation")]),
    })));
    let ctx = fixture.compile().unwrap();
    assert_eq!(
        ids(&ctx),
        [
            "CognitoUserPoolSharedPool",
            "CreatorLambdaPermissionCognitoUserPoolSharedPoolTriggerSourcePreSignUp",
            "AttacherCustomCognitoUserPool1",
            "IamRoleCustomResourcesLambdaExecution",
            "CustomDashresourceDashexistingDashcupLambdaFunction",
        ]
    );
}

#[test]
fn an_empty_first_pool_gives_way_to_the_next() {
    // `if (!currentPoolName) currentPoolName = pool`: "" is replaced, not compared.
    let fixture = Fixture::new(service(json!({
        "f": function("f", &[existing("", "PreSignUp"), existing("real", "CustomMessage")]),
    })));
    let ctx = fixture.compile().unwrap();
    let resource = &ctx.template["Resources"]["FCustomCognitoUserPool1"];
    assert_eq!(resource["Properties"]["UserPoolName"], "");
    assert_eq!(
        resource["Properties"]["UserPoolConfigs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn statements(resources: &Json) -> &[Json] {
    resources["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]
        ["Statement"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}
