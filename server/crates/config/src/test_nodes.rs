//! Hand-built syntax trees for unit tests: each node's range is found by searching its text in
//! the source, left to right, so a test reads like the YAML it stands for.

use std::cell::Cell;

use sls_syntax::{Entry, Node, NodeKind, Scalar, ScalarStyle, Tag};
use sls_text::{TextRange, TextSize};

pub struct Src<'a> {
    pub text: &'a str,
    cursor: Cell<usize>,
}

impl<'a> Src<'a> {
    pub fn new(text: &'a str) -> Self {
        Src {
            text,
            cursor: Cell::new(0),
        }
    }

    /// The range of the next occurrence of `needle` (after the previous one found).
    pub fn find(&self, needle: &str) -> TextRange {
        let from = self.cursor.get();
        let at = from
            + self.text[from..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {:?}", &self.text[from..]));
        self.cursor.set(at + needle.len());
        TextRange::at(TextSize::from(at as u32), TextSize::of(needle))
    }

    pub fn slice(&self, range: TextRange) -> &'a str {
        &self.text[range]
    }

    /// A scalar written as `written` whose cooked value is `text`.
    pub fn scalar_as(&self, written: &str, text: &str, style: ScalarStyle) -> Node {
        node(
            self.find(written),
            NodeKind::Scalar(Scalar {
                text: text.to_owned(),
                style,
            }),
        )
    }

    pub fn plain(&self, text: &str) -> Node {
        self.scalar_as(text, text, ScalarStyle::Plain)
    }

    pub fn double_quoted(&self, text: &str) -> Node {
        self.scalar_as(&format!("\"{text}\""), text, ScalarStyle::DoubleQuoted)
    }

    /// Nothing written: an empty range where the cursor is.
    pub fn empty(&self) -> Node {
        let at = TextSize::from(self.cursor.get() as u32);
        node(
            TextRange::empty(at),
            NodeKind::Scalar(Scalar {
                text: String::new(),
                style: ScalarStyle::Empty,
            }),
        )
    }

    /// `!name` (as written, e.g. `!Ref` or `!!str`) in front of the node `then` builds.
    pub fn tagged(&self, written: &str, then: impl FnOnce(&Self) -> Node) -> Node {
        let range = self.find(written);
        let name = written.strip_prefix('!').unwrap_or(written).to_owned();
        let mut node = then(self);
        node.tag = Some(Box::new(Tag { name, range }));
        node
    }

    /// A mapping from its entries; its range spans from the first key to the last value.
    pub fn mapping(&self, entries: Vec<(Node, Node)>) -> Node {
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|(key, value)| Entry {
                key,
                value,
                merged_from: None,
            })
            .collect();
        let range = span(entries.iter().flat_map(|e| [e.key.range, e.value.range]));
        node(range, NodeKind::Mapping(entries))
    }

    pub fn sequence(&self, items: Vec<Node>) -> Node {
        let range = span(items.iter().map(|n| n.range));
        node(range, NodeKind::Sequence(items))
    }
}

pub fn merged(entry_key: Node, value: Node, from: TextRange) -> Entry {
    Entry {
        key: entry_key,
        value,
        merged_from: Some(from),
    }
}

pub fn node(range: TextRange, kind: NodeKind) -> Node {
    Node {
        range,
        tag: None,
        anchor: None,
        alias: None,
        kind,
    }
}

fn span(ranges: impl Iterator<Item = TextRange>) -> TextRange {
    ranges
        .reduce(TextRange::cover)
        .unwrap_or_else(|| TextRange::empty(TextSize::from(0)))
}
