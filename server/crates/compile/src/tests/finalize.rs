use serde_json::json;

use super::*;
use crate::OriginKind;

fn with_resources(resources: serde_json::Value) -> serde_json::Value {
    json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": { "f": { "handler": "h.handler", "url": true } },
        "resources": resources
    })
}

#[test]
fn user_resources_merge_into_generated_ones_and_append_new_ones() {
    let c = compiled(with_resources(json!({
        "Resources": {
            "FLambdaFunction": { "Properties": { "MemorySize": 128, "Handler": null }, "DependsOn": ["X"] },
            "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "TopicName": null } }
        },
        "Outputs": { "Mine": { "Value": "v" } },
        "Conditions": { "C": { "Fn::Equals": ["a", "b"] } }
    })));
    let function = resource(&c, "FLambdaFunction");
    assert_eq!(function["Properties"]["MemorySize"], 128);
    // Nulls are stripped from Properties; DependsOn merges index by index.
    assert!(function["Properties"].get("Handler").is_none());
    assert_eq!(function["DependsOn"], json!(["X"]));
    assert_eq!(
        keys(&resource(&c, "Topic")["Properties"]),
        Vec::<&str>::new()
    );
    assert_eq!(*keys(&c.template["Resources"]).last().unwrap(), "Topic");
    // User outputs are not exported; generated ones are.
    assert!(c.template["Outputs"]["Mine"].get("Export").is_none());
    assert_eq!(
        c.template["Outputs"]["FLambdaFunctionUrl"]["Export"]["Name"],
        "sls-svc-dev-FLambdaFunctionUrl"
    );
    assert_eq!(keys(&c.template)[4..], ["Conditions"]);
    assert!(
        c.provenance["Topic"]
            .iter()
            .any(|o| o.kind == OriginKind::Override)
    );
}

#[test]
fn a_dependency_fills_the_place_of_an_undefined_one() {
    // The URL's `DependsOn: undefined` comes after Properties; a user's goes there, not last.
    let c = compiled(with_resources(json!({
        "Resources": { "FLambdaFunctionUrl": { "DependsOn": ["X"], "Condition": "C" } },
        "extensions": { "FLambdaPermissionFnUrl": { "DependsOn": ["Y"] } }
    })));
    assert_eq!(
        keys(&resource(&c, "FLambdaFunctionUrl")),
        ["Type", "Properties", "DependsOn", "Condition"]
    );
    assert_eq!(
        keys(&resource(&c, "FLambdaPermissionFnUrl")),
        ["Type", "Properties", "DependsOn"]
    );
    assert_eq!(
        resource(&c, "FLambdaPermissionFnUrl")["DependsOn"],
        json!(["Y"])
    );
    assert!(!render(&c.template).contains("undefined"));
}

#[test]
fn extensions_assign_shallowly_append_dependencies_and_replace_policies() {
    let c = compiled(with_resources(json!({
        "extensions": { "FLambdaFunction": {
            "Properties": { "Code": { "ZipFile": "x" } },
            "DependsOn": ["Extra"],
            "Metadata": { "m": 1 },
            "DeletionPolicy": "Retain"
        } }
    })));
    let function = resource(&c, "FLambdaFunction");
    assert_eq!(function["Properties"]["Code"], json!({ "ZipFile": "x" }));
    assert_eq!(function["DependsOn"], json!(["FLogGroup", "Extra"]));
    assert_eq!(keys(&function)[3..], ["Metadata", "DeletionPolicy"]);
    assert!(
        c.provenance["FLambdaFunction"]
            .iter()
            .any(|o| o.kind == OriginKind::Extension)
    );
}

#[test]
fn extension_errors() {
    let f = failed(with_resources(
        json!({ "extensions": { "Nope": { "Properties": {} } } }),
    ));
    assert_eq!(f.error.code.as_str(), "RESOURCE_EXTENSION_NOT_EXISTING");
    assert_eq!(
        f.error.message,
        "Cannot extend \"Nope\" resource, as it's not found in generated stack"
    );
    let f = failed(with_resources(
        json!({ "extensions": { "FLogGroup": { "Type": "X" } } }),
    ));
    assert_eq!(
        f.error.code.as_str(),
        "RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE"
    );
}

#[test]
fn stray_top_level_resource_keys_land_at_the_template_root() {
    // Case 31: `resources.<Id>` is not `resources.Resources.<Id>`.
    let c = compiled(with_resources(json!({ "Stray": { "Type": "T" } })));
    assert_eq!(keys(&c.template)[4..], ["Stray"]);
}

#[test]
fn other_event_kinds_get_one_warning_each() {
    let c = compiled(json!({
        "service": "svc",
        "provider": { "name": "aws" },
        "functions": {
            "f": { "handler": "h.handler", "events": [{ "http": "GET /" }, { "sqs": "arn:q" }, { "http": "POST /" }] }
        }
    }));
    let kinds: Vec<String> = c
        .warnings
        .iter()
        .filter_map(|w| match &w.kind {
            crate::WarningKind::UnsupportedEvents { kind } => Some(kind.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["http", "sqs"]);
    assert_eq!(c.warnings[0].ranges.len(), 2);
}
