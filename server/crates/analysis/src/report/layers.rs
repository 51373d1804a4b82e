//! Syntax, config, schema and variable problems, each kept with its layer's code and text.

use sls_compile::ValidationMode;
use sls_config::variables::VariableProblem;
use sls_config::{ConfigDiagnostic, SchemaCache, SchemaViolation, Value};
use sls_syntax::SyntaxDiagnostic;

use super::crash::Crash;
use crate::{Diagnostic, Severity};

pub(crate) fn from_syntax(d: &SyntaxDiagnostic) -> Diagnostic {
    Diagnostic::new(d.range, Severity::Error, d.code.as_str(), d.message.clone())
}

pub(crate) fn from_config(d: &ConfigDiagnostic) -> Diagnostic {
    let message = match &d.hint {
        Some(hint) => format!("{} ({hint})", d.message),
        None => d.message.clone(),
    };
    Diagnostic::new(d.range, d.severity(), d.code.as_str(), message)
}

pub(crate) fn from_variable(p: &VariableProblem) -> Diagnostic {
    Diagnostic::new(p.range, p.severity, p.code.as_str(), p.message.clone())
}

/// The schema's violations of the config after variables (what the framework validates), and
/// the mode that decides what they are: warnings, errors, or nothing.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    violations: Vec<SchemaViolation>,
    mode: Option<ValidationMode>,
}

impl Schema {
    /// Checks the config after variables, and coerces it as the check goes (as ajv does),
    /// reusing the functions `previous` checked where they are unchanged (outside `edit`, when
    /// the config changed only there); and what the next check reuses.
    pub fn check_and_coerce(
        resolved: Value,
        previous: Option<&SchemaCache>,
        edit: Option<&sls_syntax::Splice>,
    ) -> (Self, Value, SchemaCache) {
        let mode = Some(ValidationMode::of(&resolved));
        let (coerced, violations, cache) =
            sls_config::check_and_coerce_reusing(resolved, previous, edit);
        (Schema { violations, mode }, coerced, cache)
    }

    pub fn violations(&self) -> &[SchemaViolation] {
        &self.violations
    }

    /// The violations as diagnostics, but those a compiler crash already reports.
    pub fn diagnostics<'s>(
        &'s self,
        crash: Option<&'s Crash>,
    ) -> impl Iterator<Item = Diagnostic> + 's {
        let reported = move |v: &SchemaViolation| crash.is_some_and(|c| c.covers(v));
        self.violations
            .iter()
            .filter(move |v| !reported(v))
            .filter_map(|v| {
                let mut diagnostic = from_config(&v.to_diagnostic());
                match self.mode? {
                    ValidationMode::Off => return None,
                    // The framework stops on them (INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION).
                    ValidationMode::Error => diagnostic.severity = Severity::Error,
                    ValidationMode::Warn => {}
                }
                Some(diagnostic)
            })
    }
}
