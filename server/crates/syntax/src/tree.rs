//! The tree the parser builds. Ranges are byte offsets into the parsed text.

use sls_text::TextRange;

/// The result of [`crate::parse`]: a best-effort tree and every problem found on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// The document's root node; `None` only when nothing at all could be recovered.
    pub root: Option<Node>,
    pub diagnostics: Vec<SyntaxDiagnostic>,
}

#[derive(Debug, PartialEq)]
pub struct Node {
    /// The node's own text: for a scalar its quotes included, for a collection from its first
    /// to its last character. For a node reached through an alias, the anchored node's range.
    pub range: TextRange,
    // The three properties are rare, so they are boxed: a `Node` is 64 bytes rather than 136,
    // and a large tree is built, moved and walked that much faster.
    pub tag: Option<Box<Tag>>,
    pub anchor: Option<Box<Anchor>>,
    /// Set when this node is a copy made for an alias (`*name`): where the alias is written.
    pub alias: Option<Box<AliasRef>>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Mapping(Vec<Entry>),
    Sequence(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The cooked value (quotes removed, escapes and folding applied).
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// Nothing was written (`key:` followed by a line break): YAML's null.
    Empty,
}

#[derive(Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// Set when the entry was brought in by a `<<` merge key: the range of that `<<` entry's value.
    pub merged_from: Option<TextRange>,
}

// `clone_from` copies only what differs: an older version of a tree, made equal to a newer
// one, is a copy of it for much less than a copy costs (the spare copies made while the
// editor is idle, `sls_analysis::Analysis::prepare_next_from`).
impl Clone for Node {
    fn clone(&self) -> Self {
        Node {
            range: self.range,
            tag: self.tag.clone(),
            anchor: self.anchor.clone(),
            alias: self.alias.clone(),
            kind: self.kind.clone(),
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.range = source.range;
        self.tag.clone_from(&source.tag);
        self.anchor.clone_from(&source.anchor);
        self.alias.clone_from(&source.alias);
        match (&mut self.kind, &source.kind) {
            (NodeKind::Scalar(kept), NodeKind::Scalar(source)) => {
                kept.text.clone_from(&source.text);
                kept.style = source.style;
            }
            (NodeKind::Mapping(kept), NodeKind::Mapping(source)) => kept.clone_from(source),
            (NodeKind::Sequence(kept), NodeKind::Sequence(source)) => kept.clone_from(source),
            (kind, source) => *kind = source.clone(),
        }
    }
}

impl Clone for Entry {
    fn clone(&self) -> Self {
        Entry {
            key: self.key.clone(),
            value: self.value.clone(),
            merged_from: self.merged_from,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.key.clone_from(&source.key);
        self.value.clone_from(&source.value);
        self.merged_from = source.merged_from;
    }
}

/// A local tag such as `!Ref`; `name` is written without the `!` (`Ref`, `GetAtt`, ...).
/// Only the first `!` is removed: `!!str` has the name `!str`, `!<tag:x>` the name `<tag:x>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub name: String,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasRef {
    pub name: String,
    /// Where `*name` is written.
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxDiagnostic {
    pub range: TextRange,
    pub code: SyntaxCode,
    pub message: String,
}

/// Stable codes for syntax problems (shown to users as `yaml-...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SyntaxCode {
    /// The YAML parser rejected the text here.
    Invalid,
    DuplicateKey,
    UnknownAlias,
    /// Alias expansion went past the bound (billion laughs).
    AliasExpansionLimit,
    NestingLimit,
    /// A tab used for indentation.
    Tab,
    /// A `<<` merge key whose value is not a mapping, an alias of one, or a sequence of those.
    InvalidMerge,
}

impl SyntaxCode {
    pub fn as_str(self) -> &'static str {
        match self {
            SyntaxCode::Invalid => "yaml-invalid",
            SyntaxCode::DuplicateKey => "yaml-duplicate-key",
            SyntaxCode::UnknownAlias => "yaml-unknown-alias",
            SyntaxCode::AliasExpansionLimit => "yaml-alias-limit",
            SyntaxCode::NestingLimit => "yaml-nesting-limit",
            SyntaxCode::Tab => "yaml-tab",
            SyntaxCode::InvalidMerge => "yaml-invalid-merge",
        }
    }
}

impl Node {
    /// Where this node is written: the alias (`*name`) for a copy made for an alias, else
    /// [`Node::range`]. Use it to find what is under the cursor.
    pub fn written_range(&self) -> TextRange {
        self.alias.as_ref().map_or(self.range, |alias| alias.range)
    }

    /// Whether nothing was written for this node (`key:` followed by a line break).
    pub fn is_empty_scalar(&self) -> bool {
        self.as_scalar()
            .is_some_and(|s| s.style == ScalarStyle::Empty)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The value of the last entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?
            .iter()
            .rev()
            .find(|e| e.key.as_scalar().is_some_and(|s| s.text == key))
            .map(|e| &e.value)
    }
}
