//! The schema check against the framework itself: for each fixture under `fixtures/schema`,
//! the violations' lines must be exactly the lines serverless@3.40.0 printed (`expected.txt`),
//! in its order. The model's seed fixtures must have none.

use std::fs;
use std::path::Path;

use sls_config::{check_schema, value_from_node};

fn framework_lines(yaml: &str) -> Vec<String> {
    let parse = sls_syntax::parse(yaml);
    assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
    let (value, diagnostics) = value_from_node(parse.root.as_ref().expect("a document"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    check_schema(&value)
        .iter()
        .map(|v| v.framework_line())
        .collect()
}

fn fixtures(under: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(under);
    let mut dirs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("serverless.yml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn violations_are_the_frameworks_lines() {
    let cases = fixtures("schema");
    assert!(cases.len() >= 13);
    for case in cases {
        let yaml = fs::read_to_string(case.join("serverless.yml")).unwrap();
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().collect();
        assert_eq!(framework_lines(&yaml), expected, "{}", case.display());
    }
}

#[test]
fn seed_cases_have_no_violation() {
    for case in fixtures("") {
        let yaml = fs::read_to_string(case.join("serverless.yml")).unwrap();
        assert_eq!(
            framework_lines(&yaml),
            Vec::<String>::new(),
            "{}",
            case.display()
        );
    }
}
