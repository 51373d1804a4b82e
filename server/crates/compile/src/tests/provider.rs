use serde_json::json;

use super::*;

#[test]
fn one_function_with_defaults() {
    insta::assert_snapshot!(rendered(json!({
        "service": "svc",
        "provider": { "name": "aws", "runtime": "nodejs18.x" },
        "functions": { "hello": { "handler": "h.handler" } }
    })));
}

#[test]
fn no_functions_leaves_the_core_template() {
    let c = compiled(json!({ "service": "svc", "provider": { "name": "aws" } }));
    assert_eq!(
        keys(&c.template["Resources"]),
        [
            "ServerlessDeploymentBucket",
            "ServerlessDeploymentBucketPolicy"
        ]
    );
}

#[test]
fn stage_and_region_come_from_options_then_provider_then_defaults() {
    let svc = json!({
        "service": "svc",
        "provider": { "name": "aws", "stage": "qa" },
        "functions": { "f": { "handler": "h.handler" } }
    });
    let c = compiled(svc.clone());
    assert_eq!(
        resource(&c, "FLambdaFunction")["Properties"]["FunctionName"],
        "svc-qa-f"
    );
    let options = CompileOptions {
        stage: Some("prod".into()),
        ..options()
    };
    let c = compile(&config(svc), &options).unwrap();
    assert_eq!(
        resource(&c, "FLambdaFunction")["Properties"]["FunctionName"],
        "svc-prod-f"
    );
    assert_eq!(
        c.template["Outputs"]["ServerlessDeploymentBucketName"]["Export"]["Name"],
        "sls-svc-prod-ServerlessDeploymentBucketName"
    );
}

#[test]
fn a_named_deployment_bucket_replaces_the_generated_one() {
    let c = compiled(json!({
        "service": "svc",
        "provider": { "name": "aws", "deploymentBucket": { "name": "my-bucket", "versioning": true }, "deploymentPrefix": "deploys" },
        "functions": { "f": { "handler": "h.handler" } }
    }));
    assert!(
        c.template["Resources"]
            .get("ServerlessDeploymentBucket")
            .is_none()
    );
    assert!(
        c.template["Resources"]
            .get("ServerlessDeploymentBucketPolicy")
            .is_none()
    );
    assert_eq!(
        c.template["Outputs"]["ServerlessDeploymentBucketName"]["Value"],
        "my-bucket"
    );
    let code = &resource(&c, "FLambdaFunction")["Properties"]["Code"];
    assert_eq!(code["S3Bucket"], "my-bucket");
    assert_eq!(code["S3Key"], "deploys/svc/dev/<ARTIFACT_DIR>/svc.zip");
}

#[test]
fn bucket_settings_without_a_name_shape_the_generated_bucket() {
    let c = compiled(json!({
        "service": "svc",
        "provider": { "name": "aws", "deploymentBucket": { "blockPublicAccess": true, "skipPolicySetup": true, "tags": { "a": "b" } } }
    }));
    let bucket = resource(&c, "ServerlessDeploymentBucket");
    assert_eq!(
        keys(&bucket["Properties"]),
        ["BucketEncryption", "Tags", "PublicAccessBlockConfiguration"]
    );
    assert!(
        c.template["Resources"]
            .get("ServerlessDeploymentBucketPolicy")
            .is_none()
    );
}

#[test]
fn without_normalize_the_artifact_folder_is_the_clock_and_hashes_are_stable() {
    let svc = json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "f": { "handler": "h.handler" } }
    });
    let options = CompileOptions {
        normalize: false,
        ..options()
    };
    let first = compile(&config(svc.clone()), &options).unwrap();
    let again = compile(&config(svc), &options).unwrap();
    assert_eq!(
        resource(&first, "FLambdaFunction")["Properties"]["Code"]["S3Key"],
        "serverless/svc/dev/1795675293773-2026-11-26T06:41:33.773Z/svc.zip"
    );
    assert_eq!(render(&first.template), render(&again.template));
    let version = keys(&first.template["Resources"])
        .into_iter()
        .find(|k| k.starts_with("FLambdaVersion"))
        .unwrap()
        .to_owned();
    assert!(version.len() > "FLambdaVersion".len() + 20, "{version}");

    // Another property, another version.
    let changed = json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "f": { "handler": "h.handler", "memorySize": 256 } }
    });
    let changed = compile(&config(changed), &options).unwrap();
    assert!(changed.template["Resources"].get(&version).is_none());
}

#[test]
fn execution_role_takes_user_statements_and_managed_policies() {
    let c = compiled(json!({
        "service": "svc",
        "provider": {
            "name": "aws",
            "iam": { "role": {
                "name": "custom-name",
                "statements": [{ "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*" }],
                "managedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
            } }
        },
        "functions": {
            "f": { "handler": "h.handler" },
            "g": { "handler": "h.handler", "name": "custom-g" }
        }
    }));
    insta::assert_json_snapshot!(resource(&c, "IamRoleLambdaExecution"));
}

#[test]
fn an_existing_provider_role_means_no_generated_role() {
    for role in [
        json!("arn:aws:iam::1:role/r"),
        json!({ "Fn::GetAtt": ["R", "Arn"] }),
    ] {
        let c = compiled(json!({
            "service": "svc",
            "provider": { "name": "aws", "iam": { "role": role.clone() } },
            "functions": { "f": { "handler": "h.handler" } }
        }));
        assert!(
            c.template["Resources"]
                .get("IamRoleLambdaExecution")
                .is_none()
        );
        assert_eq!(resource(&c, "FLambdaFunction")["Properties"]["Role"], role);
    }
}

#[test]
fn service_name_is_required_and_a_string() {
    let f = failed(json!({ "provider": { "name": "aws" } }));
    assert_eq!(f.error.code.as_str(), "SERVICE_NAME_MISSING");
    let f = failed(json!({ "service": { "name": "x" }, "provider": { "name": "aws" } }));
    assert_eq!(f.error.code.as_str(), "SERVICE_OBJECT_NOTATION");
}
