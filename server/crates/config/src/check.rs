//! What `check` shows about a loaded config (before variables are resolved): the framework's
//! own checks that stop it before the schema (the document, `functions:` and each function
//! must be mappings), then the schema violations.

use crate::diagnostic::{ConfigDiagnostic, DiagnosticCode, messages};
use crate::schema::{ajv, check_schema};
use crate::{Value, ValueKind};

/// Every problem in `root`, config-level ones first, then the schema's in the framework's
/// order. `file_name` is the service file's name as the framework's messages show it
/// (`serverless.yml`).
pub fn check(root: &Value, file_name: &str) -> Vec<ConfigDiagnostic> {
    let mut diagnostics = check_structure(root, file_name);
    diagnostics.extend(check_schema(root).iter().map(|v| v.to_diagnostic()));
    diagnostics
}

/// The framework's errors before the schema: a document that is not a mapping
/// (`INVALID_CONFIGURATION_EXPORT`), `functions:` that is a scalar
/// (`NON_OBJECT_FUNCTIONS_CONFIGURATION`), a function that is a scalar
/// (`NON_OBJECT_FUNCTION_CONFIGURATION_ERROR`). The framework stops at the first; we list all.
pub fn check_structure(root: &Value, file_name: &str) -> Vec<ConfigDiagnostic> {
    let mut out = Vec::new();
    let Some(config) = root.as_mapping() else {
        out.push(ConfigDiagnostic::new(
            DiagnosticCode::ConfigNotObject,
            root.range,
            messages::config_not_object(file_name),
        ));
        return out;
    };
    let Some(functions) = config.get("functions") else {
        return out;
    };
    match &functions.kind {
        // Null means none; a list is the legacy form, merged into one mapping.
        ValueKind::Null | ValueKind::Sequence(_) => {}
        ValueKind::Mapping(functions) => {
            for (name, entry) in functions.iter() {
                let value = &entry.value;
                if is_scalar(value) && !value.is_null() && !ajv::is_unresolved(value) {
                    out.push(ConfigDiagnostic::new(
                        DiagnosticCode::FunctionNotObject,
                        value.range,
                        messages::function_not_object(name, value),
                    ));
                }
            }
        }
        _ if ajv::is_unresolved(functions) => {}
        _ => out.push(ConfigDiagnostic::new(
            DiagnosticCode::FunctionsNotObject,
            functions.range,
            messages::functions_not_object(functions),
        )),
    }
    out
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value.kind, ValueKind::Sequence(_) | ValueKind::Mapping(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sls_text::TextRange;

    fn messages_of(config: serde_json::Value) -> Vec<(DiagnosticCode, String)> {
        check(
            &Value::from_json(&config, TextRange::default()),
            "serverless.yml",
        )
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
    }

    #[test]
    fn the_document_must_be_a_mapping() {
        assert_eq!(
            messages_of(json!(["a"])),
            [(
                DiagnosticCode::ConfigNotObject,
                "Invalid configuration at \"serverless.yml\": Plain object expected".to_owned()
            )]
        );
    }

    #[test]
    fn functions_must_be_a_mapping() {
        assert_eq!(
            messages_of(json!({"functions": "str"})),
            [(
                DiagnosticCode::FunctionsNotObject,
                "Unexpected \"functions\" configuration: Expected object received: 'str'"
                    .to_owned()
            )]
        );
        for ok in [
            json!({"functions": null}),
            json!({"functions": {}}),
            json!({"functions": []}),
            json!({"functions": "${file(f.yml)}"}),
        ] {
            assert_eq!(messages_of(ok.clone()), [], "{ok}");
        }
    }

    #[test]
    fn each_function_must_be_a_mapping() {
        assert_eq!(
            messages_of(
                json!({"functions": {"f": 123, "g": true, "h": null, "i": "${file(i.yml)}", "j": {"handler": "x"}}})
            ),
            [
                (
                    DiagnosticCode::FunctionNotObject,
                    "Unexpected \"f\" function configuration: Expected object received 123)"
                        .to_owned()
                ),
                (
                    DiagnosticCode::FunctionNotObject,
                    "Unexpected \"g\" function configuration: Expected object received true)"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn schema_violations_follow() {
        assert_eq!(
            messages_of(
                json!({"functions": {"f": "x", "g": {"events": [{"cognitoUserPool": {"pool": "P"}}]}}})
            ),
            [
                (
                    DiagnosticCode::FunctionNotObject,
                    "Unexpected \"f\" function configuration: Expected object received 'x')"
                        .to_owned()
                ),
                (
                    DiagnosticCode::CognitoMissingProperty,
                    "must have required property 'trigger'".to_owned()
                ),
            ]
        );
    }
}
