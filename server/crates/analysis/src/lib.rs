//! Analysis: everything an editor or the CLI asks about a serverless.yml, as pure functions over
//! one [`Analysis`] snapshot (parse → service model → compiled template). No LSP types: ranges
//! are byte ranges; the `lsp` layer converts them.

mod diagnostic;

pub use diagnostic::*;
pub use sls_text::{TextRange, TextSize};

/// Settings that change what a document compiles to (the editor's settings, the CLI's flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub stage: Option<String>,
    pub region: Option<String>,
    /// `--param key=value`, in order.
    pub params: Vec<(String, String)>,
}
