//! The state one compilation threads through its steps (functions, cognito events, resources):
//! the service being compiled, the template being built and where each resource came from.

use serde_json::{Map, Value as Json};
use sls_config::{Function, Service};
use sls_text::TextRange;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{lodash, naming};

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
}

impl<'a> Ctx<'a> {
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
            None => {
                let mut fresh = Json::Object(Map::new());
                lodash::merge(&mut fresh, &resource);
                resources.insert(id.to_owned(), fresh);
            }
        }
    }

    pub fn note_origin(&mut self, id: &str, kind: OriginKind, range: TextRange) {
        self.provenance
            .entry(id.to_owned())
            .or_default()
            .push(Origin { kind, range });
    }

    /// `Date.now()`: `options.now_ms`, else the clock. The pipeline should fix `now_ms` once per
    /// compilation so the artifact folder and every `ForceDeploy` agree.
    pub fn now_ms(&self) -> u64 {
        self.options.now_ms.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        })
    }

    /// `package.artifactDirectoryName`: `<prefix>/<service>/<stage>/<epochMs>-<ISO time>`, the
    /// prefix being `provider.deploymentPrefix` (default `serverless`). With `normalize` the
    /// time part is the oracle's `<ARTIFACT_DIR>`.
    pub fn artifact_directory_name(&self) -> String {
        let prefix = match self.service.provider().get("deploymentPrefix") {
            Some(p) if !p.is_null() => js_string(p),
            _ => "serverless".to_owned(),
        };
        let time = if self.options.normalize {
            "<ARTIFACT_DIR>".to_owned()
        } else {
            let ms = self.now_ms();
            let at = UNIX_EPOCH + Duration::from_millis(ms);
            format!("{ms}-{}", humantime::format_rfc3339_millis(at))
        };
        format!("{prefix}/{}/{}/{time}", self.service_name, self.stage)
    }

    /// `Code.S3Bucket` of every Lambda the framework packages: `provider.deploymentBucket` (or
    /// its `name:`) when set, else a `Ref` to the generated bucket.
    pub fn deployment_bucket(&self) -> Json {
        let configured = self.service.provider().get("deploymentBucket");
        let name = match configured {
            Some(bucket) if bucket.as_mapping().is_some() => bucket.get("name"),
            other => other,
        };
        match name {
            Some(name) if name.is_truthy() => name.to_json(),
            _ => serde_json::json!({ "Ref": naming::DEPLOYMENT_BUCKET }),
        }
    }

    /// `functionObj.name`: the function's `name:`, else `{service}-{stage}-{key}`.
    pub fn deployed_function_name(&self, function: &Function<'_>) -> String {
        match function.get("name").and_then(|v| v.as_str()) {
            Some(name) => name.to_owned(),
            None => format!("{}-{}-{}", self.service_name, self.stage, function.key),
        }
    }
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

/// `${value}` in JavaScript, for a scalar written into a string.
fn js_string(value: &sls_config::Value) -> String {
    match value.to_json() {
        Json::String(s) => s,
        other => other.to_string(),
    }
}
