//! The syntax layer: YAML parsed into a tree of [`Node`]s, each with the exact byte range of its
//! text, tolerant of broken input. Knows nothing of Serverless or of editors.

mod tree;

pub use sls_text::{TextRange, TextSize};
pub use tree::*;
