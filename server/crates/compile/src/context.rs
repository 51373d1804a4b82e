//! The state one compilation threads through its steps (functions, cognito events, resources):
//! the service being compiled, the template being built and where each resource came from.

use serde_json::{Map, Value as Json};
use sls_config::{Function, Service};
use sls_text::TextRange;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{CompileError, ErrorCode, messages};
use crate::js;
use crate::lodash;
use crate::naming;
use crate::warning::CompileWarning;

/// What the command line (or the editor's settings) passes to a compilation.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// `--stage`; else `provider.stage`; else `dev`.
    pub stage: Option<String>,
    /// `--region`; else `provider.region`; else `us-east-1`.
    pub region: Option<String>,
    /// `--param key=value`, in order.
    pub params: Vec<(String, String)>,
    /// Write the values a real build makes unpredictable as the oracle's `--normalize` does.
    pub normalize: bool,
    /// `Date.now()` for the artifact folder and `ForceDeploy`; the clock when `None`.
    pub now_ms: Option<u64>,
    /// The environment `${env:...}` reads (the CLI passes the process's).
    pub env: BTreeMap<String, String>,
    /// The folder of serverless.yml, where `${file(...)}` reads; `None`: no file is read.
    pub service_dir: Option<PathBuf>,
    /// The text of serverless.yml, so variable problems point at the variable itself.
    pub source: Option<String>,
    /// Fail as the framework does without AWS access when a variable needs AWS (`${ssm:}`,
    /// `${cf:}`, `${s3:}`, `${aws:accountId}`): the command line's `compile`. Off, such
    /// variables stay as written: the editor shows the template with them as placeholders.
    pub fail_on_offline_variables: bool,
}

/// Why a generated resource exists (or was changed): the source that made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    /// A function's entry under `functions:` (its key's range).
    Function,
    /// An event under a function's `events:`.
    Event,
    /// A key under `resources.Resources` / `resources.Outputs` merged into the template.
    Override,
    /// A key under `resources.extensions`.
    Extension,
    /// Provider-level settings (`provider.iam`, `provider.deploymentBucket`, ...).
    Provider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    pub kind: OriginKind,
    pub range: TextRange,
}

/// Logical ID → the sources that produced it, in the order they acted on it.
pub type Provenance = BTreeMap<String, Vec<Origin>>;

/// A function's alias, when it has one: the trigger targets point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionAlias {
    /// `XProvConcLambdaAlias` or `XSnapStartLambdaAlias`.
    pub logical_id: String,
    /// `provisioned` or `snapstart`.
    pub name: &'static str,
}

pub struct Ctx<'a> {
    pub service: Service<'a>,
    pub options: &'a CompileOptions,
    pub service_name: String,
    pub stage: String,
    pub region: String,
    /// The template root (`AWSTemplateFormatVersion`, `Description`, `Resources`, `Outputs`).
    pub template: Map<String, Json>,
    pub provenance: Provenance,
    /// `Date.now()` of this compilation (artifact folder, `ForceDeploy`).
    pub now_ms: u64,
    /// `package.artifactDirectoryName`: `<deploymentPrefix>/<service>/<stage>/<epochMs>-<ISO>`.
    /// Every `Code.S3Key` the framework writes lives in it.
    pub artifact_directory_name: String,
    /// What the compilation reports without stopping, in the order it happened.
    pub warnings: Vec<CompileWarning>,
    /// While one function is compiled on its own (`package::function_parts`): the statements
    /// it grants the execution role, to be added when its parts join the template.
    pub(crate) recorded_grants: Option<Vec<crate::package::Grant>>,
    /// Set when a compilation looked up a function by name ([`Ctx::other_function`]): what
    /// it made depends on that function too.
    pub(crate) looked_up_functions: Cell<bool>,
}

impl<'a> Ctx<'a> {
    /// A compilation of `service` with an empty template: the service name, stage, region and
    /// artifact folder resolved as the framework does.
    pub fn new(service: Service<'a>, options: &'a CompileOptions) -> Result<Ctx<'a>, CompileError> {
        let service_name = service_name(&service)?;
        let provider = service.provider();
        // `options.stage || provider.stage || 'dev'` (the framework reads the first truthy one).
        let stage = options
            .stage
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| {
                provider
                    .get("stage")
                    .filter(|v| v.is_truthy())
                    .and_then(js::to_js_string)
            })
            .unwrap_or_else(|| "dev".to_owned());
        let region = options
            .region
            .clone()
            .filter(|s| !s.is_empty())
            .or_else(|| {
                provider
                    .get("region")
                    .filter(|v| v.is_truthy())
                    .and_then(js::to_js_string)
            })
            .unwrap_or_else(|| "us-east-1".to_owned());
        let now_ms = options.now_ms.unwrap_or_else(js::date_now);
        let prefix = match provider.get("deploymentPrefix") {
            Some(v) if !v.is_null() => js::to_js_string(v).unwrap_or_default(),
            _ => "serverless".to_owned(),
        };
        let artifact_directory_name = format!(
            "{prefix}/{service_name}/{stage}/{now_ms}-{}",
            js::iso_string(now_ms)
        );
        Ok(Ctx {
            service,
            options,
            service_name,
            stage,
            region,
            template: Map::new(),
            provenance: Provenance::new(),
            now_ms,
            artifact_directory_name,
            warnings: Vec::new(),
            recorded_grants: None,
            looked_up_functions: Cell::new(false),
        })
    }

    /// The same service, names and options with nothing compiled yet, recording its grants:
    /// where one function is compiled on its own.
    pub(crate) fn scratch(&self) -> Ctx<'a> {
        Ctx {
            service: self.service,
            options: self.options,
            service_name: self.service_name.clone(),
            stage: self.stage.clone(),
            region: self.region.clone(),
            template: Map::new(),
            provenance: Provenance::new(),
            now_ms: self.now_ms,
            artifact_directory_name: self.artifact_directory_name.clone(),
            warnings: Vec::new(),
            recorded_grants: Some(Vec::new()),
            looked_up_functions: Cell::new(false),
        }
    }

    /// The service's function `key` (a destination naming one), noting the lookup.
    pub fn other_function(&self, key: &str) -> Option<Function<'a>> {
        self.looked_up_functions.set(true);
        self.service.function(key)
    }

    pub fn resources_mut(&mut self) -> &mut Map<String, Json> {
        object_entry(&mut self.template, "Resources")
    }

    pub fn outputs_mut(&mut self) -> &mut Map<String, Json> {
        object_entry(&mut self.template, "Outputs")
    }

    pub fn resources(&self) -> Option<&Map<String, Json>> {
        self.template.get("Resources").and_then(Json::as_object)
    }

    /// `_.merge(Resources, { [id]: resource })`, as the event plugins add what they generate.
    pub fn merge_resource(&mut self, id: &str, resource: Json) {
        let resources = self.resources_mut();
        match resources.get_mut(id) {
            Some(existing) => lodash::merge(existing, &resource),
            // lodash's merge into `{}` is a deep clone: the fresh resource can move in.
            None => {
                resources.insert(id.to_owned(), resource);
            }
        }
    }

    pub fn note_origin(&mut self, id: &str, kind: OriginKind, range: TextRange) {
        let origin = Origin { kind, range };
        // The ID is copied only the first time (a pool is noted once per event on it).
        match self.provenance.get_mut(id) {
            Some(origins) => origins.push(origin),
            None => {
                self.provenance.insert(id.to_owned(), vec![origin]);
            }
        }
    }

    /// `functionObj.name`: the function's `name:`, else `{service}-{stage}-{key}`.
    pub fn deployed_function_name(&self, function: &Function<'_>) -> String {
        match function
            .get("name")
            .and_then(|v| v.as_str())
            .filter(|n| !n.is_empty())
        {
            Some(name) => name.to_owned(),
            None => format!("{}-{}-{}", self.service_name, self.stage, function.key),
        }
    }

    /// The function's `targetAlias` (set by compileFunctions): `snapStart` gives `snapstart`,
    /// else `provisionedConcurrency` gives `provisioned` (both at once is an error there).
    /// Event targets, permissions and dependencies point at it instead of the function.
    pub fn function_alias(&self, function: &Function<'_>) -> Option<FunctionAlias> {
        if function.get("snapStart").is_some_and(|v| v.is_truthy()) {
            return Some(FunctionAlias {
                logical_id: naming::snap_start_alias(function.key),
                name: naming::SNAP_START_ALIAS_NAME,
            });
        }
        if function
            .get("provisionedConcurrency")
            .is_some_and(|v| v.is_truthy())
        {
            return Some(FunctionAlias {
                logical_id: naming::provisioned_concurrency_alias(function.key),
                name: naming::PROVISIONED_CONCURRENCY_ALIAS_NAME,
            });
        }
        None
    }

    /// `resolveLambdaTarget`: the function's ARN, or its alias's when it has one.
    pub fn lambda_target(&self, function: &Function<'_>) -> Json {
        let arn =
            serde_json::json!({ "Fn::GetAtt": [naming::lambda_function(function.key), "Arn"] });
        match self.function_alias(function) {
            Some(alias) => serde_json::json!({ "Fn::Join": [":", [arn, alias.name]] }),
            None => arn,
        }
    }

    /// `provider.deploymentBucket` as a name (the string, or the object form's `name`).
    pub fn deployment_bucket_name(&self) -> Option<Json> {
        let bucket = self.service.provider().get("deploymentBucket")?;
        let name = match bucket.as_mapping() {
            Some(object) => object.get("name")?,
            None => bucket,
        };
        name.is_truthy().then(|| name.to_json())
    }

    /// What every `Code.S3Bucket` holds: the user's bucket name, else a `Ref` to the
    /// generated `ServerlessDeploymentBucket`.
    pub fn code_s3_bucket(&self) -> Json {
        self.deployment_bucket_name()
            .unwrap_or_else(|| serde_json::json!({ "Ref": naming::DEPLOYMENT_BUCKET }))
    }

    /// `provider.iam.deploymentRole`, else the legacy `provider.cfnRole` (lodash `_.get` with a
    /// default: a present `null` is kept).
    pub fn deployment_role(&self) -> Option<&'a sls_config::Value> {
        let provider = self.service.provider();
        provider
            .get_path(&["iam", "deploymentRole"])
            .or_else(|| provider.get("cfnRole"))
    }
}

/// `service:`: a string (the object notation is an error in v3).
fn service_name(service: &Service<'_>) -> Result<String, CompileError> {
    let Some(value) = service.get("service").filter(|v| v.is_truthy()) else {
        return Err(CompileError::new(
            ErrorCode::ServiceNameMissing,
            messages::service_name_missing("serverless.yml"),
            Vec::new(),
        ));
    };
    if value.as_mapping().is_some() || value.as_sequence().is_some() {
        return Err(CompileError::new(
            ErrorCode::ServiceObjectNotation,
            messages::service_object_notation(),
            vec![value.range],
        ));
    }
    Ok(js::to_js_string(value).unwrap_or_default())
}

fn object_entry<'m>(map: &'m mut Map<String, Json>, key: &str) -> &'m mut Map<String, Json> {
    let slot = map
        .entry(key.to_owned())
        .or_insert_with(|| Json::Object(Map::new()));
    if !slot.is_object() {
        *slot = Json::Object(Map::new());
    }
    match slot {
        Json::Object(m) => m,
        _ => unreachable!("made an object just above"),
    }
}
