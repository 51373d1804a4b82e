//! `serverless package`'s steps, in the framework's order, from a parsed serverless.yml to the
//! template it writes: variables, coercion and schema check, the core template, the execution
//! role and log groups, the functions, the event plugins, and the finalize steps.

use std::borrow::Cow;

use serde_json::Value as Json;
use sls_config::{Service, Value};

use crate::context::{CompileOptions, Ctx, Provenance};
use crate::error::CompileError;
use crate::schema_report::{self, SchemaViolation};
use crate::warning::CompileWarning;
use crate::{events, finalize, normalize, package};

/// A template, as `.serverless/cloudformation-template-update-stack.json` holds it.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The template root (`AWSTemplateFormatVersion`, `Description`, `Resources`, `Outputs`, ...).
    pub template: Json,
    pub warnings: Vec<CompileWarning>,
    /// Logical ID → the config that made or changed it.
    pub provenance: Provenance,
}

/// Where the framework stops with an error, and what it warned about before.
#[derive(Debug, Clone)]
pub struct CompileFailure {
    pub error: CompileError,
    pub warnings: Vec<CompileWarning>,
}

pub fn compile(root: &Value, options: &CompileOptions) -> Result<Compiled, CompileFailure> {
    let mut warnings = Vec::new();
    let fail = |error, warnings| CompileFailure { error, warnings };

    let resolved = match resolve_variables(root, options) {
        Ok(resolved) => resolved,
        Err(error) => return Err(fail(error, warnings)),
    };
    let coerced = coerce(resolved);
    let violations = schema_violations(&coerced);
    match schema_report::report(&coerced, violations) {
        Ok(schema_warnings) => warnings.extend(schema_warnings),
        Err(error) => return Err(fail(error, warnings)),
    }

    let mut ctx = match Ctx::new(Service::new(&coerced), options) {
        Ok(ctx) => ctx,
        Err(error) => return Err(fail(error, warnings)),
    };
    let steps = run_package_steps(&mut ctx);
    warnings.append(&mut ctx.warnings);
    if let Err(error) = steps {
        return Err(fail(error, warnings));
    }

    let mut template = Json::Object(std::mem::take(&mut ctx.template));
    // What the saved file holds: `JSON.stringify` leaves `undefined` out.
    crate::js::drop_undefined(&mut template);
    if options.normalize {
        normalize::normalize(&mut template);
    }
    Ok(Compiled {
        template,
        warnings,
        provenance: std::mem::take(&mut ctx.provenance),
    })
}

/// `package:initialize` → `package:setupProviderConfiguration` → `package:compileFunctions` →
/// `package:compileEvents` → `package:finalize`.
fn run_package_steps(ctx: &mut Ctx<'_>) -> Result<(), CompileError> {
    package::generate_core_template(ctx);
    package::merge_iam_templates(ctx);
    package::compile_functions(ctx)?;
    events::compile_events(ctx)?;
    finalize::finalize(ctx)
}

// ---------------------------------------------------------------------------------------------
// Config steps owned by the config layer. Each is a call site that passes the config through
// unchanged until its implementation lands; none of them pretends to do the work.
// ---------------------------------------------------------------------------------------------

/// Step 1, variables (`${self:...}`, `${sls:stage}`, `${opt:...}`, `${ssm:...}`).
/// PENDING: `sls_config::variables::resolve` goes here. Until then a `${...}` stays as written.
fn resolve_variables<'v>(
    root: &'v Value,
    _options: &CompileOptions,
) -> Result<Cow<'v, Value>, CompileError> {
    Ok(Cow::Borrowed(root))
}

/// Step 2, the schema's type coercion (`pool: 123` → `"123"`, `existing: "true"` → `true`,
/// a scalar `DependsOn` → `[DependsOn]`).
/// PENDING: `sls_config`'s coercion goes here. Until then values keep their written types.
fn coerce(config: Cow<'_, Value>) -> Cow<'_, Value> {
    config
}

/// Step 3, the schema check whose violations `schema_report` words as the framework does.
/// PENDING: `sls_config`'s schema check goes here. Until then no violation is reported.
fn schema_violations(_config: &Value) -> Vec<SchemaViolation> {
    Vec::new()
}
