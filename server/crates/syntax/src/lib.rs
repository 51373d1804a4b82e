//! The syntax layer: YAML parsed into a tree of [`Node`]s, each with the exact byte range of its
//! text, tolerant of broken input. Knows nothing of Serverless or of editors.
//!
//! [`parse`] runs `saphyr-parser` and folds its events into the tree, keeping tags (`!Ref`),
//! anchors (`&x`) and aliases (`*x`, expanded into copies), and applying `<<` merge keys the way
//! js-yaml 4 does (see the `merge` module for the exact key order). Plain block YAML, what most
//! serverless.yml files are, is read by a faster line-based reader that produces saphyr's exact
//! events instead, and leaves any other text to saphyr (see the `fast_path` module).
//!
//! # Ranges
//! Byte offsets into the text. A scalar covers its text with its quotes; a block scalar runs
//! from its `|`/`>` indicator to its last non-blank character; a collection runs from its first
//! to its last character (brackets included for `[...]`/`{...}`). Tags and anchors have their own
//! ranges, outside the node's. A value left empty (`key:` then a line break) is a
//! [`ScalarStyle::Empty`] scalar with an empty range right after the `:` (or the `-`); a written
//! `~` stays a plain `~`. A copy made for an alias keeps the anchored node's ranges and records
//! where the alias is written in [`Node::alias`] (see [`Node::written_range`]).
//!
//! # Broken input
//! The parser stops at the first error, which is no good while someone is typing. So when a
//! parse fails, part of the text is blanked (its bytes replaced by as many spaces, so every
//! offset stays valid) and the text is parsed again, for up to 32 rounds and a budget of whole
//! parses (96 for small files, down to 16 for large ones). Each round's error becomes one
//! diagnostic, and the last parse gives the tree: everything but what was blanked.
//!
//! The parser often notices a problem after its cause (an unclosed `[` is reported where the
//! next `key:` is), so each round tries several cuts and keeps the best:
//! - lines, in order: the line being edited (first round of [`parse_with_hint`] only), the line
//!   holding the tab (tab errors), the nearest line above leaving a quote or bracket open
//!   (errors such a line causes, up to 500 lines up), the reported line, and the two non-blank
//!   lines above it;
//! - on each line, first the end of it (from where the parser stopped, from the open quote or
//!   bracket, or from the value after `key: `) when what is left still reads as `key:`,
//!   `key: value` or `-`, so the key being typed stays in the tree; then the whole line.
//!
//! The first cut that lets the whole text parse wins; otherwise the best is the one that closes
//! an open quote or bracket (for errors such things cause), then the one that gets the parser
//! furthest, ties going to the earlier cut. A cut that makes the parser stop earlier than before
//! ends the search, keeping the tree read up to the error (open collections closed where their
//! last child ends). The diagnostic goes where the cut was made: on an unclosed quote or
//! bracket if the culprit line has one, else from where the parser stopped to the end of its
//! line (naming that place when the culprit is another line). A blanked line inside a block
//! scalar (`|`) stays in its text as spaces.
//!
//! An alias naming no anchor is also a parser error: it is replaced by a null (one more parse,
//! no search) and reported as [`SyntaxCode::UnknownAlias`], and the tree holds an empty node
//! carrying the alias.
//!
//! # Limits
//! Aliases copy at most [`MAX_ALIAS_EXPANSION`] nodes in all (a "billion laughs" document stops
//! there, [`SyntaxCode::AliasExpansionLimit`]); collections nest at most [`MAX_NESTING_DEPTH`]
//! deep (deeper content is dropped, [`SyntaxCode::NestingLimit`]). The tree is built without
//! recursion, and its depth bound keeps the derived `Drop`, `Clone` and `Debug` shallow.

mod builder;
pub mod escape;
mod fast_path;
mod input;
mod merge;
mod messages;
mod offsets;
mod query;
mod recovery;
pub mod render;
mod reparse;
mod source;
mod tree;

pub use builder::{MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH};
pub use query::*;
pub use reparse::{Reparsed, Splice, reparse, reparse_into, splice_again};
pub use sls_text::{TextRange, TextSize};
pub use tree::*;

/// Parses a YAML document. Never fails: see [`Parse::diagnostics`] for what went wrong.
pub fn parse(text: &str) -> Parse {
    recovery::parse_recovering(text, None)
}

/// [`parse`], for text being edited: if the text is broken, blanking `edited_line` (zero-based)
/// is tried first, as the line being typed is the likeliest culprit.
pub fn parse_with_hint(text: &str, edited_line: Option<usize>) -> Parse {
    recovery::parse_recovering(text, edited_line)
}
