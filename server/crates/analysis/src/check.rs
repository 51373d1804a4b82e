//! `check`: every problem in one document, from every layer, in one list. The CLI prints it and
//! the language server publishes it: one code path, so they can never disagree.

use crate::{Diagnostic, Settings, Severity};
use sls_config::{ConfigDiagnostic, value_from_node};
use sls_syntax::SyntaxDiagnostic;
use std::path::Path;

/// The problems in `text` (a serverless.yml at `path`, when it has one), sorted by position.
pub fn check(text: &str, path: Option<&Path>, settings: &Settings) -> Vec<Diagnostic> {
    let _ = settings; // Settings choose the stage and params once variables are resolved here.
    let file_name = path
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or("serverless.yml");

    let parse = sls_syntax::parse(text);
    let mut diagnostics: Vec<Diagnostic> = parse.diagnostics.iter().map(from_syntax).collect();
    if let Some(root) = &parse.root {
        let (value, loading) = value_from_node(root);
        diagnostics.extend(loading.iter().map(from_config));
        diagnostics.extend(sls_config::check(&value, file_name).iter().map(from_config));
    }
    diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
    diagnostics
}

fn from_syntax(d: &SyntaxDiagnostic) -> Diagnostic {
    Diagnostic {
        range: d.range,
        severity: Severity::Error,
        code: d.code.as_str().to_owned(),
        message: d.message.clone(),
        related: Vec::new(),
    }
}

fn from_config(d: &ConfigDiagnostic) -> Diagnostic {
    let message = match &d.hint {
        Some(hint) => format!("{} ({hint})", d.message),
        None => d.message.clone(),
    };
    Diagnostic {
        range: d.range,
        severity: d.severity(),
        code: d.code.as_str().to_owned(),
        message,
        related: Vec::new(),
    }
}
