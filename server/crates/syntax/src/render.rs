//! Plain-text dumps of a parse, for snapshot tests and debugging: every node with its range and
//! the source text under it, a YAML-like outline of the keys, and the diagnostics with lines
//! and columns.

use std::fmt::Write;

use sls_text::TextRange;

use crate::offsets::LineIndex;
use crate::{Node, NodeKind, ScalarStyle, SyntaxDiagnostic};

/// Each node on a line: its role, kind, range, the source under the range, and its properties.
pub fn render_tree(root: &Node, text: &str) -> String {
    let mut out = String::new();
    write_node(&mut out, root, text, 0, "");
    out
}

fn write_node(out: &mut String, node: &Node, text: &str, depth: usize, role: &str) {
    let indent = "  ".repeat(depth);
    let kind = match &node.kind {
        NodeKind::Scalar(s) => format!("{} {:?}", style_name(s.style), s.text),
        NodeKind::Mapping(entries) => format!("mapping ({} entries)", entries.len()),
        NodeKind::Sequence(items) => format!("sequence ({} items)", items.len()),
    };
    let _ = write!(out, "{indent}{role}{kind} {}", slice(node.range, text));
    if let Some(tag) = &node.tag {
        let _ = write!(out, " tag {:?} {}", tag.name, slice(tag.range, text));
    }
    if let Some(anchor) = &node.anchor {
        let _ = write!(
            out,
            " anchor {:?} {}",
            anchor.name,
            slice(anchor.range, text)
        );
    }
    if let Some(alias) = &node.alias {
        let _ = write!(out, " alias {:?} {}", alias.name, slice(alias.range, text));
    }
    out.push('\n');
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => {
            for item in items {
                write_node(out, item, text, depth + 1, "- ");
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                if let Some(from) = entry.merged_from {
                    let _ = writeln!(out, "{indent}  (merged from {})", slice(from, text));
                }
                write_node(out, &entry.key, text, depth + 1, "key: ");
                write_node(out, &entry.value, text, depth + 2, "value: ");
            }
        }
    }
}

fn style_name(style: ScalarStyle) -> &'static str {
    match style {
        ScalarStyle::Plain => "plain",
        ScalarStyle::SingleQuoted => "single-quoted",
        ScalarStyle::DoubleQuoted => "double-quoted",
        ScalarStyle::Literal => "literal",
        ScalarStyle::Folded => "folded",
        ScalarStyle::Empty => "empty",
    }
}

/// `@start..end` and the text there, shortened when long.
fn slice(range: TextRange, text: &str) -> String {
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    let Some(source) = text.get(start..end) else {
        return format!("@{start}..{end} <out of bounds>");
    };
    let mut shown: String = source.chars().take(40).collect();
    if shown.len() < source.len() {
        shown.push('…');
    }
    format!("@{start}..{end} {shown:?}")
}

/// The tree as YAML-like lines (`key:`, `- `, scalar text), to see what was recovered.
pub fn render_outline(root: &Node) -> String {
    let mut out = String::new();
    write_outline(&mut out, root, 0);
    out
}

fn write_outline(out: &mut String, node: &Node, depth: usize) {
    let indent = "  ".repeat(depth);
    match &node.kind {
        NodeKind::Scalar(_) => {
            let _ = writeln!(out, "{indent}{}", outline_scalar(node));
        }
        NodeKind::Sequence(items) => {
            for item in items {
                if is_outline_leaf(item) {
                    let _ = writeln!(out, "{indent}- {}", outline_scalar(item));
                } else {
                    let _ = writeln!(out, "{indent}-");
                    write_outline(out, item, depth + 1);
                }
            }
        }
        NodeKind::Mapping(entries) => {
            for entry in entries {
                let key = outline_scalar(&entry.key);
                if is_outline_leaf(&entry.value) {
                    let _ = writeln!(out, "{indent}{key}: {}", outline_scalar(&entry.value));
                } else {
                    let _ = writeln!(out, "{indent}{key}:");
                    write_outline(out, &entry.value, depth + 1);
                }
            }
        }
    }
}

/// Scalars and empty collections fit on their parent's line.
fn is_outline_leaf(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Scalar(_) => true,
        NodeKind::Mapping(entries) => entries.is_empty(),
        NodeKind::Sequence(items) => items.is_empty(),
    }
}

fn outline_scalar(node: &Node) -> String {
    let tag = node
        .tag
        .as_ref()
        .map(|t| format!("!{} ", t.name))
        .unwrap_or_default();
    match &node.kind {
        NodeKind::Scalar(s) if s.style == ScalarStyle::Empty => format!("{tag}<empty>"),
        NodeKind::Scalar(s) => format!("{tag}{:?}", s.text),
        NodeKind::Mapping(entries) if entries.is_empty() => format!("{tag}{{}}"),
        NodeKind::Sequence(items) if items.is_empty() => format!("{tag}[]"),
        NodeKind::Mapping(_) => format!("{tag}{{...}}"),
        NodeKind::Sequence(_) => format!("{tag}[...]"),
    }
}

/// One diagnostic per line: `line:column code: message` (1-based, column in bytes), then the
/// source under its range.
pub fn render_diagnostics(diagnostics: &[SyntaxDiagnostic], text: &str) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let start = usize::from(d.range.start());
        let line = lines.line_of(start);
        let column = lines.column_of(start);
        let _ = writeln!(
            out,
            "{}:{} {}: {} {}",
            line + 1,
            column + 1,
            d.code.as_str(),
            d.message,
            slice(d.range, text)
        );
    }
    out
}
