//! Events without a truthy `existing`: an `AWS::Cognito::UserPool` per pool name and an
//! `AWS::Lambda::Permission` per event (spec 4).
//!
//! The framework regenerates everything once per such event; the repeats are idempotent merges,
//! so one pass does, as long as it keeps the order: every pool in event order (duplicates kept,
//! they matter when two names share a logical ID), then every permission.

use foldhash::HashMap;

use serde_json::{Map, Value as Json, json};

use super::coerce::{PoolKey, PoolName, js_display};
use super::events::{CognitoEventRef, lambda_version_json};
use super::kms::KmsKeys;
use super::target::lambda_target;
use crate::{CompileError, Ctx, ErrorCode, OriginKind, messages, naming};

pub(super) fn compile(
    ctx: &mut Ctx<'_>,
    events: &[CognitoEventRef<'_>],
) -> Result<(), CompileError> {
    let triggers: Vec<&CognitoEventRef<'_>> = events.iter().filter(|e| !e.existing).collect();

    // The events of each pool (`===`, as `PoolKey` compares), found once instead of a scan of
    // every event per event.
    let mut by_pool: HashMap<PoolKey, Vec<&CognitoEventRef<'_>>> = HashMap::default();
    for event in &triggers {
        by_pool.entry(event.pool.key()).or_default().push(event);
    }
    // A pool's resource is the same for each of its events, and merging the same resource twice
    // in a row into one logical ID changes nothing (`_.merge` is idempotent): each pool is built
    // once, and merged again only after another name with the same logical ID was merged in.
    let mut built: HashMap<PoolKey, (String, Json)> = HashMap::default();
    let mut last_merged: HashMap<String, PoolKey> = HashMap::default();
    let mut merges: Vec<PoolKey> = Vec::new();
    for event in &triggers {
        let key = event.pool.key();
        if !built.contains_key(&key) {
            let on_pool = by_pool.get(&key).map_or(&[][..], Vec::as_slice);
            built.insert(key.clone(), pool_resource(ctx, event, on_pool)?);
        }
        let id = &built[&key].0;
        if last_merged.get(id) != Some(&key) {
            last_merged.insert(id.clone(), key.clone());
            merges.push(key);
        }
    }
    // A pool merged once (nearly always) moves into the template instead of a copy of it.
    let mut merges_left: HashMap<&PoolKey, usize> = HashMap::default();
    for key in &merges {
        *merges_left.entry(key).or_default() += 1;
    }
    for key in &merges {
        let left = merges_left.get_mut(key).expect("counted above");
        *left -= 1;
        let (id, resource) = if *left == 0 {
            built.remove(key).expect("built above")
        } else {
            built[key].clone()
        };
        ctx.merge_resource(&id, resource);
    }

    for event in &triggers {
        let pool_id = naming::cognito_user_pool(pool_name(event)?);
        let (id, resource) = permission(ctx, event, &pool_id)?;
        ctx.merge_resource(&id, resource);
        ctx.note_origin(&pool_id, OriginKind::Event, event.range);
        ctx.note_origin(&id, OriginKind::Event, event.range);
    }
    Ok(())
}

/// `generateTemplateForPool`: the LambdaConfig folded over the pool's events (KMS checked on the
/// way), then the logical ID (where a non-string pool crashes the framework).
fn pool_resource(
    ctx: &Ctx<'_>,
    event: &CognitoEventRef<'_>,
    on_pool: &[&CognitoEventRef<'_>],
) -> Result<(String, Json), CompileError> {
    let mut kms = KmsKeys::default();
    let mut lambda_config = Map::new();
    for trigger in on_pool {
        let target = lambda_target(ctx, &trigger.function).arn;
        // `Object.assign({}, acc, entry)`: a key keeps its first place, the last value wins.
        let key = trigger
            .trigger
            .map_or_else(|| "undefined".to_owned(), js_display);
        if trigger.is_custom_sender() {
            kms.check(trigger)?;
            lambda_config.insert(
                key,
                json!({ "LambdaArn": target, "LambdaVersion": lambda_version_json(trigger) }),
            );
            let kms_key = trigger.kms_key_id.map_or(Json::Null, |v| v.to_json());
            lambda_config.insert("KMSKeyID".to_owned(), kms_key);
        } else {
            lambda_config.insert(key, target);
        }
    }
    let name = pool_name(event)?;
    let depends_on: Vec<Json> = on_pool
        .iter()
        .map(|trigger| Json::String(lambda_target(ctx, &trigger.function).depends_on))
        .collect();
    let resource = json!({
        "Type": "AWS::Cognito::UserPool",
        "Properties": {
            "UserPoolName": name,
            "LambdaConfig": lambda_config,
        },
        "DependsOn": depends_on,
    });
    Ok((naming::cognito_user_pool(name), resource))
}

fn permission(
    ctx: &Ctx<'_>,
    event: &CognitoEventRef<'_>,
    pool_id: &str,
) -> Result<(String, Json), CompileError> {
    let trigger = match event.trigger {
        None => {
            return Err(CompileError::new(
                ErrorCode::CognitoEventMissingProperty,
                messages::cognito_event_missing_property(&event.path(), "trigger"),
                vec![event.body.range],
            ));
        }
        Some(value) => value.as_str().ok_or_else(|| {
            CompileError::new(
                ErrorCode::CognitoTriggerNotString,
                messages::cognito_trigger_not_string(&event.path()),
                vec![value.range],
            )
        })?,
    };
    let id = naming::cognito_user_pool_permission(event.function.key, pool_name(event)?, trigger);
    let target = lambda_target(ctx, &event.function);
    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::Permission"));
    // `DependsOn: targetAlias?.logicalId`: without an alias the key still holds its place
    // (`undefined`), so a `DependsOn` from an extension lands between Type and Properties.
    resource.insert(
        "DependsOn".to_owned(),
        crate::js::or_undefined(target.alias.map(Json::String)),
    );
    resource.insert(
        "Properties".to_owned(),
        json!({
            "FunctionName": target.arn,
            "Action": "lambda:InvokeFunction",
            "Principal": "cognito-idp.amazonaws.com",
            "SourceArn": { "Fn::GetAtt": [pool_id, "Arn"] },
        }),
    );
    Ok((id, Json::Object(resource)))
}

/// The pool's name, or the error for the framework's TypeError on a missing or non-string pool.
fn pool_name<'e>(event: &'e CognitoEventRef<'_>) -> Result<&'e str, CompileError> {
    match &event.pool {
        PoolName::Name(name) => Ok(name),
        PoolName::Missing => Err(CompileError::new(
            ErrorCode::CognitoEventMissingProperty,
            messages::cognito_event_missing_property(&event.path(), "pool"),
            vec![event.body.range],
        )),
        PoolName::Other(value) => Err(CompileError::new(
            ErrorCode::CognitoPoolNotString,
            messages::cognito_pool_not_string(&event.path()),
            vec![value.range],
        )),
    }
}
