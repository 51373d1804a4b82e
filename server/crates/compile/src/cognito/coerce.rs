//! The event's values as the compiler sees them after the framework's ajv `coerceTypes: 'array'`
//! pass (a number `pool` is the string `"123"`, `existing: "false"` is `false`), and the few
//! JavaScript semantics the framework's checks rely on (`===`, `${value}`). The config layer
//! normally coerces before compiling; doing it here too keeps an uncoerced tree from compiling
//! differently.

use sls_config::{Value, ValueKind};

/// A `pool` value: how the framework compares, keys and prints it.
#[derive(Debug, Clone)]
pub(super) enum PoolName<'a> {
    /// No `pool:` (JavaScript `undefined`).
    Missing,
    /// A string, or a scalar ajv coerced to one.
    Name(String),
    /// An object or array (e.g. `{Ref: X}`): compared by identity, as JavaScript objects are.
    Other(&'a Value),
}

/// A `Map` key with JavaScript's SameValueZero: strings by value, objects by identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum PoolKey {
    Undefined,
    Name(String),
    Object(*const Value),
}

impl<'a> PoolName<'a> {
    pub fn new(value: Option<&'a Value>) -> Self {
        match value {
            None => PoolName::Missing,
            Some(v) => match coerced_string(v) {
                Some(s) => PoolName::Name(s),
                None => PoolName::Other(v),
            },
        }
    }

    pub fn is_truthy(&self) -> bool {
        match self {
            PoolName::Missing => false,
            PoolName::Name(s) => !s.is_empty(),
            PoolName::Other(_) => true,
        }
    }

    /// JavaScript `===`.
    pub fn strict_eq(&self, other: &PoolName<'_>) -> bool {
        match (self, other) {
            (PoolName::Missing, PoolName::Missing) => true,
            (PoolName::Name(a), PoolName::Name(b)) => a == b,
            (PoolName::Other(a), PoolName::Other(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }

    pub fn key(&self) -> PoolKey {
        match self {
            PoolName::Missing => PoolKey::Undefined,
            PoolName::Name(s) => PoolKey::Name(s.clone()),
            PoolName::Other(v) => PoolKey::Object(std::ptr::from_ref(*v)),
        }
    }

    /// `${pool}`, as in the framework's messages and as a property key.
    pub fn display(&self) -> String {
        match self {
            PoolName::Missing => "undefined".to_owned(),
            PoolName::Name(s) => s.clone(),
            PoolName::Other(v) => js_display(v),
        }
    }

    /// The value written into the template (`UserPoolName`); `None` is an omitted key.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        match self {
            PoolName::Missing => None,
            PoolName::Name(s) => Some(serde_json::Value::String(s.clone())),
            PoolName::Other(v) => Some(v.to_json()),
        }
    }
}

/// ajv's coercion of a value to `type: string`: numbers and booleans print, `null` is `""`, a
/// one-item array is its item; objects and longer arrays are not strings.
pub(super) fn coerced_string(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) => Some(s.clone()),
        ValueKind::Null => Some(String::new()),
        ValueKind::Bool(_) | ValueKind::Number(_) => Some(js_display(value)),
        ValueKind::Sequence(items) if items.len() == 1 && is_scalar(&items[0]) => {
            coerced_string(&items[0])
        }
        ValueKind::Sequence(_) | ValueKind::Mapping(_) => None,
    }
}

/// Truthiness of a `type: boolean` field after ajv's coercion: `"false"` and `null` are `false`,
/// `"true"` and `1` are `true`, anything left uncoerced is tested as JavaScript would.
pub(super) fn coerced_truthy(value: Option<&Value>) -> bool {
    let Some(value) = value else { return false };
    match &value.kind {
        ValueKind::String(s) if s == "false" => false,
        ValueKind::Sequence(items) if items.len() == 1 && is_scalar(&items[0]) => {
            coerced_truthy(Some(&items[0]))
        }
        _ => value.is_truthy(),
    }
}

/// `${value}` / `String(value)` in JavaScript.
pub(super) fn js_display(value: &Value) -> String {
    match &value.kind {
        ValueKind::String(s) => s.clone(),
        ValueKind::Null => "null".to_owned(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => sls_config::js::number_to_string(*n),
        ValueKind::Mapping(_) => "[object Object]".to_owned(),
        // Array.prototype.join: null items print as empty strings.
        ValueKind::Sequence(items) => items
            .iter()
            .map(|item| {
                if item.is_null() {
                    String::new()
                } else {
                    js_display(item)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value.kind, ValueKind::Sequence(_) | ValueKind::Mapping(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sls_config::TextRange;

    fn value(json: serde_json::Value) -> Value {
        Value::from_json(&json, TextRange::default())
    }

    /// What ajv 8 with `coerceTypes: 'array'` does (checked against the framework's ajv).
    #[test]
    fn pools_coerce_like_ajv() {
        let cases = [
            (json!("users"), Some("users")),
            (json!(123), Some("123")),
            (json!(1.5), Some("1.5")),
            (json!(true), Some("true")),
            (json!(null), Some("")),
            (json!(["x"]), Some("x")),
            (json!(["x", "y"]), None),
            (json!({"Ref": "X"}), None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                coerced_string(&value(input.clone())).as_deref(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn booleans_coerce_like_ajv() {
        let cases = [
            (json!(true), true),
            (json!(false), false),
            (json!("true"), true),
            (json!("false"), false),
            (json!(null), false),
            (json!(1), true),
            (json!(0), false),
            (json!(["false"]), false),
            (json!("yes"), true),
            (json!(""), false),
        ];
        for (input, expected) in cases {
            assert_eq!(
                coerced_truthy(Some(&value(input.clone()))),
                expected,
                "{input}"
            );
        }
        assert!(!coerced_truthy(None));
    }

    #[test]
    fn objects_are_equal_only_to_themselves() {
        let a = value(json!({"Ref": "X"}));
        let b = value(json!({"Ref": "X"}));
        assert!(PoolName::new(Some(&a)).strict_eq(&PoolName::new(Some(&a))));
        assert!(!PoolName::new(Some(&a)).strict_eq(&PoolName::new(Some(&b))));
        assert_ne!(PoolName::new(Some(&a)).key(), PoolName::new(Some(&b)).key());
        assert!(PoolName::new(None).strict_eq(&PoolName::Missing));
        assert!(PoolName::Name("p".into()).strict_eq(&PoolName::new(Some(&value(json!("p"))))));
    }

    #[test]
    fn display_is_javascript_string_conversion() {
        assert_eq!(PoolName::Missing.display(), "undefined");
        assert_eq!(js_display(&value(json!({"Ref": "X"}))), "[object Object]");
        assert_eq!(js_display(&value(json!(["a", null, 2]))), "a,,2");
        assert_eq!(js_display(&value(json!(7.0))), "7");
        assert_eq!(js_display(&value(json!(1e21))), "1e+21");
    }
}
