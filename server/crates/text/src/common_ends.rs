//! How much two texts share at their start and at their end: where an edit between two versions
//! of a document lies. Whole blocks are compared first (a document is mostly the same before
//! and after a keystroke, and comparing blocks is a `memcmp`); byte by byte, on 10,000 lines,
//! this was a tenth of a keystroke.

const BLOCK: usize = 256;

/// How many bytes `a` and `b` start with in common.
pub fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut same = 0;
    while same + BLOCK <= n && a[same..same + BLOCK] == b[same..same + BLOCK] {
        same += BLOCK;
    }
    same + a[same..n]
        .iter()
        .zip(&b[same..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many bytes `a` and `b` end with in common, as [`common_prefix`] counts.
pub fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut same = 0;
    while same + BLOCK <= n && a[ea - same - BLOCK..ea - same] == b[eb - same - BLOCK..eb - same] {
        same += BLOCK;
    }
    same + a[..ea - same]
        .iter()
        .rev()
        .zip(b[..eb - same].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{common_prefix, common_suffix};

    /// What a byte-by-byte comparison counts.
    fn by_bytes(a: &[u8], b: &[u8]) -> (usize, usize) {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        (prefix, suffix)
    }

    #[test]
    fn edits_at_block_boundaries_count_as_bytes_do() {
        let base: Vec<u8> = (0..2000u32).map(|i| (i % 7) as u8).collect();
        for at in [0, 1, 255, 256, 257, 1000, 1999, 2000] {
            for (insert, remove) in [(0, 1), (1, 0), (3, 2), (0, 0), (300, 0), (0, 300)] {
                let mut edited = base.clone();
                let at = at.min(edited.len());
                let end = (at + remove).min(edited.len());
                edited.splice(at..end, std::iter::repeat_n(9u8, insert));
                assert_eq!(
                    (common_prefix(&base, &edited), common_suffix(&base, &edited)),
                    by_bytes(&base, &edited),
                    "edit at {at}, {insert} in, {remove} out"
                );
            }
        }
    }

    /// A text, and another made of its start, some bytes of its own and its end: the shapes
    /// an edit gives, with the common parts across block boundaries.
    fn edited() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
        (
            proptest::collection::vec(b'a'..=b'c', 0..1200),
            proptest::collection::vec(b'a'..=b'c', 0..40),
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(old, inserted, from, to)| {
                let (from, to) = (from.index(old.len() + 1), to.index(old.len() + 1));
                let (from, to) = (from.min(to), from.max(to));
                let new = [&old[..from], &inserted[..], &old[to..]].concat();
                (old, new)
            })
    }

    proptest! {
        #[test]
        fn any_edit_counts_as_bytes_do((old, new) in edited()) {
            prop_assert_eq!(
                (common_prefix(&old, &new), common_suffix(&old, &new)),
                by_bytes(&old, &new)
            );
        }
    }
}
