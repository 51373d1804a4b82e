//! A located problem, and the one error `serverless` would stop with.

use super::codes::VariableCode;
use crate::{Severity, TextRange};

#[derive(Debug, Clone, PartialEq)]
pub struct VariableProblem {
    pub code: VariableCode,
    pub severity: Severity,
    /// The variable as written (or its whole scalar when it cannot be told apart).
    pub range: TextRange,
    /// The framework's message when it has one (`Cannot resolve variable at "x": ...`).
    pub message: String,
    /// The property holding the variable, as the framework names it (`functions.f.handler`).
    pub property: String,
    /// The step of the framework's resolution at which this problem stops `serverless`;
    /// problems of the lowest step are reported together. `None`: it does not stop it.
    pub step: Option<u32>,
}

/// The error `serverless package` exits with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkError {
    pub code: &'static str,
    pub message: String,
}

/// The error the framework would stop with, given the problems of [`super::resolve`].
pub fn framework_error(
    problems: &[VariableProblem],
    config_file_name: &str,
) -> Option<FrameworkError> {
    let step = problems.iter().filter_map(|p| p.step).min()?;
    let group: Vec<&VariableProblem> = problems.iter().filter(|p| p.step == Some(step)).collect();
    // `output` without the Dashboard has its own message, whatever else is unrecognized.
    let first = group
        .iter()
        .find(|p| p.code == VariableCode::DashboardSourceMisuse)
        .unwrap_or(&group[0]);
    match first.code {
        VariableCode::UnknownSource => {
            let mut names: Vec<&str> = Vec::new();
            for p in &group {
                let name = p.message.split('"').nth(1).unwrap_or("");
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            Some(FrameworkError {
                code: "UNRECOGNIZED_VARIABLE_SOURCES",
                message: format!(
                    "Unrecognized configuration variable sources: \"{}\"",
                    names.join("\", \"")
                ),
            })
        }
        VariableCode::InaccessibleProperty | VariableCode::DashboardSourceMisuse => {
            Some(FrameworkError {
                code: first
                    .code
                    .framework_code()
                    .unwrap_or("VARIABLES_RESOLUTION_ERROR"),
                message: first.message.clone(),
            })
        }
        _ => {
            let lines: Vec<String> = group
                .iter()
                .map(|p| format!("\n  - {}", p.message))
                .collect();
            Some(FrameworkError {
                code: "VARIABLES_RESOLUTION_ERROR",
                message: format!(
                    "Cannot resolve {config_file_name}: Variables resolution errored with:{}",
                    lines.join(",")
                ),
            })
        }
    }
}
