//! What the server runs on each version of a document. The compiler in production; tests swap
//! in analyzers that are slow, panic, or report fixed problems, to exercise the protocol layer
//! on its own.

use std::path::Path;

use std::collections::BTreeMap;

use sls_analysis::{AnalysisInput, Diagnostic, Settings};

/// Analyses one snapshot of a document. Called on the document's analysis thread, possibly
/// on several documents' snapshots at once; a panic is caught and logged by the caller.
pub trait Analyzer: Send + Sync + 'static {
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic>;

    /// The diagnostics and, when the analyzer has one, the whole analysis the editor features
    /// (completion, hover, ...) answer from. `previous` is the analysis of an earlier version
    /// of the same document, to reuse what the edit did not change; `stale` says whether the
    /// text is still current (an analyzer may stop early when it is not).
    fn analyze(
        &self,
        text: &str,
        path: Option<&Path>,
        settings: &Settings,
        previous: Option<&sls_analysis::Analysis>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> (Vec<Diagnostic>, Option<sls_analysis::Analysis>) {
        let _ = (previous, stale);
        (self.diagnostics(text, path, settings), None)
    }
}

/// The real analysis: YAML, schema and compile diagnostics from `sls_analysis`.
#[derive(Debug, Default, Clone, Copy)]
pub struct CompilerAnalyzer;

impl Analyzer for CompilerAnalyzer {
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
        sls_analysis::check(text, path, settings)
    }

    fn analyze(
        &self,
        text: &str,
        path: Option<&Path>,
        settings: &Settings,
        previous: Option<&sls_analysis::Analysis>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> (Vec<Diagnostic>, Option<sls_analysis::Analysis>) {
        // `${env:...}` reads this process's environment, as `serverless` would.
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let input = AnalysisInput {
            path,
            previous,
            stale: Some(stale),
            ..AnalysisInput::new(text, settings, &env)
        };
        let analysis = sls_analysis::analyze(&input);
        tracing::debug!(
            "analysed {} bytes{}: {:?}",
            text.len(),
            if analysis.cancelled {
                " (stopped: stale)"
            } else {
                ""
            },
            analysis.timings
        );
        (analysis.diagnostics.clone(), Some(analysis))
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
