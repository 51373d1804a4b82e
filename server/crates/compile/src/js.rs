//! The few JavaScript semantics the framework's code leans on: `String(x)`, truthiness of
//! generated JSON, `undefined` property values, `Date.now()` and `toISOString()`.

use serde_json::Value as Json;
use sls_config::{Value, ValueKind};

/// `String(value)` for a scalar (`${value}` in a template literal); `None` for containers.
pub fn to_js_string(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) => Some(s.clone()),
        ValueKind::Number(n) => Some(sls_config::js::number_to_string(*n)),
        ValueKind::Bool(b) => Some(b.to_string()),
        ValueKind::Null => Some("null".to_owned()),
        ValueKind::Sequence(_) | ValueKind::Mapping(_) => None,
    }
}

/// What stands for `undefined` in a generated value. No config can hold it: it starts with a
/// NUL and names this crate.
const UNDEFINED_MARK: &str = "\u{0}sls-compile:undefined";

/// JavaScript's `undefined` as a property value. The framework writes such keys
/// (`DependsOn: undefined` on a resource without alias): the key is in the object and holds its
/// place (a later merge or extension fills it there), but `JSON.stringify` leaves it out.
/// `lodash::merge` never lets it overwrite a value; [`drop_undefined`] removes it before output.
pub fn undefined() -> Json {
    Json::String(UNDEFINED_MARK.to_owned())
}

pub fn is_undefined(value: &Json) -> bool {
    value.as_str() == Some(UNDEFINED_MARK)
}

/// `value` or `undefined`.
pub fn or_undefined(value: Option<Json>) -> Json {
    value.unwrap_or_else(undefined)
}

/// What `JSON.stringify` does with `undefined`: object keys holding it are left out, array
/// items holding it become `null`.
pub fn drop_undefined(value: &mut Json) {
    match value {
        Json::Object(map) => {
            // Most objects hold none: looking is cheaper than `retain`, which rebuilds the index.
            if map.values().any(is_undefined) {
                map.retain(|_, v| !is_undefined(v));
            }
            map.values_mut().for_each(drop_undefined);
        }
        Json::Array(items) => {
            for item in items.iter_mut() {
                if is_undefined(item) {
                    *item = Json::Null;
                } else {
                    drop_undefined(item);
                }
            }
        }
        _ => {}
    }
}

/// JavaScript truthiness of a JSON value.
pub fn truthy(value: &Json) -> bool {
    if is_undefined(value) {
        return false;
    }
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|x| x != 0.0 && !x.is_nan()),
        Json::String(s) => !s.is_empty(),
        Json::Array(_) | Json::Object(_) => true,
    }
}

/// `Date.now()`.
pub fn date_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// `new Date(ms).toISOString()`: `2026-11-26T07:37:15.123Z`.
pub fn iso_string(ms: u64) -> String {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms);
    humantime::format_rfc3339_millis(time).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_string_has_milliseconds_and_z() {
        assert_eq!(iso_string(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_string(1_795_675_293_773), "2026-11-26T06:41:33.773Z");
    }

    #[test]
    fn undefined_is_falsy_and_left_out_of_output() {
        assert!(!truthy(&undefined()));
        let mut v = serde_json::json!({"a": 1, "b": [1, 2], "c": {"d": 2}});
        v["b"][1] = undefined();
        v["c"]["d"] = undefined();
        v["e"] = undefined();
        drop_undefined(&mut v);
        assert_eq!(v, serde_json::json!({"a": 1, "b": [1, null], "c": {}}));
    }

    #[test]
    fn string_of_numbers_is_javascript_s() {
        let string_of =
            |n: f64| to_js_string(&Value::new(ValueKind::Number(n), Default::default()));
        assert_eq!(string_of(2.0).as_deref(), Some("2"));
        assert_eq!(
            string_of(1.2345678901234567e19).as_deref(),
            Some("12345678901234567000")
        );
        // `String(NaN)`, unlike `JSON.stringify(NaN)`.
        assert_eq!(string_of(f64::NAN).as_deref(), Some("NaN"));
    }
}
