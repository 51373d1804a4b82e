//! Every layer's problems as [`Diagnostic`]s, in one list: syntax, YAML loading and config
//! structure, the schema, variables, and the compiler's errors and warnings.

mod compile;
mod crash;
mod layers;

use sls_compile::{CompileFailure, Compiled};
use sls_config::variables::VariableProblem;
use sls_config::{ConfigDiagnostic, DiagnosticCode, TextRange, Value};
use sls_syntax::SyntaxDiagnostic;

pub(crate) use layers::Schema;

use crate::{AnalysisCode, Diagnostic, Severity};

/// What each layer found.
pub(crate) struct Layers<'a> {
    pub text: &'a str,
    pub syntax: &'a [SyntaxDiagnostic],
    pub config: &'a [ConfigDiagnostic],
    pub schema: &'a Schema,
    pub variables: &'a [VariableProblem],
    pub compiled: Option<&'a Result<Compiled, CompileFailure>>,
    /// The config after variables, to place what the compiler places loosely.
    pub resolved: Option<&'a Value>,
}

/// Adds every layer's problems to `out` (which holds the traps'), then sorts by position.
/// What sits on a line the parser could not read is left out: that line was blanked for the
/// parse, so what follows from it (a missing value, a crash on it) is noise until it is fixed.
pub(crate) fn collect(out: &mut Vec<Diagnostic>, layers: Layers<'_>) {
    out.extend(layers.config.iter().map(layers::from_config));
    let crash = layers
        .compiled
        .zip(layers.resolved)
        .and_then(|(compiled, resolved)| crash::Crash::of(compiled, resolved));
    out.extend(layers.schema.diagnostics(crash.as_ref()));
    out.extend(layers.variables.iter().map(layers::from_variable));
    if let Some(compiled) = layers.compiled {
        compile::report(compiled, layers.resolved, crash.as_ref(), out);
    }
    if !layers.syntax.is_empty() {
        let broken = BrokenLines::new(layers.text, layers.syntax);
        out.retain(|d| !broken.contains(d.range.start().into()));
    }
    out.extend(layers.syntax.iter().map(layers::from_syntax));
    drop_explained_schema_warnings(out);
    out.sort_by(|a, b| {
        (a.range.start(), a.range.end(), &a.code, &a.message).cmp(&(
            b.range.start(),
            b.range.end(),
            &b.code,
            &b.message,
        ))
    });
    out.dedup_by(|a, b| a.range == b.range && a.code == b.code && a.message == b.message);
}

/// The traps that explain a schema warning at the same range, better than its own words:
/// `resources.CognitoUserPoolX` is an "unrecognized property" of `resources` because it belongs
/// under `resources.Resources`. The warning goes (`compile` still prints the framework's
/// warning word for word); in `configValidationMode: error` it is the error that stops the
/// framework, and stays.
const EXPLAINED: [(AnalysisCode, DiagnosticCode); 1] = [(
    AnalysisCode::ResourcesTopLevelKey,
    DiagnosticCode::UnrecognizedProperty,
)];

fn drop_explained_schema_warnings(out: &mut Vec<Diagnostic>) {
    let explained: Vec<(TextRange, &'static str)> = out
        .iter()
        .flat_map(|d| {
            EXPLAINED
                .iter()
                .filter(|(trap, _)| d.code == trap.as_str())
                .map(|(_, schema)| (d.range, schema.as_str()))
        })
        .collect();
    out.retain(|d| {
        d.severity != Severity::Warning || !explained.contains(&(d.range, d.code.as_str()))
    });
}

/// The byte spans of the lines syntax problems touch.
struct BrokenLines {
    spans: Vec<(usize, usize)>,
}

impl BrokenLines {
    fn new(text: &str, syntax: &[SyntaxDiagnostic]) -> Self {
        let line_start = |offset: usize| {
            text[..offset.min(text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1)
        };
        let line_end = |offset: usize| {
            let offset = offset.min(text.len());
            text[offset..].find('\n').map_or(text.len(), |i| offset + i)
        };
        let spans = syntax
            .iter()
            .map(|d| {
                let start: usize = d.range.start().into();
                let end: usize = d.range.end().into();
                (line_start(start), line_end(end))
            })
            .collect();
        BrokenLines { spans }
    }

    fn contains(&self, offset: usize) -> bool {
        self.spans
            .iter()
            .any(|&(start, end)| (start..=end).contains(&offset))
    }
}
