//! `path_at`: what is under the cursor, as the analysis layer asks for hover and completion.
//! Each case marks the cursor with `‸`.

use insta::assert_snapshot;
use sls_syntax::{NodePath, OffsetOn, PathSegment, TextSize, parse, path_at};

const DOC: &str = "\
service: cup-test
provider:
  name: aws
  region:
functions:
  hello:
    handler: h.main
    events:
      - cognitoUserPool:
          pool: !Ref MyPool
          trigger: PreSignUp
      - http: {path: /x, method: get}
custom:
  defaults: &d
    memorySize: 256
  copy: *d
";

/// The path at the `‸` in `marked` (the marker is removed before parsing).
fn describe(marked: &str) -> String {
    let offset = marked
        .find('‸')
        .unwrap_or_else(|| panic!("no cursor in {marked:?}"));
    let text = marked.replacen('‸', "", 1);
    let root = parse(&text).root.unwrap_or_else(|| panic!("no root"));
    render(&path_at(&root, &text, TextSize::new(offset as u32)))
}

fn render(path: &NodePath<'_>) -> String {
    let segments: Vec<String> = path
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Key(k) => k.clone(),
            PathSegment::Index(i) => format!("[{i}]"),
        })
        .collect();
    let on = match path.on {
        OffsetOn::Key => "key",
        OffsetOn::Value => "value",
        OffsetOn::Inside => "inside",
    };
    assert_eq!(path.nodes.len(), path.segments.len() + 1);
    assert_eq!(path.key.is_some(), path.on == OffsetOn::Key);
    format!("/{} ({on})", segments.join("/"))
}

/// `DOC` with the cursor put at the `at`-th occurrence of `needle`, `shift` bytes into it.
fn at(needle: &str, shift: usize) -> String {
    let offset = DOC
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in DOC"))
        + shift;
    format!("{}‸{}", &DOC[..offset], &DOC[offset..])
}

#[test]
fn paths_in_a_valid_document() {
    let cases = [
        ("start of a root key", at("service", 0)),
        ("end of a root key", at("service", 7)),
        ("a root value", at("cup-test", 3)),
        ("a nested key", at("name", 2)),
        ("an empty value, right after `key:`", at("region:", 7)),
        ("a key in a list item", at("pool", 1)),
        ("a tagged value", at("MyPool", 0)),
        ("the tag itself", at("!Ref", 1)),
        ("a key in a flow mapping", at("method", 0)),
        ("a flow value", at("get}", 1)),
        ("an alias", at("*d", 1)),
        ("the `-` of a list item", at("- http", 0)),
        ("an anchor", at("&d", 1)),
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|(what, marked)| format!("{what}: {}", describe(marked)))
        .collect();
    assert_snapshot!(out.join("\n"));
}

#[test]
fn paths_on_lines_being_typed() {
    let cases = [
        (
            "new key under a mapping",
            "provider:\n  name: aws\n  ‸\nfunctions: {}\n",
        ),
        (
            "half-typed key (a parse error, blanked)",
            "provider:\n  name: aws\n  regi‸\nfunctions: {}\n",
        ),
        ("below an empty value", "provider:\n  ‸\n"),
        ("below an empty value, same indent", "provider:\n‸\n"),
        (
            "new key in a list item mapping",
            "events:\n  - http:\n      path: /x\n    ‸\n",
        ),
        ("new item in a list", "plugins:\n  - a\n  ‸\n"),
        (
            "deeper than a scalar value",
            "provider:\n  name: aws\n    ‸\n",
        ),
        ("at the end of the text", "provider:\n  name: aws\n‸"),
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|(what, marked)| format!("{what}: {}", describe(marked)))
        .collect();
    assert_snapshot!(out.join("\n"));
}
