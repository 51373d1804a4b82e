//! The value after [`sls_syntax::reparse`]: the old value with the reparsed entry converted
//! again and every range after it moved, instead of a conversion of the whole tree.

use sls_syntax::{Node, Splice};
use sls_text::TextRange;

use super::value_from_node;
use crate::{MapEntry, Value, ValueKind};

/// The value of the reparsed tree `new_root`, from `old` (the value of the old tree; the
/// caller makes sure it converted without a problem) and the [`Splice`] `reparse` made. `None`
/// when the entry cannot be replaced alone: its conversion has a problem, or its key is, or
/// becomes, an array index (JavaScript orders those first) or another key of its mapping.
pub fn value_after_reparse(old: &Value, splice: &Splice, new_root: &Node) -> Option<Value> {
    after_reparse(|| old.clone(), splice, new_root)
}

/// [`value_after_reparse`], with the entry spliced into `old_copy`, a copy of the old value
/// made beforehand (while the editor was idle), instead of into a copy made now. The same
/// makes any other copy of the old value the new one, for a copy made afterwards.
pub fn value_after_reparse_into(
    old_copy: Value,
    splice: &Splice,
    new_root: &Node,
) -> Option<Value> {
    after_reparse(|| old_copy, splice, new_root)
}

fn after_reparse(
    old_copy: impl FnOnce() -> Value,
    splice: &Splice,
    new_root: &Node,
) -> Option<Value> {
    let (converted, problems) = value_from_node(&splice.block);
    if !problems.is_empty() {
        return None;
    }
    let ValueKind::Mapping(mut block) = converted.kind else {
        return None;
    };
    let (new_key, new_entry) = block.entries.pop()?;
    if !block.entries.is_empty() || is_array_index(&new_key) {
        return None;
    }

    let mut value = old_copy();
    shift(&mut value, splice);
    // Down the path, each mapping's range taken from the new tree (where it ends may have
    // moved with the entry).
    let (last_key, parent_keys) = splice.keys.split_last()?;
    let mut mapping = &mut value;
    let mut node = new_root;
    mapping.range = node.range;
    for (key_range, &index) in parent_keys.iter().zip(&splice.path) {
        node = &node.as_mapping()?.get(index)?.value;
        let ValueKind::Mapping(entries) = &mut mapping.kind else {
            return None;
        };
        mapping = &mut entries
            .entries
            .values_mut()
            .find(|e| e.key_range == *key_range)?
            .value;
        mapping.range = node.range;
    }
    let ValueKind::Mapping(entries) = &mut mapping.kind else {
        return None;
    };
    let index = entries
        .entries
        .values()
        .position(|e| e.key_range == *last_key)?;
    let (old_key, _) = entries.entries.get_index(index)?;
    if is_array_index(old_key) {
        return None;
    }
    if *old_key == new_key {
        entries.entries[index] = new_entry;
    } else {
        if entries.entries.contains_key(&new_key) {
            return None;
        }
        entries.entries.shift_remove_index(index);
        entries.entries.shift_insert(index, new_key, new_entry);
    }
    Some(value)
}

fn is_array_index(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
}

/// Moves the ranges of `value` as the splice moves the text. A value whose text ends before
/// the old block is left whole: what it holds is in its text or, through an alias or a merge,
/// in an anchor's, which comes earlier still.
fn shift(value: &mut Value, splice: &Splice) {
    if value.range.end() < splice.old_block.end() {
        return;
    }
    let moved = |r: TextRange| TextRange::new(splice.shift(r.start()), splice.shift(r.end()));
    value.range = moved(value.range);
    match &mut value.kind {
        ValueKind::Sequence(items) => items.iter_mut().for_each(|item| shift(item, splice)),
        ValueKind::Mapping(mapping) => {
            for MapEntry { key_range, value } in mapping.entries.values_mut() {
                *key_range = moved(*key_range);
                shift(value, splice);
            }
        }
        _ => {}
    }
}
