//! A finished mapping's entries with `<<` merge keys applied and duplicate keys reported.
//!
//! The order of the result matters (a compiler downstream reproduces js-yaml 4 byte for byte), so
//! this follows js-yaml's `storeMappingPair`/`mergeMappings`:
//! - at a `<<` entry, each key of the merged mapping(s) not yet present is appended, in order;
//!   for a sequence of mappings the earlier ones win;
//! - a later explicit key equal to a merged one replaces that entry in place, once;
//! - any other repeated explicit key is a duplicate (js-yaml throws; here the tree keeps both
//!   and reports the second).

use std::collections::{HashMap, HashSet};

use sls_text::TextRange;

use crate::{Entry, Node, NodeKind, ScalarStyle, SyntaxCode, SyntaxDiagnostic};

/// The 1-based line number, as shown in messages, where a range starts.
pub(crate) trait LineOf {
    fn line_number(&self, range: TextRange) -> usize;
}

pub(crate) fn resolve_entries(
    written: Vec<Entry>,
    lines: &dyn LineOf,
    diagnostics: &mut Vec<SyntaxDiagnostic>,
) -> Vec<Entry> {
    // Nearly every mapping has neither: keep it as it is, without allocating.
    if !written.iter().any(|e| is_merge_key(&e.key)) && !has_repeated_key(&written) {
        return written;
    }
    let mut out: Vec<Entry> = Vec::with_capacity(written.len());
    let mut positions = Positions::Scan;

    for entry in written {
        if is_merge_key(&entry.key) {
            merge_into(entry.value, &mut out, &mut positions, diagnostics);
            continue;
        }
        let Some(key) = key_text(&entry) else {
            out.push(entry);
            continue;
        };
        match positions.get(&out, key) {
            // The key came from a merge and was not replaced yet (a merged entry is the only
            // kind in `out` with `merged_from`): an explicit key replaces it, once.
            Some(index) if out[index].merged_from.is_some() => out[index] = entry,
            Some(index) => {
                let first_line = lines.line_number(out[index].key.written_range());
                diagnostics.push(SyntaxDiagnostic {
                    range: entry.key.written_range(),
                    code: SyntaxCode::DuplicateKey,
                    message: format!("duplicate key `{key}` (first defined on line {first_line})"),
                });
                positions.push(&mut out, entry);
            }
            None => positions.push(&mut out, entry),
        }
    }
    out
}

/// The key's text, when it is a scalar.
fn key_text(entry: &Entry) -> Option<&str> {
    entry.key.as_scalar().map(|s| s.text.as_str())
}

/// Finds the last entry of the result holding a key. Mappings with merges or duplicates are
/// small, and scanning them beats copying every key into a hash map; past
/// [`Positions::SCAN_LIMIT`] entries the scans would add up to the square of the size, so a map
/// takes over.
enum Positions {
    Scan,
    Map(HashMap<String, usize>),
}

impl Positions {
    const SCAN_LIMIT: usize = 32;

    fn get(&self, out: &[Entry], key: &str) -> Option<usize> {
        match self {
            Positions::Scan => out.iter().rposition(|e| key_text(e) == Some(key)),
            Positions::Map(map) => map.get(key).copied(),
        }
    }

    /// Appends `entry` to `out`, recording where its key now is.
    fn push(&mut self, out: &mut Vec<Entry>, entry: Entry) {
        if let Positions::Map(map) = self {
            if let Some(key) = key_text(&entry) {
                map.insert(key.to_owned(), out.len());
            }
        }
        out.push(entry);
        if matches!(self, Positions::Scan) && out.len() > Self::SCAN_LIMIT {
            let map = out
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((key_text(e)?.to_owned(), i)))
                .collect();
            *self = Positions::Map(map);
        }
    }
}

fn has_repeated_key(entries: &[Entry]) -> bool {
    let keys = entries
        .iter()
        .filter_map(|e| e.key.as_scalar().map(|s| s.text.as_str()));
    if entries.len() <= 16 {
        let key_at = |i: usize| entries[i].key.as_scalar().map(|s| s.text.as_str());
        return (0..entries.len())
            .any(|i| key_at(i).is_some_and(|k| (0..i).any(|j| key_at(j) == Some(k))));
    }
    let mut seen = HashSet::with_capacity(entries.len());
    keys.into_iter().any(|k| !seen.insert(k))
}

/// A plain `<<` key (or one tagged `!!merge`), as js-yaml's default schema resolves it.
fn is_merge_key(key: &Node) -> bool {
    let Some(scalar) = key.as_scalar() else {
        return false;
    };
    let tagged_merge = key.tag.as_ref().is_some_and(|t| t.name == "!merge");
    scalar.text == "<<" && (scalar.style == ScalarStyle::Plain || tagged_merge)
}

fn merge_into(
    value: Node,
    out: &mut Vec<Entry>,
    positions: &mut Positions,
    diagnostics: &mut Vec<SyntaxDiagnostic>,
) {
    let from = value.written_range();
    match value.kind {
        NodeKind::Mapping(entries) => merge_entries(entries, from, out, positions),
        NodeKind::Sequence(items) => {
            // For a list of mappings, the earlier ones win (each adds only keys not yet there).
            for item in items {
                match item.kind {
                    NodeKind::Mapping(entries) => merge_entries(entries, from, out, positions),
                    _ => report_unmergeable(&item, diagnostics),
                }
            }
        }
        NodeKind::Scalar(_) => report_unmergeable(&value, diagnostics),
    }
}

/// Appends the entries whose key is not there yet, marked as merged from `from`.
fn merge_entries(
    entries: Vec<Entry>,
    from: TextRange,
    out: &mut Vec<Entry>,
    positions: &mut Positions,
) {
    for entry in entries {
        if key_text(&entry).is_some_and(|key| positions.get(out, key).is_some()) {
            continue;
        }
        let merged = Entry {
            merged_from: Some(from),
            ..entry
        };
        positions.push(out, merged);
    }
}

fn report_unmergeable(node: &Node, diagnostics: &mut Vec<SyntaxDiagnostic>) {
    // An alias that could not be expanded already has its own diagnostic.
    if node.alias.is_some() && node.is_empty_scalar() {
        return;
    }
    diagnostics.push(SyntaxDiagnostic {
        range: node.written_range(),
        code: SyntaxCode::InvalidMerge,
        message: "a `<<` merge key takes a mapping (usually an alias such as `*defaults`) or a \
                  list of mappings"
            .to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use crate::{Node, parse};

    /// A mapping with `padding` keys, then merges, an override and duplicates, merging an
    /// anchor with `extra` more keys: its entries and the parse's diagnostics, against what
    /// js-yaml's rules give (see the module docs).
    fn check(padding: usize, extra: usize) {
        let extra_keys: String = (0..extra).map(|i| format!(", e{i}: {i}")).collect();
        let mut text =
            format!("base: &b {{x: 1, y: 2, z: 3{extra_keys}}}\nother: &o {{y: 20, w: 40}}\nm:\n");
        for i in 0..padding {
            text.push_str(&format!("  p{i}: {i}\n"));
        }
        text.push_str(concat!(
            "  a: 0\n",
            "  y: before\n",
            "  <<: [*b, *o]\n",
            "  x: override\n",
            "  x: again\n",
            "  a: twice\n",
            "  q: 9\n",
        ));

        let mut expected: Vec<(String, String)> = (0..padding)
            .map(|i| (format!("p{i}"), i.to_string()))
            .collect();
        for (k, v) in [("a", "0"), ("y", "before"), ("x", "override"), ("z", "3")] {
            expected.push((k.to_owned(), v.to_owned()));
        }
        expected.extend((0..extra).map(|i| (format!("e{i}"), i.to_string())));
        for (k, v) in [("w", "40"), ("x", "again"), ("a", "twice"), ("q", "9")] {
            expected.push((k.to_owned(), v.to_owned()));
        }
        let a_line = 4 + padding;
        let expected_messages = [
            format!("duplicate key `x` (first defined on line {})", a_line + 3),
            format!("duplicate key `a` (first defined on line {a_line})"),
        ];

        let parse = parse(&text);
        let root = parse.root.unwrap_or_else(|| panic!("no root"));
        let entries: Vec<(String, String)> = root
            .get("m")
            .and_then(Node::as_mapping)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| {
                let key = e.key.as_scalar()?.text.clone();
                Some((key, e.value.as_scalar()?.text.clone()))
            })
            .collect();
        let messages: Vec<String> = parse
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(entries, expected, "padding {padding}, extra {extra}");
        assert_eq!(
            messages, expected_messages,
            "padding {padding}, extra {extra}"
        );
    }

    #[test]
    fn merges_resolve_alike_below_and_past_the_scan_limit() {
        // Past the limit before the merge, during it, and both.
        for (padding, extra) in [(0, 0), (40, 0), (0, 40), (20, 20)] {
            check(padding, extra);
        }
    }
}
