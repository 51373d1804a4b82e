//! JavaScript's ways of turning values into text, where the framework's output depends on them:
//! `String(number)` (ajv's string coercion, js-yaml's keys), `Date#toISOString` (a YAML timestamp
//! after the framework's JSON round trip) and `String(date)` (a timestamp used as a key); and
//! Node's `path.resolve`, for the paths its messages show.

use std::path::{Component, Path, PathBuf};

use crate::{Value, ValueKind};

/// Node's `path.resolve(path)`, without touching the disk: made absolute against the current
/// directory, `.` and `..` applied to the text (symbolic links are not followed).
pub fn path_resolve(path: &Path) -> PathBuf {
    let absolute = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `String(n)`, i.e. ECMAScript's Number::toString: `1e+21`, `1.5e-7`, `0.1`, `-0` as `0`.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n == 0.0 {
        return "0".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if n < 0.0 {
        return format!("-{}", number_to_string(-n));
    }
    // Rust's `{:e}` gives the shortest round-tripping digits, as ECMAScript requires.
    let sci = format!("{n:e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    // n = 0.digits × 10^point
    let point = exponent.parse::<i32>().unwrap_or(0) + 1;
    if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let sign = if e < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{sign}{}", e.abs())
        }
    }
}

/// `Date.UTC(year, month0, day, hour, minute, second, ms)`: milliseconds since the epoch.
/// Out-of-range fields carry over (month 13 is next January), and years 0–99 mean 1900–1999.
pub fn date_utc(year: i64, month0: i64, day: i64, hour: i64, min: i64, sec: i64, ms: i64) -> i64 {
    let year = if (0..=99).contains(&year) {
        1900 + year
    } else {
        year
    };
    let year = year + month0.div_euclid(12);
    let month0 = month0.rem_euclid(12);
    let days = days_from_civil(year, month0 + 1, 1) + day - 1;
    days * 86_400_000 + hour * 3_600_000 + min * 60_000 + sec * 1000 + ms
}

/// `new Date(ms).toISOString()`.
pub fn iso_string(ms: i64) -> String {
    let (year, month, day, hour, min, sec, milli) = split_time(ms);
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        format!("{}{:06}", if year < 0 { '-' } else { '+' }, year.abs())
    };
    format!("{year}-{month:02}-{day:02}T{hour:02}:{min:02}:{sec:02}.{milli:03}Z")
}

/// `String(new Date(ms))` in the UTC time zone (the oracle's; a user's zone would change it).
pub fn date_string(ms: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, month, day, hour, min, sec, _) = split_time(ms);
    let weekday = WEEKDAYS[ms.div_euclid(86_400_000).rem_euclid(7) as usize];
    let year = if year < 0 {
        format!("-{:06}", -year)
    } else {
        format!("{year:04}")
    };
    format!(
        "{weekday} {} {day:02} {year} {hour:02}:{min:02}:{sec:02} GMT+0000 (Coordinated Universal Time)",
        MONTHS[(month - 1) as usize]
    )
}

/// `util.inspect(value)` for the scalars the framework's "Expected object" errors show.
pub fn inspect_scalar(value: &Value) -> String {
    match &value.kind {
        ValueKind::Null => "null".to_owned(),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Number(n) if *n == 0.0 && n.is_sign_negative() => "-0".to_owned(),
        ValueKind::Number(n) => number_to_string(*n),
        ValueKind::String(s) => {
            // util.inspect prefers single quotes, and switches when the text holds them.
            let quote = if !s.contains('\'') {
                '\''
            } else if !s.contains('"') {
                '"'
            } else if !s.contains('`') {
                '`'
            } else {
                '\''
            };
            let mut out = String::from(quote);
            for c in s.chars() {
                match c {
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    '\\' => out.push_str("\\\\"),
                    c if c == quote => {
                        out.push('\\');
                        out.push(c);
                    }
                    c => out.push(c),
                }
            }
            out.push(quote);
            out
        }
        ValueKind::Sequence(_) => "[ ... ]".to_owned(),
        ValueKind::Mapping(_) => "{ ... }".to_owned(),
    }
}

fn split_time(ms: i64) -> (i64, i64, i64, i64, i64, i64, i64) {
    let days = ms.div_euclid(86_400_000);
    let in_day = ms.rem_euclid(86_400_000);
    let (year, month, day) = civil_from_days(days);
    (
        year,
        month,
        day,
        in_day / 3_600_000,
        in_day / 60_000 % 60,
        in_day / 1000 % 60,
        in_day % 1000,
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases = [
            (123.0, "123"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (-31.0, "-31"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (1e-6, "0.000001"),
            (1.2345678901234568e29, "1.2345678901234568e+29"),
            (f64::INFINITY, "Infinity"),
            (f64::NAN, "NaN"),
            (5e-324, "5e-324"),
        ];
        for (n, expected) in cases {
            assert_eq!(number_to_string(n), expected, "{n:?}");
        }
    }

    #[test]
    fn dates_follow_date_utc_and_to_iso_string() {
        assert_eq!(
            iso_string(date_utc(2001, 11, 14, 0, 0, 0, 0)),
            "2001-12-14T00:00:00.000Z"
        );
        assert_eq!(
            iso_string(date_utc(1970, 0, 1, 0, 0, 0, 0)),
            "1970-01-01T00:00:00.000Z"
        );
        // Overflowing fields carry over; two-digit years are 19xx.
        assert_eq!(
            iso_string(date_utc(2001, 12, 32, 25, 0, 0, 5)),
            "2002-02-02T01:00:00.005Z"
        );
        assert_eq!(
            iso_string(date_utc(50, 0, 1, 0, 0, 0, 0)),
            "1950-01-01T00:00:00.000Z"
        );
        assert_eq!(
            iso_string(date_utc(9999, 98, 99, 0, 0, 0, 0)),
            "+010007-06-07T00:00:00.000Z"
        );
        assert_eq!(
            iso_string(date_utc(1969, 11, 31, 23, 59, 59, 999)),
            "1969-12-31T23:59:59.999Z"
        );
    }

    #[test]
    fn date_strings_are_in_utc() {
        assert_eq!(
            date_string(date_utc(2001, 11, 14, 0, 0, 0, 0)),
            "Fri Dec 14 2001 00:00:00 GMT+0000 (Coordinated Universal Time)"
        );
    }

    #[test]
    fn scalars_inspect_as_node_prints_them() {
        let r = sls_text::TextRange::default();
        assert_eq!(inspect_scalar(&Value::string("str", r)), "'str'");
        assert_eq!(inspect_scalar(&Value::string("it's", r)), "\"it's\"");
        assert_eq!(
            inspect_scalar(&Value::new(ValueKind::Number(123.0), r)),
            "123"
        );
        assert_eq!(
            inspect_scalar(&Value::new(ValueKind::Bool(true), r)),
            "true"
        );
    }
}
