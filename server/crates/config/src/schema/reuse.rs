//! Each function's schema check, kept for the next check of the same document. The editor
//! checks after every keystroke, and a keystroke changes one function at most: a function whose
//! config (after variables) is the same as last time, but for where it is, has the same
//! violations and the same coerced config, moved with it.
//!
//! "The same" is compared exactly, not hashed: the kept config of the function, key and ranges
//! included, where a range inside the function's entry (its key to the end of its value) counts
//! relative to the entry's start and any other range (a value brought in through an alias, a
//! resolved variable) as it is. What a function's check reads is its name and its config alone
//! (`events::check_body`), so nothing else needs comparing. The ranges of what is reused move
//! the same way.
//!
//! When the caller says where the edit is and that nothing outside it changed (the variables'
//! resolution was replayed), a function outside it whose config lies wholly in its entry is
//! taken without the comparison: its config is the previous one moved, by construction.

use std::collections::HashMap;
use std::sync::Arc;

use sls_syntax::Splice;
use sls_text::TextRange;

use super::SchemaViolation;
use crate::{KeyHasher, MapEntry, Value, ValueKind};

/// Checked functions by key (hashed as mapping keys are).
type ByKey = HashMap<String, Arc<CheckedFunction>, KeyHasher>;

/// Every checked function of one check, by function key: what the next check reuses. Cloning
/// it is cheap (an analysis and the one after it share it).
#[derive(Debug, Clone, Default)]
pub struct SchemaCache {
    by_key: Arc<ByKey>,
    reused: usize,
}

impl SchemaCache {
    /// How many functions are kept.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// How many functions the check that made it took from the previous one's.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

/// One function as it was checked.
#[derive(Debug)]
struct CheckedFunction {
    /// Its entry when it was checked.
    at: TextRange,
    key_range: TextRange,
    /// Its config before the check.
    input: Value,
    /// After the check's coercions, when they changed anything.
    output: Option<Value>,
    /// Its share of the violations, in their order.
    violations: Vec<SchemaViolation>,
    /// Every range of its config, before and after the check, lies in `at`: nothing an edit
    /// elsewhere moves by another amount than the entry.
    within_entry: bool,
}

/// How a check treats the functions: each checked afresh, or reused from a previous check
/// where unchanged and kept for the next.
pub(crate) struct FunctionChecks<'p> {
    previous: Option<&'p SchemaCache>,
    /// The edit since `previous`, nothing outside its block changed.
    edit: Option<&'p Splice>,
    /// `None`: nothing kept (the CLI checks once).
    next: Option<ByKey>,
    reused: usize,
}

impl<'p> FunctionChecks<'p> {
    pub fn fresh() -> Self {
        FunctionChecks {
            previous: None,
            edit: None,
            next: None,
            reused: 0,
        }
    }

    pub fn reusing(previous: Option<&'p SchemaCache>, edit: Option<&'p Splice>) -> Self {
        FunctionChecks {
            previous,
            edit,
            next: Some(ByKey::with_capacity_and_hasher(
                previous.map_or(0, SchemaCache::len),
                KeyHasher::default(),
            )),
            reused: 0,
        }
    }

    pub fn into_cache(self) -> SchemaCache {
        SchemaCache {
            by_key: Arc::new(self.next.unwrap_or_default()),
            reused: self.reused,
        }
    }

    /// Checks the function `name` (a mapping) with `check`, which appends its violations to
    /// `out` and coerces it; or takes both from the previous check.
    pub fn check(
        &mut self,
        name: &str,
        entry: &mut MapEntry,
        out: &mut Vec<SchemaViolation>,
        check: impl FnOnce(&mut Value, &mut Vec<SchemaViolation>),
    ) {
        let at = entry.range();
        let kept = self
            .previous
            .and_then(|p| p.by_key.get(name))
            .filter(|kept| {
                outside(self.edit, kept, at)
                    || same_range(kept.key_range, kept.at, entry.key_range, at)
                        && same_value(&kept.input, kept.at, &entry.value, at)
            });
        if let Some(kept) = kept {
            self.reused += 1;
            if let Some(output) = &kept.output {
                entry.value = output.clone();
                move_value(&mut entry.value, kept.at, at);
            }
            out.extend(kept.violations.iter().map(|v| SchemaViolation {
                range: moved(v.range, kept.at, at),
                ..v.clone()
            }));
            if let Some(next) = &mut self.next {
                next.insert(name.to_owned(), Arc::clone(kept));
            }
            return;
        }
        let Some(next) = &mut self.next else {
            check(&mut entry.value, out);
            return;
        };
        let input = entry.value.clone();
        let start = out.len();
        check(&mut entry.value, out);
        let output = (!same_value(&input, at, &entry.value, at)).then(|| entry.value.clone());
        let within_entry = input.ranges_within(at) && entry.value.ranges_within(at);
        let checked = CheckedFunction {
            at,
            key_range: entry.key_range,
            input,
            output,
            violations: out[start..].to_vec(),
            within_entry,
        };
        next.insert(name.to_owned(), Arc::new(checked));
    }
}

/// The function `kept` was checked at, now at `at`, lies outside `edit`'s block, whole and
/// wholly moved by it: its config is the kept one, moved.
fn outside(edit: Option<&Splice>, kept: &CheckedFunction, at: TextRange) -> bool {
    let Some(edit) = edit else {
        return false;
    };
    let block = edit.old_block;
    let apart = kept.at.end() <= block.start() || kept.at.start() >= block.end();
    let moved = TextRange::new(edit.shift(kept.at.start()), edit.shift(kept.at.end()));
    kept.within_entry && apart && moved == at
}

/// `range`, found in the entry at `then`, once that entry is at `now`.
fn moved(range: TextRange, then: TextRange, now: TextRange) -> TextRange {
    if then.contains_range(range) {
        TextRange::at(now.start() + (range.start() - then.start()), range.len())
    } else {
        range
    }
}

/// `old` (in the entry at `old_at`) is where `new` (in the entry at `new_at`) is, the entries
/// aside: both inside their entry at the same offset, or both outside and equal.
fn same_range(old: TextRange, old_at: TextRange, new: TextRange, new_at: TextRange) -> bool {
    match (old_at.contains_range(old), new_at.contains_range(new)) {
        (true, true) => {
            old.start() - old_at.start() == new.start() - new_at.start() && old.len() == new.len()
        }
        (false, false) => old == new,
        _ => false,
    }
}

/// The same config, ranges compared by [`same_range`] and numbers bit for bit.
fn same_value(old: &Value, old_at: TextRange, new: &Value, new_at: TextRange) -> bool {
    if !same_range(old.range, old_at, new.range, new_at) {
        return false;
    }
    match (&old.kind, &new.kind) {
        (ValueKind::Null, ValueKind::Null) => true,
        (ValueKind::Bool(a), ValueKind::Bool(b)) => a == b,
        (ValueKind::Number(a), ValueKind::Number(b)) => a.to_bits() == b.to_bits(),
        (ValueKind::String(a), ValueKind::String(b)) => a == b,
        (ValueKind::Sequence(a), ValueKind::Sequence(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(a, b)| same_value(a, old_at, b, new_at))
        }
        (ValueKind::Mapping(a), ValueKind::Mapping(b)) => {
            a.len() == b.len()
                && a.iter().zip(b.iter()).all(|((ka, ea), (kb, eb))| {
                    ka == kb
                        && same_range(ea.key_range, old_at, eb.key_range, new_at)
                        && same_value(&ea.value, old_at, &eb.value, new_at)
                })
        }
        _ => false,
    }
}

/// Moves every range of `value` (keys' too) found in the entry at `then` to the entry at `now`.
fn move_value(value: &mut Value, then: TextRange, now: TextRange) {
    if then == now {
        return;
    }
    value.range = moved(value.range, then, now);
    match &mut value.kind {
        ValueKind::Sequence(items) => items.iter_mut().for_each(|v| move_value(v, then, now)),
        ValueKind::Mapping(m) => {
            for entry in m.entries.values_mut() {
                entry.key_range = moved(entry.key_range, then, now);
                move_value(&mut entry.value, then, now);
            }
        }
        _ => {}
    }
}
