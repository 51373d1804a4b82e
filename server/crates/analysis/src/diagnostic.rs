//! The one diagnostic type every check produces, whatever layer found the problem.

use sls_text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Exactly the text at fault.
    pub range: TextRange,
    pub severity: Severity,
    /// A stable code (`yaml-invalid`, `unknown-trigger`, `COGNITO_KMS_KEY_NOT_SET`, ...).
    pub code: String,
    pub message: String,
    /// Other places that explain this one (the first pool of a conflict, ...).
    pub related: Vec<RelatedInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedInfo {
    pub range: TextRange,
    pub message: String,
}
