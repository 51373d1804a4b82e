//! The text layer: a document held in a rope, LSP-style incremental edits, and conversions
//! between byte offsets and line/column positions in utf-8, utf-16 or utf-32 code units.
//!
//! Nothing here knows about YAML or LSP types: the `lsp` layer maps its own types onto
//! [`Position`], [`Range`] and [`PositionEncoding`].

pub use text_size::{TextRange, TextSize};

/// The unit in which a [`Position::character`] counts (LSP 3.17 `positionEncoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

/// A zero-based line and a column counted in the units of a [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A half-open range of positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}
