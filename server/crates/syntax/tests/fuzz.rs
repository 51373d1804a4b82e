//! Whatever the input, parsing ends without a panic, and every range in the tree and in the
//! diagnostics lies on character boundaries of the text.

use proptest::prelude::*;
use sls_syntax::{Parse, TextRange, parse, parse_with_hint};

const SEED: &str = include_str!("fixtures/oracle/06-seed-custom-senders-kms.yml");

fn check_range(text: &str, range: TextRange, what: &str) {
    let (start, end) = (usize::from(range.start()), usize::from(range.end()));
    assert!(
        text.get(start..end).is_some(),
        "{what} range {start}..{end} is not on char boundaries of a {} byte text",
        text.len()
    );
}

fn check(text: &str, parse: &Parse) {
    for d in &parse.diagnostics {
        check_range(text, d.range, "diagnostic");
    }
    if let Some(root) = &parse.root {
        for node in root.walk() {
            check_range(text, node.range, "node");
            for range in [
                node.tag.as_ref().map(|t| t.range),
                node.anchor.as_ref().map(|a| a.range),
                node.alias.as_ref().map(|a| a.range),
            ]
            .into_iter()
            .flatten()
            {
                check_range(text, range, "property");
            }
        }
    }
}

/// An edit of the seed: at some place, delete some bytes and insert a few YAML-ish characters.
fn edited_seed() -> impl Strategy<Value = (String, usize)> {
    let pieces = prop::collection::vec(
        prop::sample::select(vec![
            ":", " ", "  ", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "\t", "\n", "#", "&a",
            "*a", "!Ref ", "|", ">", "<<: ", "é", "☃", "?", "\\", "%", "@", "`", "x", "---",
        ]),
        0..6,
    );
    (0..SEED.len(), 0usize..8, pieces).prop_map(|(at, delete, pieces)| {
        let mut at = at;
        while !SEED.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + delete).min(SEED.len());
        while !SEED.is_char_boundary(end) {
            end -= 1;
        }
        let text = format!("{}{}{}", &SEED[..at], pieces.concat(), &SEED[end..]);
        let line = SEED[..at].matches('\n').count();
        (text, line)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn edits_of_a_real_file_never_panic((text, line) in edited_seed()) {
        let parsed = parse(&text);
        check(&text, &parsed);
        check(&text, &parse_with_hint(&text, Some(line)));
        prop_assert!(parsed.root.is_some() || text.trim().is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\\t\\n é☃]{0,200}") {
        let parsed = parse(&text);
        check(&text, &parsed);
    }
}
