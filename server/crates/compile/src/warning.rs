//! What a compilation reports without stopping: the framework's warnings (schema violations in
//! `warn` mode, deprecations) and ours (what this compiler leaves out).

use sls_text::TextRange;

use crate::schema_report::SchemaViolation;

#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// `Warning: Invalid configuration encountered` (`configValidationMode: warn`, the default).
    InvalidConfiguration(Vec<SchemaViolation>),
    /// A deprecation the framework records (`1 deprecation found: ...` at the end of its log).
    Deprecation { code: &'static str },
    /// Events of a kind this compiler does not compile (`http`, `sqs`, ...): the template lacks
    /// what the framework would generate for them.
    UnsupportedEvents { kind: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompileWarning {
    pub kind: WarningKind,
    /// The text as the framework prints it (after `Warning: `), or ours for what is ours.
    pub message: String,
    /// Where: every source the warning is about.
    pub ranges: Vec<TextRange>,
}
