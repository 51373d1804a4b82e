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
