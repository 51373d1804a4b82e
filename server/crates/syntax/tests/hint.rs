//! `parse_with_hint`: the line being edited is blanked first when the text is broken.

use sls_syntax::render::render_outline;
use sls_syntax::{parse, parse_with_hint};

/// `key: value` written above lines indented under `key`: either the value or the lines
/// below are wrong, and only the editor knows which was just typed.
const TEXT: &str = "provider: aws\n  name: aws\n  region: x\nservice: a\n";

fn outline(parse: &sls_syntax::Parse) -> String {
    parse.root.as_ref().map(render_outline).unwrap_or_default()
}

#[test]
fn the_edited_line_is_the_one_cut() {
    // Typing `aws` after `provider:` keeps the block below as provider's value.
    let hinted = parse_with_hint(TEXT, Some(0));
    assert_eq!(
        outline(&hinted),
        "\"provider\":\n  \"name\": \"aws\"\n  \"region\": \"x\"\n\"service\": \"a\"\n"
    );
    assert_eq!(hinted.diagnostics.len(), 1);
    assert_eq!(usize::from(hinted.diagnostics[0].range.start()), 10);
}

#[test]
fn a_hint_on_a_sound_line_changes_nothing() {
    let text = "service: a\nprovider:\n  name: aws\n   region: x\n";
    assert_eq!(parse_with_hint(text, Some(0)), parse(text));
    assert_eq!(parse_with_hint(text, Some(99)), parse(text));
}

#[test]
fn the_hint_does_not_matter_for_valid_text() {
    let text = "service: a\n";
    assert_eq!(parse_with_hint(text, Some(0)), parse(text));
}
