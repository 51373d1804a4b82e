//! A fast path for the YAML most serverless.yml files are made of: it reads the text itself and
//! hands the builder the same events saphyr-parser would, or declines and lets saphyr parse.
//!
//! saphyr reads char by char through a token queue, which is most of a parse's cost on a large
//! file. This reads line by line, and only what it is sure of:
//! - text without tabs, carriage returns, other control chars or a byte order mark (saphyr
//!   reads any other char as content; offsets here are bytes), one document (no `---`, `...`
//!   or `%` at the start of a line), whose root is a block mapping or sequence;
//! - block mappings and sequences (indentless ones too, `- key: value` and `- - x`), each entry
//!   on its own line (`? key` declines), keys being single-line plain or quoted scalars written
//!   right before their `:`;
//! - values on the line of their `key:` or `-`: a single-line plain or quoted scalar, an alias,
//!   a flow collection closed on its line holding only such scalars, aliases, `!Tag`s and flow
//!   collections (`[a, b]`, `{k: v}`, `!Equals [!Ref A, b]`), a block scalar (`|`, `>`, with `-`
//!   or `+`, its content right below the header); or nothing, the node then being the block
//!   collection on the lines below, or an empty value;
//! - `&anchor` and `!Tag` (ASCII letters, digits, `-`, `_`) before a value, comments.
//!
//! Anything else (multi-line plain or quoted scalars, indentation indicators, a line indented
//! in a way not listed here, an alias naming no anchor, every kind of error) declines, anywhere
//! in the text, and the whole text goes to saphyr: the fast path either gives exactly saphyr's
//! events or nothing. The tests (`fast_path/tests.rs`) check that on generated and edited texts
//! and on every YAML file the repository tracks.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::ScalarStyle as EventStyle;

use crate::builder::{AliasPlaceholder, BuildOutput, Builder, Step};
use crate::offsets::LazyLineIndex;

/// saphyr refuses a block mapping key longer than 1024 chars; decline well before.
const MAX_KEY_LEN: usize = 1000;
/// Deeper flow collections decline (saphyr has no bound, but such text is not the common case).
const MAX_FLOW_DEPTH: usize = 16;
/// Deeper block collections decline, far from the builder's own nesting limit.
const MAX_BLOCK_DEPTH: usize = 64;

/// The events of `text`, built into a tree, if the text is in the fast path's subset.
pub(crate) fn build(
    text: &str,
    lines: &LazyLineIndex<'_>,
    placeholders: &[AliasPlaceholder],
) -> Option<BuildOutput> {
    if text.is_empty()
        || !in_charset(text.as_bytes())
        || text.contains('\u{FEFF}')
        || !prescan::may_read(text.as_bytes())
    {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        line_start: 0,
        builder: Builder::new(text, lines, placeholders),
        blocks: Vec::new(),
        anchors: HashMap::new(),
        anchor_count: 0,
    };
    reader.document()?;
    Some(reader.builder.finish_output(None))
}

/// No ASCII control char but `\n` (branch-free, so that it vectorises).
fn in_charset(bytes: &[u8]) -> bool {
    bytes.chunks(64).all(|chunk| {
        chunk.iter().fold(true, |ok, &b| {
            ok & ((b >= b' ' && b != 0x7f) | (b == b'\n'))
        })
    })
}

#[derive(Clone, Copy, PartialEq)]
enum BlockKind {
    Mapping,
    Sequence,
    /// A sequence whose `-` sit at its parent mapping's indentation (`key:` then `- x`).
    Indentless,
}

#[derive(Clone, Copy)]
struct Block {
    kind: BlockKind,
    indent: usize,
}

/// `&anchor` and `!Tag` written before a node.
#[derive(Clone, Copy)]
struct Props {
    start: usize,
    end: usize,
    anchor_id: usize,
    tagged: bool,
}

/// A node whose content, if any, is on the lines below its `key:` or `-`.
struct Pending {
    /// The indentation of the block collection the node is in.
    parent_indent: usize,
    /// A mapping value (else a sequence item).
    map_value: bool,
    props: Option<Props>,
    /// Where saphyr reports the node when it is empty: the `:`, or the end of the `-` line.
    empty_at: usize,
}

/// A scalar read by the fast path.
struct ScalarRead<'t> {
    value: Cow<'t, str>,
    style: EventStyle,
    start: usize,
    /// The end of saphyr's token: for a quoted scalar, past the blanks and comment after it.
    end: usize,
    /// Where reading goes on: just past the scalar.
    next: usize,
}

/// How a line ended.
enum LineEnd {
    /// Its node is complete.
    Done,
    /// Its last node's content (if any) is on the lines below.
    Pending(Pending),
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The first byte of the current line.
    line_start: usize,
    builder: Builder<'t>,
    /// The open block collections, innermost last.
    blocks: Vec<Block>,
    /// Anchor names and their ids, numbered from 1 in the order written as saphyr does; the
    /// last one of a name wins.
    anchors: HashMap<&'t str, usize>,
    anchor_count: usize,
}

impl<'t> Reader<'t> {
    /// The byte at `at`, `\n` past the end (the end of the text ends a line).
    #[inline]
    fn at(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(b'\n')
    }

    fn emit(&mut self, step: Step<'_>, start: usize, end: usize) {
        self.builder.step(step, start, end);
    }

    fn document(&mut self) -> Option<()> {
        self.emit(Step::DocumentStart, 0, 0);
        let mut pending: Option<Pending> = None;
        let mut root_seen = false;
        while let Some(content) = self.next_content_line()? {
            let indent = content - self.line_start;
            let entry = self.bytes[content] == b'-' && is_blank_or_eol(self.at(content + 1));
            if let Some(pending) = pending.take() {
                let nested = if pending.map_value {
                    indent > pending.parent_indent
                } else {
                    // saphyr indents a `-` alone on its line by one column (not a block).
                    indent >= pending.parent_indent + 2
                };
                let start = pending.props.map_or(content, |p| p.start);
                let anchor_id = pending.props.map_or(0, |p| p.anchor_id);
                if nested {
                    let kind = if entry {
                        BlockKind::Sequence
                    } else {
                        BlockKind::Mapping
                    };
                    self.open_block(kind, indent, anchor_id, start)?;
                } else if indent == pending.parent_indent && pending.map_value && entry {
                    // saphyr starts an indentless sequence where its first item's content does.
                    let start = pending
                        .props
                        .map_or(self.token_end(content + 1), |p| p.start);
                    self.open_block(BlockKind::Indentless, indent, anchor_id, start)?;
                } else {
                    self.empty_node(&pending);
                }
            }
            self.close_blocks(indent, entry, content);
            let Some(&top) = self.blocks.last() else {
                if root_seen {
                    return None;
                }
                root_seen = true;
                let kind = if entry {
                    BlockKind::Sequence
                } else {
                    BlockKind::Mapping
                };
                self.open_block(kind, indent, 0, content)?;
                pending = self.entry_line(content, indent, kind)?;
                continue;
            };
            if top.indent != indent {
                return None;
            }
            pending = self.entry_line(content, indent, top.kind)?;
        }
        if !root_seen {
            return None;
        }
        let end = self.bytes.len();
        if let Some(pending) = pending {
            self.empty_node(&pending);
        }
        while self.blocks.pop().is_some() {
            self.emit(Step::Close, end, end);
        }
        Some(())
    }

    /// The first non-blank byte of the next line with content, skipping blank and comment-only
    /// lines; `Some(None)` at the end of the text, `None` to decline.
    fn next_content_line(&mut self) -> Option<Option<usize>> {
        loop {
            let start = self.line_start;
            if start >= self.bytes.len() {
                return Some(None);
            }
            let content = self.skip_spaces(start);
            match self.at(content) {
                b'\n' => self.line_start = content + 1,
                b'#' => self.line_start = self.line_end(content) + 1,
                _ => {
                    if content == start {
                        let head = &self.bytes[start..];
                        if head.starts_with(b"---") || head.starts_with(b"...") {
                            return None;
                        }
                    }
                    return Some(Some(content));
                }
            }
        }
    }

    /// Reads one line of the innermost block collection, whose entries start at `content`.
    fn entry_line(
        &mut self,
        content: usize,
        indent: usize,
        kind: BlockKind,
    ) -> Option<Option<Pending>> {
        let end = match kind {
            BlockKind::Mapping => {
                let key = self.block_scalar(content)?;
                self.mapping_entry(key, indent)?
            }
            BlockKind::Sequence | BlockKind::Indentless => {
                if !(self.bytes[content] == b'-' && is_blank_or_eol(self.at(content + 1))) {
                    return None;
                }
                self.sequence_entry(content, indent)?
            }
        };
        Some(match end {
            LineEnd::Done => None,
            LineEnd::Pending(pending) => Some(pending),
        })
    }

    /// Closes the block collections a line at `indent` ends (`entry`: it starts with `- `).
    fn close_blocks(&mut self, indent: usize, entry: bool, at: usize) {
        while let Some(top) = self.blocks.last() {
            let ends = top.indent > indent
                || (top.kind == BlockKind::Indentless && top.indent == indent && !entry);
            if !ends {
                break;
            }
            self.blocks.pop();
            self.emit(Step::Close, at, at);
        }
    }

    fn open_block(
        &mut self,
        kind: BlockKind,
        indent: usize,
        anchor_id: usize,
        start: usize,
    ) -> Option<()> {
        if self.blocks.len() >= MAX_BLOCK_DEPTH {
            return None;
        }
        self.blocks.push(Block { kind, indent });
        let step = Step::Open {
            sequence: kind != BlockKind::Mapping,
            anchor_id,
        };
        self.emit(step, start, start);
        Some(())
    }

    fn empty_node(&mut self, pending: &Pending) {
        let (start, end, anchor_id, tagged) = match pending.props {
            Some(p) => (p.start, p.end, p.anchor_id, p.tagged),
            None => (pending.empty_at, pending.empty_at, 0, false),
        };
        let step = Step::Scalar {
            value: Cow::Borrowed(""),
            style: EventStyle::Plain,
            anchor_id,
            tagged,
        };
        self.emit(step, start, end);
    }

    /// `key: ...`, the key already read; `indent` is the mapping's.
    fn mapping_entry(&mut self, key: ScalarRead<'t>, indent: usize) -> Option<LineEnd> {
        let colon = key.next;
        if !self.is_value_indicator(colon) || colon - key.start > MAX_KEY_LEN {
            return None;
        }
        self.emit_scalar(key, 0, false);
        self.value(colon + 1, indent, true, colon)
    }

    /// `- ...` at `dash`; `indent` is the sequence's.
    fn sequence_entry(&mut self, dash: usize, indent: usize) -> Option<LineEnd> {
        let at = self.skip_spaces(dash + 1);
        match self.at(at) {
            b'\n' | b'#' => {
                let empty_at = self.line_end(at);
                self.line_start = empty_at + 1;
                return Some(LineEnd::Pending(Pending {
                    parent_indent: indent,
                    map_value: false,
                    props: None,
                    empty_at,
                }));
            }
            b'-' if is_blank_or_eol(self.at(at + 1)) => {
                // `- - x`: a sequence indented as far as its first `-`.
                let inner = at - self.line_start;
                self.open_block(BlockKind::Sequence, inner, 0, at)?;
                return self.sequence_entry(at, inner);
            }
            _ => {}
        }
        if self.starts_scalar(at) {
            let scalar = self.block_scalar(at)?;
            if self.is_value_indicator(scalar.next) {
                // `- key: value`: a mapping indented as far as its first key.
                let key_indent = at - self.line_start;
                self.open_block(BlockKind::Mapping, key_indent, 0, at)?;
                return self.mapping_entry(scalar, key_indent);
            }
            let next = scalar.next;
            self.emit_scalar(scalar, 0, false);
            return self.line_done(next);
        }
        self.value(at, indent, false, at)
    }

    /// The value after a `key:` (`map_value`) or a `- `, from `at` to the end of the line.
    fn value(
        &mut self,
        at: usize,
        parent_indent: usize,
        map_value: bool,
        empty_at: usize,
    ) -> Option<LineEnd> {
        let mut at = self.skip_spaces(at);
        let mut props: Option<Props> = None;
        let mut anchor_seen = false;
        loop {
            let kind = self.at(at);
            let another = match kind {
                b'&' => !anchor_seen,
                b'!' => !props.is_some_and(|p| p.tagged),
                _ => false,
            };
            if !another {
                break;
            }
            let name_end = self.name_end(at + 1);
            if name_end == at + 1 || !is_blank_or_eol(self.at(name_end)) {
                return None;
            }
            let p = props.get_or_insert(Props {
                start: at,
                end: at,
                anchor_id: 0,
                tagged: false,
            });
            p.end = name_end;
            if kind == b'&' {
                anchor_seen = true;
                self.anchor_count += 1;
                p.anchor_id = self.anchor_count;
                self.anchors
                    .insert(&self.text[at + 1..name_end], self.anchor_count);
            } else {
                p.tagged = true;
            }
            at = self.skip_spaces(name_end);
        }
        if matches!(self.at(at), b'\n' | b'#') {
            self.line_start = self.line_end(at) + 1;
            return Some(LineEnd::Pending(Pending {
                parent_indent,
                map_value,
                props,
                empty_at,
            }));
        }
        let start = props.map_or(at, |p| p.start);
        let anchor_id = props.map_or(0, |p| p.anchor_id);
        let tagged = props.is_some_and(|p| p.tagged);
        let end = match self.at(at) {
            b'*' if props.is_none() => {
                let name_end = self.name_end(at + 1);
                let id = *self.anchors.get(&self.text[at + 1..name_end])?;
                self.emit(Step::Alias(id), at, name_end);
                name_end
            }
            b'[' | b'{' => self.flow_collection(at, anchor_id, start, 0)?,
            b'|' | b'>' => {
                let (scalar, after) = self.block_scalar_at(at, props)?;
                self.emit_scalar(scalar, anchor_id, tagged);
                self.line_start = after;
                return Some(LineEnd::Done);
            }
            _ if self.starts_scalar(at) => {
                let mut scalar = self.block_scalar(at)?;
                if self.is_value_indicator(scalar.next) {
                    return None;
                }
                scalar.start = start;
                let next = scalar.next;
                self.emit_scalar(scalar, anchor_id, tagged);
                next
            }
            _ => return None,
        };
        self.line_done(end)
    }

    /// A block scalar whose `|` or `>` is at `header`, in the innermost block collection;
    /// returns it and the start of the first line after its content.
    ///
    /// Only the common forms: no indentation indicator, at least one content line right below
    /// the header (empty lines before it no wider than it), no line of only blanks wider than
    /// the content's indentation.
    fn block_scalar_at(
        &self,
        header: usize,
        props: Option<Props>,
    ) -> Option<(ScalarRead<'t>, usize)> {
        let literal = self.bytes[header] == b'|';
        let mut at = header + 1;
        let chomping = self.at(at);
        if matches!(chomping, b'+' | b'-') {
            at += 1;
        }
        let rest = self.skip_spaces(at);
        match self.at(rest) {
            b'\n' => {}
            b'#' if rest > at => {}
            _ => return None,
        }
        let parent_indent = self.blocks.last()?.indent;
        // Empty lines, then the first content line, whose indentation is the scalar's.
        let body = self.line_end(rest) + 1;
        let mut line = body;
        let mut leading_breaks = 0;
        let (indent, first) = loop {
            if line >= self.bytes.len() {
                return None;
            }
            let content = self.skip_spaces(line);
            if self.at(content) != b'\n' {
                break (content - line, content);
            }
            leading_breaks += 1;
            line = content + 1;
        };
        if indent <= parent_indent || self.spaces_before_break_exceed(body, first, indent) {
            return None;
        }
        let mut value = "\n".repeat(leading_breaks);
        let mut first_line = true;
        // Whether the previous content line started with a blank (folding keeps its break).
        let mut previous_blank = false;
        let mut blank_lines = 0;
        // The end of the last content line's text, and the start of the line after it.
        let (mut last_end, mut after) = (first, line);
        while line < self.bytes.len() {
            let content = self.skip_spaces(line);
            let width = content - line;
            if self.at(content) == b'\n' {
                if content >= self.bytes.len() && width > 0 {
                    // Blanks ending the text without a line break: saphyr's own rules.
                    return None;
                }
                if width > indent {
                    return None;
                }
                if content < self.bytes.len() {
                    blank_lines += 1;
                }
                line = content + 1;
                continue;
            }
            if width < indent {
                break;
            }
            let text_start = line + indent;
            let starts_blank = width > indent;
            if !first_line {
                // Not the first content line: join it to the text before.
                if !literal && !previous_blank && !starts_blank {
                    if blank_lines == 0 {
                        value.push(' ');
                    }
                } else {
                    value.push('\n');
                }
                value.push_str(&"\n".repeat(blank_lines));
            }
            blank_lines = 0;
            first_line = false;
            previous_blank = starts_blank;
            let end = self.line_end(text_start);
            value.push_str(&self.text[text_start..end]);
            last_end = end;
            after = (end + 1).min(self.bytes.len());
            line = end + 1;
        }
        match chomping {
            b'-' => {}
            b'+' => {
                value.push('\n');
                value.push_str(&"\n".repeat(blank_lines));
            }
            _ => value.push('\n'),
        }
        let style = if literal {
            EventStyle::Literal
        } else {
            EventStyle::Folded
        };
        let scalar = ScalarRead {
            value: Cow::Owned(value),
            style,
            start: props.map_or(first, |p| p.start),
            end: last_end,
            next: last_end,
        };
        Some((scalar, after))
    }

    /// Whether an empty line between `from` and `to` holds more than `indent` blanks.
    fn spaces_before_break_exceed(&self, from: usize, to: usize, indent: usize) -> bool {
        let mut run = 0;
        for &b in &self.bytes[from..to] {
            match b {
                b' ' => {
                    run += 1;
                    if run > indent {
                        return true;
                    }
                }
                _ => run = 0,
            }
        }
        false
    }

    /// After a complete node ending at `at`: only blanks and a comment may follow on its line.
    fn line_done(&mut self, at: usize) -> Option<LineEnd> {
        let rest = self.skip_spaces(at);
        match self.at(rest) {
            b'\n' => {}
            b'#' if rest > at => {}
            _ => return None,
        }
        self.line_start = self.line_end(rest) + 1;
        Some(LineEnd::Done)
    }

    /// A flow collection opening at `at`, closed on its line; returns the end of its closer.
    fn flow_collection(
        &mut self,
        at: usize,
        anchor_id: usize,
        start: usize,
        depth: usize,
    ) -> Option<usize> {
        if depth >= MAX_FLOW_DEPTH {
            return None;
        }
        let mapping = self.bytes[at] == b'{';
        let closer = if mapping { b'}' } else { b']' };
        self.emit(
            Step::Open {
                sequence: !mapping,
                anchor_id,
            },
            start,
            start,
        );
        let mut at = self.skip_spaces(at + 1);
        if self.at(at) != closer {
            loop {
                if mapping {
                    let key = self.flow_scalar(at)?;
                    let colon = key.next;
                    if self.at(colon) != b':' || self.at(colon + 1) != b' ' {
                        return None;
                    }
                    self.emit_scalar(key, 0, false);
                    at = self.skip_spaces(colon + 1);
                }
                at = self.flow_node(at, depth)?;
                at = self.skip_spaces(at);
                match self.at(at) {
                    b',' => {
                        at = self.skip_spaces(at + 1);
                        if matches!(self.at(at), b',' | b']' | b'}') {
                            return None;
                        }
                    }
                    b if b == closer => break,
                    _ => return None,
                }
            }
        }
        // saphyr's closer token runs on over the blanks and the comment after it.
        let end = self.token_end(at + 1);
        self.emit(Step::Close, at, end);
        Some(at + 1)
    }

    /// A node inside a flow collection: a scalar, an alias or a flow collection, maybe after a
    /// `!Tag`; returns where reading goes on.
    fn flow_node(&mut self, at: usize, depth: usize) -> Option<usize> {
        let mut content = at;
        let tagged = self.at(at) == b'!';
        if tagged {
            let name_end = self.name_end(at + 1);
            if name_end == at + 1 || self.at(name_end) != b' ' {
                return None;
            }
            content = self.skip_spaces(name_end);
        }
        match self.at(content) {
            b'[' | b'{' => self.flow_collection(content, 0, at, depth + 1),
            b'*' if !tagged => {
                let name_end = self.name_end(at + 1);
                if !matches!(self.at(name_end), b' ' | b',' | b']' | b'}') {
                    return None;
                }
                let id = *self.anchors.get(&self.text[at + 1..name_end])?;
                self.emit(Step::Alias(id), at, name_end);
                Some(name_end)
            }
            _ => {
                let mut scalar = self.flow_scalar(content)?;
                scalar.start = at;
                let next = scalar.next;
                self.emit_scalar(scalar, 0, tagged);
                Some(next)
            }
        }
    }

    fn emit_scalar(&mut self, scalar: ScalarRead<'_>, anchor_id: usize, tagged: bool) {
        let step = Step::Scalar {
            value: scalar.value,
            style: scalar.style,
            anchor_id,
            tagged,
        };
        self.emit(step, scalar.start, scalar.end);
    }

    /// A plain or quoted scalar in a block collection, on one line.
    fn block_scalar(&self, at: usize) -> Option<ScalarRead<'t>> {
        match self.at(at) {
            b'\'' | b'"' => self.quoted(at),
            _ if self.starts_scalar(at) => self.plain(at, false),
            _ => None,
        }
    }

    /// A plain or quoted scalar inside a flow collection.
    fn flow_scalar(&self, at: usize) -> Option<ScalarRead<'t>> {
        match self.at(at) {
            b'\'' | b'"' => self.quoted(at),
            _ if self.starts_scalar(at) => self.plain(at, true),
            _ => None,
        }
    }

    /// Whether a plain or quoted scalar starts at `at` (indicators and `-x`, `?x`, `:x` decline).
    fn starts_scalar(&self, at: usize) -> bool {
        match self.at(at) {
            b'\'' | b'"' => true,
            b'-' => !matches!(
                self.at(at + 1),
                b' ' | b'\n' | b',' | b'[' | b']' | b'{' | b'}' | b'#'
            ),
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'%' | b'@' | b'`' | b' ' | b'\n' => false,
            _ => true,
        }
    }

    /// A plain scalar on one line: it ends before ` #`, a `:` followed by a blank, the line's
    /// end, or in a flow collection a flow indicator. Trailing blanks are not part of it.
    fn plain(&self, start: usize, in_flow: bool) -> Option<ScalarRead<'t>> {
        let mut at = start;
        let mut end = start;
        loop {
            match self.at(at) {
                b'\n' => break,
                b' ' => {
                    at += 1;
                    match self.at(at) {
                        b'#' => break,
                        // saphyr refuses a word `-` followed by a flow indicator in flow.
                        b'-' if in_flow && is_flow_indicator(self.at(at + 1)) => return None,
                        _ => {}
                    }
                }
                b':' => {
                    let next = self.at(at + 1);
                    if is_blank_or_eol(next) || (in_flow && is_flow_indicator(next)) {
                        if at != end {
                            // `key :`: decline rather than follow saphyr's blank handling.
                            return None;
                        }
                        break;
                    }
                    at += 1;
                    end = at;
                }
                b',' | b'[' | b']' | b'{' | b'}' if in_flow => break,
                _ => {
                    at += 1;
                    end = at;
                }
            }
        }
        Some(ScalarRead {
            value: Cow::Borrowed(&self.text[start..end]),
            style: EventStyle::Plain,
            start,
            end,
            next: end,
        })
    }

    /// A quoted scalar closed on its line (no escaped line break).
    fn quoted(&self, start: usize) -> Option<ScalarRead<'t>> {
        let quote = self.bytes[start];
        let mut at = start + 1;
        // The cooked text once an escape or a doubled quote is met, and where its raw run began.
        let mut cooked: Option<String> = None;
        let mut run = at;
        loop {
            match self.at(at) {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    let (c, len) = self.escape(at)?;
                    let text = cooked.get_or_insert_with(String::new);
                    text.push_str(&self.text[run..at]);
                    text.push(c);
                    at += len;
                    run = at;
                }
                b'\'' if quote == b'\'' && self.at(at + 1) == b'\'' => {
                    let text = cooked.get_or_insert_with(String::new);
                    text.push_str(&self.text[run..=at]);
                    at += 2;
                    run = at;
                }
                b if b == quote => break,
                _ => at += 1,
            }
        }
        let value = match cooked {
            Some(mut text) => {
                text.push_str(&self.text[run..at]);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(&self.text[start + 1..at]),
        };
        let style = if quote == b'"' {
            EventStyle::DoubleQuoted
        } else {
            EventStyle::SingleQuoted
        };
        Some(ScalarRead {
            value,
            style,
            start,
            end: self.token_end(at + 1),
            next: at + 1,
        })
    }

    /// The char a double-quoted scalar's escape at `at` (its `\\`) stands for, and its length;
    /// saphyr's escapes, an escaped line break excepted.
    fn escape(&self, at: usize) -> Option<(char, usize)> {
        let code = self.at(at + 1);
        match crate::escape::hex_digits(code) {
            Some(digits) => self.hex_escape(at, digits),
            None => Some((crate::escape::single_char_escape(code)?, 2)),
        }
    }

    /// `\\x`, `\\u` or `\\U` at `at`, then `digits` hex digits naming a char.
    fn hex_escape(&self, at: usize, digits: usize) -> Option<(char, usize)> {
        let hex = self.text.get(at + 2..at + 2 + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let code = u32::from_str_radix(hex, 16).ok()?;
        Some((char::from_u32(code)?, 2 + digits))
    }

    /// Where saphyr ends a token that ends at `at` and swallows what follows on its line: past
    /// the blanks, and the comment after them if any.
    fn token_end(&self, at: usize) -> usize {
        let end = self.skip_spaces(at);
        if self.at(end) == b'#' && end > at {
            return self.line_end(end);
        }
        end
    }

    /// A `:` that makes what is before it a key: followed by a blank or the line's end.
    fn is_value_indicator(&self, at: usize) -> bool {
        self.at(at) == b':' && is_blank_or_eol(self.at(at + 1))
    }

    /// The end of an anchor, alias or tag name starting at `at`.
    fn name_end(&self, mut at: usize) -> usize {
        while matches!(self.at(at), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_') {
            at += 1;
        }
        at
    }

    fn skip_spaces(&self, mut at: usize) -> usize {
        while self.at(at) == b' ' && at < self.bytes.len() {
            at += 1;
        }
        at
    }

    /// The `\n` ending the line `at` is on (the text's length on its last line).
    fn line_end(&self, at: usize) -> usize {
        self.bytes[at.min(self.bytes.len())..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| at + i)
    }
}

fn is_blank_or_eol(b: u8) -> bool {
    b == b' ' || b == b'\n'
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

mod prescan;

#[cfg(test)]
mod tests;
