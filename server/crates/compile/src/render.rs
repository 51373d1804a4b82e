//! `JSON.stringify(value, null, indent)`, byte for byte: the framework saves the template with it.
//!
//! serde_json's printers differ from JavaScript in three places that matter here, so this is a
//! writer of its own:
//! * numbers: JavaScript writes `1e+21`, `1.5e+300` and `1152921504606847000` where `ryu` writes
//!   `1e21`, `1.5e300` and `1.152921504606847e18`;
//! * key order: a JavaScript object lists its array-index keys (`"0"`, `"12"`) first, in numeric
//!   order, then the other keys in insertion order;
//! * escapes are the same set (`\"`, `\\`, `\b\f\n\r\t`, other controls as lower-case `\u00xx`),
//!   written here explicitly so the two cannot drift.

use serde_json::{Map, Number, Value};

/// The template as the framework writes `cloudformation-template-update-stack.json`:
/// two-space indent, no trailing newline.
pub fn render(template: &Value) -> String {
    stringify(template, 2)
}

/// `JSON.stringify(value, null, indent)` (`indent` 0 gives the compact form).
pub fn stringify(value: &Value, indent: usize) -> String {
    let mut out = String::new();
    write_value(
        &mut out,
        value,
        Style {
            indent,
            sort_keys: false,
        },
        0,
    );
    out
}

/// `JSON.stringify(deepSortObjectByKey(object))` for an object given as its entries, without
/// building the sorted copy: keys sorted at every depth, then in JavaScript's order (array
/// indices first), compact.
pub fn stringify_sorted_object(entries: Vec<(&String, &Value)>) -> String {
    let mut out = String::new();
    let style = Style {
        indent: 0,
        sort_keys: true,
    };
    write_object(&mut out, entries, style, 0);
    out
}

#[derive(Clone, Copy)]
struct Style {
    indent: usize,
    sort_keys: bool,
}

fn write_value(out: &mut String, value: &Value, style: Style, depth: usize) {
    let indent = style.indent;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&js_number(n)),
        // `undefined` in an array is written `null` (object keys holding it are skipped below).
        Value::String(_) if crate::js::is_undefined(value) => out.push_str("null"),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                write_value(out, item, style, depth + 1);
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Object(map) => write_object(out, js_key_order(map), style, depth),
    }
}

/// An object's entries, given in `Object.keys` order; `undefined` values are left out.
fn write_object(out: &mut String, mut entries: Vec<(&String, &Value)>, style: Style, depth: usize) {
    let indent = style.indent;
    if entries.iter().all(|(_, v)| crate::js::is_undefined(v)) {
        out.push_str("{}");
        return;
    }
    if style.sort_keys {
        // Sorted, with array indices first in numeric order, as `Object.keys` lists them.
        entries.sort_by(|a, b| match (array_index(a.0), array_index(b.0)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.0.cmp(b.0),
        });
    }
    out.push('{');
    let entries = entries
        .into_iter()
        .filter(|(_, v)| !crate::js::is_undefined(v));
    for (i, (key, item)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, indent, depth + 1);
        write_string(out, key);
        out.push(':');
        if indent > 0 {
            out.push(' ');
        }
        write_value(out, item, style, depth + 1);
    }
    newline(out, indent, depth);
    out.push('}');
}

fn newline(out: &mut String, indent: usize, depth: usize) {
    if indent > 0 {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent * depth));
    }
}

/// The order `Object.keys` gives: array indices ascending, then the rest as inserted.
pub fn js_key_order(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut indices: Vec<(u32, (&String, &Value))> = Vec::new();
    let mut others = Vec::with_capacity(map.len());
    for entry in map {
        match array_index(entry.0) {
            Some(i) => indices.push((i, entry)),
            None => others.push(entry),
        }
    }
    if indices.is_empty() {
        return others;
    }
    indices.sort_by_key(|(i, _)| *i);
    indices.into_iter().map(|(_, e)| e).chain(others).collect()
}

/// A canonical array index: `0` or digits without a leading zero, below 2^32 - 1.
fn array_index(key: &str) -> Option<u32> {
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if key.len() > 1 && key.starts_with('0') {
        return None;
    }
    key.parse::<u32>().ok().filter(|&i| i != u32::MAX)
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    // Runs of characters that need no escape are copied whole.
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b if b < 0x20 => "",
            _ => continue,
        };
        out.push_str(&s[run_start..i]);
        if escape.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escape);
        }
        run_start = i + 1;
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}

fn js_number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    n.as_f64().map_or_else(|| "null".to_owned(), js_f64)
}

/// A number as `JSON.stringify` writes it: ECMAScript's `Number::toString` (the config layer's
/// `js::number_to_string`, the one place of that rule), non-finite numbers as `null`.
pub fn js_f64(x: f64) -> String {
    if x.is_finite() {
        sls_config::js::number_to_string(x)
    } else {
        "null".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_as_javascript_writes_them() {
        let cases = [
            (1.0, "1"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (123456.789, "123456.789"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (1e20, "100000000000000000000"),
            (1152921504606846976.0, "1152921504606847000"),
            (0.000001, "0.000001"),
            (0.0000001, "1e-7"),
            (1.25e-7, "1.25e-7"),
            (-2.5, "-2.5"),
            (f64::NAN, "null"),
        ];
        for (x, expected) in cases {
            assert_eq!(js_f64(x), expected, "{x:e}");
        }
    }

    #[test]
    fn config_numbers_print_as_javascript_even_beyond_2_53() {
        // Oracle case 79: `12345678901234567890` and `9007199254740993` in the YAML.
        let numbers = [12345678901234567890.0, 9007199254740993.0, 2.5, 7.0]
            .map(|n| sls_config::Value::new(sls_config::ValueKind::Number(n), Default::default()));
        let json = serde_json::Value::Array(numbers.iter().map(|n| n.to_json()).collect());
        assert_eq!(
            stringify(&json, 0),
            "[12345678901234567000,9007199254740992,2.5,7]"
        );
    }

    #[test]
    fn escapes_as_javascript_writes_them() {
        let s = json!("q\" b\\ \u{8}\u{c}\n\r\t \u{1} \u{1f} \u{7f} é \u{2028} 😀");
        assert_eq!(
            stringify(&s, 2),
            "\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001f \u{7f} é \u{2028} 😀\""
        );
    }

    #[test]
    fn pretty_layout_matches_json_stringify() {
        let v = json!({"a": [], "b": {}, "c": [1, {"d": null}], "e": true});
        assert_eq!(
            render(&v),
            "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": null\n    }\n  ],\n  \"e\": true\n}"
        );
        assert_eq!(
            stringify(&v, 0),
            r#"{"a":[],"b":{},"c":[1,{"d":null}],"e":true}"#
        );
    }

    #[test]
    fn array_index_keys_come_first_in_numeric_order() {
        let v = json!({"b": 1, "10": 2, "2": 3, "01": 4, "a": 5, "4294967295": 6, "0": 7});
        assert_eq!(
            stringify(&v, 0),
            r#"{"0":7,"2":3,"10":2,"b":1,"01":4,"a":5,"4294967295":6}"#
        );
    }
}
