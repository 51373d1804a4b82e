//! Events with a truthy `existing`: the pool is not in the stack, so a `Custom::CognitoUserPool`
//! per function attaches the triggers at deploy time (spec 7). One function may use one pool;
//! the KMS map is shared by every function; custom resources on the same pool are chained
//! through `DependsOn` so their updates do not race.

use indexmap::IndexMap;
use serde_json::{Map, Value as Json, json};
use sls_config::TextRange;

use super::coerce::PoolName;
use super::custom_resource::add_custom_resource;
use super::events::{CognitoEventRef, lambda_version_json};
use super::kms::KmsKeys;
use crate::{CompileError, Ctx, ErrorCode, OriginKind, messages, naming};

pub(super) fn compile(
    ctx: &mut Ctx<'_>,
    events: &[CognitoEventRef<'_>],
) -> Result<(), CompileError> {
    let existing: Vec<&CognitoEventRef<'_>> = events.iter().filter(|e| e.existing).collect();
    let mut statements: Vec<Json> = Vec::new();
    // Custom resources per pool (`${pool}` as the key, as the framework's plain object has it).
    let mut pool_resources: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut kms = KmsKeys::default();

    for function in ctx.service.functions() {
        let on_function: Vec<&CognitoEventRef<'_>> = existing
            .iter()
            .copied()
            .filter(|e| e.function.key == function.key)
            .collect();
        if on_function.is_empty() {
            continue;
        }
        let deployed_name = ctx.deployed_function_name(&function);
        let id = naming::custom_cognito_user_pool(function.key);
        let mut current: Option<(&PoolName<'_>, TextRange)> = None;

        for (n, event) in on_function.iter().enumerate() {
            check_single_pool(&mut current, event, &deployed_name)?;

            let ids = pool_resources.entry(event.pool.display()).or_default();
            if !ids.contains(&id) {
                ids.push(id.clone());
            }

            let mut config = Map::new();
            if let Some(trigger) = event.trigger {
                config.insert("Trigger".to_owned(), trigger.to_json());
            }
            if event.is_custom_sender() {
                config.insert("LambdaVersion".to_owned(), lambda_version_json(event));
                kms.check(event)?;
                let kms_key = event.kms_key_id.map_or(Json::Null, |v| v.to_json());
                config.insert("KMSKeyID".to_owned(), kms_key);
            }

            if n == 0 {
                // Only a custom sender as the function's first event grants KMS (case 19).
                if let Some(kms_key) = event.kms_key_id.filter(|_| event.is_custom_sender()) {
                    if kms_key.is_truthy() {
                        statements.push(json!({
                            "Effect": "Allow",
                            "Resource": kms_key.to_json(),
                            "Action": ["kms:CreateGrant"],
                        }));
                    }
                }
                let resource = custom_resource(ctx, event, &function, &deployed_name, config);
                ctx.merge_resource(&id, resource);
                statements.push(json!({
                    "Effect": "Allow",
                    "Resource": "*",
                    "Action": [
                        "cognito-idp:ListUserPools",
                        "cognito-idp:DescribeUserPool",
                        "cognito-idp:UpdateUserPool",
                    ],
                }));
            } else {
                // Pushed onto the resource as it stands, not merged.
                push_to(
                    ctx,
                    &id,
                    &["Properties", "UserPoolConfigs"],
                    Json::Object(config),
                );
            }
            ctx.note_origin(&id, OriginKind::Event, event.range);
        }

        statements.push(json!({
            "Effect": "Allow",
            "Resource": {
                "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:*:*:function:{deployed_name}"),
            },
            "Action": ["lambda:AddPermission", "lambda:RemovePermission"],
        }));
    }

    if existing.is_empty() {
        return Ok(());
    }
    statements.push(json!({
        "Effect": "Allow",
        "Resource": { "Fn::Sub": "arn:${AWS::Partition}:iam::*:role/*" },
        "Action": ["iam:PassRole"],
    }));

    for ids in pool_resources.values() {
        for pair in ids.windows(2) {
            push_to(ctx, &pair[1], &["DependsOn"], Json::String(pair[0].clone()));
        }
    }

    let origins: Vec<TextRange> = existing.iter().map(|e| e.range).collect();
    add_custom_resource(ctx, statements, &origins);
    Ok(())
}

/// The first event's pool is the function's; another one is an error, unless the first was
/// falsy (`""`), which the framework replaces (`if (!currentPoolName)`).
fn check_single_pool<'p>(
    current: &mut Option<(&'p PoolName<'p>, TextRange)>,
    event: &'p CognitoEventRef<'p>,
    deployed_name: &str,
) -> Result<(), CompileError> {
    let is_set = current.is_some_and(|(pool, _)| pool.is_truthy());
    if !is_set {
        *current = Some((&event.pool, event.pool_range()));
    }
    let Some((first, first_range)) = *current else {
        return Ok(());
    };
    if event.pool.strict_eq(first) {
        return Ok(());
    }
    Err(CompileError::new(
        ErrorCode::CognitoMultipleUserPoolsPerFunction,
        messages::multiple_user_pools_per_function(
            deployed_name,
            &first.display(),
            &event.pool.display(),
        ),
        vec![event.pool_range(), first_range],
    ))
}

fn custom_resource(
    ctx: &Ctx<'_>,
    event: &CognitoEventRef<'_>,
    function: &sls_config::Function<'_>,
    deployed_name: &str,
    config: Map<String, Json>,
) -> Json {
    let handler = naming::existing_cognito_handler_lambda();
    let mut properties = Map::new();
    properties.insert(
        "ServiceToken".to_owned(),
        json!({ "Fn::GetAtt": [handler, "Arn"] }),
    );
    properties.insert("FunctionName".to_owned(), json!(deployed_name));
    if let Some(pool) = event.pool.to_json() {
        properties.insert("UserPoolName".to_owned(), pool);
    }
    properties.insert("UserPoolConfigs".to_owned(), json!([config]));
    if event.force_deploy {
        // `Date.now()`; the pipeline's normalization turns it into "<NOW>".
        properties.insert("ForceDeploy".to_owned(), json!(ctx.now_ms));
    }
    json!({
        "Type": "Custom::CognitoUserPool",
        "Version": 1,
        "DependsOn": [naming::lambda_function(function.key), handler],
        "Properties": properties,
    })
}

/// `Resources[id].<path>.push(item)`, skipped when the path is not an array.
fn push_to(ctx: &mut Ctx<'_>, id: &str, path: &[&str], item: Json) {
    let mut node = ctx.resources_mut().get_mut(id);
    for key in path {
        node = node.and_then(|n| n.get_mut(*key));
    }
    if let Some(Json::Array(items)) = node {
        items.push(item);
    }
}
