//! What the reuse tests (`function_cache.rs`, `schema_cache.rs`, `variables_replay.rs`) share:
//! the recorded services they edit, the options they compile with, and the edit that adds
//! lines to a block.

use std::path::{Path, PathBuf};

use sls_compile::CompileOptions;

/// Every recorded case's folder (`tests/oracle/cases` and this crate's `tests/oracle-extra`)
/// that holds a serverless.yml, in order.
pub fn recorded_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<PathBuf> = [
        root.join("../../../tests/oracle/cases"),
        root.join("tests/oracle-extra"),
    ]
    .iter()
    .flat_map(|dir| std::fs::read_dir(dir).expect("the recorded cases"))
    .map(|entry| entry.expect("a case").path())
    .filter(|case| case.join("serverless.yml").exists())
    .collect();
    cases.sort();
    cases
}

/// The serverless.yml of every recorded case.
pub fn recorded_services() -> Vec<PathBuf> {
    recorded_cases()
        .into_iter()
        .map(|case| case.join("serverless.yml"))
        .collect()
}

/// `text` with `lines` inserted after the first line that is exactly `after`, or appended.
pub fn inserted(text: &str, after: &str, lines: &str) -> String {
    let mut out = String::with_capacity(text.len() + lines.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if !done && line.trim_end() == after {
            out.push_str(lines);
            done = true;
        }
    }
    if !done {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(after);
        out.push('\n');
        out.push_str(lines);
    }
    out
}

/// The options the reuse tests compile with (a fixed clock), and the same with another stage.
pub fn options_and_another_stage() -> (CompileOptions, CompileOptions) {
    let options = CompileOptions {
        now_ms: Some(0),
        ..CompileOptions::default()
    };
    let other_stage = CompileOptions {
        stage: Some("prod".to_owned()),
        ..options.clone()
    };
    (options, other_stage)
}
