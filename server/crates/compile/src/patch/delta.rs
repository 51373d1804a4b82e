//! How a patched template differs from the one it was patched from, and how that is applied:
//! to the copy the patch is made on, and again to another copy of the same template (the
//! idle copy the editor makes for the next keystroke).

use serde_json::{Map, Value as Json};

use super::Moves;
use crate::context::Origin;
use crate::template_copy::TemplateCopy;

/// How a patched template and its provenance differ from those of the compilation patched:
/// applied to another copy of that compilation's, it makes a copy of the patched one for the
/// cost of the change (`TemplateCopy::recycled`).
#[derive(Debug)]
pub(crate) struct PatchDelta {
    /// [`Layout::id`] of the compilation patched.
    pub(crate) base: u64,
    pub(super) moves: Moves,
    /// The provenance of the replaced parts' IDs, removed.
    pub(super) removed: Vec<String>,
    /// The new parts' provenance, added after every other range moved.
    pub(super) added: Vec<(String, Origin)>,
    pub(super) replacements: Vec<Replacement>,
}

/// The entries of one function's part in one template section, before and after.
#[derive(Debug)]
pub(super) struct Replacement {
    section: &'static str,
    old: Vec<String>,
    new: Vec<(String, Json)>,
}

impl Replacement {
    /// The `old` entries of `section` replaced by the `new` ones, each finished by `finish`.
    pub(super) fn of(
        section: &'static str,
        old: &[(String, Json)],
        new: &[(String, Json)],
        finish: impl Fn(&str, &mut Json),
    ) -> Replacement {
        let new = new.iter().map(|(id, value)| {
            let mut value = value.clone();
            finish(id, &mut value);
            (id.clone(), value)
        });
        Replacement {
            section,
            old: old.iter().map(|(id, _)| id.clone()).collect(),
            new: new.collect(),
        }
    }
}

impl PatchDelta {
    /// `copy` (of the compilation patched) made into one of the patched compilation; `None`
    /// where it does not fit (then nothing is left of `copy` worth having).
    pub(crate) fn apply(&self, copy: TemplateCopy) -> Option<TemplateCopy> {
        let TemplateCopy {
            mut template,
            mut provenance,
            ..
        } = copy;
        for id in &self.removed {
            provenance.remove(id)?;
        }
        for origins in provenance.values_mut() {
            for origin in origins.iter_mut() {
                origin.range = self.moves.map(origin.range)?;
            }
        }
        for (id, origin) in &self.added {
            provenance.entry(id.clone()).or_default().push(*origin);
        }
        for replacement in &self.replacements {
            let section = template.get_mut(replacement.section)?.as_object_mut()?;
            replace_entries(section, &replacement.old, replacement.new.clone())?;
        }
        Some(TemplateCopy {
            template,
            provenance,
            of_compilation: 0,
        })
    }
}

/// `old`'s entries in `map` (one after another, in that order) replaced by `new`, in their
/// place; `None` where they are not found so, or where a new ID is already another's.
fn replace_entries(
    map: &mut Map<String, Json>,
    old: &[String],
    new: Vec<(String, Json)>,
) -> Option<()> {
    let same_ids = old.len() == new.len() && old.iter().zip(&new).all(|(o, n)| *o == n.0);
    if same_ids {
        for (id, value) in new {
            *map.get_mut(&id)? = value;
        }
        return Some(());
    }
    let first = old.first()?;
    let at = map.keys().position(|k| k == first)?;
    let in_place = map.keys().skip(at).take(old.len()).eq(old.iter());
    let taken = |id: &String| map.contains_key(id) && !old.contains(id);
    if !in_place || new.iter().any(|(id, _)| taken(id)) {
        return None;
    }
    // Shifting the entries after them costs far less than building the map again.
    for id in old {
        map.shift_remove(id);
    }
    for (offset, (id, value)) in new.into_iter().enumerate() {
        map.shift_insert(at + offset, id, value);
    }
    Some(())
}
