//! The one diagnostic type every check produces, whatever layer found the problem.

use sls_text::TextRange;

/// Severity is the config layer's, so every layer grades problems the same way.
pub use sls_config::Severity;

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

impl Diagnostic {
    pub fn new(
        range: TextRange,
        severity: Severity,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            range,
            severity,
            code: code.into(),
            message: message.into(),
            related: Vec::new(),
        }
    }

    /// One of this layer's own problems, with its code's severity.
    pub fn of(code: crate::AnalysisCode, range: TextRange, message: impl Into<String>) -> Self {
        Diagnostic::new(range, code.severity(), code.as_str(), message)
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(RelatedInfo {
            range,
            message: message.into(),
        });
        self
    }
}
