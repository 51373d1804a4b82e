//! `addCustomResourceToService(provider, 'cognitoUserPool', statements)`: the Lambda that
//! handles `Custom::CognitoUserPool`, the role it runs as (shared with the framework's other
//! custom resources) and, with `provider.logs.frameworkLambda`, its log group (spec 7.3).

use md5::{Digest, Md5};
use serde_json::{Map, Value as Json, json};
use sls_config::TextRange;

use crate::{Ctx, OriginKind, naming};

/// The framework cuts longer names (Lambda's limit).
const MAX_FUNCTION_NAME_UTF16: usize = 64;

pub(super) fn add_custom_resource(ctx: &mut Ctx<'_>, statements: Vec<Json>, origins: &[TextRange]) {
    let func_prefix = format!("{}-{}", ctx.service_name, ctx.stage);
    let function_name = handler_function_name(&format!(
        "{func_prefix}-{}",
        naming::EXISTING_COGNITO_HANDLER_KEY
    ));
    let provider = ctx.service.provider();
    let write_logs = provider
        .get_path(&["logs", "frameworkLambda"])
        .is_some_and(|v| v.is_truthy());
    let deployment_role = ctx
        .deployment_role()
        .filter(|role| role.is_truthy())
        .map(|role| role.to_json());
    let s3_bucket = ctx.code_s3_bucket();
    let s3_key = format!(
        "{}/{}",
        ctx.artifact_directory_name,
        naming::CUSTOM_RESOURCES_ARTIFACT
    );

    let mut touched = Vec::new();
    if deployment_role.is_none() {
        add_role_statements(ctx, statements, write_logs, &func_prefix);
        touched.push(naming::ROLE_CUSTOM_RESOURCES.to_owned());
    }

    let handler_id = naming::existing_cognito_handler_lambda();
    let log_group_id = naming::existing_cognito_handler_log_group();
    let mut depends_on = Vec::new();
    let role = match deployment_role {
        Some(role) => role,
        None => {
            depends_on.push(json!(naming::ROLE_CUSTOM_RESOURCES));
            json!({ "Fn::GetAtt": [naming::ROLE_CUSTOM_RESOURCES, "Arn"] })
        }
    };
    if write_logs {
        depends_on.push(json!(log_group_id));
    }
    let handler = json!({
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Code": { "S3Bucket": s3_bucket, "S3Key": s3_key },
            "FunctionName": function_name,
            "Handler": "cognito-user-pool/handler.handler",
            "MemorySize": 1024,
            // Hard-coded by the framework, whatever provider.runtime says (case 27).
            "Runtime": "nodejs18.x",
            "Timeout": 180,
            "Role": role,
        },
        "DependsOn": depends_on,
    });
    // Assigned, not merged: `Resources[id] = customResourceFunction`.
    ctx.resources_mut().insert(handler_id.clone(), handler);
    touched.push(handler_id);

    if write_logs {
        let mut properties = Map::new();
        properties.insert(
            "LogGroupName".to_owned(),
            json!(format!("/aws/lambda/{function_name}")),
        );
        for (key, setting) in [
            ("RetentionInDays", "logRetentionInDays"),
            ("DataProtectionPolicy", "logDataProtectionPolicy"),
        ] {
            if let Some(value) = provider.get(setting) {
                properties.insert(key.to_owned(), value.to_json());
            }
        }
        ctx.resources_mut().insert(
            log_group_id.clone(),
            json!({ "Type": "AWS::Logs::LogGroup", "Properties": properties }),
        );
        touched.push(log_group_id);
    }

    for id in &touched {
        for range in origins {
            ctx.note_origin(id, OriginKind::Event, *range);
        }
    }
}

/// `<service>-<stage>-custom-resource-existing-cup`, or past 64 UTF-16 units (JavaScript's
/// `length`) its first 32 units followed by the md5 of the whole name.
fn handler_function_name(full: &str) -> String {
    let units: Vec<u16> = full.encode_utf16().collect();
    if units.len() <= MAX_FUNCTION_NAME_UTF16 {
        return full.to_owned();
    }
    let head = String::from_utf16_lossy(&units[..32]);
    let digest = Md5::digest(full.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{head}{hex}")
}

/// Creates `IamRoleCustomResourcesLambdaExecution` unless an earlier custom resource did, and
/// appends the statements whose `Resource` no statement already has (JavaScript `===`: equal
/// strings match, objects never do).
fn add_role_statements(
    ctx: &mut Ctx<'_>,
    statements: Vec<Json>,
    write_logs: bool,
    func_prefix: &str,
) {
    let stage = ctx.stage.clone();
    let service = ctx.service_name.clone();
    let resources = ctx.resources_mut();
    if !resources.contains_key(naming::ROLE_CUSTOM_RESOURCES) {
        let mut initial = Vec::new();
        if write_logs {
            let log_groups = format!(
                "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/lambda/{func_prefix}*"
            );
            initial.push(json!({
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
                "Resource": [{ "Fn::Sub": format!("{log_groups}:*") }],
            }));
            initial.push(json!({
                "Effect": "Allow",
                "Action": ["logs:PutLogEvents"],
                "Resource": [{ "Fn::Sub": format!("{log_groups}:*:*") }],
            }));
        }
        resources.insert(
            naming::ROLE_CUSTOM_RESOURCES.to_owned(),
            json!({
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": crate::package::lambda_assume_role_policy(),
                    "Policies": [{
                        // Stage first here; the functions' role has service first.
                        "PolicyName": { "Fn::Join": ["-", [stage, service, "custom-resources-lambda"]] },
                        "PolicyDocument": { "Version": "2012-10-17", "Statement": initial },
                    }],
                },
            }),
        );
    }
    let Some(Json::Array(existing)) = resources
        .get_mut(naming::ROLE_CUSTOM_RESOURCES)
        .and_then(|role| role.pointer_mut("/Properties/Policies/0/PolicyDocument/Statement"))
    else {
        return;
    };
    for statement in statements {
        let resource = statement.get("Resource");
        let duplicate = resource.is_some_and(|r| {
            is_primitive(r) && existing.iter().any(|s| s.get("Resource") == Some(r))
        });
        if !duplicate {
            existing.push(statement);
        }
    }
}

/// Compared by value in JavaScript; objects and arrays compare by identity (never equal here).
fn is_primitive(value: &Json) -> bool {
    !matches!(value, Json::Object(_) | Json::Array(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Case 27's observed name.
    #[test]
    fn long_handler_names_are_cut_and_hashed() {
        let full =
            "a-very-long-service-name-for-testing-truncation-dev-custom-resource-existing-cup";
        let name = handler_function_name(full);
        assert_eq!(
            name,
            "a-very-long-service-name-for-tes9fa8f0f5fd85e983c722edd95536e703"
        );
        assert_eq!(name.len(), 64);
    }

    #[test]
    fn names_up_to_64_units_are_kept() {
        let exact = format!("{}-custom-resource-existing-cup", "s".repeat(35));
        assert_eq!(exact.len(), 64);
        assert_eq!(handler_function_name(&exact), exact);
    }
}
