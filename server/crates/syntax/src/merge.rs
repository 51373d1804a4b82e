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
    // Key text → index in `out` of the entry holding it.
    let mut position: HashMap<String, usize> = HashMap::new();
    // Keys brought in by a merge that an explicit key may still replace.
    let mut overridable: HashSet<String> = HashSet::new();

    for entry in written {
        if is_merge_key(&entry.key) {
            merge_into(
                entry.value,
                &mut out,
                &mut position,
                &mut overridable,
                diagnostics,
            );
            continue;
        }
        let Some(key) = entry.key.as_scalar().map(|s| s.text.clone()) else {
            out.push(entry);
            continue;
        };
        match position.get(&key) {
            Some(&index) if overridable.remove(&key) => out[index] = entry,
            Some(&index) => {
                let first_line = lines.line_number(out[index].key.written_range());
                diagnostics.push(SyntaxDiagnostic {
                    range: entry.key.written_range(),
                    code: SyntaxCode::DuplicateKey,
                    message: format!("duplicate key `{key}` (first defined on line {first_line})"),
                });
                position.insert(key, out.len());
                out.push(entry);
            }
            None => {
                position.insert(key, out.len());
                out.push(entry);
            }
        }
    }
    out
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
    position: &mut HashMap<String, usize>,
    overridable: &mut HashSet<String>,
    diagnostics: &mut Vec<SyntaxDiagnostic>,
) {
    let from = value.written_range();
    let sources = match value.kind {
        NodeKind::Mapping(entries) => vec![entries],
        NodeKind::Sequence(items) => items
            .into_iter()
            .filter_map(|item| match item.kind {
                NodeKind::Mapping(entries) => Some(entries),
                _ => {
                    report_unmergeable(&item, diagnostics);
                    None
                }
            })
            .collect(),
        NodeKind::Scalar(_) => {
            report_unmergeable(&value, diagnostics);
            Vec::new()
        }
    };
    for entry in sources.into_iter().flatten() {
        let Some(key) = entry.key.as_scalar().map(|s| s.text.clone()) else {
            out.push(Entry {
                merged_from: Some(from),
                ..entry
            });
            continue;
        };
        if position.contains_key(&key) {
            continue;
        }
        position.insert(key.clone(), out.len());
        overridable.insert(key);
        out.push(Entry {
            merged_from: Some(from),
            ..entry
        });
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
