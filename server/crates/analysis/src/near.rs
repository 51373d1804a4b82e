//! "Did you mean ...?" over many logical IDs at once: which known name a written one is close
//! to (same letters in another case, `-`/`_` written where the framework spells `Dash`/
//! `Underscore`, or at most two edits away), without comparing every pair.
//!
//! Two edits leave at least one of three pieces of a name untouched (pigeonhole), and that
//! piece sits in the other name within two bytes of its place. So each known name is indexed by
//! its three pieces, and a query only looks at the names sharing a piece at about the right
//! place: a few hash lookups per query instead of a pass over every name. Distances count bytes:
//! logical IDs are ASCII alphanumerics.

use std::collections::HashMap;

/// At most this many insertions, deletions or substitutions.
pub const MAX_EDITS: usize = 2;

/// How a written name is close to a known one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nearness {
    /// The same letters in another case (`cognitoUserPoolUsers`).
    Case,
    /// The same once separators are ignored: `-`, `_` and punctuation dropped, `Dash` and
    /// `Underscore` (how the framework spells `-` and `_` in function IDs) dropped too.
    Separators,
    /// This many edits away (1 or 2).
    Edits(usize),
}

pub struct NearIndex<'a> {
    names: Vec<&'a str>,
    /// [`loose_key`] → the first name with it (equal ignoring case is equal loosely too).
    loose: HashMap<String, usize>,
    /// (length of the name, piece number, the piece's bytes) → names.
    pieces: HashMap<(usize, usize, &'a [u8]), Vec<usize>>,
}

impl<'a> NearIndex<'a> {
    /// Indexes `names`; on ties the earlier name wins.
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut index = NearIndex {
            names: Vec::new(),
            loose: HashMap::new(),
            pieces: HashMap::new(),
        };
        for name in names {
            let at = index.names.len();
            index.names.push(name);
            index.loose.entry(loose_key(name)).or_insert(at);
            let bytes = name.as_bytes();
            for (piece, range) in pieces(bytes.len()).into_iter().enumerate() {
                if let Some(range) = range {
                    index
                        .pieces
                        .entry((bytes.len(), piece, &bytes[range]))
                        .or_default()
                        .push(at);
                }
            }
        }
        index
    }

    /// The known name `written` most likely meant, if one is close and differs from it.
    pub fn nearest(&self, written: &str) -> Option<(&'a str, Nearness)> {
        let differs = |i: &usize| self.names[*i] != written;
        let loose = loose_key(written);
        if !loose.is_empty()
            && let Some(&i) = self.loose.get(&loose).filter(|i| differs(i))
        {
            let name = self.names[i];
            let nearness = if name.eq_ignore_ascii_case(written) {
                Nearness::Case
            } else {
                Nearness::Separators
            };
            return Some((name, nearness));
        }
        self.candidates(written.as_bytes())
            .into_iter()
            .filter(differs)
            .filter_map(|i| {
                let distance = bounded_levenshtein(written.as_bytes(), self.names[i].as_bytes())?;
                Some((distance, i))
            })
            .min()
            .map(|(distance, i)| (self.names[i], Nearness::Edits(distance)))
    }

    /// Names sharing a piece with `written` near the piece's place, in index order.
    fn candidates(&self, written: &[u8]) -> Vec<usize> {
        let mut found = Vec::new();
        let n = written.len();
        for m in n.saturating_sub(MAX_EDITS)..=n + MAX_EDITS {
            for (piece, range) in pieces(m).into_iter().enumerate() {
                let Some(range) = range else { continue };
                let len = range.len();
                let lowest = range.start.saturating_sub(MAX_EDITS);
                for start in lowest..=range.start + MAX_EDITS {
                    let Some(slice) = written.get(start..start + len) else {
                        break;
                    };
                    if let Some(names) = self.pieces.get(&(m, piece, slice)) {
                        found.extend_from_slice(names);
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The three pieces of a name of `len` bytes (none when it is too short to have three).
fn pieces(len: usize) -> [Option<std::ops::Range<usize>>; MAX_EDITS + 1] {
    const COUNT: usize = MAX_EDITS + 1;
    if len < COUNT {
        return [None, None, None];
    }
    let cut = |k: usize| k * len / COUNT;
    [
        Some(cut(0)..cut(1)),
        Some(cut(1)..cut(2)),
        Some(cut(2)..cut(3)),
    ]
}

/// The name with separators ignored: `Dash`/`Underscore` (the framework's spelling of `-`/`_`
/// in function IDs) removed, then anything but ASCII letters and digits, then lower-cased.
pub fn loose_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest
            .strip_prefix("Dash")
            .or_else(|| rest.strip_prefix("Underscore"))
        {
            rest = after;
            continue;
        }
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        }
        rest = &rest[c.len_utf8()..];
    }
    key
}

/// The Levenshtein distance of `a` and `b` when it is at most [`MAX_EDITS`]: only the band of
/// the table within `MAX_EDITS` of the diagonal is computed, and a row beyond it stops early.
pub fn bounded_levenshtein(a: &[u8], b: &[u8]) -> Option<usize> {
    if a.len().abs_diff(b.len()) > MAX_EDITS {
        return None;
    }
    let over = MAX_EDITS + 1;
    // previous[j] = distance(a[..i-1], b[..j]); cells outside the band hold `over`.
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j.min(over)).collect();
    let mut current = vec![over; b.len() + 1];
    for i in 1..=a.len() {
        let low = i.saturating_sub(MAX_EDITS).max(1);
        let high = (i + MAX_EDITS).min(b.len());
        current.fill(over);
        current[0] = i.min(over);
        let mut best = current[0];
        for j in low..=high {
            let substitution = previous[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let cell = substitution
                .min(previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(over);
            current[j] = cell;
            best = best.min(cell);
        }
        if best >= over {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let distance = previous[b.len()];
    (distance <= MAX_EDITS).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The full table, to check the banded one against.
    fn levenshtein(a: &[u8], b: &[u8]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut diagonal = row[0];
            row[0] = i;
            for j in 1..=b.len() {
                let above = row[j];
                row[j] = (diagonal + usize::from(a[i - 1] != b[j - 1]))
                    .min(above + 1)
                    .min(row[j - 1] + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    }

    #[test]
    fn banded_distance_agrees_with_the_full_table_up_to_two() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "CognitoUserPoolUsers",
            "CognitoUserPoolUser",
            "CognitoUserPoolUsersx",
            "CognitoUserPoolusers",
            "cognitoUserPoolUsers",
            "CognitoUserPoolUsrs",
            "CognitoUserPolUsrs",
            "CognitoUserPolUsr",
            "xyz",
            "PreSignUpLambdaFunction",
            "PreSingUpLambdaFunction",
            "PreSignUpLambdaFunctio",
        ];
        for a in words {
            for b in words {
                let full = levenshtein(a.as_bytes(), b.as_bytes());
                let banded = bounded_levenshtein(a.as_bytes(), b.as_bytes());
                let expected = (full <= MAX_EDITS).then_some(full);
                assert_eq!(banded, expected, "{a:?} vs {b:?}");
            }
        }
    }

    /// Every name within two edits is found, wherever the edits are: the pieces index never
    /// misses what a comparison with every name would find.
    #[test]
    fn the_index_finds_what_a_full_scan_finds() {
        let names: Vec<String> = (0..60)
            .flat_map(|n| {
                [
                    format!("Fn{n}LambdaFunction"),
                    format!("Fn{n}LogGroup"),
                    format!("CognitoUserPoolPool{n}"),
                ]
            })
            .collect();
        let index = NearIndex::new(names.iter().map(String::as_str));
        let queries = [
            "Fn7LambdaFunctin",
            "Fn7LambdaFunctionXY",
            "XFn7LambdaFunction",
            "Fn7LambdFunctio",
            "n7LambdaFunction",
            "CognitoUserPoolPool12x",
            "CognitoUserPooPool12",
            "CognitoUserPoolPoo",
            "Fn17LogGrop",
            "F17LogGroup",
            "Completely different",
        ];
        for query in queries {
            let best_scan = names
                .iter()
                .filter(|n| n.as_str() != query)
                .filter_map(|n| {
                    let d = levenshtein(query.as_bytes(), n.as_bytes());
                    (d <= MAX_EDITS).then_some(d)
                })
                .min();
            let found = index.nearest(query).map(|(name, nearness)| match nearness {
                Nearness::Edits(d) => {
                    assert_eq!(levenshtein(query.as_bytes(), name.as_bytes()), d);
                    d
                }
                other => panic!("{query:?}: {other:?}"),
            });
            assert_eq!(found, best_scan, "{query:?}");
        }
    }

    #[test]
    fn loose_keys_drop_separators_and_their_spelled_forms() {
        assert_eq!(
            loose_key("PhotoDashresize_Lambda-Function"),
            "photoresizelambdafunction"
        );
        assert_eq!(loose_key("PostUnderscoreconfirm"), "postconfirm");
        assert_eq!(loose_key("ünï-Dash"), "n");
        assert_eq!(loose_key(""), "");
    }

    #[test]
    fn case_and_separators_come_before_edits() {
        let index = NearIndex::new([
            "CognitoUserPoolUsers",
            "PhotoDashresizeLambdaFunction",
            "PostUnderscoreconfirmLambdaFunction",
        ]);
        assert_eq!(
            index.nearest("CognitoUserPoolusers"),
            Some(("CognitoUserPoolUsers", Nearness::Case))
        );
        assert_eq!(
            index.nearest("PhotoresizeLambdaFunction"),
            Some(("PhotoDashresizeLambdaFunction", Nearness::Separators))
        );
        assert_eq!(
            index.nearest("Post_confirmLambdaFunction"),
            Some(("PostUnderscoreconfirmLambdaFunction", Nearness::Separators))
        );
        assert_eq!(
            index.nearest("CognitoUserPoolUser"),
            Some(("CognitoUserPoolUsers", Nearness::Edits(1)))
        );
        assert_eq!(index.nearest("CognitoUserPoolUsers"), None);
        assert_eq!(index.nearest("SomethingElse"), None);
    }
}
