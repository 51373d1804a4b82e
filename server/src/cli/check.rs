//! `serverless-lsp check PATH...`: every problem, one line each (or JSON), exit 1 on an error.

use super::args::{CheckArgs, Format};
use super::{exit, files};
use serde::Serialize;
use sls_analysis::{Diagnostic, Severity};
use sls_text::{Document, PositionEncoding};
use std::io::Write;
use std::path::Path;

pub fn run(args: &CheckArgs) -> i32 {
    let settings = args.settings.to_settings();
    let mut reports = Vec::new();
    for path in &args.paths {
        let file = match files::resolve_service_file(path) {
            Ok(file) => file,
            Err(message) => return usage_error(&message),
        };
        let text = match files::read_text(&file) {
            Ok(text) => text,
            Err(message) => return usage_error(&message),
        };
        let diagnostics = sls_analysis::check(&text, Some(&file), &settings);
        reports.push(FileReport::new(&file, &text, &diagnostics));
    }

    let rendered = match args.format {
        Format::Text => render_text(&reports),
        Format::Json => render_json(&reports),
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not worth a panic.
    let _ = stdout.write_all(rendered.as_bytes());

    let has_error = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error.as_str());
    if has_error { exit::PROBLEMS } else { exit::OK }
}

fn usage_error(message: &str) -> i32 {
    eprintln!("serverless-lsp: {message}");
    exit::USAGE
}

#[derive(Serialize)]
struct FileReport {
    path: String,
    diagnostics: Vec<ReportedDiagnostic>,
}

/// Lines and columns are 1-based; columns count characters (Unicode scalar values).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportedDiagnostic {
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: String,
    message: String,
    related: Vec<ReportedRelated>,
}

#[derive(Serialize)]
struct ReportedRelated {
    line: u32,
    column: u32,
    message: String,
}

impl FileReport {
    fn new(path: &Path, text: &str, diagnostics: &[Diagnostic]) -> Self {
        let document = Document::new(text);
        let at = |offset| {
            let p = document.offset_to_position(offset, PositionEncoding::Utf32);
            (p.line + 1, p.character + 1)
        };
        let diagnostics = diagnostics
            .iter()
            .map(|d| {
                let (line, column) = at(d.range.start());
                let (end_line, end_column) = at(d.range.end());
                ReportedDiagnostic {
                    line,
                    column,
                    end_line,
                    end_column,
                    severity: d.severity.as_str(),
                    code: d.code.clone(),
                    message: d.message.clone(),
                    related: d
                        .related
                        .iter()
                        .map(|r| {
                            let (line, column) = at(r.range.start());
                            ReportedRelated {
                                line,
                                column,
                                message: r.message.clone(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        FileReport {
            path: path.display().to_string(),
            diagnostics,
        }
    }
}

fn render_text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in &report.diagnostics {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}]: {}\n",
                report.path, d.line, d.column, d.severity, d.code, d.message
            ));
            for r in &d.related {
                out.push_str(&format!(
                    "{}:{}:{}: note: {}\n",
                    report.path, r.line, r.column, r.message
                ));
            }
        }
    }
    out
}

fn render_json(reports: &[FileReport]) -> String {
    let mut out = serde_json::to_string_pretty(&serde_json::json!({ "files": reports }))
        .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}
