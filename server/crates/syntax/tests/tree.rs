//! The tree for valid YAML: every node with its range and the source text under it, so a
//! reviewer can check each range against the text.

use insta::assert_snapshot;
use sls_syntax::render::{render_diagnostics, render_tree};
use sls_syntax::{Node, NodeKind, SyntaxCode, parse};

/// Diagnostics, then the tree.
fn dump(text: &str) -> String {
    let parse = parse(text);
    let mut out = render_diagnostics(&parse.diagnostics, text);
    out.push_str("---\n");
    match &parse.root {
        Some(root) => out.push_str(&render_tree(root, text)),
        None => out.push_str("(no root)\n"),
    }
    out
}

/// The mapping entries' keys of `node`, in order.
fn keys(node: &Node) -> Vec<&str> {
    node.as_mapping()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e.key.as_scalar().map(|s| s.text.as_str()))
        .collect()
}

fn root(text: &str) -> Node {
    parse(text)
        .root
        .unwrap_or_else(|| panic!("no root for {text:?}"))
}

#[test]
fn plain_and_quoted_scalars() {
    assert_snapshot!(dump(concat!(
        "service: cup-test\n",
        "'single key': 'it''s'\n",
        "\"double key\": \"tab\\there \\u00e9\"\n",
        "multi: first\n",
        "  second line\n",
        "quoted multi: \"first\n",
        "  second\"\n",
        "number: 42\n",
        "tilde: ~\n",
        "url: http://example.com/a#b # comment\n",
    )));
}

#[test]
fn block_scalars_run_from_indicator_to_last_content() {
    assert_snapshot!(dump(concat!(
        "literal: |\n",
        "  line 1\n",
        "  line 2\n",
        "\n",
        "folded: >- # why\n",
        "  folded\n",
        "  text\n",
        "keep: |+2\n",
        "    indented\n",
        "\n",
        "tagged: !Sub |\n",
        "  ${AWS::Region}\n",
        "list:\n",
        "  - |\n",
        "    item\n",
        "  - >\n",
        "    other\n",
        "empty: |\n",
        "last: >\n",
        "  no newline at end",
    )));
}

#[test]
fn empty_values_sit_right_after_their_indicator() {
    assert_snapshot!(dump(concat!(
        "newline:\n",
        "comment:   # nothing\n",
        "tilde: ~\n",
        "null: null\n",
        "quoted: ''\n",
        "ref: !Ref\n",
        "list:\n",
        "  - \n",
        "  -\n",
        "  - x\n",
        "flow: {a: , b}\n",
        "end:",
    )));
}

#[test]
fn flow_collections_include_their_brackets() {
    assert_snapshot!(dump(concat!(
        "nested: {a: [1, {b: c}], d: []}\n",
        "multi: [\n",
        "  one,\n",
        "  two\n",
        "]\n",
        "pairs: [a: b, c]\n",
        "list:\n",
        "  - {x: 1}\n",
    )));
}

#[test]
fn tags_keep_their_name_and_own_range() {
    assert_snapshot!(dump(concat!(
        "ref: !Ref MyPool\n",
        "getatt: !GetAtt MyPool.Arn\n",
        "sub: !Sub\n",
        "  - '${a}-${b}'\n",
        "  - {a: x, b: !Ref B}\n",
        "if: !If [IsProd, !Ref A, !Ref AWS::NoValue]\n",
        "join: !Join ['', [a, b]]\n",
        "base64: !Base64\n",
        "  Fn::Sub: x\n",
        "quoted: !Ref \"quoted\"\n",
        "core: !!str 1\n",
        "both: &anchor !Ref X\n",
        "other: !Ref &anchor2 Y\n",
    )));
}

#[test]
fn aliases_are_copies_pointing_at_the_anchored_text() {
    assert_snapshot!(dump(concat!(
        "scalar: &s hello\n",
        "map: &m\n",
        "  a: 1\n",
        "  b: [x, *s]\n",
        "copy: *s\n",
        "copies:\n",
        "  - *m\n",
        "  - *s\n",
    )));
}

#[test]
fn unknown_and_self_referencing_aliases_become_empty_nodes() {
    assert_snapshot!(dump(concat!(
        "a: *missing\n",
        "b: &loop [1, *loop]\n",
        "c: ok\n",
    )));
}

/// Expected orders are js-yaml 4.3.2's (`yaml.load` then `Object.keys`).
#[test]
fn merge_keys_follow_js_yaml_order() {
    let text = concat!(
        "base: &b {x: 1, y: 2, z: 3}\n",
        "other: &o {y: 20, w: 40}\n",
        "m:\n",
        "  a: 0\n",
        "  y: before\n",
        "  <<: [*b, *o]\n",
        "  x: override\n",
        "  q: 9\n",
        "n:\n",
        "  <<: *o\n",
        "  <<: *b\n",
        "  w: 1\n",
        "inline:\n",
        "  k: 1\n",
        "  <<: {k: 2, j: 3}\n",
        "  j: 4\n",
        "nested:\n",
        "  <<: &inner\n",
        "    <<: *b\n",
        "    z: 30\n",
        "  x: 100\n",
        "use: *inner\n",
    );
    let tree = root(text);
    let value = |path: &[&str]| {
        let mut node = &tree;
        for key in path {
            node = node.get(key).unwrap_or_else(|| panic!("no {key}"));
        }
        node.as_scalar().map(|s| s.text.clone()).unwrap_or_default()
    };
    let keys_of = |key: &str| keys(tree.get(key).unwrap_or_else(|| panic!("no {key}")));
    // js-yaml: {"a":"0","y":"before","x":"override","z":"3","w":"40","q":"9"}
    assert_eq!(keys_of("m"), ["a", "y", "x", "z", "w", "q"]);
    assert_eq!(value(&["m", "x"]), "override");
    assert_eq!(value(&["m", "y"]), "before");
    assert_eq!(value(&["m", "w"]), "40");
    // js-yaml: {"y":"20","w":"1","x":"1","z":"3"}
    assert_eq!(keys_of("n"), ["y", "w", "x", "z"]);
    assert_eq!(value(&["n", "y"]), "20");
    assert_eq!(value(&["n", "w"]), "1");
    // js-yaml: {"k":"1","j":"4"}
    assert_eq!(keys_of("inline"), ["k", "j"]);
    assert_eq!(value(&["inline", "j"]), "4");
    // js-yaml: {"x":"100","y":"2","z":"30"} and {"x":"1","y":"2","z":"30"}
    assert_eq!(keys_of("nested"), ["x", "y", "z"]);
    assert_eq!(value(&["nested", "x"]), "100");
    assert_eq!(keys_of("use"), ["x", "y", "z"]);
    assert_eq!(value(&["use", "z"]), "30");

    assert!(parse(text).diagnostics.is_empty());
    assert_snapshot!(dump(text));
}

#[test]
fn merge_keys_that_cannot_merge_are_reported() {
    assert_snapshot!(dump(concat!(
        "a: &a {x: 1}\n",
        "scalar:\n",
        "  <<: 5\n",
        "list:\n",
        "  <<: [*a, 1]\n",
        "unknown:\n",
        "  <<: *nope\n",
        "quoted:\n",
        "  '<<': not a merge\n",
    )));
}

#[test]
fn duplicate_keys_are_kept_and_reported() {
    let text = concat!(
        "provider:\n",
        "  name: aws\n",
        "  name: azure\n",
        "a: &a {x: 1}\n",
        "m:\n",
        "  x: 0\n",
        "  <<: *a\n",
        "  x: 2\n",
        "overridden:\n",
        "  <<: *a\n",
        "  x: 2\n",
        "  x: 3\n",
    );
    let tree = root(text);
    let provider = tree
        .get("provider")
        .unwrap_or_else(|| panic!("no provider"));
    assert_eq!(keys(provider), ["name", "name"]);
    assert_eq!(
        provider
            .get("name")
            .and_then(|n| n.as_scalar())
            .map(|s| s.text.as_str()),
        Some("azure")
    );
    assert_snapshot!(dump(text));
}

#[test]
fn missing_key_before_colon_is_reported() {
    assert_snapshot!(dump("a: 1\n: orphan\nb: 2\n"));
}

#[test]
fn only_the_first_document_is_read() {
    assert_snapshot!(dump("a: 1\n---\nb: 2\n"));
}

#[test]
fn documents_without_content_have_no_root() {
    for text in ["", "\n\n", "# just a comment\n", "---\n"] {
        let parse = parse(text);
        assert!(
            parse.diagnostics.is_empty(),
            "{text:?}: {:?}",
            parse.diagnostics
        );
        let empty = parse.root.as_ref().is_none_or(Node::is_empty_scalar);
        assert!(empty, "{text:?}: {:?}", parse.root);
    }
}

#[test]
fn ranges_count_bytes_in_multibyte_text() {
    assert_snapshot!(dump(concat!(
        "service: café\n",
        "emoji: \"😀 ☃\"\n",
        "nested:\n",
        "  - naïve: !Ref Ünïcode\n",
    )));
}

#[test]
fn explicit_document_and_root_sequence() {
    assert_snapshot!(dump("--- # comment\n- a\n- !Ref b\n...\n"));
}

#[test]
fn written_walk_skips_alias_copies() {
    let text = "a: &a {x: 1, y: [1, 2]}\nb: *a\n";
    let tree = root(text);
    // The root, `a` and its mapping (itself, x, 1, y, the list and its 2 items): 1 + 1 + 7;
    // then `b` and its copy of the mapping: 1 + 7.
    assert_eq!(tree.walk().count(), 17);
    // The copy is not descended into: `b` and the alias node only.
    assert_eq!(tree.walk_written().count(), 11);
    assert!(
        tree.walk_written()
            .all(|n| { n.alias.is_some() || text.get(usize::from(n.range.start())..).is_some() })
    );
    let aliases: Vec<_> = tree.walk().filter(|n| n.alias.is_some()).collect();
    assert_eq!(aliases.len(), 1);
    assert!(matches!(aliases[0].kind, NodeKind::Mapping(_)));
}

#[test]
fn errors_are_reported_by_code() {
    let parse = parse("a: [1\n");
    assert_eq!(parse.diagnostics.len(), 1);
    assert_eq!(parse.diagnostics[0].code, SyntaxCode::Invalid);
    assert_eq!(SyntaxCode::Invalid.as_str(), "yaml-invalid");
}
