//! The YAML loading against the framework itself: for each fixture under `fixtures/yaml`, parts
//! of the loaded (and coerced) config must equal what serverless@3.40.0 copied into its template.

use std::fs;
use std::path::Path;

use sls_config::{TextRange, Value, coerce, value_from_node};

#[test]
fn loaded_values_are_the_frameworks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 3);
    for case in cases {
        let yaml = fs::read_to_string(case.join("serverless.yml")).unwrap();
        let expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&fs::read_to_string(case.join("expected.json")).unwrap()).unwrap();
        let parse = sls_syntax::parse(&yaml);
        assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
        let (value, diagnostics) = value_from_node(parse.root.as_ref().unwrap());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let value = coerce(value);
        for (path, framework) in expected {
            let mine = value
                .get_path(path.split('.'))
                .unwrap_or_else(|| panic!("{}: no {path}", case.display()));
            // Compared as JavaScript values (doubles): writing them out is the compiler's job.
            let framework = Value::from_json(&framework, TextRange::default()).to_json();
            assert_eq!(
                serde_json::to_string(&mine.to_json()).unwrap(),
                serde_json::to_string(&framework).unwrap(),
                "{}: {path}",
                case.display()
            );
        }
    }
}
