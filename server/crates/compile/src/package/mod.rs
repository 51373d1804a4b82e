//! The framework's `package` steps before the event plugins: the core template
//! (`package:initialize`), the execution role and log groups (`package:setupProviderConfiguration`)
//! and the functions (`package:compileFunctions`).

mod core_template;
pub(crate) mod function_parts;
mod function_url;
mod functions;
mod iam_role;
mod versions;

pub use core_template::generate_core_template;
pub use function_parts::{CompiledFunction, FunctionCache, parts_of};
pub use functions::compile_functions;
pub use iam_role::{lambda_assume_role_policy, merge_iam_templates};

use serde_json::Value as Json;
use sls_config::{Function, Service, Value};
use sls_text::TextRange;

use crate::context::Ctx;
use crate::naming;

/// The functions the framework keeps: `null` entries are dropped (`setFunctionNames`).
pub fn active_functions<'a>(service: &Service<'a>) -> Vec<Function<'a>> {
    service
        .functions()
        .into_iter()
        .filter(|f| !f.value.is_null())
        .collect()
}

/// The range of `key` in the root mapping (what provider-level resources point back to).
pub fn root_key_range(service: &Service<'_>, key: &str) -> TextRange {
    service
        .root
        .as_mapping()
        .and_then(|m| m.entry(key))
        .map_or_else(TextRange::default, |e| e.key_range)
}

/// A statement a function adds to the generated execution role (dead letters, KMS, tracing,
/// file systems, destinations), and how it joins the statements already there.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub statement: Json,
    pub how: GrantKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantKind {
    /// `statements.push(statement)`.
    Append,
    /// `_.unionWith(statements, [statement], _.isEqual)` (see [`union_statement`]).
    Union,
    /// Appended unless an equal statement is there (the framework memoizes per destination).
    AppendIfAbsent,
}

/// Adds `grant` to the execution role, when the framework made one; while a function is
/// compiled on its own (see `function_parts`), records it to be added later in this order.
pub fn grant(ctx: &mut Ctx<'_>, grant: Grant) {
    if let Some(recorded) = &mut ctx.recorded_grants {
        recorded.push(grant);
        return;
    }
    let Some(statements) = execution_role_statements(ctx) else {
        return;
    };
    match grant.how {
        GrantKind::Append => statements.push(grant.statement),
        GrantKind::Union => union_statement(statements, grant.statement),
        GrantKind::AppendIfAbsent => {
            if !statements.contains(&grant.statement) {
                statements.push(grant.statement);
            }
        }
    }
}

/// `Properties.Policies[0].PolicyDocument.Statement` of the generated execution role, when
/// the framework made one.
fn execution_role_statements<'t>(ctx: &'t mut Ctx<'_>) -> Option<&'t mut Vec<Json>> {
    ctx.resources_mut()
        .get_mut(naming::ROLE_LAMBDA_EXECUTION)?
        .pointer_mut("/Properties/Policies/0/PolicyDocument/Statement")?
        .as_array_mut()
}

/// `_.unionWith(statements, [statement], _.isEqual)`: the statement appended unless an equal
/// one is there, and (lodash's union) equal statements already there collapsed to the first.
fn union_statement(statements: &mut Vec<Json>, statement: Json) {
    let mut unique: Vec<Json> = Vec::with_capacity(statements.len() + 1);
    for s in statements.drain(..).chain(std::iter::once(statement)) {
        if !unique.contains(&s) {
            unique.push(s);
        }
    }
    *statements = unique;
}

/// A config value as JSON, when present and truthy (`functionObject.x || provider.x`).
pub fn truthy_json(value: Option<&Value>) -> Option<Json> {
    value.filter(|v| v.is_truthy()).map(Value::to_json)
}
