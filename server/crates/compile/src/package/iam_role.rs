//! `mergeIamTemplates`: a log group per function and the shared execution role
//! `IamRoleLambdaExecution` with its log statements, the user's statements and managed
//! policies, unless the user brings a role of their own.

use serde_json::{Value as Json, json};
use sls_config::{Function, Value};

use super::{active_functions, root_key_range, truthy_json};
use crate::context::{Ctx, OriginKind};
use crate::naming;

pub fn merge_iam_templates(ctx: &mut Ctx<'_>) {
    let functions = active_functions(&ctx.service);
    if functions.is_empty() {
        return;
    }
    add_log_groups(ctx, &functions);

    let provider = ctx.service.provider();
    // `_.get(provider.iam, 'role', {})`
    let iam_role = provider.get_path(&["iam", "role"]);
    if iam_role.is_some_and(is_existing_role) {
        return;
    }
    if provider.get("role").is_some() {
        return;
    }
    if functions.iter().all(|f| f.get("role").is_some()) {
        return;
    }
    let role_setting = |key: &str| iam_role.and_then(|r| r.get(key));

    let mut role = json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": lambda_assume_role_policy(),
            "Policies": [{
                "PolicyName": "[TO BE REPLACED]",
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
                            "Resource": []
                        },
                        { "Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": [] }
                    ]
                }
            }]
        }
    });
    let properties = role["Properties"]
        .as_object_mut()
        .expect("the role template has properties");
    properties.insert(
        "Path".to_owned(),
        truthy_json(role_setting("path")).unwrap_or_else(|| json!("/")),
    );
    properties.insert(
        "RoleName".to_owned(),
        truthy_json(role_setting("name")).unwrap_or_else(|| {
            json!({ "Fn::Join": ["-", [ctx.service_name, ctx.stage, { "Ref": "AWS::Region" }, "lambdaRole"]] })
        }),
    );
    if let Some(tags) = role_setting("tags").filter(|t| t.is_truthy()) {
        let tags: Vec<Json> = tags
            .as_mapping()
            .map(|m| {
                m.iter()
                    .map(|(k, e)| json!({ "Key": k, "Value": e.value.to_json() }))
                    .collect()
            })
            .unwrap_or_default();
        properties.insert("Tags".to_owned(), Json::Array(tags));
    }
    let boundary = truthy_json(role_setting("permissionsBoundary"))
        .or_else(|| truthy_json(role_setting("permissionBoundary")))
        .or_else(|| truthy_json(provider.get("rolePermissionsBoundary")));
    if let Some(boundary) = boundary {
        properties.insert("PermissionsBoundary".to_owned(), boundary);
    }
    role["Properties"]["Policies"][0]["PolicyName"] =
        json!({ "Fn::Join": ["-", [ctx.service_name, ctx.stage, "lambda"]] });

    add_log_statements(ctx, &functions, &mut role);

    // The user's statements: `provider.iam.role.statements`, else the legacy `iamRoleStatements`.
    let statements = role_setting("statements")
        .filter(|v| v.is_truthy())
        .or_else(|| provider.get("iamRoleStatements").filter(|v| v.is_truthy()));
    if let Some(Json::Array(statements)) = statements.map(Value::to_json)
        && let Some(list) =
            role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].as_array_mut()
    {
        list.extend(statements);
    }

    let managed = role_setting("managedPolicies")
        .filter(|v| v.is_truthy())
        .or_else(|| provider.get("iamManagedPolicies").filter(|v| v.is_truthy()));
    if let Some(Json::Array(policies)) = managed.map(Value::to_json) {
        merge_managed_policies(&mut role, policies);
    }
    let vpc_configured = functions.iter().any(|f| f.get("vpc").is_some())
        || provider.get("vpc").is_some_and(|v| v.is_truthy());
    if vpc_configured {
        merge_managed_policies(
            &mut role,
            vec![json!({
                "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
            })],
        );
    }

    ctx.merge_resource(naming::ROLE_LAMBDA_EXECUTION, role);
    let origin = iam_role.map_or_else(|| root_key_range(&ctx.service, "provider"), |r| r.range);
    ctx.note_origin(naming::ROLE_LAMBDA_EXECUTION, OriginKind::Provider, origin);
}

/// `provider.isExistingRoleProvided`: an ARN string or an intrinsic (`Fn::GetAtt`, ...).
pub fn is_existing_role(role: &Value) -> bool {
    if role.as_str().is_some() {
        return true;
    }
    role.as_mapping()
        .is_some_and(|m| m.iter().any(|(k, _)| k.contains("::")))
}

fn add_log_groups(ctx: &mut Ctx<'_>, functions: &[Function<'_>]) {
    let provider = ctx.service.provider();
    for function in functions {
        if function.get("disableLogs").is_some_and(|v| v.is_truthy()) {
            continue;
        }
        let id = naming::log_group(function.key);
        let mut properties = serde_json::Map::new();
        properties.insert(
            "LogGroupName".to_owned(),
            json!(log_group_name(&ctx.deployed_function_name(function))),
        );
        let retention = truthy_json(function.get("logRetentionInDays"))
            .or_else(|| provider.get("logRetentionInDays").map(Value::to_json));
        if let Some(retention) = retention.filter(crate::js::truthy) {
            properties.insert("RetentionInDays".to_owned(), retention);
        }
        let protection = truthy_json(function.get("logDataProtectionPolicy"))
            .or_else(|| provider.get("logDataProtectionPolicy").map(Value::to_json));
        if let Some(protection) = protection.filter(crate::js::truthy) {
            properties.insert("DataProtectionPolicy".to_owned(), protection);
        }
        ctx.merge_resource(
            &id,
            json!({ "Type": "AWS::Logs::LogGroup", "Properties": properties }),
        );
        ctx.note_origin(&id, OriginKind::Function, function.key_range);
    }
}

pub fn log_group_name(function_name: &str) -> String {
    format!("/aws/lambda/{function_name}")
}

fn log_arn(log_group: &str, suffix: &str) -> Json {
    json!({
        "Fn::Sub": format!(
            "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{log_group}{suffix}"
        )
    })
}

/// Who may write logs: every custom-named function's group, then one wildcard for the
/// canonically named ones (`<service>-<stage>*`), and a deny for those with `disableLogs`.
fn add_log_statements(ctx: &Ctx<'_>, functions: &[Function<'_>], role: &mut Json) {
    let prefix = format!("{}-{}", ctx.service_name, ctx.stage);
    let groups_prefix = log_group_name(&prefix);
    let mut create = Vec::new();
    let mut put = Vec::new();
    let mut canonical = false;
    let mut disabled_canonical = Vec::new();
    for function in functions {
        let name = ctx.deployed_function_name(function);
        let logs_disabled = function.get("disableLogs").is_some_and(|v| v.is_truthy());
        if name.starts_with(&prefix) {
            if logs_disabled {
                disabled_canonical.push(name);
            } else {
                canonical = true;
            }
            continue;
        }
        if !logs_disabled {
            let group = log_group_name(&name);
            create.push(log_arn(&group, ":*"));
            put.push(log_arn(&group, ":*:*"));
        }
    }
    let mut deny = None;
    if canonical {
        create.push(log_arn(&groups_prefix, "*:*"));
        put.push(log_arn(&groups_prefix, "*:*:*"));
        if !disabled_canonical.is_empty() {
            let resources: Vec<Json> = disabled_canonical
                .iter()
                .map(|name| log_arn(&log_group_name(name), ":*"))
                .collect();
            deny = Some(
                json!({ "Effect": "Deny", "Action": "logs:PutLogEvents", "Resource": resources }),
            );
        }
    }
    let statements = &mut role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
    if let Some(list) = statements[0]["Resource"].as_array_mut() {
        list.extend(create);
    }
    if let Some(list) = statements[1]["Resource"].as_array_mut() {
        list.extend(put);
    }
    if let (Some(deny), Some(list)) = (deny, statements.as_array_mut()) {
        list.push(deny);
    }
}

fn merge_managed_policies(role: &mut Json, policies: Vec<Json>) {
    if policies.is_empty() {
        return;
    }
    let properties = role["Properties"]
        .as_object_mut()
        .expect("the role template has properties");
    let arns = properties
        .entry("ManagedPolicyArns")
        .or_insert_with(|| Json::Array(Vec::new()));
    if !arns.is_array() {
        *arns = Json::Array(Vec::new());
    }
    if let Some(list) = arns.as_array_mut() {
        list.extend(policies);
    }
}

/// The trust policy of every role the framework makes for its Lambdas (the functions' role and
/// the custom resources' role).
pub fn lambda_assume_role_policy() -> serde_json::Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": ["lambda.amazonaws.com"] },
            "Action": ["sts:AssumeRole"]
        }]
    })
}
