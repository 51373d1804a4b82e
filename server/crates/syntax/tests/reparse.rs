//! `reparse` against a whole parse: after every edit it accepts, its tree and diagnostics are
//! exactly those of `parse` on the new text. Edits: typing at the end of each line, inside each
//! key and value, deleting characters and lines, breaking lines, on every recorded service;
//! then random edits.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use sls_syntax::{Parse, parse, reparse};

static SERVICES: LazyLock<Vec<(PathBuf, String)>> = LazyLock::new(read_services);

fn services() -> &'static [(PathBuf, String)] {
    &SERVICES
}

fn read_services() -> Vec<(PathBuf, String)> {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("the recorded cases")
        .filter_map(|entry| {
            let path = entry.ok()?.path().join("serverless.yml");
            path.exists().then_some(path)
        })
        .collect();
    files.sort();
    assert!(files.len() > 40, "found only {} services", files.len());
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable");
            (path, text)
        })
        .collect()
}

/// Applies `reparse` and, when it accepts, checks it against `parse`. True if it accepted.
fn check(old_text: &str, old: &Parse, new_text: &str, what: &str) -> bool {
    let Some(reparsed) = reparse(old_text, old, new_text) else {
        return false;
    };
    let whole = parse(new_text);
    if reparsed.parse != whole {
        let (ours, theirs) = (format!("{:#?}", reparsed.parse), format!("{whole:#?}"));
        let first_difference = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |s: &str| {
            s.lines()
                .skip(first_difference.saturating_sub(6))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: reparse differs from a whole parse\n--- new text\n{new_text}\n--- reparse\n{}\n--- whole parse\n{}",
            around(&ours),
            around(&theirs)
        );
    }
    true
}

/// Edits a person makes while typing, at every line of `text`: (kind, new text).
fn typing_edits(text: &str) -> Vec<(&'static str, String)> {
    let mut edits = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let end = offset + content.len();
        let mid = offset + content.len() / 2;
        let mid = (mid..=end)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(end);
        let mut edit = |kind: &'static str, at: usize, remove: usize, insert: &str| {
            edits.push((
                kind,
                format!("{}{insert}{}", &text[..at], &text[at + remove..]),
            ));
        };
        let trimmed = content.trim();
        let is_value_line =
            !(trimmed.is_empty() || trimmed.ends_with(':') || trimmed.starts_with('#'));
        if !is_value_line {
            edit(
                "type a letter after a key, on a blank or comment line",
                end,
                0,
                "x",
            );
        } else {
            edit("type a letter at the end of a value", end, 0, "x");
        }
        edit("type a letter inside a line", mid, 0, "é");
        if end > offset && text.is_char_boundary(end - 1) {
            let kind = if is_value_line {
                "delete the last character of a value"
            } else {
                "delete the last character of another line"
            };
            edit(kind, end - 1, 1, "");
        }
        edit("type ': ' inside a line", mid, 0, ": ");
        edit("break a line", end, 0, "\n");
        edit("add a property", end, 0, "\n    y: 1");
        edit("type a quote", end, 0, "\"");
        edit("indent a line", offset, 0, " ");
        edit("delete a line", offset, line.len(), "");
        offset += line.len();
    }
    edits
}

#[test]
fn reparse_equals_a_whole_parse_after_typing_in_every_recorded_service() {
    // Per kind of edit: (edits, accepted).
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (path, text) in services() {
        let old = parse(text);
        for (kind, new_text) in typing_edits(text) {
            let what = format!("{}: {kind}", path.display());
            let accepted = check(text, &old, &new_text, &what);
            let count = counts.entry(kind).or_default();
            count.0 += 1;
            count.1 += usize::from(accepted);
        }
    }
    // The fast path must really be taken when someone types a value or a key: the other
    // lines are comments, blank, or in a service with anchors or syntax errors.
    for kind in [
        "type a letter at the end of a value",
        "type a letter inside a line",
        "delete the last character of a value",
    ] {
        let (edits, accepted) = counts[kind];
        assert!(
            accepted * 10 >= edits * 7,
            "{kind}: reparse accepted only {accepted} of {edits} edits; all: {counts:?}"
        );
    }
}

#[test]
fn a_second_edit_reparses_from_a_reparsed_tree() {
    let (_, text) = &services()[0];
    let old = parse(text);
    let at = text.find("handler:").expect("a handler") + "handler: ".len();
    let once = format!("{}x{}", &text[..at], &text[at..]);
    let first = reparse(text, &old, &once).expect("typing in a handler stays in its block");
    let twice = format!("{}y{}", &once[..at], &once[at..]);
    let second = reparse(&once, &first.parse, &twice).expect("and again");
    assert_eq!(second.parse, parse(&twice));
}

#[test]
fn edits_that_need_the_whole_text_are_declined() {
    let text = "custom:\n  defaults: &d\n    memorySize: 128\nfunctions:\n  a:\n    <<: *d\n    handler: a.h\n  b:\n    handler: b.h\n";
    let old = parse(text);
    let declined = |new_text: &str| reparse(text, &old, new_text).is_none();
    // The anchored block is copied elsewhere; the `<<` line reads an anchor elsewhere; beside
    // merged entries, a changed key could hide one.
    assert!(declined(
        &text.replace("memorySize: 128", "memorySize: 1289")
    ));
    assert!(declined(&text.replace("<<: *d", "<<: *d ")));
    assert!(declined(&text.replace("handler: a.h", "memorySize: a.h")));
    // But a value beside merged entries is reparsed.
    assert!(!declined(&text.replace("handler: a.h", "handler: a.hx")));
    // A key that becomes a duplicate, a second entry, a key moved to another column.
    assert!(declined(&text.replace("  b:\n", "  a:\n")));
    assert!(declined(
        &text.replace("handler: b.h\n", "handler: b.h\n  c: 1\n")
    ));
    assert!(declined(
        &text.replace("  b:\n    handler", "   b:\n    handler")
    ));
    // Typing in a block with no anchor is accepted.
    assert!(!declined(&text.replace("handler: b.h", "handler: b.hx")));

    // A `<<` line inside the lines of the entry before it (found by the random edits: the
    // merge became part of a multi-line scalar).
    let text = "custom:\n  d: &d\n    timeout: 5\nfunctions:\n  a:\n    memorySize: 128\n    <<: [*d]\n    handler: a.h\n";
    let old = parse(text);
    assert!(reparse(text, &old, &text.replace("<<: [*", "  ")).is_none());
}

proptest! {
    // 2,000 cases; `PROPTEST_CASES` sets more for a longer search.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn reparse_equals_a_whole_parse_after_random_edits(
        case in 0usize..1000,
        at in 0usize..100_000,
        remove in 0usize..12,
        insert in prop::sample::select(vec![
            "", "x", " ", "  ", ":", ": ", "-", "- ", "\n", "\n  ", "\n    k: v", "'", "\"", "[", "]",
            "{", "}", "#", "&a", "*a", "!Ref ", "|", ">", "<<: ", "é", "🙂", "\t", "---", "\r\n",
        ]),
    ) {
        let (path, text) = &services()[case % services().len()];
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + remove).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let new_text = format!("{}{insert}{}", &text[..at], &text[end..]);
        let old = parse(text);
        check(text, &old, &new_text, &format!("{}: {at}..{end} -> {insert:?}", path.display()));
    }
}
