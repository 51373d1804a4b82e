//! Parsing again only the block an edit is in.
//!
//! While someone types, an edit usually stays inside one entry of a block mapping (a function,
//! one of its properties, a resource). Such an entry runs over whole lines, from its key's line
//! to the line before the next key of the same mapping, and parses on its own as a one-entry
//! mapping. [`reparse`] finds the smallest such entry holding the edit, parses only its lines,
//! and splices the result into a copy of the old tree, every range after it moved by the
//! edit's length difference.
//!
//! It declines (returns `None`, and the caller parses the whole text) whenever the block's
//! tree could differ from what a whole parse gives: anchors or aliases in or above the block
//! (an alias elsewhere may copy it, or it may name an anchor elsewhere), a key that becomes a
//! duplicate or, beside entries merged in with `<<`, any change of key, a problem anywhere
//! in the old text, a tab or a document marker in the block, or a block whose text no longer
//! reads as exactly one entry with its key where it was. `tests/reparse.rs` checks it against
//! a whole parse after thousands of edits.

use sls_text::{TextRange, TextSize, common_prefix, common_suffix};

use crate::{Entry, MAX_NESTING_DEPTH, Node, NodeKind, Parse, recovery};

/// The result of [`reparse`]: the new parse, and what changed, for the layers above that
/// splice their own trees the same way.
#[derive(Debug, Clone)]
pub struct Reparsed {
    pub parse: Parse,
    pub splice: Splice,
}

/// Where the new block went: the entry at `path` (entry indices from the root mapping) was
/// parsed again.
#[derive(Debug, Clone)]
pub struct Splice {
    pub path: Vec<usize>,
    /// The key ranges of the entries along `path`, the replaced entry's last (the same offsets
    /// in the old and the new text: they start before the edit).
    pub keys: Vec<TextRange>,
    /// The old block, in the old text: whole lines.
    pub old_block: TextRange,
    /// `new length - old length` of the text.
    pub delta: i64,
    /// The new block parsed alone: a mapping of exactly one entry, ranges in the new text.
    pub block: Node,
}

impl Splice {
    /// Where an offset of the old text outside the block is in the new text.
    pub fn shift(&self, offset: TextSize) -> TextSize {
        shift_offset(offset, self.old_block.end(), self.delta)
    }
}

/// Reparses `new_text`, which is `old_text` edited, reusing `old` (the parse of `old_text`)
/// everywhere but in the block the edit is in. `None` when that cannot be done exactly.
pub fn reparse(old_text: &str, old: &Parse, new_text: &str) -> Option<Reparsed> {
    reparse_in(old_text, old, new_text, None)
}

/// [`reparse`], with the edit spliced into `old_root_copy`, a copy of `old`'s root made
/// beforehand (while the editor was idle), instead of into a copy made now.
pub fn reparse_into(
    old_text: &str,
    old: &Parse,
    new_text: &str,
    old_root_copy: Node,
) -> Option<Reparsed> {
    reparse_in(old_text, old, new_text, Some(old_root_copy))
}

/// Makes `copy`, another copy of the tree `splice` was made from (by [`reparse`]), the
/// reparsed tree: for copies made afterwards, at the cost of the splice instead of a copy.
/// `None` (and `copy` half changed: drop it) where the splice does not fit it.
pub fn splice_again(copy: &mut Node, splice: &Splice) -> Option<()> {
    let old_value_end = entry_at(copy, &splice.path)?.value.range.end();
    splice_into(copy, splice, old_value_end)
}

fn reparse_in(
    old_text: &str,
    old: &Parse,
    new_text: &str,
    old_root_copy: Option<Node>,
) -> Option<Reparsed> {
    // A problem anywhere may name lines (`first defined on line 9`) the edit moves: only a
    // clean text is reparsed in part.
    if !old.diagnostics.is_empty() {
        return None;
    }
    let root = old.root.as_ref()?;
    let (edit_start, old_edit_end, delta) = changed_span(old_text, new_text)?;
    let (path, old_block) = enclosing_block(old_text, root, edit_start, old_edit_end)?;
    let entry = entry_at(root, &path)?;
    let old_key = entry.key.range;
    // The lines of the block may hold a `<<` line of its mapping (it is no entry of its own).
    let merges_in_block = parent_entries(root, &path)?
        .iter()
        .any(|e| e.merged_from.is_some_and(|r| touches(r, old_block)));
    if merges_in_block
        || has_shared_nodes(&entry.key)
        || has_shared_nodes(&entry.value)
        || ancestors_anchored(root, &splice_path_parents(&path))
    {
        return None;
    }

    let new_end =
        usize::try_from(i64::try_from(usize::from(old_block.end())).ok()? + delta).ok()?;
    let block_start = usize::from(old_block.start());
    let block_text = new_text.get(block_start..new_end)?;
    // Tabs: YAML's rules about them depend on the lines around.
    if has_document_marker(block_text) || block_text.contains('\t') {
        return None;
    }
    let alone = recovery::parse_recovering(block_text, None);
    if !alone.diagnostics.is_empty() {
        return None;
    }
    let mut block = alone.root?;
    let [new_entry] = block.as_mapping()? else {
        return None;
    };
    // The key must not move, neither in the text (the mappings around it start where their
    // first key does) nor in its column (which places it in the tree).
    // Nothing but spaces may precede it on its line (a tag there would set the indentation).
    let key_start = usize::from(new_entry.key.range.start());
    let key_line = line_start(block_text, key_start);
    let column = key_start - key_line;
    let old_start = usize::from(old_key.start());
    if block_start + key_start != old_start
        || !block_text[key_line..key_start].bytes().all(|b| b == b' ')
        || column != old_start - line_start(old_text, old_start)
        || has_shared_nodes(&block)
    {
        return None;
    }
    let offset = TextSize::try_from(block_start).ok()?;
    shift_all(&mut block, &|o| o + offset);
    // Parsed alone, the block is nested less deep: the whole parse's depth limit must not
    // come into play.
    if !key_stays_unique(root, &path, &block) || path.len() + depth(&block) + 2 >= MAX_NESTING_DEPTH
    {
        return None;
    }

    let keys = key_ranges(root, &path)?;
    let splice = Splice {
        path,
        keys,
        old_block,
        delta,
        block,
    };
    let mut new_root = old_root_copy.unwrap_or_else(|| root.clone());
    splice_into(&mut new_root, &splice, entry.value.range.end())?;
    Some(Reparsed {
        parse: Parse {
            root: Some(new_root),
            diagnostics: Vec::new(),
        },
        splice,
    })
}

/// Whether `range` lies in `block` or touches it.
fn touches(range: TextRange, block: TextRange) -> bool {
    range.start() < block.end() && range.end() >= block.start()
}

fn shift_offset(offset: TextSize, after: TextSize, delta: i64) -> TextSize {
    if offset < after {
        return offset;
    }
    let moved = i64::from(u32::from(offset)) + delta;
    TextSize::from(u32::try_from(moved).unwrap_or(0))
}

/// The edit as one span: where the texts start to differ, where that span ends in the old
/// text, and the change of length. `None` when they are equal.
fn changed_span(old: &str, new: &str) -> Option<(usize, usize, i64)> {
    let (old, new) = (old.as_bytes(), new.as_bytes());
    let prefix = common_prefix(old, new);
    if prefix == old.len() && prefix == new.len() {
        return None;
    }
    let suffix = common_suffix(&old[prefix..], &new[prefix..]);
    let delta = i64::try_from(new.len()).ok()? - i64::try_from(old.len()).ok()?;
    Some((prefix, old.len() - suffix, delta))
}

/// The deepest entry of a block mapping whose lines hold `[start, end)` of the old text, as
/// entry indices from the root, and its lines.
fn enclosing_block(
    text: &str,
    root: &Node,
    start: usize,
    end: usize,
) -> Option<(Vec<usize>, TextRange)> {
    let mut path = Vec::new();
    let mut found = None;
    let mut mapping = root;
    while let Some(own) = written_entries(text, mapping) {
        let Some((index, lines)) = (0..own.len()).find_map(|i| {
            let lines = entry_lines(text, &own, i)?;
            (usize::from(lines.start()) <= start && end < usize::from(lines.end()))
                .then_some((own[i].0, lines))
        }) else {
            break;
        };
        path.push(index);
        found = Some(lines);
        mapping = &mapping.as_mapping()?[index].value;
    }
    Some((path, found?))
}

/// The entries written in a block mapping (not those merged in with `<<`), with their
/// indices, in the order of the text.
fn written_entries<'a>(text: &str, node: &'a Node) -> Option<Vec<(usize, &'a Entry)>> {
    let entries = node.as_mapping()?;
    let flow = text.as_bytes().get(usize::from(node.range.start())) == Some(&b'{');
    if flow || node.alias.is_some() {
        return None;
    }
    let mut own: Vec<(usize, &Entry)> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.merged_from.is_none())
        .collect();
    own.sort_by_key(|(_, e)| e.key.range.start());
    Some(own)
}

/// The lines of written entry `index`: from its key's line to the next key's line, or to the
/// end of the line its value ends on (its line break included) for the last entry.
fn entry_lines(text: &str, own: &[(usize, &Entry)], index: usize) -> Option<TextRange> {
    let entry = own[index].1;
    let key_start = usize::from(entry.key.range.start());
    let start = line_start(text, key_start);
    if !text[start..key_start].bytes().all(|b| b == b' ') {
        return None;
    }
    let end = match own.get(index + 1) {
        Some((_, next)) => line_start(text, usize::from(next.key.range.start())),
        None => {
            let value_end = usize::from(entry.value.range.end());
            text[value_end..]
                .find('\n')
                .map_or(text.len(), |i| value_end + i + 1)
        }
    };
    // Keys on one line (only in a tree recovered from broken text) make no block.
    (start < end).then_some(())?;
    Some(TextRange::new(
        TextSize::try_from(start).ok()?,
        TextSize::try_from(end).ok()?,
    ))
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

fn key_ranges(root: &Node, path: &[usize]) -> Option<Vec<TextRange>> {
    let mut node = root;
    let mut keys = Vec::with_capacity(path.len());
    for &i in path {
        let entry = node.as_mapping()?.get(i)?;
        keys.push(entry.key.range);
        node = &entry.value;
    }
    Some(keys)
}

fn entry_at<'a>(root: &'a Node, path: &[usize]) -> Option<&'a Entry> {
    parent_entries(root, path)?.get(*path.last()?)
}

/// Anchors, aliases and merged entries tie a block to text elsewhere.
fn has_shared_nodes(node: &Node) -> bool {
    node.walk().any(|n| {
        n.anchor.is_some()
            || n.alias.is_some()
            || n.as_mapping()
                .is_some_and(|entries| entries.iter().any(|e| e.merged_from.is_some()))
    })
}

/// The entry indices of the mappings above the entry at `path`.
fn splice_path_parents(path: &[usize]) -> Vec<usize> {
    path.split_last()
        .map_or_else(Vec::new, |(_, parents)| parents.to_vec())
}

/// Whether a mapping above the block is anchored (an alias elsewhere copies it) or is itself
/// a copy.
fn ancestors_anchored(root: &Node, parents: &[usize]) -> bool {
    let mut node = root;
    for &i in parents {
        if node.anchor.is_some() || node.alias.is_some() {
            return true;
        }
        match node.as_mapping().and_then(|entries| entries.get(i)) {
            Some(entry) => node = &entry.value,
            None => return true,
        }
    }
    node.anchor.is_some() || node.alias.is_some()
}

/// `---`, `...` or a directive at the start of a line would start another document.
fn has_document_marker(text: &str) -> bool {
    text.lines()
        .any(|line| line.starts_with("---") || line.starts_with("...") || line.starts_with('%'))
}

/// The new key must not be written like another key of its mapping (the whole parse would
/// report a duplicate), nor may the old one have been (its duplicate elsewhere was reported).
fn key_stays_unique(root: &Node, path: &[usize], block: &Node) -> bool {
    let Some(siblings) = parent_entries(root, path) else {
        return false;
    };
    let (Some(last), Some([new_entry])) = (path.last(), block.as_mapping()) else {
        return false;
    };
    let (Some(new_key), Some(old_key)) =
        (new_entry.key.as_scalar(), siblings[*last].key.as_scalar())
    else {
        return false;
    };
    // Beside merged entries, a key that changes could hide one or bring one back.
    if siblings.iter().any(|e| e.merged_from.is_some()) && new_key.text != old_key.text {
        return false;
    }
    siblings.iter().enumerate().all(|(i, sibling)| {
        i == *last
            || sibling
                .key
                .as_scalar()
                .is_some_and(|key| key.text != new_key.text && key.text != old_key.text)
    })
}

/// The entries of the mapping holding the entry at `path`.
fn parent_entries<'a>(root: &'a Node, path: &[usize]) -> Option<&'a [Entry]> {
    let (_, parents) = path.split_last()?;
    let mut node = root;
    for &i in parents {
        node = &node.as_mapping()?.get(i)?.value;
    }
    node.as_mapping()
}

/// How deep collections nest under `node` (0 for a scalar).
fn depth(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Scalar(_) => 0,
        NodeKind::Sequence(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        NodeKind::Mapping(entries) => {
            1 + entries
                .iter()
                .map(|e| depth(&e.key).max(depth(&e.value)))
                .max()
                .unwrap_or(0)
        }
    }
}

/// Moves the node's own ranges (not its children's) by `f`.
fn shift_own(node: &mut Node, f: &impl Fn(TextSize) -> TextSize) {
    let range = |r: TextRange| TextRange::new(f(r.start()), f(r.end()));
    node.range = range(node.range);
    if let Some(tag) = &mut node.tag {
        tag.range = range(tag.range);
    }
    if let Some(anchor) = &mut node.anchor {
        anchor.range = range(anchor.range);
    }
    if let Some(alias) = &mut node.alias {
        alias.range = range(alias.range);
    }
}

/// Moves every range of the tree by `f`.
fn shift_all(node: &mut Node, f: &impl Fn(TextSize) -> TextSize) {
    let range = |r: TextRange| TextRange::new(f(r.start()), f(r.end()));
    shift_own(node, f);
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => items.iter_mut().for_each(|item| shift_all(item, f)),
        NodeKind::Mapping(entries) => {
            for entry in entries {
                shift_all(&mut entry.key, f);
                shift_all(&mut entry.value, f);
                entry.merged_from = entry.merged_from.map(range);
            }
        }
    }
}

/// Moves every range at or after `after` by `delta`. A node whose text ends before `after`
/// is left whole: what it holds is in its text, or (through an alias or a merge) in an
/// anchor's, which comes earlier still. Only an alias's own place is elsewhere.
fn shift_after(node: &mut Node, after: TextSize, delta: i64) {
    let before = |r: TextRange| r.end() < after;
    if before(node.range) && node.alias.as_ref().is_none_or(|alias| before(alias.range)) {
        return;
    }
    shift_own(node, &|o| shift_offset(o, after, delta));
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Sequence(items) => items
            .iter_mut()
            .for_each(|item| shift_after(item, after, delta)),
        NodeKind::Mapping(entries) => {
            for entry in entries {
                shift_entry(entry, after, delta);
            }
        }
    }
}

fn shift_entry(entry: &mut Entry, after: TextSize, delta: i64) {
    shift_after(&mut entry.key, after, delta);
    shift_after(&mut entry.value, after, delta);
    entry.merged_from = entry.merged_from.map(|r| {
        TextRange::new(
            shift_offset(r.start(), after, delta),
            shift_offset(r.end(), after, delta),
        )
    });
}

/// Puts the new entry in place in `root` (a copy of the old tree) and moves every range after
/// the block. A collection that ended where the old entry's value ended now ends where the
/// new one's does.
fn splice_into(root: &mut Node, splice: &Splice, old_value_end: TextSize) -> Option<()> {
    let [new_entry] = splice.block.as_mapping()? else {
        return None;
    };
    let new_value_end = new_entry.value.range.end();
    let after = splice.old_block.end();
    let delta = splice.delta;
    let ancestor_end = |end: TextSize| {
        if end == old_value_end {
            new_value_end
        } else {
            shift_offset(end, after, delta)
        }
    };
    let mut node = root;
    let (last, parents) = splice.path.split_last()?;
    for &i in parents {
        node.range = TextRange::new(node.range.start(), ancestor_end(node.range.end()));
        let NodeKind::Mapping(entries) = &mut node.kind else {
            return None;
        };
        for (j, entry) in entries.iter_mut().enumerate() {
            if j != i {
                shift_entry(entry, after, delta);
            }
        }
        node = &mut entries.get_mut(i)?.value;
    }
    node.range = TextRange::new(node.range.start(), ancestor_end(node.range.end()));
    let NodeKind::Mapping(entries) = &mut node.kind else {
        return None;
    };
    for (j, entry) in entries.iter_mut().enumerate() {
        if j != *last {
            shift_entry(entry, after, delta);
        }
    }
    *entries.get_mut(*last)? = new_entry.clone();
    Some(())
}
