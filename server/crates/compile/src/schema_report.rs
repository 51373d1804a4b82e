//! How the framework reports schema violations (its `configSchemaHandler.handleErrorMessages`):
//! a warning block in `warn` mode, `INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION` in `error` mode,
//! nothing in `off` mode. The violations themselves come from the config layer's schema check.

pub use sls_config::SchemaViolation;
use sls_config::Value;

use crate::error::{CompileError, ErrorCode, messages};
use crate::warning::{CompileWarning, WarningKind};

/// `at '<path>': <message>` (`at root: <message>` for the root), as the framework prints a
/// violation.
pub fn violation_line(violation: &SchemaViolation) -> String {
    if violation.path.is_empty() {
        format!("at root: {}", violation.ajv_message)
    } else {
        format!("at '{}': {}", violation.path, violation.ajv_message)
    }
}

/// `configValidationMode`: anything but `error` and `off` behaves as the default, `warn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationMode {
    Warn,
    Error,
    Off,
}

impl ValidationMode {
    pub fn of(root: &Value) -> ValidationMode {
        match root.get("configValidationMode").and_then(Value::as_str) {
            Some("error") => ValidationMode::Error,
            Some("off") => ValidationMode::Off,
            _ => ValidationMode::Warn,
        }
    }
}

const LEARN_MORE: &str =
    "Learn more about configuration validation here: http://slss.io/configuration-validation";

/// The warnings (or the error) the framework gives for `violations` under `root`'s mode.
pub fn report(
    root: &Value,
    violations: Vec<SchemaViolation>,
) -> Result<Vec<CompileWarning>, CompileError> {
    if violations.is_empty() {
        return Ok(Vec::new());
    }
    match ValidationMode::of(root) {
        ValidationMode::Off => Ok(Vec::new()),
        ValidationMode::Error => Err(invalid_configuration_error(&violations)),
        ValidationMode::Warn => {
            let mut warnings = vec![invalid_configuration_warning(violations)];
            // Only when the mode is left to its default (a falsy `configValidationMode`).
            if !root
                .get("configValidationMode")
                .is_some_and(Value::is_truthy)
            {
                warnings.push(CompileWarning {
                    kind: WarningKind::Deprecation {
                        code: "CONFIG_VALIDATION_MODE_DEFAULT_V3",
                    },
                    message: "Starting with the next major, Serverless will throw on configuration errors by default. Adapt to this behavior now by adding \"configValidationMode: error\" to the service configuration".to_owned(),
                    ranges: Vec::new(),
                });
            }
            Ok(warnings)
        }
    }
}

/// The `warn` mode block (printed after `Warning: `).
pub fn invalid_configuration_warning(violations: Vec<SchemaViolation>) -> CompileWarning {
    let mut message = String::from("Invalid configuration encountered");
    for v in &violations {
        message.push_str("\n  ");
        message.push_str(&violation_line(v));
    }
    message.push_str("\n\n");
    message.push_str(LEARN_MORE);
    CompileWarning {
        ranges: violations.iter().map(|v| v.range).collect(),
        kind: WarningKind::InvalidConfiguration(violations),
        message,
    }
}

/// The `error` mode failure: one line inline, several lines each on its own.
pub fn invalid_configuration_error(violations: &[SchemaViolation]) -> CompileError {
    let lines: Vec<String> = violations.iter().map(violation_line).collect();
    CompileError::new(
        ErrorCode::InvalidNonSchemaCompliantConfiguration,
        messages::invalid_configuration(&lines, LEARN_MORE),
        violations.iter().map(|v| v.range).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use sls_config::DiagnosticCode;
    use sls_text::TextRange;

    fn violation(path: &str, message: &str) -> SchemaViolation {
        SchemaViolation {
            path: path.to_owned(),
            ajv_message: message.to_owned(),
            range: TextRange::default(),
            code: DiagnosticCode::UnknownTag,
            hint: None,
        }
    }

    /// Case 08's message.
    #[test]
    fn single_violation_error_is_inline() {
        let error = invalid_configuration_error(&[violation(
            "functions.preSignUp.events.0.cognitoUserPool.trigger",
            "must be equal to one of the allowed values [PreSignUp, PostConfirmation]",
        )]);
        assert_eq!(
            error.code.as_str(),
            "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION"
        );
        assert_eq!(
            error.message,
            "Configuration error at 'functions.preSignUp.events.0.cognitoUserPool.trigger': must be equal to one of the allowed values [PreSignUp, PostConfirmation]\n\nLearn more about configuration validation here: http://slss.io/configuration-validation"
        );
    }

    /// Case 43's message (note the space after the colon).
    #[test]
    fn several_violations_error_lists_them() {
        let error = invalid_configuration_error(&[
            violation("a", "unrecognized property 'x'"),
            violation("", "must be object"),
        ]);
        assert_eq!(
            error.message,
            "Configuration error: \n     at 'a': unrecognized property 'x'\n     at root: must be object\n\nLearn more about configuration validation here: http://slss.io/configuration-validation"
        );
    }

    #[test]
    fn warn_mode_block_and_default_mode_deprecation() {
        let root = Value::from_json(&serde_json::json!({"service": "s"}), TextRange::default());
        let warnings = report(&root, vec![violation("p", "must be string")]).unwrap();
        assert_eq!(
            warnings[0].message,
            "Invalid configuration encountered\n  at 'p': must be string\n\nLearn more about configuration validation here: http://slss.io/configuration-validation"
        );
        assert_eq!(
            warnings[1].kind,
            WarningKind::Deprecation {
                code: "CONFIG_VALIDATION_MODE_DEFAULT_V3"
            }
        );

        let explicit = Value::from_json(
            &serde_json::json!({"configValidationMode": "warn"}),
            TextRange::default(),
        );
        assert_eq!(
            report(&explicit, vec![violation("p", "m")]).unwrap().len(),
            1
        );

        let off = Value::from_json(
            &serde_json::json!({"configValidationMode": "off"}),
            TextRange::default(),
        );
        assert!(report(&off, vec![violation("p", "m")]).unwrap().is_empty());
        assert!(report(&root, Vec::new()).unwrap().is_empty());
    }
}
