//! The framework's schema validation, for the parts we model: function names, the shape of
//! `events:` items, and the `cognitoUserPool` event (spec section 3). Each violation carries
//! the framework's path and message, so the compiler can print
//! `Warning: Invalid configuration encountered` exactly, in ajv's order (after the framework's
//! normalizer: `lib/classes/config-schema-handler/normalize-ajv-errors.js`).
//!
//! What ajv would coerce without complaint (`pool: 123`, `existing: "true"`) is no violation,
//! and a string holding a variable (`${...}`) is not checked until it is resolved.

pub(crate) mod ajv;
mod cognito;
mod events;

pub use cognito::COGNITO_PROPERTIES;
pub use events::AWS_EVENT_KINDS;
pub(crate) use events::is_valid_function_name;

use sls_text::TextRange;

use crate::Value;
use crate::diagnostic::{ConfigDiagnostic, DiagnosticCode};

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

/// Every violation in `root`, in the order the framework prints them.
pub fn check_schema(root: &Value) -> Vec<SchemaViolation> {
    let mut violations = Vec::new();
    events::check_functions(root, &mut violations);
    // The framework drops repeated lines.
    let mut seen = std::collections::HashSet::new();
    violations.retain(|v| seen.insert((v.path.clone(), v.ajv_message.clone())));
    violations
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
