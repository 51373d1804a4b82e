//! The compiler's error (where the framework stops) and its warnings of our own, at the text
//! at fault. Variable and schema errors are left to their own layers' diagnostics, which put
//! each problem where it is rather than one error for all.

use sls_compile::{CompileError, CompileFailure, CompileWarning, Compiled, ErrorCode, WarningKind};
use sls_config::{TextRange, Value};

use super::crash::Crash;
use crate::{AnalysisCode, Diagnostic, Severity};

pub(crate) fn report(
    compiled: &Result<Compiled, CompileFailure>,
    config: Option<&Value>,
    crash: Option<&Crash>,
    out: &mut Vec<Diagnostic>,
) {
    let warnings = match compiled {
        Ok(compiled) => &compiled.warnings,
        Err(failure) => {
            out.extend(from_error(&failure.error, config, crash));
            &failure.warnings
        }
    };
    out.extend(warnings.iter().filter_map(from_warning));
}

fn from_error(
    error: &CompileError,
    config: Option<&Value>,
    crash: Option<&Crash>,
) -> Option<Diagnostic> {
    if matches!(
        error.code,
        ErrorCode::Variables(_)
            | ErrorCode::VariablesResolutionError
            | ErrorCode::InvalidNonSchemaCompliantConfiguration
    ) {
        return None;
    }
    // An error about the whole document (no `service:`) points at its start.
    let mut primary = error.ranges.first().copied().unwrap_or_default();
    if error.code == ErrorCode::ResourceExtensionNotExisting
        && let Some(key) = config.and_then(|c| extension_key(c, primary))
    {
        primary = key;
    }
    if let Some(key) = crash.and_then(|c| c.key) {
        primary = key;
    }
    let mut diagnostic = Diagnostic::new(
        primary,
        Severity::Error,
        error.code.as_str(),
        error.message.clone(),
    );
    for (n, range) in error.ranges.iter().enumerate().skip(1) {
        diagnostic = diagnostic.with_related(*range, related_label(error.code, n));
    }
    Some(diagnostic)
}

/// The compiler points a missing extension target at the attribute it was extending; the fault
/// is the ID written under `extensions` (the key holding that attribute).
fn extension_key(config: &Value, attribute: TextRange) -> Option<TextRange> {
    let extensions = config.get_path(["resources", "extensions"])?.as_mapping()?;
    extensions.iter().find_map(|(_, entry)| {
        let attributes = entry.value.as_mapping()?;
        attributes
            .iter()
            .any(|(_, a)| a.key_range == attribute)
            .then_some(entry.key_range)
    })
}

/// What the compiler's second and later ranges are, per error.
fn related_label(code: ErrorCode, n: usize) -> &'static str {
    match (code, n) {
        (ErrorCode::CognitoMultipleUserPoolsPerFunction, 1) => "the function's first pool",
        (ErrorCode::CognitoKmsKeyNotSet, 1) => "the affected pool",
        (ErrorCode::CognitoKmsKeyIdNotSameForSingleUserPool, 1) => {
            "the other KMS key for this pool"
        }
        _ => "related",
    }
}

/// Our warnings: one per uncompiled event kind, on its first event (every event of a common
/// kind like `http` would be noise). The framework's warnings (schema, deprecations) are
/// reported by the schema layer or not at all.
fn from_warning(warning: &CompileWarning) -> Option<Diagnostic> {
    match &warning.kind {
        WarningKind::UnsupportedEvents { .. } => {
            let first: TextRange = *warning.ranges.first()?;
            Some(Diagnostic::of(
                AnalysisCode::EventsNotCompiled,
                first,
                warning.message.clone(),
            ))
        }
        WarningKind::InvalidConfiguration(_) | WarningKind::Deprecation { .. } => None,
    }
}
