//! The command line, run as a process: output format, exit codes, the bad paths.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_serverless-lsp"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_of_a_clean_service_prints_nothing_and_exits_0() {
    let output = run(&["check", "examples/cognito-triggers"]);
    assert_eq!(stdout(&output), "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn check_prints_one_line_per_problem_and_exits_1_on_an_error() {
    let output = run(&[
        "check",
        "tests/oracle/cases/07-invalid-trigger-warn/serverless.yml",
        "tests/oracle/cases/38-kms-invalid-arn-and-on-normal-trigger",
    ]);
    insta::assert_snapshot!(stdout(&output));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_exits_0_when_there_are_only_warnings() {
    let output = run(&[
        "check",
        "tests/oracle/cases/38-kms-invalid-arn-and-on-normal-trigger",
    ]);
    assert!(stdout(&output).contains("warning["), "{}", stdout(&output));
    assert!(!stdout(&output).contains("error["), "{}", stdout(&output));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn check_json_gives_the_same_diagnostics() {
    let output = run(&[
        "check",
        "--format",
        "json",
        "tests/oracle/cases/07-invalid-trigger-warn",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    insta::assert_json_snapshot!(json);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn unreadable_paths_are_one_line_and_exit_2() {
    for (path, expected) in [
        (
            "no/such/serverless.yml",
            "no/such/serverless.yml: cannot read: no such file or folder",
        ),
        (
            "server",
            "server: no serverless.yml or serverless.yaml in this folder",
        ),
    ] {
        let output = run(&["check", path]);
        assert_eq!(output.status.code(), Some(2), "{path}");
        assert_eq!(stderr(&output), format!("serverless-lsp: {expected}\n"));
        assert_eq!(stdout(&output), "");
    }
}

#[test]
fn compile_prints_the_template_byte_for_byte() {
    let case = repo().join("tests/oracle/cases/01-seed-single-pool-two-triggers");
    let output = run(&["compile", "--normalize", case.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = std::fs::read_to_string(case.join("out.json")).unwrap();
    assert_eq!(stdout(&output), expected);
}

#[test]
fn compile_fails_as_the_framework_does() {
    let output = run(&[
        "compile",
        "tests/oracle/cases/09-two-existing-pools-one-function",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    let tail: Vec<&str> = err.lines().rev().take(2).collect();
    assert_eq!(
        tail,
        [
            "Code: COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION",
            "Error: Only one Cognito User Pool can be configured per function. In \"cup-test-dev-users\" you're attempting to configure \"legacy-user-pool\" and \"other-pool\" at the same time.",
        ]
    );
    assert!(
        err.contains("serverless.yml:"),
        "the fault's location: {err}"
    );
}

#[test]
fn compile_stage_changes_the_names() {
    let output = run(&[
        "compile",
        "--normalize",
        "--stage",
        "prod",
        "tests/oracle/cases/15-pool-with-sls-stage",
    ]);
    let expected = std::fs::read_to_string(
        repo().join("tests/oracle/cases/34-pool-with-sls-stage-prod/out.json"),
    )
    .unwrap();
    assert_eq!(stdout(&output), expected);
}
