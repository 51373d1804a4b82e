//! The broken-input corpus: serverless.yml files caught mid-edit. For each, the diagnostics
//! (where, which code, what message) and an outline of the tree recovered around them.

use std::fs;

use insta::{assert_snapshot, glob};
use sls_syntax::parse;
use sls_syntax::render::{render_diagnostics, render_outline};

#[test]
fn broken_inputs_are_reported_and_the_rest_recovered() {
    glob!("broken/*.yml", |path| {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let parse = parse(&text);
        let mut out = render_diagnostics(&parse.diagnostics, &text);
        out.push_str("---\n");
        match &parse.root {
            Some(root) => out.push_str(&render_outline(root)),
            None => out.push_str("(no root)\n"),
        }
        assert_snapshot!(out);
    });
}
