//! An analyzer that reports problems at fixed markers, so the protocol tests do not depend on
//! what the compiler reports today:
//!
//! - each `BAD` is an error `test-bad` on those three bytes, related to the first byte of the text;
//! - `PANIC` anywhere makes the analysis panic;
//! - `WAIT` anywhere blocks the analysis until the test opens the gate;
//! - a stage, region or params in the settings add one hint `test-settings` at the start.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serverless_lsp::lsp::Analyzer;
use sls_analysis::{Diagnostic, RelatedInfo, Settings, Severity, TextRange, TextSize};

use crate::client::TIMEOUT;

#[derive(Default)]
pub struct MarkerAnalyzer {
    gate_open: Mutex<bool>,
    gate_changed: Condvar,
    /// Every text whose analysis started.
    started: Mutex<Vec<String>>,
    /// Every text analysed to the end, and the path it came with.
    finished: Mutex<Vec<(String, Option<PathBuf>)>>,
}

impl MarkerAnalyzer {
    pub fn new() -> Arc<MarkerAnalyzer> {
        Arc::new(MarkerAnalyzer {
            gate_open: Mutex::new(true),
            ..MarkerAnalyzer::default()
        })
    }

    /// Analyses of texts with `WAIT` block until [`MarkerAnalyzer::open_gate`].
    pub fn close_gate(&self) {
        *self.gate_open.lock().unwrap() = false;
    }

    pub fn open_gate(&self) {
        *self.gate_open.lock().unwrap() = true;
        self.gate_changed.notify_all();
    }

    pub fn finished(&self) -> Vec<(String, Option<PathBuf>)> {
        self.finished.lock().unwrap().clone()
    }

    /// Every text whose analysis started, in order.
    pub fn started(&self) -> Vec<String> {
        self.started.lock().unwrap().clone()
    }

    /// Waits until an analysis of `text` has started.
    pub async fn wait_until_started(&self, text: &str) {
        wait_until(
            || self.started.lock().unwrap().iter().any(|t| t == text),
            "started",
            text,
        )
        .await;
    }

    fn wait_for_gate(&self) {
        let open = self.gate_open.lock().unwrap();
        let (_open, timeout) = self
            .gate_changed
            .wait_timeout_while(open, TIMEOUT, |open| !*open)
            .unwrap();
        assert!(!timeout.timed_out(), "the test never opened the gate");
    }
}

impl Analyzer for MarkerAnalyzer {
    fn diagnostics(&self, text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
        self.started.lock().unwrap().push(text.to_owned());
        if text.contains("PANIC") {
            panic!("PANIC marker in the text");
        }
        if text.contains("WAIT") {
            self.wait_for_gate();
        }
        let mut diagnostics = Vec::new();
        if *settings != Settings::default() {
            let params: Vec<String> = settings
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            diagnostics.push(Diagnostic {
                range: TextRange::empty(TextSize::from(0)),
                severity: Severity::Hint,
                code: "test-settings".into(),
                message: format!(
                    "stage={:?} region={:?} params=[{}]",
                    settings.stage,
                    settings.region,
                    params.join(", ")
                ),
                related: Vec::new(),
            });
        }
        for (start, marker) in text.match_indices("BAD") {
            let start = TextSize::try_from(start).unwrap();
            diagnostics.push(Diagnostic {
                range: TextRange::at(start, TextSize::of(marker)),
                severity: Severity::Error,
                code: "test-bad".into(),
                message: "a BAD marker".into(),
                related: vec![RelatedInfo {
                    range: TextRange::up_to(TextSize::of(text.chars().next().unwrap_or(' '))),
                    message: "the first character".into(),
                }],
            });
        }
        self.finished
            .lock()
            .unwrap()
            .push((text.to_owned(), path.map(Path::to_path_buf)));
        diagnostics
    }
}

async fn wait_until(done: impl Fn() -> bool, what: &str, text: &str) {
    let deadline = tokio::time::Instant::now() + TIMEOUT;
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "analysis of {text:?} never {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
