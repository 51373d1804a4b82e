//! Hostile input ends quickly with a diagnostic, never with a hang, a stack overflow or a huge
//! tree.

use sls_syntax::{MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH, Node, NodeKind, SyntaxCode, parse};

fn codes(text: &str) -> Vec<SyntaxCode> {
    parse(text).diagnostics.iter().map(|d| d.code).collect()
}

/// The number of collections on the longest path down, counted without recursion.
fn depth(root: &Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 0)];
    while let Some((node, above)) = stack.pop() {
        let here = match &node.kind {
            NodeKind::Scalar(_) => above,
            NodeKind::Sequence(items) => {
                stack.extend(items.iter().map(|i| (i, above + 1)));
                above + 1
            }
            NodeKind::Mapping(entries) => {
                stack.extend(entries.iter().map(|e| (&e.value, above + 1)));
                above + 1
            }
        };
        deepest = deepest.max(here);
    }
    deepest
}

/// Ten levels, each ten aliases of the one before: 10^10 nodes if fully expanded.
fn billion_laughs() -> String {
    let mut text = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let previous = format!("*l{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{items}]\n"));
    }
    text
}

#[test]
fn billion_laughs_stops_at_the_expansion_bound() {
    let text = billion_laughs();
    let parse = parse(&text);
    let limits: Vec<_> = parse
        .diagnostics
        .iter()
        .filter(|d| d.code == SyntaxCode::AliasExpansionLimit)
        .collect();
    assert_eq!(limits.len(), 1, "{:?}", parse.diagnostics);
    assert_eq!(parse.diagnostics.len(), 1);
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    let nodes = root.walk().count();
    assert!(nodes <= 2 * MAX_ALIAS_EXPANSION, "{nodes} nodes");
    // Expansion went as far as the bound allows: levels 0 to 3 are complete copies.
    let l3 = root
        .get("l3")
        .and_then(Node::as_sequence)
        .unwrap_or_default();
    assert!(
        l3.iter()
            .all(|item| item.alias.is_some() && item.as_sequence().is_some())
    );
}

#[test]
fn many_small_aliases_stop_at_the_bound_too() {
    let mut text = String::from("a: &a x\nlist:\n");
    for _ in 0..(MAX_ALIAS_EXPANSION + 10) {
        text.push_str("  - *a\n");
    }
    assert_eq!(codes(&text), [SyntaxCode::AliasExpansionLimit]);
}

#[test]
fn deep_block_nesting_is_cut_at_the_bound() {
    let mut text = String::new();
    for level in 0..1000 {
        text.push_str(&" ".repeat(level));
        text.push_str("k:\n");
    }
    let parse = parse(&text);
    let codes: Vec<_> = parse.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [SyntaxCode::NestingLimit]);
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    assert_eq!(depth(&root), MAX_NESTING_DEPTH);
    // Dropping a tree this deep must not overflow the stack either.
    drop(root);
}

#[test]
fn deep_flow_nesting_is_refused_without_overflow() {
    let text = format!("a: {}{}\nb: 1\n", "[".repeat(100_000), "]".repeat(100_000));
    let parse = parse(&text);
    assert_eq!(
        parse.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [SyntaxCode::NestingLimit]
    );
    // The rest of the document is still read.
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    assert!(root.get("b").is_some());
}

#[test]
fn flow_nesting_under_the_parser_bound_is_cut_by_ours() {
    let mut text = String::new();
    for level in 0..200 {
        text.push_str(&" ".repeat(level));
        text.push_str("k:\n");
    }
    text.push_str(&" ".repeat(200));
    text.push_str(&format!("k: {}{}\n", "[".repeat(100), "]".repeat(100)));
    let parse = parse(&text);
    assert_eq!(
        parse.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [SyntaxCode::NestingLimit]
    );
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    assert_eq!(depth(&root), MAX_NESTING_DEPTH);
}

#[test]
fn an_alias_cannot_push_a_deep_node_past_the_bound() {
    let mut text = String::from("deep: &d ");
    text.push_str(&"[".repeat(200));
    text.push_str(&"]".repeat(200));
    text.push('\n');
    // 100 levels of block mappings, then the 200-deep alias.
    for level in 0..100 {
        text.push_str(&" ".repeat(level));
        text.push_str("k:\n");
    }
    text.push_str(&" ".repeat(100));
    text.push_str("k: *d\n");
    let parse = parse(&text);
    assert_eq!(
        parse.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [SyntaxCode::NestingLimit]
    );
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    assert!(depth(&root) <= MAX_NESTING_DEPTH);
}

#[test]
fn anchors_nested_in_anchors_are_not_copied_without_bound() {
    // 200 anchored lists around a 10,000-item list: keeping every anchored node aside would
    // copy 2 million nodes.
    let mut text = String::from("a: ");
    for level in 0..200 {
        text.push_str(&format!("&a{level} ["));
    }
    text.push_str(&["x"; 10_000].join(", "));
    text.push_str(&"]".repeat(200));
    text.push_str("\nb: *a0\nc: *a199\n");
    let parse = parse(&text);
    assert_eq!(
        parse.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        [SyntaxCode::AliasExpansionLimit]
    );
    let root = parse.root.unwrap_or_else(|| panic!("no root"));
    // The innermost anchor was small enough to keep: its alias is a full copy.
    let c = root
        .get("c")
        .and_then(Node::as_sequence)
        .unwrap_or_default();
    assert_eq!(c.len(), 10_000);
    assert!(root.get("b").is_some_and(Node::is_empty_scalar));
}

#[test]
fn many_unknown_aliases_are_all_reported() {
    // An anchor renamed while 40 aliases still use the old name.
    let mut text = String::from("defaults: &renamed {a: 1}\nfunctions:\n");
    for i in 0..40 {
        text.push_str(&format!("  f{i}: *defaults\n"));
    }
    text.push_str("last: 1\n");
    let parse = parse(&text);
    assert_eq!(parse.diagnostics.len(), 40);
    assert!(
        parse
            .diagnostics
            .iter()
            .all(|d| d.code == SyntaxCode::UnknownAlias)
    );
    assert!(parse.root.is_some_and(|root| root.get("last").is_some()));
}
