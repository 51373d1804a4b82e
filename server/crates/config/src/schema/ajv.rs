//! How the framework's ajv (`coerceTypes: 'array'`) sees a value: what it coerces without an
//! error, and the patterns it tests. Shared by the checks (a coercible value is no violation)
//! and by [`crate::coerce`] (which applies the coercion).

use std::borrow::Cow;

use crate::js::number_to_string;
use crate::{Value, ValueKind};

/// The string ajv makes of `value` for `type: string`: numbers and booleans as `String(x)`,
/// null as `""`, and a one-item array as its item so coerced. `None`: "must be string".
pub fn coerced_string(value: &Value) -> Option<Cow<'_, str>> {
    match &value.kind {
        ValueKind::Sequence(items) if items.len() == 1 => scalar_to_string(&items[0]),
        _ => scalar_to_string(value),
    }
}

fn scalar_to_string(value: &Value) -> Option<Cow<'_, str>> {
    match &value.kind {
        ValueKind::String(s) => Some(Cow::Borrowed(s)),
        ValueKind::Number(n) => Some(Cow::Owned(number_to_string(*n))),
        ValueKind::Bool(b) => Some(Cow::Owned(b.to_string())),
        ValueKind::Null => Some(Cow::Borrowed("")),
        ValueKind::Sequence(_) | ValueKind::Mapping(_) => None,
    }
}

/// The boolean ajv makes of `value` for `type: boolean`: `"true"`/`"false"`, `1`/`0`, null as
/// false, a one-item array as its item. `None`: "must be boolean" (`"yes"`, `"True"`, `2`).
pub fn coerced_bool(value: &Value) -> Option<bool> {
    let scalar = match &value.kind {
        ValueKind::Sequence(items) if items.len() == 1 => &items[0],
        _ => value,
    };
    match &scalar.kind {
        ValueKind::Bool(b) => Some(*b),
        ValueKind::String(s) if s == "true" => Some(true),
        ValueKind::String(s) if s == "false" => Some(false),
        ValueKind::Number(n) if *n == 1.0 => Some(true),
        ValueKind::Number(n) if *n == 0.0 => Some(false),
        ValueKind::Null => Some(false),
        _ => None,
    }
}

/// True when `value` is a scalar ajv wraps into a one-item array for `type: array`.
pub fn coerces_to_array(value: &Value) -> bool {
    matches!(
        value.kind,
        ValueKind::String(_) | ValueKind::Number(_) | ValueKind::Bool(_) | ValueKind::Null
    )
}

/// A string still holding a variable (`${...}`): `check` runs before resolution, so its final
/// value is unknown and no pattern or type applies to it yet.
pub fn is_unresolved(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.contains("${"))
}

/// ajv (with the `u` flag) counts code points, not UTF-16 units.
pub fn char_length(s: &str) -> usize {
    s.chars().count()
}

/// `^[\w\s+=,.@-]+$`, `\w` being ASCII word characters and `\s` JavaScript's white space.
pub fn matches_pool_pattern(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '_' || is_js_space(c) || "+=,.@-".contains(c)
        })
}

/// `^arn:aws[a-z-]*:kms` (a prefix test).
pub fn matches_kms_arn_prefix(s: &str) -> bool {
    s.strip_prefix("arn:aws").is_some_and(|rest| {
        let rest = rest.trim_start_matches(|c: char| c.is_ascii_lowercase() || c == '-');
        rest.starts_with(":kms")
    })
}

/// JavaScript's `\s`: ECMAScript WhiteSpace and LineTerminator.
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sls_text::TextRange;

    fn v(json: serde_json::Value) -> Value {
        Value::from_json(&json, TextRange::default())
    }

    #[test]
    fn string_coercion() {
        let cases = [
            (json!("x"), Some("x")),
            (json!(123), Some("123")),
            (json!(1.5), Some("1.5")),
            (json!(true), Some("true")),
            (json!(null), Some("")),
            (json!(["MyPool"]), Some("MyPool")),
            (json!([123]), Some("123")),
            (json!([null]), Some("")),
            (json!(["a", "b"]), None),
            (json!([]), None),
            (json!([["a"]]), None),
            (json!({"Ref": "X"}), None),
            (json!([{"Ref": "X"}]), None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                coerced_string(&v(input.clone())).as_deref(),
                expected,
                "{input}"
            );
        }
    }

    #[test]
    fn boolean_coercion() {
        let cases = [
            (json!(true), Some(true)),
            (json!("true"), Some(true)),
            (json!("false"), Some(false)),
            (json!(1), Some(true)),
            (json!(0), Some(false)),
            (json!(null), Some(false)),
            (json!([true]), Some(true)),
            (json!(["false"]), Some(false)),
            (json!("True"), None),
            (json!("yes"), None),
            (json!(2), None),
            (json!(["a", "b"]), None),
            (json!({}), None),
        ];
        for (input, expected) in cases {
            assert_eq!(coerced_bool(&v(input.clone())), expected, "{input}");
        }
    }

    #[test]
    fn pool_pattern() {
        for ok in [
            "MyUserPool",
            "my-user_pool 2.0@corp+x=y,z",
            "a\u{A0}b\u{3000}c\td",
        ] {
            assert!(matches_pool_pattern(ok), "{ok:?}");
        }
        for bad in ["", "my/pool", "pool:x", "ünïcode", "a*b", "a#b"] {
            assert!(!matches_pool_pattern(bad), "{bad:?}");
        }
    }

    #[test]
    fn kms_arn_prefix() {
        for ok in [
            "arn:aws:kms:us-east-1:111111111111:key/abc",
            "arn:aws-us-gov:kms:x",
            "arn:aws-cn:kms",
            "arn:aws:kmsanything",
        ] {
            assert!(matches_kms_arn_prefix(ok), "{ok:?}");
        }
        for bad in [
            "not-an-arn",
            "",
            "arn:aws:s3:::b",
            "arn:AWS:kms",
            "xarn:aws:kms",
        ] {
            assert!(!matches_kms_arn_prefix(bad), "{bad:?}");
        }
    }
}
