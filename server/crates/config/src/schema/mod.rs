//! The framework's schema validation, for the parts we model: function names, the shape of
//! `events:` items and the `cognitoUserPool` event (spec section 3), hand-written in `events.rs`
//! and `cognito.rs`; the function properties, the provider settings the compiler reads and
//! `resources`, written as schemas (`function.rs`, `provider.rs`, `resources.rs`, with the AWS
//! definitions in `aws.rs`) that `validator.rs` checks as ajv does and `normalize.rs` reports as
//! the framework does. Each violation carries the framework's path and message, so the compiler
//! can print `Warning: Invalid configuration encountered` exactly, in ajv's order (after the
//! framework's normalizer: `lib/classes/config-schema-handler/normalize-ajv-errors.js`).
//!
//! What ajv would coerce without complaint (`pool: 123`, `existing: "true"`, `memorySize: "512"`)
//! is no violation, and a string holding a variable (`${...}`) is not checked until it is
//! resolved.

pub(crate) mod ajv;
mod aws;
mod cognito;
mod events;
mod function;
mod normalize;
mod provider;
mod resources;
mod reuse;
mod validator;

pub use cognito::COGNITO_PROPERTIES;
pub use events::AWS_EVENT_KINDS;
pub(crate) use events::is_valid_function_name;
pub(crate) use reuse::FunctionChecks;
pub use reuse::SchemaCache;

use sls_text::TextRange;

use crate::Value;
use crate::diagnostic::{ConfigDiagnostic, DiagnosticCode};
use provider::PROVIDER;
use resources::RESOURCES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// The framework's path: `functions.preSignUp.events.0.cognitoUserPool.trigger`.
    pub path: String,
    /// The framework's text after the path: `must be boolean`.
    pub ajv_message: String,
    /// The text at fault: the value, the key of an unrecognized property, the event of a
    /// missing property.
    pub range: TextRange,
    pub code: DiagnosticCode,
    /// A did-you-mean, or a note on how the framework still copes.
    pub hint: Option<String>,
}

impl SchemaViolation {
    /// The framework's line for it: `at '<path>': <message>`.
    pub fn framework_line(&self) -> String {
        format!("at '{}': {}", self.path, self.ajv_message)
    }

    pub fn to_diagnostic(&self) -> ConfigDiagnostic {
        ConfigDiagnostic {
            range: self.range,
            code: self.code,
            message: self.ajv_message.clone(),
            hint: self.hint.clone(),
        }
    }
}

/// Every violation in `root`, in the order the framework prints them (its schema's order:
/// `functions`, `provider`, `resources`).
pub fn check_schema(root: &Value) -> Vec<SchemaViolation> {
    // ajv coerces as it validates: what it reports is checked on a copy it may change.
    check_coercing(&mut root.clone(), &mut FunctionChecks::fresh())
}

/// [`check_schema`], applying to `root` the coercions of the schemas checked (the function
/// properties, `provider`, `resources`) in the same walk, each function's completely (its events
/// and null-valued keys too, see `events::check_body`): the first half of
/// [`crate::check_and_coerce`]. `functions` says which functions' checks are reused or kept.
pub(crate) fn check_coercing(
    root: &mut Value,
    functions: &mut FunctionChecks<'_>,
) -> Vec<SchemaViolation> {
    let mut violations = Vec::new();
    events::check_functions(root, &mut violations, functions);
    if let Some(mapping) = root.as_mapping_mut() {
        for (key, schema) in [("provider", &*PROVIDER), ("resources", &*RESOURCES)] {
            if let Some(entry) = mapping
                .entries
                .get_mut(key)
                .filter(|e| e.value.as_mapping().is_some())
            {
                let mut errors = Vec::new();
                let path = format!("/{key}");
                validator::validate(
                    schema,
                    &mut entry.value,
                    &path,
                    &schema_path(key),
                    &mut errors,
                );
                violations.extend(normalize::normalize(errors));
            }
        }
    }
    // The framework drops repeated lines.
    let mut seen = std::collections::HashSet::new();
    violations.retain(|v| seen.insert((v.path.clone(), v.ajv_message.clone())));
    violations
}

/// Where the schema of a top-level property is (the framework's `provider` and `resources`
/// schemas are properties of the root's).
fn schema_path(key: &str) -> String {
    format!("#/properties/{key}")
}

/// What ajv's validation changes in `root`: the top-level schemas modelled here, and each
/// function's properties (its events are coerced by [`crate::coerce`]).
pub(crate) fn coerce_in_place(root: &mut Value) {
    let mut ignored = Vec::new();
    let Some(mapping) = root.as_mapping_mut() else {
        return;
    };
    if let Some(functions) = mapping
        .entries
        .get_mut("functions")
        .and_then(|e| e.value.as_mapping_mut())
    {
        for (name, entry) in functions.entries.iter_mut() {
            if is_valid_function_name(name) && entry.value.as_mapping().is_some() {
                function::coerce(&mut entry.value, name, &mut ignored);
            }
        }
    }
    for (key, schema) in [("provider", &*PROVIDER), ("resources", &*RESOURCES)] {
        if let Some(entry) = mapping.entries.get_mut(key) {
            if entry.value.as_mapping().is_some() {
                let path = format!("/{key}");
                validator::validate(
                    schema,
                    &mut entry.value,
                    &path,
                    &schema_path(key),
                    &mut ignored,
                );
            }
        }
    }
}

/// Collects violations under a path.
pub(crate) struct Violations<'a> {
    out: &'a mut Vec<SchemaViolation>,
}

impl Violations<'_> {
    fn push(
        &mut self,
        code: DiagnosticCode,
        path: &str,
        ajv_message: String,
        range: TextRange,
        hint: Option<String>,
    ) {
        self.out.push(SchemaViolation {
            path: path.to_owned(),
            ajv_message,
            range,
            code,
            hint,
        });
    }
}

#[cfg(test)]
mod tests;
