//! Where the ranges of the earlier config are in the new one.

use sls_config::Value;
use sls_text::TextRange;
use std::collections::HashSet;

use super::{READ_BY_OTHER_STEPS, whole};

/// Where the pieces of the earlier config that moved whole (root entries, unchanged functions,
/// the parts of changed functions other steps read) are now.
#[derive(Debug)]
pub(super) struct Moves(Vec<(TextRange, TextRange)>);

impl Moves {
    pub(super) fn between(old: &Value, new: &Value, changed: &HashSet<&str>) -> Option<Moves> {
        let (old, new) = (old.as_mapping()?, new.as_mapping()?);
        if old.len() != new.len() {
            return None;
        }
        let mut moves = Vec::new();
        for ((key, o), (new_key, n)) in old.iter().zip(new.iter()) {
            if key != new_key {
                return None;
            }
            if key != "functions" {
                moves.push((whole(o), whole(n)));
                continue;
            }
            moves.push((o.key_range, n.key_range));
            let (Some(old_functions), Some(new_functions)) =
                (o.value.as_mapping(), n.value.as_mapping())
            else {
                continue;
            };
            for ((function, of), (_, nf)) in old_functions.iter().zip(new_functions.iter()) {
                if !changed.contains(function) {
                    moves.push((whole(of), whole(nf)));
                    continue;
                }
                moves.push((of.key_range, nf.key_range));
                let (old_settings, new_settings) = (of.value.as_mapping()?, nf.value.as_mapping()?);
                for (setting, os) in old_settings.iter() {
                    if READ_BY_OTHER_STEPS.contains(&setting) {
                        moves.push((whole(os), whole(new_settings.entry(setting)?)));
                    }
                }
            }
        }
        let sorted = moves.windows(2).all(|w| w[0].0.end() <= w[1].0.start());
        sorted.then_some(Moves(moves))
    }

    /// Where `range` of the earlier config is now: `None` where it lies in nothing that moved
    /// whole (the empty range at 0, which stands for no place, stays).
    pub(super) fn map(&self, range: TextRange) -> Option<TextRange> {
        let after = self
            .0
            .partition_point(|(old, _)| old.start() <= range.start());
        if let Some((old, new)) = after.checked_sub(1).map(|i| self.0[i])
            && old.contains_range(range)
        {
            return Some(TextRange::at(
                new.start() + (range.start() - old.start()),
                range.len(),
            ));
        }
        (range == TextRange::default()).then_some(range)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(start.into(), end.into())
    }

    #[test]
    fn a_range_moves_with_the_piece_that_holds_it() {
        let moves = Moves(vec![
            (range(0, 10), range(0, 10)),
            (range(10, 20), range(12, 22)),
        ]);
        assert_eq!(moves.map(range(3, 5)), Some(range(3, 5)));
        assert_eq!(moves.map(range(10, 10)), Some(range(12, 12)));
        assert_eq!(moves.map(range(15, 20)), Some(range(17, 22)));
        assert_eq!(moves.map(range(0, 0)), Some(range(0, 0)));
        // Across two pieces, or past the last: no place to move it to.
        assert_eq!(moves.map(range(8, 12)), None);
        assert_eq!(moves.map(range(25, 26)), None);
    }
}
