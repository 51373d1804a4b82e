//! What `compileFunction` adds after the version: the function URL (`url`) and the event
//! invoke config (`destinations`, `maximumEventAge`, `maximumRetryAttempts`).

use serde_json::{Map, Value as Json, json};
use sls_config::{Function, Value};

use super::{Grant, GrantKind, grant};
use crate::context::{Ctx, OriginKind};
use crate::error::{CompileError, ErrorCode, messages};
use crate::js::or_undefined;
use crate::naming;

pub fn compile_function_extras(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
) -> Result<(), CompileError> {
    compile_function_url(ctx, function);
    compile_event_invoke_config(ctx, function)
}

/// `_.uniq` of a list: equal scalars kept once (objects are never equal by identity).
fn uniq(value: &Value) -> Json {
    let mut out: Vec<Json> = Vec::new();
    for item in value.as_sequence().unwrap_or_default() {
        let json = item.to_json();
        if json.is_object() || json.is_array() || !out.contains(&json) {
            out.push(json);
        }
    }
    Json::Array(out)
}

fn compile_function_url(ctx: &mut Ctx<'_>, function: &Function<'_>) {
    let Some(url) = function.get("url").filter(|v| v.is_truthy()) else {
        return;
    };
    let alias = ctx.function_alias(function);
    let target = ctx.lambda_target(function);
    let auth = if url.get("authorizer").and_then(Value::as_str) == Some("aws_iam") {
        "AWS_IAM"
    } else {
        "NONE"
    };
    let mut properties = Map::new();
    properties.insert("AuthType".to_owned(), json!(auth));
    properties.insert("TargetFunctionArn".to_owned(), target.clone());
    if let Some(cors) = url.get("cors").filter(|v| v.is_truthy()) {
        properties.insert("Cors".to_owned(), Json::Object(url_cors(cors)));
    }
    if url.get("invokeMode").and_then(Value::as_str) == Some("RESPONSE_STREAM") {
        properties.insert("InvokeMode".to_owned(), json!("RESPONSE_STREAM"));
    }
    let depends_on = or_undefined(alias.as_ref().map(|a| json!(a.logical_id)));
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::Url"));
    resource.insert("Properties".to_owned(), Json::Object(properties));
    resource.insert("DependsOn".to_owned(), depends_on.clone());
    let id = naming::function_url(function.key);
    ctx.resources_mut()
        .insert(id.clone(), Json::Object(resource));
    ctx.note_origin(&id, OriginKind::Function, url.range);
    let output = naming::function_url_output(function.key);
    ctx.outputs_mut().insert(
        output.clone(),
        json!({ "Description": "Lambda Function URL", "Value": { "Fn::GetAtt": [id, "FunctionUrl"] } }),
    );
    ctx.note_origin(&output, OriginKind::Function, url.range);

    if auth == "NONE" {
        let mut permission = Map::new();
        permission.insert("Type".to_owned(), json!("AWS::Lambda::Permission"));
        permission.insert(
            "Properties".to_owned(),
            json!({
                "FunctionName": target,
                "Action": "lambda:InvokeFunctionUrl",
                "Principal": "*",
                "FunctionUrlAuthType": auth
            }),
        );
        permission.insert("DependsOn".to_owned(), depends_on);
        let id = naming::function_url_permission(function.key);
        ctx.resources_mut()
            .insert(id.clone(), Json::Object(permission));
        ctx.note_origin(&id, OriginKind::Function, url.range);
    }
}

/// The framework's CORS defaults with the user's lists (`null` removes a default).
fn url_cors(cors: &Value) -> Map<String, Json> {
    let defaults = [
        ("allowedOrigins", json!(["*"])),
        (
            "allowedHeaders",
            json!([
                "Content-Type",
                "X-Amz-Date",
                "Authorization",
                "X-Api-Key",
                "X-Amz-Security-Token",
                "X-Amzn-Trace-Id"
            ]),
        ),
        ("allowedMethods", json!(["*"])),
    ];
    let mut lists: Map<String, Json> = Map::new();
    for (key, default) in defaults {
        match cors.get(key) {
            Some(v) if v.is_truthy() => {
                lists.insert(key.to_owned(), uniq(v));
            }
            Some(v) if v.is_null() => {}
            _ => {
                lists.insert(key.to_owned(), default);
            }
        }
    }
    let mut out = Map::new();
    if cors.get("allowCredentials").is_some_and(|v| v.is_truthy()) {
        out.insert("AllowCredentials".to_owned(), json!(true));
    }
    for (key, to) in [
        ("allowedHeaders", "AllowHeaders"),
        ("allowedMethods", "AllowMethods"),
        ("allowedOrigins", "AllowOrigins"),
    ] {
        if let Some(list) = lists.get(key) {
            out.insert(to.to_owned(), list.clone());
        }
    }
    if let Some(exposed) = cors.get("exposedResponseHeaders").filter(|v| v.is_truthy()) {
        out.insert("ExposeHeaders".to_owned(), uniq(exposed));
    }
    if let Some(max_age) = cors.get("maxAge") {
        out.insert("MaxAge".to_owned(), max_age.to_json());
    }
    out
}

fn compile_event_invoke_config(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
) -> Result<(), CompileError> {
    let destinations = function.get("destinations").filter(|v| v.is_truthy());
    let max_age = function.get("maximumEventAge").filter(|v| v.is_truthy());
    let retries = function
        .get("maximumRetryAttempts")
        .filter(|v| !v.is_null());
    if destinations.is_none() && max_age.is_none() && retries.is_none() {
        return Ok(());
    }
    let mut destination_config = Map::new();
    if let Some(destinations) = destinations {
        let handled_externally = custom_execution_role(ctx, function);
        for (key, to) in [("onSuccess", "OnSuccess"), ("onFailure", "OnFailure")] {
            let Some(target) = destinations.get(key).filter(|v| v.is_truthy()) else {
                continue;
            };
            destination_config.insert(
                to.to_owned(),
                json!({ "Destination": destination_arn(ctx, target)? }),
            );
            if !handled_externally {
                ensure_target_permission(ctx, target)?;
            }
        }
    }
    let alias = ctx.function_alias(function);
    let mut properties = Map::new();
    properties.insert(
        "FunctionName".to_owned(),
        json!({ "Ref": naming::lambda_function(function.key) }),
    );
    properties.insert(
        "DestinationConfig".to_owned(),
        Json::Object(destination_config),
    );
    properties.insert(
        "Qualifier".to_owned(),
        json!(alias.as_ref().map_or("$LATEST", |a| a.name)),
    );
    if let Some(age) = max_age {
        properties.insert("MaximumEventAgeInSeconds".to_owned(), age.to_json());
    }
    if let Some(retries) = retries {
        properties.insert("MaximumRetryAttempts".to_owned(), retries.to_json());
    }
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::EventInvokeConfig"));
    resource.insert("Properties".to_owned(), Json::Object(properties));
    resource.insert(
        "DependsOn".to_owned(),
        or_undefined(alias.as_ref().map(|a| json!(a.logical_id))),
    );
    let id = naming::event_invoke_config(function.key);
    ctx.resources_mut()
        .insert(id.clone(), Json::Object(resource));
    ctx.note_origin(&id, OriginKind::Function, function.key_range);
    Ok(())
}

/// `provider.getCustomExecutionRole(fn)` is set: the user's role grants the destinations.
fn custom_execution_role(ctx: &Ctx<'_>, function: &Function<'_>) -> bool {
    let provider = ctx.service.provider();
    function.get("role").is_some_and(|v| v.is_truthy())
        || provider
            .get_path(&["iam", "role"])
            .is_some_and(super::iam_role::is_existing_role)
        || provider.get("role").is_some_and(|v| v.is_truthy())
}

/// `getDestinationsArn`: an object's `arn`, an ARN, or a function of this service by key.
fn destination_arn(ctx: &Ctx<'_>, target: &Value) -> Result<Json, CompileError> {
    if target.as_mapping().is_some() {
        return Ok(target.get("arn").map_or(Json::Null, Value::to_json));
    }
    let address = target.as_str().unwrap_or_default();
    if address.starts_with("arn:") {
        return Ok(json!(address));
    }
    match ctx.other_function(address) {
        Some(f) => Ok(ctx.lambda_target(&f)),
        None => Err(CompileError::new(
            ErrorCode::UnrecognizedFunctionAddress,
            messages::unrecognized_function_address(address),
            vec![target.range],
        )),
    }
}

/// `ensureTargetExecutionPermission`: the execution role may invoke / send to the target.
fn ensure_target_permission(ctx: &mut Ctx<'_>, target: &Value) -> Result<(), CompileError> {
    let address = target.as_str();
    let kind = target.get("type").and_then(Value::as_str);
    let action = match (kind, address) {
        (Some("function"), _) => "lambda:InvokeFunction",
        (Some("sqs"), _) => "sqs:SendMessage",
        (Some("sns"), _) => "sns:Publish",
        (Some("eventBus"), _) => "events:PutEvents",
        (_, Some(a)) if !a.starts_with("arn:") || a.contains(":function:") => {
            "lambda:InvokeFunction"
        }
        (_, Some(a)) if a.contains(":sqs:") => "sqs:SendMessage",
        (_, Some(a)) if a.contains(":sns:") => "sns:Publish",
        (_, Some(a)) if a.contains(":event-bus/") => "events:PutEvents",
        _ => {
            return Err(CompileError::new(
                ErrorCode::UnsupportedDestinationTarget,
                messages::unsupported_destination_target(
                    &address.map_or_else(|| "[object Object]".to_owned(), str::to_owned),
                ),
                vec![target.range],
            ));
        }
    };
    let resource = match address {
        None => target.get("arn").map_or(Json::Null, Value::to_json),
        Some(a) if a.starts_with("arn:") => json!(a),
        // Not a GetAtt of the target: the role is shared, that would be a circular dependency.
        Some(a) => {
            let name = ctx
                .other_function(a)
                .map(|f| ctx.deployed_function_name(&f))
                .unwrap_or_default();
            json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{name}") })
        }
    };
    let statement = json!({ "Effect": "Allow", "Action": action, "Resource": resource });
    // The framework memoizes per destination: the same one twice adds one statement.
    grant(
        ctx,
        Grant {
            statement,
            how: GrantKind::AppendIfAbsent,
        },
    );
    Ok(())
}
