//! `check`: every problem in one document, from every layer, in one list. The CLI prints it and
//! the language server publishes it: one code path, so they can never disagree.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{AnalysisInput, Diagnostic, Settings, analyze};

/// The problems in `text` (a serverless.yml at `path`, when it has one), sorted by position.
/// `${env:...}` reads this process's environment, as `serverless` would.
pub fn check(text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let input = AnalysisInput {
        path,
        ..AnalysisInput::new(text, settings, &env)
    };
    analyze(&input).diagnostics
}
