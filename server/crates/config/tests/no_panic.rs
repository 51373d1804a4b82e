//! Whatever the text, loading, checking and coercing it gives an answer, never a panic.

use proptest::prelude::*;

/// Pieces that make YAML with tags, flow collections, keys and the event schema's words.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_owned()),
        Just("  ".to_owned()),
        Just("- ".to_owned()),
        Just(": ".to_owned()),
        Just("functions:".to_owned()),
        Just("events:".to_owned()),
        Just("cognitoUserPool:".to_owned()),
        Just("pool".to_owned()),
        Just("trigger".to_owned()),
        Just("existing".to_owned()),
        Just("kmsKeyId".to_owned()),
        Just("!Ref ".to_owned()),
        Just("!GetAtt a.b".to_owned()),
        Just("!!str ".to_owned()),
        Just("!!binary ".to_owned()),
        Just("!Foo ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(", ".to_owned()),
        Just("? ".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("<<: ".to_owned()),
        Just("~".to_owned()),
        Just("0x1F".to_owned()),
        Just(".inf".to_owned()),
        Just("2001-12-14".to_owned()),
        Just("\"q\"".to_owned()),
        "[a-zA-Z0-9 ._-]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn never_panics(text in yamlish()) {
        let parse = sls_syntax::parse(&text);
        if let Some(root) = parse.root.as_ref() {
            let (value, _) = sls_config::value_from_node(root);
            let _ = sls_config::check(&value, "serverless.yml");
            let coerced = sls_config::coerce(value);
            // Coercing twice changes nothing more.
            prop_assert_eq!(sls_config::coerce(coerced.clone()), coerced);
        }
    }
}
