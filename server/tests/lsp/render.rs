//! Published diagnostics as compact text for snapshots: one line each, positions as
//! `line:column` (0-based, in the negotiated encoding's units).

use tower_lsp_server::ls_types::{
    Diagnostic, DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Range,
};

pub fn range(range: Range) -> String {
    format!(
        "{}:{}-{}:{}",
        range.start.line, range.start.character, range.end.line, range.end.character
    )
}

pub fn diagnostic(diagnostic: &Diagnostic) -> String {
    let severity = match diagnostic.severity {
        Some(DiagnosticSeverity::ERROR) => "error",
        Some(DiagnosticSeverity::WARNING) => "warning",
        Some(DiagnosticSeverity::INFORMATION) => "info",
        Some(DiagnosticSeverity::HINT) => "hint",
        _ => "?",
    };
    let code = match &diagnostic.code {
        Some(NumberOrString::String(code)) => code.clone(),
        Some(NumberOrString::Number(code)) => code.to_string(),
        None => "-".into(),
    };
    let source = diagnostic.source.as_deref().unwrap_or("-");
    let mut line = format!(
        "{} {severity}[{code}] ({source}) {}",
        range(diagnostic.range),
        diagnostic.message
    );
    for related in diagnostic.related_information.iter().flatten() {
        line.push_str(&format!(
            "\n    related {} {}: {}",
            related.location.uri.as_str(),
            range(related.location.range),
            related.message
        ));
    }
    line
}

/// `version N` and the diagnostics, or `(none)`.
pub fn published(published: &PublishDiagnosticsParams) -> String {
    let version = published
        .version
        .map_or("no version".to_owned(), |v| format!("version {v}"));
    let mut text = version;
    if published.diagnostics.is_empty() {
        text.push_str("\n  (none)");
    }
    for d in &published.diagnostics {
        text.push_str("\n  ");
        text.push_str(&diagnostic(d));
    }
    text
}
