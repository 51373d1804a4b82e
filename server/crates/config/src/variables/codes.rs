//! Every problem the variables layer reports, in one table: our stable code (shown to users as
//! `var-...`), the framework's error code where the framework has one, and the severity an
//! editor should show.

use crate::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VariableCode {
    // The framework's syntax errors (parse.js); each stops `serverless` before resolution.
    Unterminated,
    InvalidType,
    InvalidSource,
    InvalidLiteralSource,
    InvalidParam,
    InvalidAddress,
    InvalidStringLiteral,
    // Likely typos the framework accepts silently or reports far from the cause.
    /// `{$self:x}` (serverless#5340): probably meant `${self:x}`.
    DollarBraceTypo,
    /// `${self:custom:region}` (serverless#7921): a `:` in a self address, probably meant `.`.
    SelfAddressColon,
    // Resolution errors, as the framework reports them.
    /// No source gave a value and there is no default (MISSING_VARIABLE_RESULT).
    NotFound,
    /// A source failed (VARIABLE_RESOLUTION_ERROR): a bad address, an unreadable file, ...
    SourceFailed,
    /// A variable inside a longer string resolved to an object or null.
    NonStringInterpolation,
    /// Properties that refer to each other (CIRCULAR_PROPERTY_DEPENDENCY).
    Circular,
    /// Values that keep resolving to more variables (EXCESSIVE_..._NEST_DEPTH).
    ExcessiveNesting,
    /// A property the framework needs early is behind a variable it cannot resolve yet.
    InaccessibleProperty,
    /// A source no loaded code defines (UNRECOGNIZED_VARIABLE_SOURCES).
    UnknownSource,
    /// `${output:...}` without Serverless Dashboard (DASHBOARD_VARIABLE_SOURCES_MISUSE).
    DashboardSourceMisuse,
    // Ours.
    /// A source that needs AWS, the Dashboard or running code: left as written.
    Offline,
    /// `${file(...)}` pointing outside the service directory: refused, never read.
    FileOutsideService,
}

impl VariableCode {
    pub fn as_str(self) -> &'static str {
        match self {
            VariableCode::Unterminated => "var-unterminated",
            VariableCode::InvalidType => "var-invalid-type",
            VariableCode::InvalidSource => "var-invalid-source",
            VariableCode::InvalidLiteralSource => "var-invalid-literal",
            VariableCode::InvalidParam => "var-invalid-param",
            VariableCode::InvalidAddress => "var-invalid-address",
            VariableCode::InvalidStringLiteral => "var-invalid-string",
            VariableCode::DollarBraceTypo => "var-brace-dollar-typo",
            VariableCode::SelfAddressColon => "var-self-address-colon",
            VariableCode::NotFound => "var-not-found",
            VariableCode::SourceFailed => "var-source-failed",
            VariableCode::NonStringInterpolation => "var-non-string-interpolation",
            VariableCode::Circular => "var-circular",
            VariableCode::ExcessiveNesting => "var-excessive-nesting",
            VariableCode::InaccessibleProperty => "var-inaccessible-property",
            VariableCode::UnknownSource => "var-unknown-source",
            VariableCode::DashboardSourceMisuse => "var-dashboard-source-misuse",
            VariableCode::Offline => "var-offline",
            VariableCode::FileOutsideService => "var-file-outside-service",
        }
    }

    /// The code of the error the framework throws for this problem, if it throws one.
    /// (The CLI wraps resolution errors into one `VARIABLES_RESOLUTION_ERROR`.)
    pub fn framework_code(self) -> Option<&'static str> {
        Some(match self {
            VariableCode::Unterminated => "UNTERMINATED_VARIABLE",
            VariableCode::InvalidType => "INVALID_VARIABLE_TYPE",
            VariableCode::InvalidSource => "INVALID_VARIABLE_SOURCE",
            VariableCode::InvalidLiteralSource => "INVALID_VARIABLE_LITERAL_SOURCE",
            VariableCode::InvalidParam => "INVALID_VARIABLE_PARAM",
            VariableCode::InvalidAddress => "INVALID_VARIABLE_ADDRESS",
            VariableCode::InvalidStringLiteral => "INVALID_VARIABLE_STRING_LITERAL",
            VariableCode::NotFound => "MISSING_VARIABLE_RESULT",
            VariableCode::SourceFailed => "VARIABLE_RESOLUTION_ERROR",
            VariableCode::NonStringInterpolation => "NON_STRING_VARIABLE_RESULT",
            VariableCode::Circular => "VARIABLE_RESOLUTION_ERROR",
            VariableCode::ExcessiveNesting => "EXCESSIVE_RESOLVED_PROPERTIES_NEST_DEPTH",
            VariableCode::InaccessibleProperty => "INACCESSIBLE_CONFIGURATION_PROPERTY",
            VariableCode::UnknownSource => "UNRECOGNIZED_VARIABLE_SOURCES",
            VariableCode::DashboardSourceMisuse => "DASHBOARD_VARIABLE_SOURCES_MISUSE",
            VariableCode::DollarBraceTypo
            | VariableCode::SelfAddressColon
            | VariableCode::Offline
            | VariableCode::FileOutsideService => return None,
        })
    }

    pub fn severity(self) -> Severity {
        match self {
            VariableCode::DollarBraceTypo | VariableCode::SelfAddressColon => Severity::Warning,
            VariableCode::Offline => Severity::Information,
            _ => Severity::Error,
        }
    }

    /// The framework's own syntax errors (parse.js).
    pub fn is_syntax(self) -> bool {
        matches!(
            self,
            VariableCode::Unterminated
                | VariableCode::InvalidType
                | VariableCode::InvalidSource
                | VariableCode::InvalidLiteralSource
                | VariableCode::InvalidParam
                | VariableCode::InvalidAddress
                | VariableCode::InvalidStringLiteral
        )
    }
}
