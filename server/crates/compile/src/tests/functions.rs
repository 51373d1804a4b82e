use serde_json::json;

use super::*;
use crate::{Ctx, FunctionAlias};
use sls_config::Service;

#[test]
fn properties_in_the_framework_order() {
    let c = compiled(json!({
        "service": "svc",
        "provider": {
            "name": "aws", "runtime": "nodejs18.x", "architecture": "arm64",
            "environment": { "A": "1", "B": "2" }, "tags": { "team": "x" },
            "tracing": { "lambda": true }, "kmsKeyArn": "arn:aws:kms:us-east-1:1:key/k"
        },
        "functions": { "f": {
            "handler": "h.handler", "description": "d", "condition": "C", "dependsOn": "D",
            "tags": { "owner": "me", "team": "y" }, "environment": { "B": "3" },
            "reservedConcurrency": 0, "layers": ["arn:aws:lambda:us-east-1:1:layer:l:1"],
            "role": "CustomRole", "onError": "arn:aws:sns:us-east-1:1:dlq"
        } }
    }));
    let function = resource(&c, "FLambdaFunction");
    assert_eq!(
        keys(&function),
        ["Type", "Properties", "Condition", "DependsOn"]
    );
    assert_eq!(
        function["DependsOn"],
        json!(["FLogGroup", "D", "CustomRole"])
    );
    insta::assert_json_snapshot!(function["Properties"]);
}

#[test]
fn versions_aliases_and_their_outputs() {
    let c = compiled(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": {
            "a": { "handler": "h.handler", "provisionedConcurrency": 2, "versionFunction": false },
            "b": { "handler": "h.handler", "versionFunction": false },
            "c": { "handler": "h.handler", "snapStart": true }
        }
    }));
    assert_eq!(
        keys(&c.template["Resources"])[6..],
        [
            "ALambdaFunction",
            "BLambdaFunction",
            "CLambdaFunction",
            "ALambdaVersion<HASH>",
            "AProvConcLambdaAlias",
            "CLambdaVersion<HASH>",
            "CSnapStartLambdaAlias"
        ]
    );
    // An alias without versioning does not retain old versions.
    assert!(
        resource(&c, "ALambdaVersion<HASH>")
            .get("DeletionPolicy")
            .is_none()
    );
    assert_eq!(
        resource(&c, "CLambdaVersion<HASH>")["DeletionPolicy"],
        "Retain"
    );
    assert_eq!(
        resource(&c, "CLambdaFunction")["Properties"]["SnapStart"]["ApplyOn"],
        "PublishedVersions"
    );
    insta::assert_json_snapshot!(resource(&c, "AProvConcLambdaAlias"));
    assert_eq!(
        keys(&c.template["Outputs"]),
        [
            "ServerlessDeploymentBucketName",
            "ALambdaFunctionQualifiedArn",
            "CLambdaFunctionQualifiedArn"
        ]
    );
}

#[test]
fn snap_start_with_provisioned_concurrency_is_an_error() {
    let f = failed(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "a": { "handler": "h.handler", "provisionedConcurrency": 1, "snapStart": true } }
    }));
    assert_eq!(
        f.error.code.as_str(),
        "FUNCTION_BOTH_PROVISIONED_CONCURRENCY_AND_SNAPSTART_ENABLED_ERROR"
    );
}

#[test]
fn a_function_needs_a_handler_or_an_image() {
    let f = failed(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "a": { "runtime": "nodejs18.x" } }
    }));
    assert_eq!(
        f.error.message,
        "Either \"handler\" or \"image\" property needs to be set on function \"a\""
    );
}

#[test]
fn aliases_and_targets_for_the_event_compilers() {
    let root = config(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": {
            "pc": { "handler": "h.handler", "provisionedConcurrency": 1 },
            "ss": { "handler": "h.handler", "snapStart": true },
            "plain": { "handler": "h.handler", "provisionedConcurrency": 0 }
        }
    }));
    let options = options();
    let ctx = Ctx::new(Service::new(&root), &options).unwrap();
    let f = |key| ctx.service.function(key).unwrap();
    assert_eq!(
        ctx.function_alias(&f("pc")),
        Some(FunctionAlias {
            logical_id: "PcProvConcLambdaAlias".into(),
            name: "provisioned"
        })
    );
    assert_eq!(ctx.function_alias(&f("ss")).unwrap().name, "snapstart");
    assert_eq!(ctx.function_alias(&f("plain")), None);
    assert_eq!(
        ctx.lambda_target(&f("pc")),
        json!({ "Fn::Join": [":", [{ "Fn::GetAtt": ["PcLambdaFunction", "Arn"] }, "provisioned"]] })
    );
    assert_eq!(
        ctx.lambda_target(&f("plain")),
        json!({ "Fn::GetAtt": ["PlainLambdaFunction", "Arn"] })
    );
}

#[test]
fn url_and_event_invoke_config_follow_the_alias() {
    let c = compiled(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "a": {
            "handler": "h.handler", "provisionedConcurrency": 1,
            "url": { "cors": { "allowedOrigins": ["https://x", "https://x"], "maxAge": 60 } },
            "maximumRetryAttempts": 0
        } }
    }));
    insta::assert_json_snapshot!(json!({
        "url": resource(&c, "ALambdaFunctionUrl"),
        "permission": resource(&c, "ALambdaPermissionFnUrl"),
        "config": resource(&c, "ALambdaEvConf"),
    }));
}
