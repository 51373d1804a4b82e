//! Every recorded oracle case through `analyze`: a snapshot of its diagnostics (rendered with
//! their source lines, so a reviewer sees the ranges), and for the cases where the framework
//! fails, a check that its error is among them, on the text at fault.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sls_analysis::{Analysis, AnalysisInput, Settings, Severity, analyze, render::render};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("the oracle cases")
        .map(|e| e.expect("a case").path())
        .filter(|p| p.join("serverless.yml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 45, "only {} oracle cases", cases.len());
    cases
}

/// `--stage`, `--region` and `--param` of the case's `args.txt` (other options are the CLI's
/// business, not the document's).
fn settings(case: &Path) -> Settings {
    let args = std::fs::read_to_string(case.join("args.txt")).unwrap_or_default();
    let mut settings = Settings::default();
    let mut words = args.split_whitespace();
    while let Some(word) = words.next() {
        match word {
            "--stage" => settings.stage = words.next().map(str::to_owned),
            "--region" => settings.region = words.next().map(str::to_owned),
            "--param" => {
                if let Some((k, v)) = words.next().and_then(|p| p.split_once('=')) {
                    settings.params.push((k.to_owned(), v.to_owned()));
                }
            }
            _ => {}
        }
    }
    settings
}

fn env(case: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(case.join("env.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn analyze_case(case: &Path) -> (String, Analysis) {
    let path = case.join("serverless.yml");
    let text = std::fs::read_to_string(&path).expect("serverless.yml");
    let settings = settings(case);
    let env = env(case);
    let input = AnalysisInput {
        path: Some(&path),
        ..AnalysisInput::new(&text, &settings, &env)
    };
    let analysis = analyze(&input);
    (text, analysis)
}

fn name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn diagnostics_of_every_oracle_case() {
    for case in cases() {
        let (text, analysis) = analyze_case(&case);
        let rendered = render(&text, &analysis.diagnostics);
        insta::assert_snapshot!(name(&case), rendered);
    }
}

/// The framework's error code (`Code:` in `error.txt`), `None` for its crashes.
fn recorded_error(case: &Path) -> Option<Option<String>> {
    let error = std::fs::read_to_string(case.join("error.txt")).ok()?;
    let code = error
        .lines()
        .find_map(|l| l.strip_prefix("Code: "))
        .map(str::trim)
        .filter(|c| *c != "(none)")
        .map(str::to_owned);
    Some(code)
}

/// Framework errors about the command line, not the document.
const NOT_IN_THE_DOCUMENT: [&str; 1] = ["UNSUPPORTED_CLI_OPTIONS"];

/// Cases a lower layer does not handle yet. Once it does, this test fails until the case is
/// taken off the list.
const KNOWN_GAPS: [(&str, &str); 0] = [];

#[test]
fn every_framework_error_is_reported_as_an_error() {
    let mut checked = 0;
    let mut missed = Vec::new();
    for case in cases() {
        let Some(code) = recorded_error(&case) else {
            continue;
        };
        if code
            .as_deref()
            .is_some_and(|c| NOT_IN_THE_DOCUMENT.contains(&c))
        {
            continue;
        }
        let (_, analysis) = analyze_case(&case);
        // Sources that need AWS fail the framework only after its SDK gives up (case 35):
        // offline, they are information.
        let errors: Vec<&str> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error || d.code == "var-offline")
            .map(|d| d.code.as_str())
            .collect();
        let expected: Box<dyn Fn(&str) -> bool> = match code.as_deref() {
            // Crashes: our stand-ins.
            None => Box::new(|c: &str| c.starts_with("SLS_LSP_")),
            // One error for all variables: each variable's own problem.
            Some("VARIABLES_RESOLUTION_ERROR") => Box::new(|c: &str| c.starts_with("var-")),
            // The schema's violations, as errors.
            Some("INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION") => {
                Box::new(|c: &str| !c.starts_with("SLS_LSP_") && !c.starts_with("var-"))
            }
            Some(code) => {
                let code = code.to_owned();
                Box::new(move |c: &str| c == code)
            }
        };
        // YAML errors have their own codes (`yaml-...`); the case is named after them.
        let yaml = name(&case).contains("yaml");
        let found = errors
            .iter()
            .any(|c| expected(c) || (yaml && c.starts_with("yaml-")));
        let gap = KNOWN_GAPS.iter().find(|(gap, _)| *gap == name(&case));
        match (found, gap) {
            (false, None) => missed.push(format!(
                "{}: expected {code:?} among the errors {errors:?}",
                name(&case)
            )),
            (true, Some((_, why))) => missed.push(format!(
                "{}: now reported; take it off KNOWN_GAPS ({why})",
                name(&case)
            )),
            _ => {}
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} failing cases");
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}

/// `analyze` may give the compiler the config it already resolved (to skip a second
/// resolution): on every case, that compiles exactly what compiling the config as written does.
#[test]
fn the_analysis_compiles_what_the_compiler_compiles_from_the_text() {
    for case in cases() {
        let (text, analysis) = analyze_case(&case);
        let settings = settings(&case);
        let options = sls_compile::CompileOptions {
            stage: settings.stage.clone(),
            region: settings.region.clone(),
            params: settings.params.clone(),
            now_ms: Some(0),
            env: env(&case),
            service_dir: Some(case.clone()),
            source: Some(text.clone()),
            ..sls_compile::CompileOptions::default()
        };
        let raw = analysis.value.as_ref().expect("the case parses");
        let direct = sls_compile::compile(raw, &options);
        let ours = analysis.compiled.as_ref().expect("it was compiled");
        match (&direct, ours) {
            (Ok(direct), Ok(ours)) => {
                assert_eq!(direct.template, ours.template, "{}", name(&case));
                assert_eq!(direct.provenance, ours.provenance, "{}", name(&case));
                assert_eq!(direct.warnings, ours.warnings, "{}", name(&case));
            }
            (Err(direct), Err(ours)) => {
                assert_eq!(direct.error.code, ours.error.code, "{}", name(&case));
                assert_eq!(direct.error.message, ours.error.message, "{}", name(&case));
                assert_eq!(direct.error.ranges, ours.error.ranges, "{}", name(&case));
            }
            _ => panic!(
                "{}: compiled {:?} from the text, {:?} in the analysis",
                name(&case),
                direct.as_ref().err().map(|f| &f.error),
                ours.as_ref().err().map(|f| &f.error)
            ),
        }
    }
}
