//! The JavaScript conversions the framework's variable code relies on, beyond `crate::js`:
//! `Number(string)`, the `type/string/coerce` rules used for interpolation, and UTF-16 indices
//! (the framework's messages count in UTF-16 code units, our ranges in bytes).

use crate::{Value, ValueKind};

pub use crate::js::number_to_string;

/// `Number(s)` for a string: `NaN` when it is not a numeric literal.
pub fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_whitespace);
    if t.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if rest.is_empty() || !rest.chars().all(|c| c.is_digit(radix)) {
                return f64::NAN;
            }
            return rest.chars().fold(0.0, |acc, c| {
                acc * radix as f64 + c.to_digit(radix).unwrap_or(0) as f64
            });
        }
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if !is_decimal_literal(unsigned) {
        return f64::NAN;
    }
    t.parse().unwrap_or(f64::NAN)
}

/// `digits [. digits] | . digits`, then an optional exponent (StrUnsignedDecimalLiteral).
fn is_decimal_literal(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = count_digits(&b[i..]);
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = count_digits(&b[i..]);
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp_digits = count_digits(&b[i..]);
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == b.len()
}

fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// What `String.prototype.trim` removes.
pub fn is_js_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `type/string/coerce` as the resolver applies it to each part of an interpolated string:
/// `None` for `null` and plain objects (which have no own `toString`), otherwise `"" + value`.
pub fn coerce_string(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::Null | ValueKind::Mapping(_) => None,
        ValueKind::Sequence(items) => Some(array_to_string(items)),
        _ => Some(to_js_string(value)),
    }
}

/// `"" + value` for any JSON value (`[object Object]` for objects, `Array#join` for arrays).
pub fn to_js_string(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".to_owned(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) => number_to_string(*n),
        ValueKind::String(s) => s.clone(),
        ValueKind::Sequence(items) => array_to_string(items),
        ValueKind::Mapping(_) => "[object Object]".to_owned(),
    }
}

/// `Array.prototype.join(",")`: `null` items become empty strings.
fn array_to_string(items: &[Value]) -> String {
    items
        .iter()
        .map(|item| {
            if item.is_null() {
                String::new()
            } else {
                to_js_string(item)
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The UTF-16 index of a byte offset in `s`, as JavaScript reports string positions.
pub fn utf16_index(s: &str, byte_offset: usize) -> usize {
    s[..byte_offset.min(s.len())].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_convert_to_numbers_as_javascript_does() {
        let cases = [
            ("007", 7.0),
            ("-1.5", -1.5),
            ("1e3", 1000.0),
            ("0x10", 16.0),
            ("0b11", 3.0),
            ("0o17", 15.0),
            (".5", 0.5),
            ("5.", 5.0),
            (" 12 ", 12.0),
            ("", 0.0),
            ("-Infinity", f64::NEG_INFINITY),
        ];
        for (s, expected) in cases {
            assert_eq!(string_to_number(s), expected, "{s:?}");
        }
        for s in [
            "-0x10", "1-2", "e5", ".", "-", "inf", "nan", "1e", "abc", "0x",
        ] {
            assert!(string_to_number(s).is_nan(), "{s:?}");
        }
    }

    #[test]
    fn utf16_indices_count_code_units() {
        assert_eq!(utf16_index("a😀b", 5), 3);
        assert_eq!(utf16_index("é${", 2), 1);
    }
}
