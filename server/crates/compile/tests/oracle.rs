//! The proof: every recorded run of the real framework (`tests/oracle/cases/NN-name/`) compiled
//! here, normalized as the oracle normalizes, and compared byte for byte with its `out.json`,
//! or with the `Error:`/`Code:` lines of its `error.txt`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use sls_compile::{
    CompileError, CompileOptions, ErrorCode, WarningKind, compile_text, options_from_cli_args,
    render,
};

/// Cases this compiler does not reproduce on purpose, with the reason. A listed case that
/// passes fails the test too, so the list cannot go stale.
const EXPECTED_UNSUPPORTED: &[(&str, &str)] = &[
    (
        "35-ssm-variable-offline",
        "`${ssm:}` needs AWS: the framework's error is its failed network call, the compiler never reaches the network",
    ),
    (
        "93-other-events-http-sqs-schedule",
        "http, sqs and schedule events are not compiled (one warning per kind): their resources are missing",
    ),
    (
        "94-other-events-httpapi-jwt-sns",
        "httpApi and sns events are not compiled (one warning per kind): their resources are missing",
    ),
];

/// The framework crashes with a TypeError (no error code) where we report one of these.
const CRASH_STAND_INS: &[ErrorCode] = &[
    ErrorCode::CognitoEventMissingProperty,
    ErrorCode::CognitoPoolNotString,
];

/// Cases that wait for work under way in another layer, with what is missing. Like the
/// unsupported ones they must fail, and one that passes fails the test: the list only shrinks.
const PENDING: &[(&str, &str)] = &[];

/// A fixed clock: the artifact folder it names is normalized away like the oracle's.
const NOW_MS: u64 = 1_795_675_293_773;

/// The shared corpus; `ORACLE_CASES_DIR` points at another recorded set (same layout).
fn cases_dir() -> PathBuf {
    match std::env::var_os("ORACLE_CASES_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases"),
    }
}

/// This crate's own recordings (same layout, made with `tests/oracle/record <dir>`): what the
/// package steps do beyond the shared cases (URLs, destinations, bucket settings, extension
/// errors, roles, legacy IAM settings).
fn extra_cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle-extra")
}

/// Pending in the extra cases (see [`PENDING`]).
const EXTRA_PENDING: &[(&str, &str)] = &[];

/// `args.txt`: the extra `serverless package` arguments of the recorded run.
fn options_from_args(args: &str) -> Result<CompileOptions, CompileError> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let mut options = options_from_cli_args(&words)?;
    options.normalize = true;
    options.now_ms = Some(NOW_MS);
    Ok(options)
}

/// `env.txt`: `NAME=value` lines (taken literally), `#` comments and blank lines skipped.
fn env_from_file(case: &Path) -> BTreeMap<String, String> {
    let text = fs::read_to_string(case.join("env.txt")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// What a case expects: the template bytes, or the error's message and code.
enum Expected {
    Template(String),
    Error { message: String, code: String },
}

fn expected(case: &Path) -> Expected {
    if let Ok(template) = fs::read_to_string(case.join("out.json")) {
        return Expected::Template(template);
    }
    let text = fs::read_to_string(case.join("error.txt")).expect("out.json or error.txt");
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let (message, code) = text
        .rsplit_once("\nCode: ")
        .expect("error.txt ends with Code:");
    let message = message
        .strip_prefix("Error: ")
        .expect("error.txt starts with Error:");
    Expected::Error {
        message: message.to_owned(),
        code: code.to_owned(),
    }
}

/// The framework's `Warning: Invalid configuration encountered` block in `log.txt`, through
/// its `Learn more ...` line.
fn schema_warning_in_log(case: &Path) -> Option<String> {
    let log = fs::read_to_string(case.join("log.txt")).ok()?;
    let start = log.find("Warning: Invalid configuration encountered")?;
    let rest = &log[start..];
    let end = rest.find("Learn more about configuration validation here: ")?;
    let line_end = rest[end..].find('\n').map_or(rest.len(), |i| end + i);
    Some(rest[..line_end].to_owned())
}

/// `None` when the case is reproduced, else what differs.
fn run_case(case: &Path) -> Option<String> {
    let args = fs::read_to_string(case.join("args.txt")).unwrap_or_default();
    // The recordings show the service folder (which js-yaml's messages quote) as
    // `<SERVICE_DIR>`: the real one, as the compiler resolves it, is replaced the same way.
    let service_dir = fs::canonicalize(case).expect("a case folder");
    let result = options_from_args(&args).and_then(|mut options| {
        options.env = env_from_file(case);
        options.service_dir = Some(service_dir.clone());
        let text = fs::read_to_string(case.join("serverless.yml")).expect("serverless.yml");
        options.source = Some(text.clone());
        compile_text(&text, &options)
            .map(|compiled| {
                let warning = compiled.warnings.iter().find_map(|w| match w.kind {
                    WarningKind::InvalidConfiguration(_) => Some(format!("Warning: {}", w.message)),
                    _ => None,
                });
                (compiled.template, warning)
            })
            .map_err(|mut failure| {
                failure.error.message = failure
                    .error
                    .message
                    .replace(&service_dir.display().to_string(), "<SERVICE_DIR>");
                failure.error
            })
    });
    match (expected(case), result) {
        (Expected::Template(want), Ok((template, warning))) => {
            let got = render(&template);
            if got != want {
                return Some(format!(
                    "template differs (- expected, + compiled):\n{}",
                    line_diff(&want, &got)
                ));
            }
            let logged = schema_warning_in_log(case);
            (logged != warning).then(|| {
                format!(
                    "schema warning differs:\n  expected {}\n  got      {}",
                    logged.as_deref().unwrap_or("none"),
                    warning.as_deref().unwrap_or("none")
                )
            })
        }
        (Expected::Template(_), Err(error)) => Some(format!(
            "expected a template, got Error: {}\nCode: {}",
            error.message,
            error.code.as_str()
        )),
        (Expected::Error { message, code }, Err(error)) => {
            let got_code = error.code;
            if code == "(none)" {
                // A crash of the framework: any of our stand-ins for it will do.
                return (!CRASH_STAND_INS.contains(&got_code)).then(|| {
                    format!(
                        "expected the framework's crash ({message}), got {}",
                        got_code.as_str()
                    )
                });
            }
            (error.message != message || got_code.as_str() != code).then(|| {
                format!(
                    "error differs:\n  expected Error: {message}\n           Code: {code}\n  got      Error: {}\n           Code: {}",
                    error.message,
                    got_code.as_str()
                )
            })
        }
        (Expected::Error { message, code }, Ok(_)) => Some(format!(
            "expected Error: {message} (Code: {code}), got a template"
        )),
    }
}

/// The differing lines with three lines of context around each run of changes.
fn line_diff(want: &str, got: &str) -> String {
    let diff = similar::TextDiff::from_lines(want, got);
    let mut out = String::new();
    for group in diff.grouped_ops(3) {
        for op in group {
            for change in diff.iter_changes(&op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                let line = change.to_string_lossy();
                let _ = write!(out, "{sign}{line}");
                if !line.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
        out.push_str("@@\n");
    }
    out
}

#[test]
fn oracle_cases_compile_byte_for_byte() {
    run_all(&cases_dir(), EXPECTED_UNSUPPORTED, PENDING);
}

#[test]
fn extra_oracle_cases_compile_byte_for_byte() {
    run_all(&extra_cases_dir(), &[], EXTRA_PENDING);
}

fn run_all(dir: &Path, unsupported: &[(&str, &str)], pending: &[(&str, &str)]) {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir)
        .expect("a folder of recorded cases")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("serverless.yml").is_file())
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no oracle cases found in {}",
        dir.display()
    );

    let mut report = String::new();
    let (mut passed, mut failed, mut excused) = (0, 0, 0);
    let mut first_45 = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let excuse = unsupported
            .iter()
            .map(|(n, reason)| (n, "unsupported", reason))
            .chain(pending.iter().map(|(n, reason)| (n, "pending", reason)))
            .find(|(n, _, _)| **n == name);
        match (run_case(case), excuse) {
            (None, None) => {
                passed += 1;
                // By number: "100-..." sorts before "46" as text.
                let number = name.split('-').next().and_then(|n| n.parse::<u32>().ok());
                if number.is_some_and(|n| n <= 45) {
                    first_45 += 1;
                }
            }
            (None, Some((_, list, _))) => {
                failed += 1;
                let _ = writeln!(report, "=== {name}: passes but is listed as {list}");
            }
            (Some(diff), Some((_, list, reason))) => {
                excused += 1;
                eprintln!("--- {name}: {list} ({reason})");
                // What still differs, for whoever works on it.
                if std::env::var_os("ORACLE_VERBOSE").is_some() {
                    eprintln!("{diff}");
                }
            }
            (Some(diff), None) => {
                failed += 1;
                let _ = writeln!(report, "=== {name}: {diff}");
            }
        }
    }
    eprintln!(
        "oracle ({}): {passed} of {} cases reproduced ({first_45} of cases 01-45), {failed} failed, {excused} unsupported or pending",
        dir.display(),
        cases.len(),
    );
    assert!(failed == 0, "{report}");
}
