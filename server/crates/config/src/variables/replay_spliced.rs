//! Replaying a resolution after an edit the caller parsed in part: only the entry of the block
//! it parsed again ([`Splice`]) is compared, and the replayed config is a copy of the previous
//! one, made beforehand, with that entry spliced in.
//!
//! [`crate::value_after_reparse`] makes the new root from the old one: the entry replaced, the
//! mappings holding it given their new ranges, every other range moved as the block's end moves
//! (by the edit's length from the block's end on). A replay moves every range as the edit moves
//! it ([`Shift`]). The two agree outside the block; inside it are only the entry's ranges,
//! which the comparison checks, and the end of a range outside it that ends where the block
//! starts: if the edit starts there too, that position has no counterpart (the replay is
//! declined, as the comparison of the whole config would decline it).

use sls_syntax::Splice;

use super::replay::{Shift, Step, move_range, move_value, same_but_plain_scalars};
use super::resolve::set_at;
use crate::{TextSize, Value, ValueKind};

/// The entry the splice replaced, in the old root and in the new one.
pub(super) struct Spliced<'v> {
    /// The keys from the root down to the entry.
    keys: Vec<&'v str>,
    old: &'v Value,
    new: &'v Value,
    new_root: &'v Value,
    /// The edit (as in [`Shift`]), and where the block parsed again starts, in the old text.
    start: u32,
    old_end: u32,
    delta: i64,
    block_start: u32,
}

impl<'v> Spliced<'v> {
    /// The entry `splice` replaced, if the mappings down to it are the same in `old` and `new`
    /// but for positions, and `splice` is of the edit `shift` describes.
    pub fn locate(
        old: &'v Value,
        new: &'v Value,
        splice: &Splice,
        shift: &Shift,
    ) -> Option<Spliced<'v>> {
        let block_start = usize::from(splice.old_block.start());
        let block_end = usize::from(splice.old_block.end());
        let holds_edit = block_start <= shift.start && shift.old_end < block_end;
        if !holds_edit || splice.delta != shift.delta {
            return None;
        }
        let mut keys = Vec::with_capacity(splice.keys.len());
        let new_root = new;
        let (mut old, mut new) = (old, new);
        for key_range in &splice.keys {
            let (ValueKind::Mapping(a), ValueKind::Mapping(b)) = (&old.kind, &new.kind) else {
                return None;
            };
            if shift.range(old.range) != Some(new.range) {
                return None;
            }
            // The keys before the edit are where they were; the replaced one starts there.
            let (key, old_entry) = a.iter().find(|(_, e)| e.key_range == *key_range)?;
            let new_entry = b.entry(key)?;
            // The resolver joins keys with `\0`: such a key would make paths ambiguous here.
            if key.contains('\0') || shift.range(old_entry.key_range) != Some(new_entry.key_range) {
                return None;
            }
            keys.push(key);
            old = &old_entry.value;
            new = &new_entry.value;
        }
        Some(Spliced {
            keys,
            old,
            new,
            new_root,
            start: u32::try_from(shift.start).ok()?,
            old_end: u32::try_from(shift.old_end).ok()?,
            delta: shift.delta,
            block_start: u32::try_from(block_start).ok()?,
        })
    }

    /// Where a position of the old config is in the new one (see the module's comment).
    /// [`Shift::position`] but at the block's start. Called for every range of the config:
    /// in a few comparisons.
    #[inline]
    pub fn position(&self, p: TextSize) -> Option<TextSize> {
        let at = u32::from(p);
        if at < self.start {
            return Some(p);
        }
        if at < self.old_end || at == self.block_start {
            return None;
        }
        // At or after the edit's end, so at or after its end in the new text: no overflow.
        Some(TextSize::from((i64::from(at) + self.delta) as u32))
    }

    /// [`same_but_plain_scalars`] on the entry: the rest is the same by construction.
    pub fn same_but_plain_scalars(&self, shift: &Shift, changed: &mut Vec<String>) -> bool {
        let mut steps: Vec<Step<'v>> = self.keys.iter().map(|k| Step::Key(k)).collect();
        same_but_plain_scalars(self.old, self.new, shift, &mut steps, changed)
    }

    /// `copy` (the previous config) with every range moved and the new entry in place of the
    /// old one, its variables' values (`placements`, moved already) placed again: the config a
    /// resolution of the new root gives. `None` where a range has no counterpart.
    pub fn splice_into(&self, mut copy: Value, placements: &[(String, Value)]) -> Option<Value> {
        splice_entry(&mut copy, self.new_root, &self.keys, &|p| self.position(p))?;
        let path = self.keys.join("\0");
        let under = |p: &str| {
            p.strip_prefix(path.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('\0'))
        };
        let mut keys = Vec::new();
        for (placed_at, value) in placements.iter().filter(|(p, _)| under(p)) {
            keys.clear();
            keys.extend(placed_at.split('\0'));
            set_at(&mut copy, &keys, value.clone());
        }
        Some(copy)
    }
}

/// Down `keys` in `value`, each mapping given the range of its counterpart in `new` (their
/// entries are the same), every other entry moved by `to`; the value at `keys` replaced by
/// `new`'s.
fn splice_entry(
    value: &mut Value,
    new: &Value,
    keys: &[&str],
    to: &impl Fn(TextSize) -> Option<TextSize>,
) -> Option<()> {
    let Some((first, rest)) = keys.split_first() else {
        *value = new.clone();
        return Some(());
    };
    value.range = new.range;
    let (ValueKind::Mapping(mapping), ValueKind::Mapping(new_mapping)) =
        (&mut value.kind, &new.kind)
    else {
        return None;
    };
    for (key, entry) in &mut mapping.entries {
        if key == first {
            let new_entry = new_mapping.entry(first)?;
            entry.key_range = new_entry.key_range;
            splice_entry(&mut entry.value, &new_entry.value, rest, to)?;
        } else {
            entry.key_range = move_range(entry.key_range, to)?;
            move_value(&mut entry.value, to)?;
        }
    }
    Some(())
}
