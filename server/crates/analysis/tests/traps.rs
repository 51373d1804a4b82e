//! One fixture per trap (`fixtures/traps/<code>.yml`), each snapshotted with its diagnostics
//! rendered over the source; each trap's fixture must raise it, and `clean.yml`, written the
//! way the framework means it, must raise nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sls_analysis::{AnalysisCode, AnalysisInput, Diagnostic, Settings, analyze, render::render};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/traps");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the fixtures")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

/// `# args: --stage prod` on a fixture's first lines sets the stage.
fn settings(text: &str) -> Settings {
    let mut settings = Settings::default();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(args) = line.strip_prefix("# args:") {
            let words: Vec<&str> = args.split_whitespace().collect();
            for pair in words.windows(2) {
                if pair[0] == "--stage" {
                    settings.stage = Some(pair[1].to_owned());
                }
            }
        }
    }
    settings
}

fn diagnostics(path: &Path) -> (String, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(path).expect("a fixture");
    let settings = settings(&text);
    let env = BTreeMap::new();
    let diagnostics = analyze(&AnalysisInput::new(&text, &settings, &env)).diagnostics;
    (text, diagnostics)
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

#[test]
fn trap_fixtures() {
    for path in fixtures() {
        let (text, diagnostics) = diagnostics(&path);
        insta::assert_snapshot!(stem(&path), render(&text, &diagnostics));
    }
}

#[test]
fn each_trap_fires_on_its_fixture() {
    for code in AnalysisCode::ALL {
        let path = fixtures()
            .into_iter()
            .find(|p| stem(p) == code.as_str())
            .unwrap_or_else(|| panic!("no fixture for {}", code.as_str()));
        let (_, diagnostics) = diagnostics(&path);
        assert!(
            diagnostics.iter().any(|d| d.code == code.as_str()),
            "{} does not fire on its fixture",
            code.as_str()
        );
    }
}

#[test]
fn the_clean_fixture_raises_nothing() {
    let path = fixtures()
        .into_iter()
        .find(|p| stem(p) == "clean")
        .expect("clean.yml");
    let (text, diagnostics) = diagnostics(&path);
    assert!(diagnostics.is_empty(), "{}", render(&text, &diagnostics));
}

/// The trap's idea of which function keeps a trigger agrees with the template the compiler
/// builds (folds per pool name, merges in event order).
#[test]
fn the_trigger_kept_is_the_one_in_the_template() {
    let path = fixtures()
        .into_iter()
        .find(|p| stem(p) == "trigger-overwritten")
        .expect("the fixture");
    let text = std::fs::read_to_string(&path).unwrap();
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(&text, &settings, &env));
    let template = analysis.template().expect("it compiles");
    let target = |pool: &str, trigger: &str| {
        template["Resources"][pool]["Properties"]["LambdaConfig"][trigger]["Fn::GetAtt"][0]
            .as_str()
            .map(str::to_owned)
    };
    let kept: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code == AnalysisCode::TriggerOverwritten.as_str())
        .filter_map(|d| d.related.first())
        .map(|r| r.message.clone())
        .collect();
    assert!(
        kept.contains(&"'third' gets PreSignUp".to_owned()),
        "{kept:?}"
    );
    assert!(
        kept.contains(&"'dashed' gets CustomMessage".to_owned()),
        "{kept:?}"
    );
    assert_eq!(
        target("CognitoUserPoolUsers", "PreSignUp").as_deref(),
        Some("ThirdLambdaFunction")
    );
    assert_eq!(
        target("CognitoUserPoolAdminpool", "CustomMessage").as_deref(),
        Some("DashedLambdaFunction")
    );
}

/// `resources.CognitoUserPoolX` is one problem: the trap says it (where it belongs), not the
/// schema's "unrecognized property" too; unless the schema's is the error that stops the
/// framework (`configValidationMode: error`).
#[test]
fn a_top_level_resource_key_is_told_once_unless_the_schema_stops_the_framework() {
    let text = "service: svc\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - cognitoUserPool:\n          pool: P\n          trigger: PreSignUp\nresources:\n  CognitoUserPoolP:\n    Type: AWS::Cognito::UserPool\n";
    let codes = |text: &str| -> Vec<String> {
        let env = BTreeMap::new();
        let settings = Settings::default();
        let analysis = analyze(&AnalysisInput::new(text, &settings, &env));
        let key = text.find("CognitoUserPoolP:").unwrap();
        analysis
            .diagnostics
            .iter()
            .filter(|d| usize::from(d.range.start()) == key)
            .map(|d| format!("{} {}", d.severity.as_str(), d.code))
            .collect()
    };
    assert_eq!(codes(text), ["warning resources-top-level-key"]);
    let error_mode = text.replace(
        "service: svc\n",
        "service: svc\nconfigValidationMode: error\n",
    );
    let mut found = codes(&error_mode);
    found.sort();
    assert_eq!(
        found,
        [
            "error unrecognized-property",
            "warning resources-top-level-key"
        ]
    );
}
