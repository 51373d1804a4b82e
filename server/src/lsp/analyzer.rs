//! What the server runs on each version of a document. The compiler in production; tests swap
//! in analyzers that are slow, panic, or report fixed problems, to exercise the protocol layer
//! on its own.

use std::path::Path;

use sls_analysis::{Diagnostic, Settings};

/// Analyses one snapshot of a document. Called on a blocking thread, possibly on several
/// snapshots at once; a panic is caught and logged by the caller.
pub trait Analyzer: Send + Sync + 'static {
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic>;
}

/// The real analysis: YAML, schema and compile diagnostics from `sls_analysis`.
#[derive(Debug, Default, Clone, Copy)]
pub struct CompilerAnalyzer;

impl Analyzer for CompilerAnalyzer {
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
        sls_analysis::check(text, path, settings)
    }
}

impl<F> Analyzer for F
where
    F: Fn(&str, Option<&Path>, &Settings) -> Vec<Diagnostic> + Send + Sync + 'static,
{
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
        self(text, path, settings)
    }
}
