//! The text layer: a document held in a rope, LSP-style incremental edits, and conversions
//! between byte offsets and line/column positions in utf-8, utf-16 or utf-32 code units.
//!
//! Nothing here knows about YAML or LSP types: the `lsp` layer maps its own types onto
//! [`Position`], [`Range`] and [`PositionEncoding`].
//!
//! Line breaks are `\n`, `\r\n` (a single break) and a lone `\r`, as in the LSP spec; other
//! Unicode separators (U+2028, U+0085, …) are ordinary characters.

mod common_ends;
mod convert;
mod document;
mod edit;
mod position;

pub use common_ends::{common_prefix, common_suffix};
pub use document::Document;
pub use position::{Position, PositionEncoding, Range};
pub use text_size::{TextRange, TextSize};
