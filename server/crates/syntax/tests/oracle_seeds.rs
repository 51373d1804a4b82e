//! Real serverless.yml files (cases recorded against the Serverless Framework) parse without a
//! single diagnostic. Reads the copies in `fixtures/oracle/` and every case in the repository's
//! `tests/oracle/cases/` that the framework could load (not those it refused with
//! `CONFIGURATION_PARSE_ERROR`, which are broken on purpose).

use std::fs;
use std::path::{Path, PathBuf};

use sls_syntax::parse;

fn seed_files() -> Vec<PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = fs::read_dir(crate_dir.join("tests/fixtures/oracle"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    let repo_cases = crate_dir.join("../../../tests/oracle/cases");
    if let Ok(cases) = fs::read_dir(repo_cases) {
        files.extend(
            cases
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|case| !framework_refused_to_load(case))
                .map(|case| case.join("serverless.yml"))
                .filter(|p| p.is_file()),
        );
    }
    files.sort();
    files
}

fn framework_refused_to_load(case: &Path) -> bool {
    fs::read_to_string(case.join("error.txt"))
        .is_ok_and(|error| error.contains("Code: CONFIGURATION_PARSE_ERROR"))
}

#[test]
fn real_world_files_parse_cleanly() {
    let files = seed_files();
    assert!(files.len() >= 50, "seed files missing: {files:?}");
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
        let parse = parse(&text);
        assert!(
            parse.diagnostics.is_empty(),
            "{file:?}: {:#?}",
            parse.diagnostics
        );
        let root = parse.root.unwrap_or_else(|| panic!("{file:?}: no root"));
        assert!(root.get("service").is_some(), "{file:?}: no `service`");
    }
}
