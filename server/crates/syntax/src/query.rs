//! Finding one's way in a tree: walking its nodes, and the path to what is under an offset.

use sls_text::{TextRange, TextSize};

use crate::{Entry, Node, NodeKind};

/// One step from a collection to a child.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// The entry with this key (a scalar key's text; empty for a collection used as a key).
    Key(String),
    Index(usize),
}

/// What the offset is on, at the end of a [`NodePath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OffsetOn {
    /// The key of the entry named by the last segment.
    Key,
    /// The last node, a scalar, an alias or an empty value (including the blank after `key: `
    /// and, for `key:` with nothing after it, the more-indented lines below it).
    Value,
    /// The last node, a collection, but none of its children: between entries, on a blank line
    /// of it, or on a line below it indented as its children are.
    Inside,
}

/// The path from the root to what is under an offset.
#[derive(Debug, Clone, PartialEq)]
pub struct NodePath<'a> {
    pub segments: Vec<PathSegment>,
    /// `nodes[0]` is the root and `nodes[i + 1]` is reached from `nodes[i]` by `segments[i]`,
    /// so the last node is the value at the path.
    pub nodes: Vec<&'a Node>,
    pub on: OffsetOn,
    /// The key node when `on` is [`OffsetOn::Key`].
    pub key: Option<&'a Node>,
}

impl<'a> NodePath<'a> {
    /// The value at the path (the root for an empty path).
    pub fn node(&self) -> &'a Node {
        // `nodes` always starts with the root.
        self.nodes[self.nodes.len() - 1]
    }
}

impl Node {
    /// Every node of the tree (keys included, alias copies and merged entries included), in
    /// document order: a collection before its children, a key before its value.
    pub fn walk(&self) -> impl Iterator<Item = &Node> {
        Walk {
            stack: vec![self],
            written_only: false,
        }
    }

    /// Every node written in the text, once: like [`Node::walk`], but not into the copies made
    /// for aliases (the alias node itself is yielded) nor into entries merged from elsewhere.
    pub fn walk_written(&self) -> impl Iterator<Item = &Node> {
        Walk {
            stack: vec![self],
            written_only: true,
        }
    }

    /// The entries written in this mapping, in order: those brought in by a `<<` merge are left
    /// out unless the merged mapping is written inline in the `<<` value.
    pub fn written_entries(&self) -> impl Iterator<Item = &Entry> {
        self.as_mapping()
            .unwrap_or_default()
            .iter()
            .filter(|e| is_written(e))
    }
}

fn is_written(entry: &Entry) -> bool {
    entry
        .merged_from
        .is_none_or(|from| from.contains_range(entry.key.written_range()))
}

struct Walk<'a> {
    stack: Vec<&'a Node>,
    written_only: bool,
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Node;

    fn next(&mut self) -> Option<&'a Node> {
        let node = self.stack.pop()?;
        if self.written_only && node.alias.is_some() {
            return Some(node);
        }
        match &node.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Sequence(items) => self.stack.extend(items.iter().rev()),
            NodeKind::Mapping(entries) => {
                for entry in entries.iter().rev() {
                    if !self.written_only || is_written(entry) {
                        self.stack.push(&entry.value);
                        self.stack.push(&entry.key);
                    }
                }
            }
        }
        Some(node)
    }
}

/// The path to the node under `offset` in the tree parsed from `text`.
///
/// Only written nodes are considered (an alias is a leaf, merged entries are skipped). Ranges
/// count as containing their end, so a cursor just after a word is on it. An offset on no node
/// is placed by indentation: below `key:` and indented more than `key`, it is in that entry's
/// value (see [`OffsetOn`]), which lets completion work on a line being typed.
pub fn path_at<'a>(root: &'a Node, text: &str, offset: TextSize) -> NodePath<'a> {
    let cursor = Cursor::new(text, usize::from(offset));
    let mut path = NodePath {
        segments: Vec::new(),
        nodes: vec![root],
        on: OffsetOn::Inside,
        key: None,
    };
    let mut node = root;
    loop {
        let is_alias_copy = node.alias.is_some() && !std::ptr::eq(node, root);
        let step = match &node.kind {
            _ if is_alias_copy => None,
            NodeKind::Scalar(_) => None,
            NodeKind::Mapping(_) => mapping_step(node, &cursor),
            NodeKind::Sequence(items) => sequence_step(items, &cursor),
        };
        let Some(step) = step else {
            path.on = if matches!(node.kind, NodeKind::Scalar(_)) || is_alias_copy {
                OffsetOn::Value
            } else {
                OffsetOn::Inside
            };
            return path;
        };
        path.segments.push(step.segment);
        path.nodes.push(step.child);
        if let Some(key) = step.on_key {
            path.on = OffsetOn::Key;
            path.key = Some(key);
            return path;
        }
        node = step.child;
    }
}

struct Step<'a> {
    segment: PathSegment,
    child: &'a Node,
    on_key: Option<&'a Node>,
}

/// The offset and its line, as `path_at` looks at them.
struct Cursor<'t> {
    text: &'t str,
    offset: usize,
    line_start: usize,
    /// The indentation of the offset's line, or the offset's column if that is smaller.
    indent: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let line_start = line_start(text, offset);
        let indent = text[line_start..]
            .find(|c| c != ' ')
            .unwrap_or(text.len() - line_start)
            .min(offset - line_start);
        Cursor {
            text,
            offset,
            line_start,
            indent,
        }
    }

    fn within(&self, range: TextRange) -> bool {
        usize::from(range.start()) <= self.offset && self.offset <= usize::from(range.end())
    }

    /// Whether `node` or its tag or anchor is under the offset; an empty value also covers the
    /// rest of its line.
    fn on(&self, node: &Node) -> bool {
        let mut range = node.written_range();
        if node.alias.is_none() {
            for property in [
                node.tag.as_ref().map(|t| t.range),
                node.anchor.as_ref().map(|a| a.range),
            ]
            .into_iter()
            .flatten()
            {
                range = range.cover(property);
            }
        }
        if node.is_empty_scalar() && node.alias.is_none() {
            let start = usize::from(range.end());
            let line_end = self.text[start.min(self.text.len())..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i);
            return usize::from(range.start()) <= self.offset && self.offset <= line_end;
        }
        self.within(range)
    }

    /// Whether the offset is on a line below `node`'s first line, indented more than `column`.
    fn below_and_deeper(&self, node: &Node, column: usize) -> bool {
        let start = usize::from(node.written_range().start());
        start < self.line_start && self.indent > column
    }

    fn column(&self, node: &Node) -> usize {
        let start = usize::from(node.written_range().start()).min(self.text.len());
        start - line_start(self.text, start)
    }
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn key_segment(key: &Node) -> PathSegment {
    PathSegment::Key(key.as_scalar().map(|s| s.text.clone()).unwrap_or_default())
}

/// A mapping or sequence written in block style (not `[...]`/`{...}`, not an alias).
fn is_block_collection(node: &Node, text: &str) -> bool {
    node.alias.is_none()
        && matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_))
        && !matches!(
            text.as_bytes().get(usize::from(node.range.start())),
            Some(b'[' | b'{')
        )
}

fn mapping_step<'a>(mapping: &'a Node, cursor: &Cursor<'_>) -> Option<Step<'a>> {
    let entries: Vec<&Entry> = mapping.written_entries().collect();
    if let Some(entry) = entries
        .iter()
        .find(|e| cursor.within(e.key.written_range()))
    {
        return Some(Step {
            segment: key_segment(&entry.key),
            child: &entry.value,
            on_key: Some(&entry.key),
        });
    }
    if let Some(entry) = entries.iter().find(|e| cursor.on(&e.value)) {
        return Some(Step {
            segment: key_segment(&entry.key),
            child: &entry.value,
            on_key: None,
        });
    }
    // Typing below an entry, indented under it: continue into its value.
    let last = entries
        .iter()
        .rfind(|e| usize::from(e.key.written_range().start()) <= cursor.offset)?;
    let key_column = cursor.column(&last.key);
    let continues = cursor.below_and_deeper(&last.key, key_column)
        && (last.value.is_empty_scalar() && last.value.alias.is_none()
            || is_block_collection(&last.value, cursor.text));
    continues.then(|| Step {
        segment: key_segment(&last.key),
        child: &last.value,
        on_key: None,
    })
}

fn sequence_step<'a>(items: &'a [Node], cursor: &Cursor<'_>) -> Option<Step<'a>> {
    if let Some(index) = items.iter().position(|item| cursor.on(item)) {
        return Some(Step {
            segment: PathSegment::Index(index),
            child: &items[index],
            on_key: None,
        });
    }
    // Typing below an item that is a block mapping, indented as its keys: continue into it.
    let index = items
        .iter()
        .rposition(|item| usize::from(item.written_range().start()) <= cursor.offset)?;
    let item = &items[index];
    let item_column = cursor.column(item);
    let continues = matches!(item.kind, NodeKind::Mapping(_))
        && is_block_collection(item, cursor.text)
        && cursor.below_and_deeper(item, item_column.saturating_sub(1));
    continues.then_some(Step {
        segment: PathSegment::Index(index),
        child: item,
        on_key: None,
    })
}
