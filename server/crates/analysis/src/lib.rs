//! Analysis: everything an editor or the CLI asks about a serverless.yml, as pure functions over
//! one [`Analysis`] of the document. No LSP types: ranges are byte ranges; the `lsp` layer
//! converts them.

mod analysis;
mod check;
mod codes;
mod diagnostic;
pub mod ide;
mod ids;
mod near;
pub mod render;
mod report;
mod spare;
mod traps;

pub use analysis::{Analysis, AnalysisInput, Kept, Timings, analyze};
pub use check::check;
pub use codes::AnalysisCode;
pub use diagnostic::*;
pub use ids::{LogicalId, LogicalIds, Section};
pub use sls_text::{TextRange, TextSize};
pub use spare::Spare;

/// Settings that change what a document compiles to (the editor's settings, the CLI's flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub stage: Option<String>,
    pub region: Option<String>,
    /// `--param key=value`, in order.
    pub params: Vec<(String, String)>,
}
