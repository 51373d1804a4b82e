//! The editor's `serverless` settings (`stage`, `region`, `params`) as analysis [`Settings`].
//!
//! They arrive as JSON from `initializationOptions`, from a `workspace/configuration` answer,
//! or pushed in `workspace/didChangeConfiguration`. Settings of the wrong type are skipped with
//! a warning rather than rejected, so one typo does not throw away the rest.

use serde_json::Value;
use sls_analysis::Settings;
use tracing::warn;

/// The configuration section the server asks the client for.
pub const SECTION: &str = "serverless";

/// Reads settings from either the section itself (`{"stage": ...}`) or an object holding it
/// (`{"serverless": {"stage": ...}}`), the two shapes clients send. `None` when `value` holds
/// no settings object at all (`null`, a client that knows no such section).
pub fn from_json(value: &Value) -> Option<Settings> {
    let object = value.as_object()?;
    let section = match object.get(SECTION) {
        Some(Value::Object(section)) => section,
        _ => object,
    };
    Some(Settings {
        stage: non_empty_string(section.get("stage"), "stage"),
        region: non_empty_string(section.get("region"), "region"),
        params: params(section.get("params")),
    })
}

fn non_empty_string(value: Option<&Value>, name: &str) -> Option<String> {
    match value? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::String(_) | Value::Null => None,
        other => {
            warn!("setting `{SECTION}.{name}` should be a string, got {other}; ignored");
            None
        }
    }
}

/// `params` is an object of `key: value`; like `--param key=value`, values are text, so
/// numbers and booleans are written as the framework would read them from the command line.
fn params(value: Option<&Value>) -> Vec<(String, String)> {
    let object = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Object(object)) => object,
        Some(other) => {
            warn!("setting `{SECTION}.params` should be an object, got {other}; ignored");
            return Vec::new();
        }
    };
    object
        .iter()
        .filter_map(|(key, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                Value::Number(number) => number.to_string(),
                Value::Bool(flag) => flag.to_string(),
                other => {
                    warn!("param `{key}` should be a string, got {other}; ignored");
                    return None;
                }
            };
            Some((key.clone(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_section_itself_or_nested() {
        let expected = Settings {
            stage: Some("prod".into()),
            region: Some("eu-west-1".into()),
            params: vec![("domain".into(), "example.com".into())],
        };
        let section =
            json!({"stage": "prod", "region": "eu-west-1", "params": {"domain": "example.com"}});
        assert_eq!(from_json(&section), Some(expected.clone()));
        assert_eq!(from_json(&json!({ "serverless": section })), Some(expected));
    }

    #[test]
    fn params_keep_their_order_and_become_text() {
        let settings = from_json(&json!({"params": {"z": "last?", "a": 3, "flag": true}}));
        assert_eq!(
            settings.map(|s| s.params),
            Some(vec![
                ("z".into(), "last?".into()),
                ("a".into(), "3".into()),
                ("flag".into(), "true".into()),
            ])
        );
    }

    #[test]
    fn wrong_types_and_empty_strings_are_skipped() {
        let settings = from_json(&json!({
            "stage": 7,
            "region": "",
            "params": {"ok": "yes", "nested": {"no": 1}, "list": [1]},
        }));
        assert_eq!(
            settings,
            Some(Settings {
                stage: None,
                region: None,
                params: vec![("ok".into(), "yes".into())],
            })
        );
        assert_eq!(
            from_json(&json!({"params": ["a=b"]})),
            Some(Settings::default())
        );
    }

    #[test]
    fn no_object_means_no_settings() {
        assert_eq!(from_json(&Value::Null), None);
        assert_eq!(from_json(&json!("stage")), None);
        assert_eq!(from_json(&json!({})), Some(Settings::default()));
    }
}
