//! Where the ranges of the earlier config are in the new one.

use sls_config::Value;
use sls_text::TextRange;
use std::collections::HashSet;

use super::{Edited, READ_BY_OTHER_STEPS};

/// Where the pieces of the earlier config that moved whole (root entries, unchanged functions,
/// the parts of changed functions other steps read) are now; and, when the caller said where
/// the edit is, that block and how far what follows it moved.
#[derive(Debug)]
pub(super) struct Moves {
    pieces: Vec<(TextRange, TextRange)>,
    edited: Option<(TextRange, i64)>,
}

impl Moves {
    pub(super) fn between(
        old: &Value,
        new: &Value,
        changed: &HashSet<&str>,
        edited: Option<Edited>,
    ) -> Option<Moves> {
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
                moves.push((o.range(), n.range()));
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
                    moves.push((of.range(), nf.range()));
                    continue;
                }
                moves.push((of.key_range, nf.key_range));
                let (old_settings, new_settings) = (of.value.as_mapping()?, nf.value.as_mapping()?);
                for (setting, os) in old_settings.iter() {
                    if READ_BY_OTHER_STEPS.contains(&setting) {
                        moves.push((os.range(), new_settings.entry(setting)?.range()));
                    }
                }
            }
        }
        let sorted = moves.windows(2).all(|w| w[0].0.end() <= w[1].0.start());
        let edited = edited.map(|e| {
            let delta = i64::from(u32::from(e.after.end())) - i64::from(u32::from(e.before.end()));
            (e.before, delta)
        });
        sorted.then_some(Moves {
            pieces: moves,
            edited,
        })
    }

    /// Where `range` of the earlier config is now: `None` where it lies in nothing that moved
    /// whole (the empty range at 0, which stands for no place, stays), unless the caller's
    /// word on the edit places it.
    pub(super) fn map(&self, range: TextRange) -> Option<TextRange> {
        // Outside the edited block the caller named, everything moved by the same length.
        if let Some((block, delta)) = self.edited {
            if range.end() <= block.start() {
                return Some(range);
            }
            if range.start() >= block.end() {
                let start = i64::from(u32::from(range.start())) + delta;
                return Some(TextRange::at(
                    u32::try_from(start).ok()?.into(),
                    range.len(),
                ));
            }
        }
        let after = self
            .pieces
            .partition_point(|(old, _)| old.start() <= range.start());
        if let Some((old, new)) = after.checked_sub(1).map(|i| self.pieces[i])
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
        let moves = Moves {
            pieces: vec![(range(0, 10), range(0, 10)), (range(10, 20), range(12, 22))],
            edited: None,
        };
        assert_eq!(moves.map(range(3, 5)), Some(range(3, 5)));
        assert_eq!(moves.map(range(10, 10)), Some(range(12, 12)));
        assert_eq!(moves.map(range(15, 20)), Some(range(17, 22)));
        assert_eq!(moves.map(range(0, 0)), Some(range(0, 0)));
        // Across two pieces, or past the last: no place to move it to.
        assert_eq!(moves.map(range(8, 12)), None);
        assert_eq!(moves.map(range(25, 26)), None);
    }

    #[test]
    fn outside_the_block_the_caller_named_a_range_moves_by_the_edit() {
        let moves = Moves {
            pieces: vec![(range(0, 10), range(0, 10)), (range(12, 20), range(12, 20))],
            edited: Some((range(10, 12), 3)),
        };
        assert_eq!(moves.map(range(3, 5)), Some(range(3, 5)));
        assert_eq!(moves.map(range(25, 26)), Some(range(28, 29)));
        // In the block: the pieces decide.
        assert_eq!(moves.map(range(11, 12)), None);
        assert_eq!(moves.map(range(9, 11)), None);
    }
}
