//! Copies of a compilation's template and provenance, for the next compilation to patch
//! (`patch`). A copy of a large template costs about what building it does; but the
//! template an older compilation leaves behind, once nothing reads it any more, differs from
//! the newer one in a few entries and in its ranges: made equal to it in place, it is a copy
//! for a fraction of the cost. When the newer one was patched from that very compilation, the
//! patch is applied to it again, which costs only what the change does.

use serde_json::{Map, Value as Json};

use crate::context::Provenance;
use crate::pipeline::Compiled;

/// A copy of a compilation's template and provenance.
#[derive(Debug, Clone)]
pub struct TemplateCopy {
    pub template: Json,
    pub provenance: Provenance,
    /// The `Layout::id` of the compilation it is a copy of.
    pub(crate) of_compilation: u64,
}

impl TemplateCopy {
    pub fn of(compiled: &Compiled) -> Self {
        TemplateCopy {
            template: compiled.template.clone(),
            provenance: compiled.provenance.clone(),
            of_compilation: compiled.layout.id,
        }
    }

    /// `compiled`'s own template and provenance, taken (nothing else needs it any more).
    pub fn taken(compiled: Compiled) -> Self {
        TemplateCopy {
            of_compilation: compiled.layout.id,
            template: compiled.template,
            provenance: compiled.provenance,
        }
    }

    /// A copy of `compiled` made from `older` (a copy of an earlier compilation of the same
    /// service, which nothing else needs): the patch that made `compiled` applied again when it
    /// was made from that compilation, else only what differs copied.
    pub fn recycled(older: TemplateCopy, compiled: &Compiled) -> Self {
        if let Some(delta) = &compiled.delta
            && delta.base == older.of_compilation
        {
            return match delta.apply(older) {
                Some(copy) => TemplateCopy {
                    of_compilation: compiled.layout.id,
                    ..copy
                },
                None => TemplateCopy::of(compiled),
            };
        }
        let TemplateCopy {
            mut template,
            mut provenance,
            ..
        } = older;
        make_equal(&mut template, &compiled.template);
        make_provenance_equal(&mut provenance, &compiled.provenance);
        TemplateCopy {
            template,
            provenance,
            of_compilation: compiled.layout.id,
        }
    }
}

/// Makes `old` equal to `new`, keys in the same order, copying only the parts that differ.
fn make_equal(old: &mut Json, new: &Json) {
    match (old, new) {
        (Json::Object(old), Json::Object(new)) => make_map_equal(old, new),
        (Json::Array(old), Json::Array(new)) if old.len() == new.len() => {
            old.iter_mut().zip(new).for_each(|(o, n)| make_equal(o, n));
        }
        (old, new) => {
            if old != new {
                *old = new.clone();
            }
        }
    }
}

/// How many entries of a map may be renamed in place (each shifts the entries after it)
/// before copying the whole map is cheaper.
const RENAMES_IN_PLACE: usize = 8;

fn make_map_equal(old: &mut Map<String, Json>, new: &Map<String, Json>) {
    if old.len() != new.len() {
        *old = new.clone();
        return;
    }
    let mut renamed = Vec::new();
    for (index, ((old_key, old_value), (new_key, new_value))) in old.iter_mut().zip(new).enumerate()
    {
        if old_key == new_key {
            make_equal(old_value, new_value);
        } else {
            renamed.push((index, old_key.clone()));
            if renamed.len() > RENAMES_IN_PLACE {
                *old = new.clone();
                return;
            }
        }
    }
    let new_entry = |index: usize| {
        new.iter()
            .nth(index)
            .expect("the maps have the same length")
    };
    // A key that moved (rather than was renamed) would be at two places.
    if renamed
        .iter()
        .any(|(index, _)| old.contains_key(new_entry(*index).0))
    {
        *old = new.clone();
        return;
    }
    for (_, old_key) in &renamed {
        old.shift_remove(old_key);
    }
    for (index, _) in renamed {
        let (key, value) = new_entry(index);
        old.shift_insert(index, key.clone(), value.clone());
    }
}

fn make_provenance_equal(old: &mut Provenance, new: &Provenance) {
    // The IDs differ in a few places at most (a keystroke renames a version): found side by
    // side, both being sorted; then every list is made equal in place.
    let (mut gone, mut added) = (Vec::new(), Vec::new());
    let (mut olds, mut news) = (old.keys().peekable(), new.keys().peekable());
    loop {
        match (olds.peek(), news.peek()) {
            (Some(o), Some(n)) if o == n => {
                olds.next();
                news.next();
            }
            (Some(o), Some(n)) if o < n => gone.extend(olds.next().cloned()),
            (_, Some(_)) => added.extend(news.next()),
            (Some(_), None) => gone.extend(olds.next().cloned()),
            (None, None) => break,
        }
    }
    for id in gone {
        old.remove(&id);
    }
    for id in added {
        old.insert(id.clone(), Vec::new());
    }
    for (kept, origins) in old.values_mut().zip(new.values()) {
        kept.clone_from(origins);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn equal_as_text(old: Json, new: &Json) {
        let mut old = old;
        make_equal(&mut old, new);
        assert_eq!(old.to_string(), new.to_string());
    }

    #[test]
    fn an_older_provenance_is_made_equal() {
        let origin = |start: u32| crate::Origin {
            kind: crate::OriginKind::Function,
            range: sls_text::TextRange::new(start.into(), (start + 1).into()),
        };
        let provenance = |entries: &[(&str, u32)]| -> Provenance {
            entries
                .iter()
                .map(|(id, at)| ((*id).to_owned(), vec![origin(*at)]))
                .collect()
        };
        let new = provenance(&[("A", 1), ("B2", 2), ("C", 3), ("E", 5)]);
        for old in [
            provenance(&[("A", 0), ("B1", 2), ("C", 4), ("E", 5)]),
            provenance(&[("0", 0), ("A", 1)]),
            provenance(&[("F", 0), ("G", 1), ("H", 2)]),
            Provenance::new(),
        ] {
            let mut old = old;
            make_provenance_equal(&mut old, &new);
            assert_eq!(old, new);
        }
    }

    #[test]
    fn an_older_template_is_made_equal_keys_in_order() {
        let new = json!({ "Resources": { "A": { "x": 1 }, "V2": { "y": [1, 2] }, "C": 3 } });
        // A renamed entry keeps its place; changed values, reordered keys, other lengths.
        equal_as_text(
            json!({ "Resources": { "A": { "x": 1 }, "V1": { "y": [1] }, "C": 3 } }),
            &new,
        );
        equal_as_text(
            json!({ "Resources": { "C": 3, "A": { "x": 2 }, "V2": { "y": [1, 2] } } }),
            &new,
        );
        equal_as_text(json!({ "Resources": { "A": { "x": 1 } } }), &new);
        equal_as_text(json!([1, { "a": null }]), &new);
        let nested = json!({ "a": { "b": 1, "c": 2 } });
        equal_as_text(json!({ "a": { "c": 2, "b": 1 } }), &nested);
    }
}
