//! Function versions (`XLambdaVersion<hash>` and the `XLambdaFunctionQualifiedArn` output) and
//! the aliases of `provisionedConcurrency` and `snapStart`.
//!
//! The framework names a version by a sha256 of the zipped artifact and the function's
//! properties, and writes the zip's sha256 as `CodeSha256`. There is no zip here: both digests
//! use a stand-in for the artifact's digest (the sha256 of `<service>/<zip name>`), so they are
//! stable for one input and change with the function's properties, like the real ones, but are
//! not the values a real build gets. `--normalize` turns both into the oracle's placeholders.

use base64::Engine;
use serde_json::{Map, Value as Json, json};
use sha2::{Digest, Sha256};
use sls_config::Function;

use crate::context::{Ctx, OriginKind};
use crate::error::{CompileError, ErrorCode, messages};
use crate::naming;
use crate::render::stringify_sorted_object;

fn truthy(function: &Function<'_>, key: &str) -> bool {
    function.get(key).is_some_and(|v| v.is_truthy())
}

/// `function.versionFunction ?? provider.versionFunctions ?? true`.
fn version_setting(ctx: &Ctx<'_>, function: &Function<'_>) -> bool {
    match function.get("versionFunction").filter(|v| !v.is_null()) {
        Some(v) => v.is_truthy(),
        None => ctx
            .service
            .provider()
            .get("versionFunctions")
            .filter(|v| !v.is_null())
            .is_none_or(|v| v.is_truthy()),
    }
}

/// Whether the function gets a version (aliases need one).
pub fn should_version(ctx: &Ctx<'_>, function: &Function<'_>) -> bool {
    version_setting(ctx, function)
        || truthy(function, "provisionedConcurrency")
        || truthy(function, "snapStart")
}

fn base64_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

pub fn compile_version(ctx: &mut Ctx<'_>, function: &Function<'_>) -> Result<(), CompileError> {
    let function_id = naming::lambda_function(function.key);
    let artifact_digest = base64_sha256(
        format!(
            "{}/{}",
            ctx.service_name,
            super::functions::artifact_file_name(ctx, function)
        )
        .as_bytes(),
    );
    let image = function.get("image").is_some_and(|v| v.is_truthy());
    let hashed = |key: &str| match key {
        "Code" => image,
        "ReservedConcurrentExecutions" | "Tags" | "layerConfigurations" => false,
        _ => true,
    };
    // The function's properties, less those above, with `layerConfigurations: []`, sorted at
    // every depth: written from the resource directly rather than from a sorted copy of it.
    let layer_configurations = json!([]);
    let mut entries: Vec<(&String, &Json)> = ctx
        .resources()
        .and_then(|r| r.get(&function_id))
        .and_then(|f| f.get("Properties"))
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter(|(k, _)| hashed(k))
        .collect();
    let layer_configurations_key = "layerConfigurations".to_owned();
    entries.push((&layer_configurations_key, &layer_configurations));
    let version_digest =
        base64_sha256(format!("{artifact_digest}{}", stringify_sorted_object(entries)).as_bytes());

    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), json!({ "Ref": function_id }));
    properties.insert("CodeSha256".to_owned(), json!(artifact_digest));
    if let Some(description) = function.get("description").filter(|v| v.is_truthy()) {
        properties.insert("Description".to_owned(), description.to_json());
    }
    let mut version = Map::new();
    version.insert("Type".to_owned(), json!("AWS::Lambda::Version"));
    // Old versions are kept: a version cannot be updated, only replaced.
    version.insert("DeletionPolicy".to_owned(), json!("Retain"));
    version.insert("Properties".to_owned(), Json::Object(properties));
    let version_id = naming::lambda_version(function.key, &version_digest);
    ctx.resources_mut()
        .insert(version_id.clone(), Json::Object(version));
    ctx.note_origin(&version_id, OriginKind::Function, function.key_range);

    let output_id = naming::lambda_qualified_arn_output(function.key);
    ctx.outputs_mut().insert(
        output_id.clone(),
        json!({ "Description": "Current Lambda function version", "Value": { "Ref": version_id } }),
    );
    ctx.note_origin(&output_id, OriginKind::Function, function.key_range);

    let provisioned = function
        .get("provisionedConcurrency")
        .filter(|v| v.is_truthy());
    let snap_start = function.get("snapStart").filter(|v| v.is_truthy());
    if let (Some(_), Some(snap)) = (provisioned, snap_start) {
        return Err(CompileError::new(
            ErrorCode::FunctionBothProvisionedConcurrencyAndSnapStartEnabled,
            messages::function_both_provisioned_concurrency_and_snap_start(function.key),
            vec![snap.range],
        ));
    }
    // An alias without versioning asked for does not keep its old versions.
    let keep_versions = version_setting(ctx, function);
    if let Some(count) = provisioned {
        let alias_id = naming::provisioned_concurrency_alias(function.key);
        add_alias(
            ctx,
            function,
            &version_id,
            &alias_id,
            naming::PROVISIONED_CONCURRENCY_ALIAS_NAME,
            Some(json!({ "ProvisionedConcurrentExecutions": count.to_json() })),
            keep_versions,
        );
    }
    if snap_start.is_some() {
        if let Some(props) = ctx
            .resources_mut()
            .get_mut(&function_id)
            .and_then(|f| f.get_mut("Properties"))
            .and_then(Json::as_object_mut)
        {
            props.insert(
                "SnapStart".to_owned(),
                json!({ "ApplyOn": "PublishedVersions" }),
            );
        }
        let alias_id = naming::snap_start_alias(function.key);
        add_alias(
            ctx,
            function,
            &version_id,
            &alias_id,
            naming::SNAP_START_ALIAS_NAME,
            None,
            keep_versions,
        );
    }
    Ok(())
}

fn add_alias(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
    version_id: &str,
    alias_id: &str,
    name: &str,
    provisioned: Option<Json>,
    keep_versions: bool,
) {
    if !keep_versions
        && let Some(version) = ctx
            .resources_mut()
            .get_mut(version_id)
            .and_then(Json::as_object_mut)
    {
        version.shift_remove("DeletionPolicy");
    }
    let function_id = naming::lambda_function(function.key);
    let mut properties = Map::new();
    properties.insert("FunctionName".to_owned(), json!({ "Ref": function_id }));
    properties.insert(
        "FunctionVersion".to_owned(),
        json!({ "Fn::GetAtt": [version_id, "Version"] }),
    );
    properties.insert("Name".to_owned(), json!(name));
    if let Some(config) = provisioned {
        properties.insert("ProvisionedConcurrencyConfig".to_owned(), config);
    }
    ctx.resources_mut().insert(
        alias_id.to_owned(),
        json!({ "Type": "AWS::Lambda::Alias", "Properties": properties, "DependsOn": function_id }),
    );
    ctx.note_origin(alias_id, OriginKind::Function, function.key_range);
}
