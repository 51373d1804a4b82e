//! `serverless package`'s steps, in the framework's order, from a parsed serverless.yml to the
//! template it writes: variables, coercion and schema check, the core template, the execution
//! role and log groups, the functions, the event plugins, and the finalize steps.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value as Json;
use sls_config::{SchemaViolation, Service, Value, variables};

use crate::context::{CompileOptions, Ctx, Provenance};
use crate::error::{CompileError, ErrorCode};
use crate::package::{self, FunctionCache};
use crate::patch::{self, Layout, PatchDelta, Previous};
use crate::schema_report;
use crate::warning::CompileWarning;
use crate::{events, finalize, normalize};

/// A template, as `.serverless/cloudformation-template-update-stack.json` holds it.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The template root (`AWSTemplateFormatVersion`, `Description`, `Resources`, `Outputs`, ...).
    pub template: Json,
    pub warnings: Vec<CompileWarning>,
    /// Logical ID → the config that made or changed it.
    pub provenance: Provenance,
    /// What the next compilation of this service reuses (pass it to [`compile_coerced`]).
    pub function_cache: FunctionCache,
    /// What the next compilation needs to patch this template instead of building it again.
    pub layout: Layout,
    /// When the template was patched: how it differs from the one it was patched from.
    pub(crate) delta: Option<Arc<PatchDelta>>,
}

/// Where the framework stops with an error, and what it warned about before.
#[derive(Debug, Clone)]
pub struct CompileFailure {
    pub error: CompileError,
    pub warnings: Vec<CompileWarning>,
    /// What the next compilation reuses: the functions compiled before it stopped, if any.
    pub function_cache: FunctionCache,
}

pub fn compile(root: &Value, options: &CompileOptions) -> Result<Compiled, CompileFailure> {
    let resolved = match resolve_variables(root, options) {
        Ok(resolved) => resolved,
        Err(error) => {
            return Err(CompileFailure {
                error,
                warnings: Vec::new(),
                function_cache: FunctionCache::default(),
            });
        }
    };
    // ajv validates with `coerceTypes: 'array'`: what it reports is what it could not coerce,
    // and the config compiled is the coerced one.
    let (coerced, violations) = sls_config::check_and_coerce(resolved);
    compile_coerced(&coerced, violations, options, None)
}

/// [`compile`] from the point where the variables are resolved, the schema checked and its
/// coercions applied: for a caller (the analysis) that has done those steps already, since
/// they cost more than the rest of the compilation. `violations` are the schema's violations of
/// the config before coercion. `previous`: an earlier compilation of this service, whose
/// unchanged functions are not compiled again, and whose template is patched where the edit
/// provably changed only what some functions' own resources hold (see `patch`).
pub fn compile_coerced(
    coerced: &Value,
    violations: Vec<SchemaViolation>,
    options: &CompileOptions,
    previous: Option<Previous<'_>>,
) -> Result<Compiled, CompileFailure> {
    let mut warnings = Vec::new();
    let fail = |error, warnings, function_cache| CompileFailure {
        error,
        warnings,
        function_cache,
    };
    match schema_report::report(coerced, violations) {
        Ok(schema_warnings) => warnings.extend(schema_warnings),
        Err(error) => return Err(fail(error, warnings, FunctionCache::default())),
    }

    let mut ctx = match Ctx::new(Service::new(coerced), options) {
        Ok(ctx) => ctx,
        Err(error) => return Err(fail(error, warnings, FunctionCache::default())),
    };
    let mut layout = Layout::new(patch::rest_fingerprint(&ctx), warnings.len());
    let (previous_functions, base, edited) = match previous {
        Some(Previous {
            functions,
            base,
            edited,
        }) => (Some(functions), base, edited),
        None => (None, None, None),
    };
    let functions = package::active_functions(&ctx.service);
    let (parts, function_cache) = package::parts_of(
        &ctx,
        &functions,
        previous_functions,
        edited.map(|e| e.after),
    );
    if let (Some(base), Some(previous_functions)) = (base, previous_functions)
        && let Some((template, provenance, mut steps_warnings, delta)) =
            patch::patch(&ctx, layout, base, edited, &parts, previous_functions)
    {
        warnings.append(&mut steps_warnings);
        layout.patched = true;
        return Ok(Compiled {
            template,
            warnings,
            provenance,
            function_cache,
            layout,
            delta: Some(Arc::new(delta)),
        });
    }
    let steps = run_package_steps(&mut ctx, &parts);
    warnings.append(&mut ctx.warnings);
    if let Err(error) = steps {
        return Err(fail(error, warnings, function_cache));
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
        function_cache,
        layout,
        delta: None,
    })
}

/// `package:initialize` → `package:setupProviderConfiguration` → `package:compileFunctions` →
/// `package:compileEvents` → `package:finalize`.
fn run_package_steps(
    ctx: &mut Ctx<'_>,
    parts: &[package::CompiledFunction],
) -> Result<(), CompileError> {
    package::generate_core_template(ctx);
    package::merge_iam_templates(ctx);
    package::compile_functions(ctx, parts)?;
    events::compile_events(ctx)?;
    finalize::finalize(ctx)
}

/// The variables of `root` resolved as `compile` resolves them (the CLI options, environment,
/// service folder and text of `options`), with every problem found, also those that do not stop
/// the framework (offline sources, likely typos). `config_file_name` is how messages name the file.
pub fn resolve_config_variables(
    root: &Value,
    options: &CompileOptions,
    config_file_name: &str,
) -> (Value, Vec<variables::VariableProblem>) {
    with_resolve_context(options, config_file_name, |context| {
        variables::resolve(root, context)
    })
}

/// [`resolve_config_variables`], replaying `earlier` (a resolution of the same document
/// before an edit) where the edit provably changes nothing but positions; also returns what
/// the next resolution may reuse. The result is the same as without `earlier`.
pub fn resolve_config_variables_reusing(
    root: &Value,
    options: &CompileOptions,
    config_file_name: &str,
    earlier: Option<variables::Earlier<'_>>,
) -> variables::Resolved {
    with_resolve_context(options, config_file_name, |context| {
        variables::resolve_reusing(root, context, earlier)
    })
}

/// Runs `run` with the resolution context of `options`.
fn with_resolve_context<T>(
    options: &CompileOptions,
    config_file_name: &str,
    run: impl FnOnce(&variables::ResolveContext<'_>) -> T,
) -> T {
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
    context.config_file_name = config_file_name.to_owned();
    run(&context)
}

/// Variables (`${self:...}`, `${sls:stage}`, `${opt:...}`, `${env:...}`, `${file(...)}`),
/// resolved by the config layer with the CLI options, environment and files of `options`.
/// Sources that need AWS (`${ssm:...}`, `${cf:...}`) stay as written, or fail as the framework
/// fails without AWS access when `options.fail_on_offline_variables`.
fn resolve_variables(root: &Value, options: &CompileOptions) -> Result<Value, CompileError> {
    let config_file_name = "serverless.yml";
    let (resolved, mut problems) = resolve_config_variables(root, options, config_file_name);
    if options.fail_on_offline_variables {
        let region = resolved_region(&resolved, options);
        let source = options.source.as_deref().unwrap_or("");
        problems.extend(offline_failures(&problems, source, &region));
    }
    match variables::framework_error(&problems, config_file_name) {
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

/// What the framework, run without AWS access, reports for each variable that needs AWS: its
/// SDK cannot reach the service's host (oracle cases 35, 102-104). These come
/// last, as the framework resolves AWS sources in its last step.
fn offline_failures(
    problems: &[variables::VariableProblem],
    text: &str,
    region: &str,
) -> Vec<variables::VariableProblem> {
    let last_step = problems.iter().filter_map(|p| p.step).max().unwrap_or(0);
    problems
        .iter()
        .filter(|p| p.code == variables::VariableCode::Offline)
        .filter_map(|p| {
            // The problem's text names the source: `"ssm" variables cannot be resolved offline`.
            let source = p.message.split('"').nth(1)?;
            // The variable as written (`${s3:bucket/key}`): S3 names the bucket in its host.
            let written = text.get(usize::from(p.range.start())..usize::from(p.range.end()));
            let address = written
                .and_then(|w| w.strip_prefix("${"))
                .and_then(|w| w.split_once(':'))
                .map_or("", |(_, rest)| rest);
            let detail = match source {
                "ssm" | "cf" | "s3" | "aws" => unreachable_host(source, address, region),
                _ => return None,
            };
            let mut failure = p.clone();
            failure.step = Some(last_step + 1);
            failure.message = format!("Cannot resolve variable at \"{}\": {detail}", p.property);
            Some(failure)
        })
        .collect()
}

/// The AWS SDK's error when the service's host cannot be reached (oracle cases 35, 102-104).
fn unreachable_host(source: &str, address: &str, region: &str) -> String {
    let host = match source {
        "ssm" => format!("ssm.{region}.amazonaws.com"),
        "cf" => format!("cloudformation.{region}.amazonaws.com"),
        "s3" => {
            let bucket = address.split('/').next().unwrap_or_default();
            format!("{bucket}.s3.amazonaws.com")
        }
        _ => "sts.amazonaws.com".to_owned(),
    };
    format!(
        "Inaccessible host: `{host}' at port `undefined'. This service may not be available in the `{region}' region."
    )
}

/// `--region`, else `provider.region` (as resolved), else `us-east-1`.
fn resolved_region(config: &Value, options: &CompileOptions) -> String {
    options
        .region
        .clone()
        .or_else(|| {
            config
                .get_path(["provider", "region"])
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "us-east-1".to_owned())
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
