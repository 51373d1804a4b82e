//! What a plain scalar means under js-yaml 4.3.2's default schema (the one the framework
//! extends), resolvers tried in js-yaml's order: null, bool, int, float, timestamp. Everything
//! else is a string. Version 4.3 dropped YAML 1.1's `_` digit separators: `1_000` is a string.

use crate::js::date_utc;

/// A scalar as js-yaml builds it, before the framework's JSON round trip.
#[derive(Debug, Clone, PartialEq)]
pub enum JsScalar {
    Null,
    Bool(bool),
    Number(f64),
    /// A `Date`, as milliseconds since the epoch.
    Date(i64),
    String(String),
}

pub fn resolve_plain(text: &str) -> JsScalar {
    if !may_be_typed(text) {
        JsScalar::String(text.to_owned())
    } else if is_null(text) {
        JsScalar::Null
    } else if let Some(b) = bool_value(text) {
        JsScalar::Bool(b)
    } else if let Some(n) = int_value(text) {
        JsScalar::Number(n)
    } else if let Some(n) = float_value(text) {
        JsScalar::Number(n)
    } else if let Some(ms) = timestamp_value(text) {
        JsScalar::Date(ms)
    } else {
        JsScalar::String(text.to_owned())
    }
}

/// Whether a resolver other than string's can match: each one needs its text to start with
/// one of these (null `~`/`n`/`N` or nothing, bool `t`/`T`/`f`/`F`, numbers a sign, a digit or
/// `.`, timestamps a digit). Most keys and strings fail this at their first byte.
fn may_be_typed(text: &str) -> bool {
    text.as_bytes().first().is_none_or(|b| {
        matches!(
            b,
            b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'+' | b'-' | b'.' | b'0'..=b'9'
        )
    })
}

pub fn is_null(text: &str) -> bool {
    matches!(text, "~" | "null" | "Null" | "NULL" | "")
}

pub fn bool_value(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?` then `0`, `0b…`, `0o…`, `0x…` or decimal digits (leading zeros allowed: `017` is 17).
pub fn int_value(text: &str) -> Option<f64> {
    let (negative, body) = split_sign(text);
    let value = if body == "0" {
        // js-yaml returns 0 here, never -0.
        return Some(0.0);
    } else if let Some(digits) = body.strip_prefix("0b") {
        radix_value(digits, 2)?
    } else if let Some(digits) = body.strip_prefix("0o") {
        radix_value(digits, 8)?
    } else if let Some(digits) = body.strip_prefix("0x") {
        radix_value(digits, 16)?
    } else if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        body.parse::<f64>().ok()?
    } else {
        return None;
    };
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

/// `parseInt(digits, radix)` for a radix that is a power of two: exact up to 128 bits.
fn radix_value(digits: &str, radix: u32) -> Option<f64> {
    if digits.is_empty() {
        return None;
    }
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        exact = exact
            .and_then(|v| v.checked_mul(u128::from(radix)))
            .and_then(|v| v.checked_add(u128::from(d)));
        approx = approx * f64::from(radix) + f64::from(d);
    }
    Some(exact.map_or(approx, |v| v as f64))
}

/// js-yaml's float: `1.5`, `1.`, `1e3`, `.5`, `[-+].inf`, `.nan` (no sign on `.5` or `.nan`);
/// a number too large for a double (`1e400`) is not a float, so it stays a string.
pub fn float_value(text: &str) -> Option<f64> {
    let (negative, body) = split_sign(text);
    let signed = text.len() != body.len();
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return Some(if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if !signed && matches!(body, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    let decimal = if let Some(fraction) = body.strip_prefix('.') {
        // `.2e4` is only accepted without a sign.
        !signed && digits_then_exponent(fraction, false)
    } else {
        digits_then_exponent(body, true)
    };
    if !decimal {
        return None;
    }
    let value = body.parse::<f64>().ok()?;
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

/// `[0-9]+ (\.[0-9]*)? ([eE][-+]?[0-9]+)?` (with `allow_point`), or `[0-9]+ ([eE][-+]?[0-9]+)?`.
fn digits_then_exponent(s: &str, allow_point: bool) -> bool {
    let bytes = s.as_bytes();
    let mut i = count_digits(bytes, 0);
    if i == 0 {
        return false;
    }
    if allow_point && bytes.get(i) == Some(&b'.') {
        i = count_digits(bytes, i + 1);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let end = count_digits(bytes, i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == bytes.len()
}

fn count_digits(bytes: &[u8], from: usize) -> usize {
    from + bytes[from.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// js-yaml's timestamp: `YYYY-MM-DD`, or `YYYY-M-D` followed by `T`/`t`/blanks, `H:MM:SS`, an
/// optional fraction and an optional zone (`Z`, `+5`, `-05:00`). Milliseconds since the epoch.
pub fn timestamp_value(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let mut p = Parser { b, i: 0 };
    let year = p.digits(4, 4)?;
    p.eat(b'-')?;
    let month = p.digits(1, 2)?;
    p.eat(b'-')?;
    let day = p.digits(1, 2)?;
    if p.done() {
        // The date-only form wants two-digit month and day.
        return (text.len() == 10).then(|| date_utc(year, month - 1, day, 0, 0, 0, 0));
    }
    if matches!(p.peek(), Some(b'T' | b't')) {
        p.i += 1;
    } else if p.blanks() == 0 {
        return None;
    }
    let hour = p.digits(1, 2)?;
    p.eat(b':')?;
    let minute = p.digits(2, 2)?;
    p.eat(b':')?;
    let second = p.digits(2, 2)?;
    let mut millis = 0;
    if p.peek() == Some(b'.') {
        p.i += 1;
        let start = p.i;
        while matches!(p.peek(), Some(b'0'..=b'9')) {
            p.i += 1;
        }
        // Only the first three digits count, right-padded: `.1` is 100 ms.
        let fraction = &text[start..p.i];
        let ms: String = fraction.chars().chain("000".chars()).take(3).collect();
        millis = ms.parse::<i64>().unwrap_or(0);
    }
    let mut offset_ms = 0;
    if !p.done() {
        p.blanks();
        match p.peek() {
            Some(b'Z') => p.i += 1,
            Some(sign @ (b'+' | b'-')) => {
                p.i += 1;
                let tz_hour = p.digits(1, 2)?;
                let tz_minute = if p.peek() == Some(b':') {
                    p.i += 1;
                    p.digits(2, 2)?
                } else {
                    0
                };
                offset_ms = (tz_hour * 60 + tz_minute) * 60_000;
                if sign == b'-' {
                    offset_ms = -offset_ms;
                }
            }
            _ => return None,
        }
        if !p.done() {
            return None;
        }
    }
    Some(date_utc(year, month - 1, day, hour, minute, second, millis) - offset_ms)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek() == Some(c)).then(|| self.i += 1)
    }

    /// Between `min` and `max` ASCII digits (greedy), as a number.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let start = self.i;
        while self.i - start < max && matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        if self.i - start < min {
            return None;
        }
        std::str::from_utf8(&self.b[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    fn blanks(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i - start
    }
}

#[cfg(test)]
mod tests {
    use super::JsScalar::*;
    use super::*;
    use crate::js::iso_string;

    fn number(text: &str) -> f64 {
        match resolve_plain(text) {
            Number(n) => n,
            other => panic!("{text:?} resolved to {other:?}"),
        }
    }

    fn is_string(text: &str) -> bool {
        resolve_plain(text) == String(text.to_owned())
    }

    #[test]
    fn nulls() {
        for text in ["~", "null", "Null", "NULL", ""] {
            assert_eq!(resolve_plain(text), Null, "{text:?}");
        }
        for text in ["nULL", "none", "Nil"] {
            assert!(is_string(text), "{text:?}");
        }
    }

    #[test]
    fn booleans_are_only_the_core_schema_spellings() {
        for text in ["true", "True", "TRUE"] {
            assert_eq!(resolve_plain(text), Bool(true), "{text:?}");
        }
        for text in ["false", "False", "FALSE"] {
            assert_eq!(resolve_plain(text), Bool(false), "{text:?}");
        }
        for text in ["yes", "no", "on", "off", "y", "tRue", "FALSe"] {
            assert!(is_string(text), "{text:?}");
        }
    }

    #[test]
    fn integers() {
        let cases = [
            ("0", 0.0),
            ("12", 12.0),
            ("+12", 12.0),
            ("-12", -12.0),
            ("017", 17.0),
            ("00", 0.0),
            ("09", 9.0),
            ("0b101", 5.0),
            ("-0b101", -5.0),
            ("0o17", 15.0),
            ("0x1F", 31.0),
            ("0x1f", 31.0),
            ("-0x1F", -31.0),
            ("9007199254740993", 9007199254740992.0),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ];
        for (text, expected) in cases {
            assert_eq!(number(text), expected, "{text:?}");
        }
        assert!(number("-0").is_sign_positive(), "js-yaml gives 0 for -0");
    }

    #[test]
    fn not_integers() {
        for text in [
            "1_000", "0x_1", "1__0", "0b", "0o", "0x", "0B101", "0X1F", "0b102", "0o8", "+", "-",
            "1:20", "0x1G",
        ] {
            assert!(is_string(text), "{text:?} should stay a string");
        }
    }

    #[test]
    fn floats() {
        let cases = [
            ("1.5", 1.5),
            ("1.", 1.0),
            ("0.", 0.0),
            ("-1.5", -1.5),
            ("+1.5", 1.5),
            ("1e3", 1000.0),
            ("1E3", 1000.0),
            ("1.5e-3", 0.0015),
            ("1.5E+3", 1500.0),
            ("1.e2", 100.0),
            (".5", 0.5),
            (".5e1", 5.0),
        ];
        for (text, expected) in cases {
            assert_eq!(number(text), expected, "{text:?}");
        }
        for text in [".inf", ".Inf", ".INF", "+.inf"] {
            assert_eq!(number(text), f64::INFINITY, "{text:?}");
        }
        assert_eq!(number("-.inf"), f64::NEG_INFINITY);
        for text in [".nan", ".NaN", ".NAN"] {
            assert!(number(text).is_nan(), "{text:?}");
        }
    }

    #[test]
    fn not_floats() {
        for text in [
            "1e400", "+.5", "-.5", "-.nan", ".iNf", "1e", "1e+", "1.5.2", ".", "e3", "1.5e3.0",
            "inf", "nan", "Infinity", "1,5",
        ] {
            assert!(is_string(text), "{text:?} should stay a string");
        }
    }

    #[test]
    fn timestamps() {
        let cases = [
            ("2001-12-14", "2001-12-14T00:00:00.000Z"),
            ("2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.100Z"),
            ("2001-12-14 21:59:43.10", "2001-12-14T21:59:43.100Z"),
            ("2001-12-14T21:59:43Z", "2001-12-14T21:59:43.000Z"),
            ("2002-12-14 21:59:43.1234 +5", "2002-12-14T16:59:43.123Z"),
            ("2001-1-1 1:02:03", "2001-01-01T01:02:03.000Z"),
            ("2001-12-14 \t 21:59:43 \tZ", "2001-12-14T21:59:43.000Z"),
        ];
        for (text, expected) in cases {
            match resolve_plain(text) {
                Date(ms) => assert_eq!(iso_string(ms), expected, "{text:?}"),
                other => panic!("{text:?} resolved to {other:?}"),
            }
        }
        for text in [
            "2001-1-1",
            "2001-12-14T",
            "2001-12-14 21:59",
            "2001-12-14 21:59:43 X",
            "20011-12-14",
            "2001-12-14x21:59:43",
            "2001-12-14 21:59:43+",
        ] {
            assert!(is_string(text), "{text:?} should stay a string");
        }
    }
}
