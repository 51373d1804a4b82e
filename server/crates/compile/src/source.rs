//! From the text of a serverless.yml to a compilation, as the framework loads it: a file that
//! js-yaml refuses (a syntax error, a duplicate key, an unknown tag) stops everything with
//! `CONFIGURATION_PARSE_ERROR`, located at the first problem.

use sls_config::{Severity, value_from_node};
use sls_text::{Document, PositionEncoding, TextRange};

use crate::context::CompileOptions;
use crate::error::{CompileError, ErrorCode};
use crate::pipeline::{CompileFailure, Compiled, compile};

/// The name the framework's messages give the service file.
const SERVICE_FILE_NAME: &str = "serverless.yml";

pub fn compile_text(text: &str, options: &CompileOptions) -> Result<Compiled, CompileFailure> {
    let parse = sls_syntax::parse(text);
    let refusal = parse
        .diagnostics
        .first()
        .map(|d| (d.range, d.message.clone()));
    let loaded = parse.root.as_ref().map(value_from_node);
    let refusal = refusal.or_else(|| {
        loaded.as_ref().and_then(|(_, diagnostics)| {
            diagnostics
                .iter()
                .find(|d| d.severity() == Severity::Error)
                .map(|d| (d.range, d.message.clone()))
        })
    });
    match (refusal, loaded) {
        (None, Some((root, _))) => compile(&root, options),
        (Some((range, reason)), _) => Err(parse_failure(text, range, &reason)),
        (None, None) => Err(parse_failure(text, TextRange::default(), "no document")),
    }
}

fn parse_failure(text: &str, range: TextRange, reason: &str) -> CompileFailure {
    let position = Document::new(text).offset_to_position(range.start(), PositionEncoding::Utf16);
    let message = format!(
        "Cannot parse \"{SERVICE_FILE_NAME}\": {reason} ({}:{})",
        position.line + 1,
        position.character + 1
    );
    CompileFailure {
        error: CompileError::new(ErrorCode::ConfigurationParseError, message, vec![range]),
        warnings: Vec::new(),
    }
}
