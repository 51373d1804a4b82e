//! Analysis: everything an editor or the CLI asks about a serverless.yml, as pure functions over
//! the layers below. No LSP types: ranges are byte ranges; the `lsp` layer converts them.

mod check;
mod diagnostic;

pub use check::check;
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
