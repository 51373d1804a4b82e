//! `serverless package`'s steps, in the framework's order, from a parsed serverless.yml to the
//! template it writes: variables, coercion and schema check, the core template, the execution
//! role and log groups, the functions, the event plugins, and the finalize steps.

use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;
use sls_config::{SchemaViolation, Service, Value, variables};

use crate::context::{CompileOptions, Ctx, Provenance};
use crate::error::{CompileError, ErrorCode};
use crate::schema_report;
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
    let resolved = match resolve_variables(root, options) {
        Ok(resolved) => resolved,
        Err(error) => {
            return Err(CompileFailure {
                error,
                warnings: Vec::new(),
            });
        }
    };
    // ajv validates with `coerceTypes: 'array'`: what it reports is what it could not coerce,
    // and the config compiled is the coerced one.
    let violations = sls_config::check_schema(&resolved);
    let coerced = sls_config::coerce(resolved);
    compile_coerced(&coerced, violations, options)
}

/// [`compile`] from the point where the variables are resolved, the schema checked and its
/// coercions applied: for a caller (the analysis) that has done those steps already, since
/// they cost more than the rest of the compilation. `violations` are the schema's violations of
/// the config before coercion.
pub fn compile_coerced(
    coerced: &Value,
    violations: Vec<SchemaViolation>,
    options: &CompileOptions,
) -> Result<Compiled, CompileFailure> {
    let mut warnings = Vec::new();
    let fail = |error, warnings| CompileFailure { error, warnings };
    match schema_report::report(coerced, violations) {
        Ok(schema_warnings) => warnings.extend(schema_warnings),
        Err(error) => return Err(fail(error, warnings)),
    }

    let mut ctx = match Ctx::new(Service::new(coerced), options) {
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

/// Variables (`${self:...}`, `${sls:stage}`, `${opt:...}`, `${env:...}`, `${file(...)}`),
/// resolved by the config layer with the CLI options, environment and files of `options`.
/// Sources that need AWS (`${ssm:...}`, `${cf:...}`) stay as written.
fn resolve_variables(root: &Value, options: &CompileOptions) -> Result<Value, CompileError> {
    let env = |name: &str| options.env.get(name).cloned();
    let files: &dyn variables::FileReader = match options.service_dir {
        Some(_) => &variables::FsFileReader,
        None => &NoFiles,
    };
    let mut context = variables::ResolveContext::new(
        options.service_dir.clone().unwrap_or_default(),
        &env,
        files,
    );
    context.stage = options.stage.clone();
    context.region = options.region.clone();
    context.params = options
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    context.source = options.source.as_deref();
    let (resolved, problems) = variables::resolve(root, &context);
    match variables::framework_error(&problems, &context.config_file_name) {
        Some(error) => Err(CompileError::new(
            ErrorCode::Variables(error.code),
            error.message,
            problems
                .iter()
                .filter(|p| p.step.is_some())
                .map(|p| p.range)
                .collect(),
        )),
        None => Ok(resolved),
    }
}

/// No service folder: `${file(...)}` finds nothing.
struct NoFiles;

impl variables::FileReader for NoFiles {
    fn read(&self, _path: &Path) -> io::Result<String> {
        Err(io::ErrorKind::NotFound.into())
    }

    fn canonicalize(&self, _path: &Path) -> io::Result<PathBuf> {
        Err(io::ErrorKind::NotFound.into())
    }
}
