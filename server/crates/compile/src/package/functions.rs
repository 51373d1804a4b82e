//! `compileFunctions`: one `AWS::Lambda::Function` per function, its properties in the
//! framework's order (every key's position is decided by when the framework first sets it),
//! then the versions, aliases, URLs and event invoke configs.

use serde_json::{Map, Value as Json, json};
use sls_config::{Function, Value};

use super::function_parts::CompiledFunction;
use super::function_url;
use super::{Grant, GrantKind, grant, truthy_json};
use crate::context::{Ctx, OriginKind};
use crate::error::{CompileError, ErrorCode, messages};
use crate::naming;

/// The runtime the framework falls back to when neither the function nor the provider sets one.
const DEFAULT_RUNTIME: &str = "nodejs16.x";

/// Adds the functions' `parts` (`function_parts::parts_of`, some reused from an earlier
/// compilation) to the template.
pub fn compile_functions(
    ctx: &mut Ctx<'_>,
    parts: &[CompiledFunction],
) -> Result<(), CompileError> {
    // The framework compiles all functions concurrently: each resource is added at once, the
    // version (and what follows it) after the artifact is hashed, i.e. after every function.
    for (function, at) in parts {
        function.add_first(ctx, at)?;
    }
    for (function, at) in parts {
        function.add_second(ctx, at)?;
    }
    Ok(())
}

/// What a function adds before any version is made: its resource, then its URL and invoke
/// config when it gets no version (`versioned`: `versions::should_version`).
pub(super) fn compile_first_part(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
    versioned: bool,
) -> Result<(), CompileError> {
    check_function_shape(function)?;
    compile_function_resource(ctx, function)?;
    if !versioned {
        function_url::compile_function_extras(ctx, function)?;
    }
    Ok(())
}

fn check_function_shape(function: &Function<'_>) -> Result<(), CompileError> {
    if function.value.as_mapping().is_none() {
        return Err(CompileError::new(
            ErrorCode::NonObjectFunctionConfiguration,
            messages::non_object_function_configuration(function.key, &inspect(function.value)),
            vec![function.value.range],
        ));
    }
    let handler = function.get("handler").filter(|v| v.is_truthy());
    let image = function.get("image").filter(|v| v.is_truthy());
    match (handler, image) {
        (None, None) => Err(CompileError::new(
            ErrorCode::FunctionNeitherHandlerNorImageDefined,
            messages::function_neither_handler_nor_image(function.key),
            vec![function.key_range],
        )),
        (Some(h), Some(_)) => Err(CompileError::new(
            ErrorCode::FunctionBothHandlerAndImageDefined,
            messages::function_both_handler_and_image(function.key),
            vec![h.range],
        )),
        _ => Ok(()),
    }
}

/// `util.inspect` of a scalar, as the framework's messages show it.
fn inspect(value: &Value) -> String {
    match value.as_str() {
        Some(s) => format!("'{s}'"),
        None => crate::js::to_js_string(value).unwrap_or_else(|| "[Array]".to_owned()),
    }
}

/// `service.package.individually || function.package.individually` picks `<function>.zip`,
/// a `package.artifact` its file name; else the service's `<service>.zip`.
pub fn artifact_file_name(ctx: &Ctx<'_>, function: &Function<'_>) -> String {
    let artifact = function
        .value
        .get_path(["package", "artifact"])
        .or_else(|| ctx.service.root.get_path(["package", "artifact"]))
        .filter(|v| v.is_truthy())
        .and_then(crate::js::to_js_string);
    if let Some(path) = artifact {
        return path.rsplit('/').next().unwrap_or_default().to_owned();
    }
    let individually = ctx
        .service
        .root
        .get_path(["package", "individually"])
        .is_some_and(|v| v.is_truthy())
        || function
            .value
            .get_path(["package", "individually"])
            .is_some_and(|v| v.is_truthy());
    if individually {
        format!("{}.zip", function.key)
    } else {
        format!("{}.zip", ctx.service_name)
    }
}

fn compile_function_resource(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
) -> Result<(), CompileError> {
    let provider = ctx.service.provider();
    let setting = |key: &str| function.get(key).filter(|v| v.is_truthy());
    let provider_setting = |key: &str| provider.get(key).filter(|v| v.is_truthy());

    let mut resource = Map::new();
    resource.insert("Type".to_owned(), json!("AWS::Lambda::Function"));
    let mut props = Map::new();
    props.insert("Code".to_owned(), json!({}));

    if let Some(image) = setting("image") {
        // Image functions need the image digest from the registry: only what the config holds.
        let uri = image
            .as_str()
            .map(str::to_owned)
            .or_else(|| image.get("uri").and_then(Value::as_str).map(str::to_owned));
        if let Some(config) = image.as_mapping() {
            let mut image_config = Map::new();
            for (from, to) in [
                ("command", "Command"),
                ("entryPoint", "EntryPoint"),
                ("workingDirectory", "WorkingDirectory"),
            ] {
                if let Some(v) = config.get(from).filter(|v| v.is_truthy()) {
                    image_config.insert(to.to_owned(), v.to_json());
                }
            }
            if !image_config.is_empty() {
                props.insert("ImageConfig".to_owned(), Json::Object(image_config));
            }
        }
        props["Code"] = json!({ "ImageUri": uri });
        props.insert("PackageType".to_owned(), json!("Image"));
    } else {
        if let Some(config) = runtime_management(function, &provider) {
            props.insert("RuntimeManagementConfig".to_owned(), config);
        }
        props.insert(
            "Handler".to_owned(),
            function.get("handler").map_or(Json::Null, Value::to_json),
        );
        props["Code"] = json!({
            "S3Bucket": ctx.code_s3_bucket(),
            "S3Key": format!("{}/{}", ctx.artifact_directory_name, artifact_file_name(ctx, function)),
        });
        let runtime = truthy_json(function.get("runtime"))
            .or_else(|| truthy_json(provider.get("runtime")))
            .unwrap_or_else(|| json!(DEFAULT_RUNTIME));
        props.insert("Runtime".to_owned(), runtime);
    }
    props.insert(
        "FunctionName".to_owned(),
        json!(ctx.deployed_function_name(function)),
    );
    props.insert(
        "MemorySize".to_owned(),
        truthy_json(setting("memorySize"))
            .or_else(|| truthy_json(provider_setting("memorySize")))
            .unwrap_or_else(|| json!(1024)),
    );
    props.insert(
        "Timeout".to_owned(),
        truthy_json(setting("timeout"))
            .or_else(|| truthy_json(provider_setting("timeout")))
            .unwrap_or_else(|| json!(6)),
    );
    if let Some(arch) = truthy_json(setting("architecture"))
        .or_else(|| truthy_json(provider_setting("architecture")))
    {
        props.insert("Architectures".to_owned(), json!([arch]));
    }
    if let Some(description) = truthy_json(setting("description")) {
        props.insert("Description".to_owned(), description);
    }
    let condition = truthy_json(setting("condition"));
    let mut depends_on: Option<Vec<Json>> = None;
    if let Some(deps) = truthy_json(setting("dependsOn")) {
        depends_on = Some(concat(Vec::new(), deps));
    }
    if setting("tags").is_some() || provider_setting("tags").is_some() {
        let mut tags: Map<String, Json> = Map::new();
        for source in [provider.get("tags"), function.get("tags")] {
            if let Some(map) = source.and_then(Value::as_mapping) {
                for (k, e) in map.iter() {
                    tags.insert(k.to_owned(), e.value.to_json());
                }
            }
        }
        let tags: Vec<Json> = crate::render::js_key_order(&tags)
            .into_iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect();
        props.insert("Tags".to_owned(), Json::Array(tags));
    }
    if let Some(size) = truthy_json(setting("ephemeralStorageSize")) {
        props.insert("EphemeralStorage".to_owned(), json!({ "Size": size }));
    }
    if let Some(arn) = truthy_json(setting("onError")) {
        props.insert("DeadLetterConfig".to_owned(), json!({ "TargetArn": arn }));
        if arn.is_string() {
            let statement =
                json!({ "Effect": "Allow", "Action": ["sns:Publish"], "Resource": [arn] });
            grant(
                ctx,
                Grant {
                    statement,
                    how: GrantKind::Append,
                },
            );
        }
    }
    let kms =
        truthy_json(setting("kmsKeyArn")).or_else(|| truthy_json(provider_setting("kmsKeyArn")));
    if let Some(kms) = kms {
        props.insert("KmsKeyArn".to_owned(), kms.clone());
        if kms.is_string() {
            let statement =
                json!({ "Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [kms] });
            grant(
                ctx,
                Grant {
                    statement,
                    how: GrantKind::Union,
                },
            );
        }
    }
    let tracing = truthy_json(setting("tracing"))
        .or_else(|| truthy_json(provider.get("tracing").and_then(|t| t.get("lambda"))));
    if let Some(tracing) = tracing {
        let mode = if tracing.is_boolean() {
            json!("Active")
        } else {
            tracing
        };
        props.insert("TracingConfig".to_owned(), json!({ "Mode": mode }));
        let statement = json!({ "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": ["*"] });
        grant(
            ctx,
            Grant {
                statement,
                how: GrantKind::Union,
            },
        );
    }
    if setting("environment").is_some() || provider_setting("environment").is_some() {
        let mut variables = Map::new();
        for source in [provider.get("environment"), function.get("environment")] {
            if let Some(map) = source.and_then(Value::as_mapping) {
                for (k, e) in map.iter() {
                    variables.insert(k.to_owned(), e.value.to_json());
                }
            }
        }
        props.insert("Environment".to_owned(), json!({ "Variables": variables }));
    }
    compile_role(ctx, function, &mut props, &mut depends_on);
    if let Some(vpc) = vpc_config(function, &provider) {
        props.insert("VpcConfig".to_owned(), vpc);
    }
    if let Some(fs) = function.get("fileSystemConfig").filter(|v| v.is_truthy()) {
        if !props.contains_key("VpcConfig") {
            return Err(CompileError::new(
                ErrorCode::LambdaFileSystemConfigMissingVpc,
                messages::file_system_config_missing_vpc(function.key),
                vec![fs.range],
            ));
        }
        let arn = fs.get("arn").map_or(Json::Null, Value::to_json);
        let statement = json!({
            "Effect": "Allow",
            "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            "Resource": [arn]
        });
        grant(
            ctx,
            Grant {
                statement,
                how: GrantKind::Append,
            },
        );
        let mut config = Map::new();
        config.insert("Arn".to_owned(), arn);
        if let Some(path) = fs.get("localMountPath") {
            config.insert("LocalMountPath".to_owned(), path.to_json());
        }
        props.insert("FileSystemConfigs".to_owned(), json!([config]));
    }
    if let Some(reserved) = function.get("reservedConcurrency")
        && (reserved.is_truthy() || reserved.as_f64() == Some(0.0))
    {
        props.insert(
            "ReservedConcurrentExecutions".to_owned(),
            reserved.to_json(),
        );
    }
    if !function.get("disableLogs").is_some_and(|v| v.is_truthy()) {
        let mut deps = vec![json!(naming::log_group(function.key))];
        deps.extend(depends_on.take().unwrap_or_default());
        depends_on = Some(deps);
    }
    if let Some(layers) =
        truthy_json(setting("layers")).or_else(|| truthy_json(provider_setting("layers")))
    {
        props.insert("Layers".to_owned(), layers);
    }

    // `Type` and `Properties` come from the template the framework starts from; `Condition`
    // and `DependsOn` are set while the properties are filled in.
    resource.insert("Properties".to_owned(), Json::Object(props));
    if let Some(condition) = condition {
        resource.insert("Condition".to_owned(), condition);
    }
    if let Some(deps) = depends_on {
        resource.insert("DependsOn".to_owned(), Json::Array(deps));
    }
    let id = naming::lambda_function(function.key);
    ctx.resources_mut()
        .insert(id.clone(), Json::Object(resource));
    ctx.note_origin(&id, OriginKind::Function, function.key_range);
    Ok(())
}

/// `(deps || []).concat(value)`: arrays spread, anything else appended.
fn concat(mut deps: Vec<Json>, value: Json) -> Vec<Json> {
    match value {
        Json::Array(items) => deps.extend(items),
        other => deps.push(other),
    }
    deps
}

/// `resolveFunctionRuntimeManagement`: `{mode: 'auto', ...provider, ...function}`; only a
/// mode other than `auto` writes the config (an unknown mode writes it empty).
fn runtime_management(
    function: &Function<'_>,
    provider: &sls_config::Provider<'_>,
) -> Option<Json> {
    let mut mode = Json::String("auto".to_owned());
    let mut arn = None;
    for source in [
        provider.get("runtimeManagement"),
        function.get("runtimeManagement"),
    ] {
        let Some(source) = source else { continue };
        match source.as_mapping() {
            Some(map) => {
                if let Some(m) = map.get("mode") {
                    mode = m.to_json();
                }
                if let Some(a) = map.get("arn") {
                    arn = Some(a.to_json());
                }
            }
            None if source.as_str().is_some() => mode = source.to_json(),
            None => {}
        }
    }
    let mode = mode.as_str().unwrap_or_default().to_owned();
    if mode == "auto" {
        return None;
    }
    let mut config = Map::new();
    let update_on = match mode.as_str() {
        "onFunctionUpdate" => Some("FunctionUpdate"),
        "manual" => Some("Manual"),
        _ => None,
    };
    if let Some(on) = update_on {
        config.insert("UpdateRuntimeOn".to_owned(), json!(on));
    }
    if mode == "manual"
        && let Some(arn) = arn
    {
        config.insert("RuntimeVersionArn".to_owned(), arn);
    }
    Some(Json::Object(config))
}

/// `compileRole` with `getCustomExecutionRole`: the function's `role`, else an existing
/// provider role (`provider.iam.role` as ARN or intrinsic), else `provider.role`, else the
/// generated `IamRoleLambdaExecution`. A role by logical ID becomes a dependency.
fn compile_role(
    ctx: &mut Ctx<'_>,
    function: &Function<'_>,
    props: &mut Map<String, Json>,
    depends_on: &mut Option<Vec<Json>>,
) {
    let provider = ctx.service.provider();
    let custom = function
        .get("role")
        .filter(|v| v.is_truthy())
        .or_else(|| {
            provider
                .get_path(&["iam", "role"])
                .filter(|r| super::iam_role::is_existing_role(r))
        })
        .or_else(|| provider.get("role"))
        .filter(|v| v.is_truthy());
    let Some(role) = custom else {
        props.insert(
            "Role".to_owned(),
            json!({ "Fn::GetAtt": [naming::ROLE_LAMBDA_EXECUTION, "Arn"] }),
        );
        return;
    };
    ctx.note_origin(
        &naming::lambda_function(function.key),
        OriginKind::Provider,
        role.range,
    );
    let json = role.to_json();
    match &json {
        Json::String(s) if s.starts_with("arn:") => {
            props.insert("Role".to_owned(), json.clone());
        }
        Json::String(s) => {
            props.insert("Role".to_owned(), json!({ "Fn::GetAtt": [s, "Arn"] }));
            if s != naming::ROLE_LAMBDA_EXECUTION {
                let deps = depends_on.take().unwrap_or_default();
                *depends_on = Some(concat(deps, json.clone()));
            }
        }
        Json::Object(map) if map.contains_key("Fn::GetAtt") => {
            props.insert("Role".to_owned(), json.clone());
            let target = json["Fn::GetAtt"].get(0).cloned().unwrap_or(Json::Null);
            let deps = depends_on.take().unwrap_or_default();
            *depends_on = Some(concat(deps, target));
        }
        _ => {
            props.insert("Role".to_owned(), json.clone());
        }
    }
}

/// The function's `vpc`, else the provider's, unless the function sets `vpc: null`/`false`;
/// both security groups and subnets are needed.
fn vpc_config(function: &Function<'_>, provider: &sls_config::Provider<'_>) -> Option<Json> {
    let own = function.get("vpc");
    if own.is_some_and(|v| v.is_null() || v.as_bool() == Some(false)) {
        return None;
    }
    let pick = |key: &str| {
        own.and_then(|v| v.get(key))
            .filter(|v| v.is_truthy())
            .or_else(|| {
                provider
                    .get("vpc")
                    .and_then(|v| v.get(key))
                    .filter(|v| v.is_truthy())
            })
            .map(Value::to_json)
    };
    let groups = pick("securityGroupIds")?;
    let subnets = pick("subnetIds")?;
    Some(json!({ "SecurityGroupIds": groups, "SubnetIds": subnets }))
}
