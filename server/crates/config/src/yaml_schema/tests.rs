use serde_json::json;
use sls_syntax::ScalarStyle;

use super::value_from_node;
use crate::diagnostic::DiagnosticCode;
use crate::test_nodes::{Src, merged};
use crate::{ConfigDiagnostic, Value};

fn load(node: &sls_syntax::Node) -> (serde_json::Value, Vec<ConfigDiagnostic>) {
    let (value, diagnostics) = value_from_node(node);
    (value.to_json(), diagnostics)
}

fn codes(diagnostics: &[ConfigDiagnostic]) -> Vec<DiagnosticCode> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// `k: <value>` with one plain scalar value.
fn plain_value(text: &str) -> serde_json::Value {
    let source = format!("k: {text}");
    let src = Src::new(&source);
    let root = src.mapping(vec![(src.plain("k"), src.plain(text))]);
    let (json, diagnostics) = load(&root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    json["k"].clone()
}

#[test]
fn plain_scalars_take_the_core_schema_types() {
    let cases = [
        ("~", json!(null)),
        ("null", json!(null)),
        ("NULL", json!(null)),
        ("true", json!(true)),
        ("False", json!(false)),
        ("yes", json!("yes")),
        ("12", json!(12)),
        ("-0", json!(0)),
        ("0x1F", json!(31)),
        ("0o17", json!(15)),
        ("0b101", json!(5)),
        ("1_000", json!("1_000")),
        ("1.5", json!(1.5)),
        ("1e3", json!(1000)),
        ("-0.0", json!(0)),
        // After the framework's JSON round trip:
        (".inf", json!(null)),
        ("-.Inf", json!(null)),
        (".NaN", json!(null)),
        ("2001-12-14", json!("2001-12-14T00:00:00.000Z")),
        ("MyUserPool", json!("MyUserPool")),
    ];
    for (text, expected) in cases {
        assert_eq!(plain_value(text), expected, "{text:?}");
    }
}

#[test]
fn negative_zero_is_plain_zero() {
    let src = Src::new("k: -0.0");
    let root = src.mapping(vec![(src.plain("k"), src.plain("-0.0"))]);
    let (value, _) = value_from_node(&root);
    let n = value.get("k").and_then(Value::as_f64).unwrap();
    assert!(n == 0.0 && n.is_sign_positive());
}

#[test]
fn quoted_block_and_empty_scalars() {
    let src = Src::new("a: \"123\"\nb: |\n  true\nc:\n");
    let root = src.mapping(vec![
        (src.plain("a"), src.double_quoted("123")),
        (
            src.plain("b"),
            src.scalar_as("|\n  true", "true\n", ScalarStyle::Literal),
        ),
        (src.plain("c"), src.empty()),
    ]);
    let (json, diagnostics) = load(&root);
    assert!(diagnostics.is_empty());
    assert_eq!(json, json!({"a": "123", "b": "true\n", "c": null}));
}

#[test]
fn ranges_are_the_nodes_and_keys_ranges() {
    let src = Src::new("pool: MyUserPool\ntrigger: PreSignUp");
    let root = src.mapping(vec![
        (src.plain("pool"), src.plain("MyUserPool")),
        (src.plain("trigger"), src.plain("PreSignUp")),
    ]);
    let (value, _) = value_from_node(&root);
    let mapping = value.as_mapping().unwrap();
    let pool = mapping.entry("pool").unwrap();
    assert_eq!(src.slice(pool.key_range), "pool");
    assert_eq!(src.slice(pool.value.range), "MyUserPool");
    assert_eq!(src.slice(value.range), src.text);
}

#[test]
fn ref_becomes_an_object_spanning_tag_and_value() {
    let src = Src::new("k: !Ref MyParam");
    let root = src.mapping(vec![(
        src.plain("k"),
        src.tagged("!Ref", |s| s.plain("MyParam")),
    )]);
    let (value, diagnostics) = value_from_node(&root);
    assert!(diagnostics.is_empty());
    assert_eq!(value.to_json(), json!({"k": {"Ref": "MyParam"}}));
    let object = value.get("k").unwrap();
    assert_eq!(src.slice(object.range), "!Ref MyParam");
    let entry = object.as_mapping().unwrap().entry("Ref").unwrap();
    assert_eq!(src.slice(entry.key_range), "!Ref");
    assert_eq!(src.slice(entry.value.range), "MyParam");
}

#[test]
fn tagged_scalars_are_never_typed() {
    let src = Src::new("a: !Ref 123\nb: !Condition true\nc: !Base64 ~");
    let root = src.mapping(vec![
        (src.plain("a"), src.tagged("!Ref", |s| s.plain("123"))),
        (
            src.plain("b"),
            src.tagged("!Condition", |s| s.plain("true")),
        ),
        (src.plain("c"), src.tagged("!Base64", |s| s.plain("~"))),
    ]);
    let (json, _) = load(&root);
    assert_eq!(
        json,
        json!({"a": {"Ref": "123"}, "b": {"Condition": "true"}, "c": {"Fn::Base64": "~"}})
    );
}

#[test]
fn a_short_form_on_nothing_holds_null() {
    let src = Src::new("a: !Ref\nb: !GetAtt\n");
    let root = src.mapping(vec![
        (src.plain("a"), src.tagged("!Ref", |s| s.empty())),
        (src.plain("b"), src.tagged("!GetAtt", |s| s.empty())),
    ]);
    let (json, _) = load(&root);
    assert_eq!(json, json!({"a": {"Ref": null}, "b": {"Fn::GetAtt": null}}));
}

#[test]
fn get_att_splits_at_the_first_dot_with_a_range_per_part() {
    let src = Src::new("a: !GetAtt kmsKey.Arn.x\nb: !GetAtt \"q.r\"\nc: !GetAtt solo");
    let root = src.mapping(vec![
        (
            src.plain("a"),
            src.tagged("!GetAtt", |s| s.plain("kmsKey.Arn.x")),
        ),
        (
            src.plain("b"),
            src.tagged("!GetAtt", |s| s.double_quoted("q.r")),
        ),
        (src.plain("c"), src.tagged("!GetAtt", |s| s.plain("solo"))),
    ]);
    let (value, _) = value_from_node(&root);
    assert_eq!(
        value.to_json(),
        json!({
            "a": {"Fn::GetAtt": ["kmsKey", "Arn.x"]},
            "b": {"Fn::GetAtt": ["q", "r"]},
            "c": {"Fn::GetAtt": ["solo", ""]},
        })
    );
    let parts = |key: &str| -> Vec<&str> {
        value
            .get_path([key, "Fn::GetAtt"])
            .and_then(Value::as_sequence)
            .unwrap()
            .iter()
            .map(|v| src.slice(v.range))
            .collect()
    };
    assert_eq!(parts("a"), ["kmsKey", "Arn.x"]);
    assert_eq!(parts("b"), ["q", "r"]);
    assert_eq!(parts("c"), ["solo", ""]);
}

#[test]
fn short_forms_on_collections_wrap_them() {
    let src = Src::new("a: !GetAtt [x, y.z]\nb: !Sub [s, {v: 1}]\nc: !Join {d: e}");
    let root = src.mapping(vec![
        (
            src.plain("a"),
            src.tagged("!GetAtt", |s| {
                s.sequence(vec![s.plain("x"), s.plain("y.z")])
            }),
        ),
        (
            src.plain("b"),
            src.tagged("!Sub", |s| {
                s.sequence(vec![
                    s.plain("s"),
                    s.mapping(vec![(s.plain("v"), s.plain("1"))]),
                ])
            }),
        ),
        (
            src.plain("c"),
            src.tagged("!Join", |s| s.mapping(vec![(s.plain("d"), s.plain("e"))])),
        ),
    ]);
    let (json, diagnostics) = load(&root);
    assert!(diagnostics.is_empty());
    assert_eq!(
        json,
        json!({
            "a": {"Fn::GetAtt": ["x", "y.z"]},
            "b": {"Fn::Sub": ["s", {"v": 1}]},
            "c": {"Fn::Join": {"d": "e"}},
        })
    );
}

#[test]
fn every_short_form_of_the_schema() {
    let cases = [
        ("And", "Fn::And"),
        ("Base64", "Fn::Base64"),
        ("Cidr", "Fn::Cidr"),
        ("Condition", "Condition"),
        ("Equals", "Fn::Equals"),
        ("FindInMap", "Fn::FindInMap"),
        ("GetAZs", "Fn::GetAZs"),
        ("If", "Fn::If"),
        ("ImportValue", "Fn::ImportValue"),
        ("Join", "Fn::Join"),
        ("Not", "Fn::Not"),
        ("Or", "Fn::Or"),
        ("Ref", "Ref"),
        ("Select", "Fn::Select"),
        ("Split", "Fn::Split"),
        ("Sub", "Fn::Sub"),
    ];
    for (tag, key) in cases {
        let source = format!("k: !{tag} v");
        let src = Src::new(&source);
        let root = src.mapping(vec![(
            src.plain("k"),
            src.tagged(&format!("!{tag}"), |s| s.plain("v")),
        )]);
        let (json, diagnostics) = load(&root);
        assert!(diagnostics.is_empty(), "{tag}");
        assert_eq!(json, json!({"k": {key: "v"}}), "{tag}");
    }
}

#[test]
fn unknown_tags_are_reported_at_the_tag_and_dropped() {
    for (tag, message) in [
        ("!Foo", "unknown tag !<!Foo>"),
        ("!Transform", "unknown tag !<!Transform>"),
        ("!ref", "unknown tag !<!ref>"),
        ("!!foo", "unknown tag !<tag:yaml.org,2002:foo>"),
    ] {
        let source = format!("k: {tag} 12");
        let src = Src::new(&source);
        let root = src.mapping(vec![(src.plain("k"), src.tagged(tag, |s| s.plain("12")))]);
        let (json, diagnostics) = load(&root);
        assert_eq!(json, json!({"k": 12}), "{tag}");
        assert_eq!(codes(&diagnostics), [DiagnosticCode::UnknownTag], "{tag}");
        assert_eq!(diagnostics[0].message, message);
        assert_eq!(src.slice(diagnostics[0].range), tag);
    }
}

#[test]
fn standard_tags() {
    let src = Src::new(
        "a: !!str 12\nb: !!int \"12\"\nc: !!float 1\nd: !!bool \"TRUE\"\ne: !!null\nf: ! 12\ng: !!binary aGk=\nh: !!timestamp 2001-01-01\ni: !!str\nj: !!seq\n",
    );
    let root = src.mapping(vec![
        (src.plain("a"), src.tagged("!!str", |s| s.plain("12"))),
        (
            src.plain("b"),
            src.tagged("!!int", |s| s.double_quoted("12")),
        ),
        (src.plain("c"), src.tagged("!!float", |s| s.plain("1"))),
        (
            src.plain("d"),
            src.tagged("!!bool", |s| s.double_quoted("TRUE")),
        ),
        (src.plain("e"), src.tagged("!!null", |s| s.empty())),
        (src.plain("f"), src.tagged("!", |s| s.plain("12"))),
        (src.plain("g"), src.tagged("!!binary", |s| s.plain("aGk="))),
        (
            src.plain("h"),
            src.tagged("!!timestamp", |s| s.plain("2001-01-01")),
        ),
        (src.plain("i"), src.tagged("!!str", |s| s.empty())),
        (src.plain("j"), src.tagged("!!seq", |s| s.empty())),
    ]);
    let (json, diagnostics) = load(&root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        json,
        json!({
            "a": "12", "b": 12, "c": 1, "d": true, "e": null, "f": "12",
            "g": {"0": 104, "1": 105}, "h": "2001-01-01T00:00:00.000Z", "i": "", "j": [],
        })
    );
}

#[test]
fn standard_tags_js_yaml_refuses() {
    let src = Src::new("a: !!int abc\nb: !!str [1]\nc: !!set {x: 1}\nd: !!bool\n");
    let root = src.mapping(vec![
        (src.plain("a"), src.tagged("!!int", |s| s.plain("abc"))),
        (
            src.plain("b"),
            src.tagged("!!str", |s| s.sequence(vec![s.plain("1")])),
        ),
        (
            src.plain("c"),
            src.tagged("!!set", |s| s.mapping(vec![(s.plain("x"), s.plain("1"))])),
        ),
        (src.plain("d"), src.tagged("!!bool", |s| s.empty())),
    ]);
    let (json, diagnostics) = load(&root);
    assert_eq!(
        json,
        json!({"a": "abc", "b": [1], "c": {"x": 1}, "d": null})
    );
    let messages: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (src.slice(d.range), d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "!!int",
                "cannot resolve a node with !<tag:yaml.org,2002:int> explicit tag"
            ),
            ("!!str", "unknown tag !<tag:yaml.org,2002:str>"),
            (
                "!!set",
                "cannot resolve a node with !<tag:yaml.org,2002:set> explicit tag"
            ),
            (
                "!!bool",
                "cannot resolve a node with !<tag:yaml.org,2002:bool> explicit tag"
            ),
        ]
    );
}

#[test]
fn pairs_become_arrays() {
    let src = Src::new("k: !!pairs [a: 1, b: 2]");
    let root = src.mapping(vec![(
        src.plain("k"),
        src.tagged("!!pairs", |s| {
            s.sequence(vec![
                s.mapping(vec![(s.plain("a"), s.plain("1"))]),
                s.mapping(vec![(s.plain("b"), s.plain("2"))]),
            ])
        }),
    )]);
    assert_eq!(load(&root).0, json!({"k": [["a", 1], ["b", 2]]}));
}

#[test]
fn keys_are_javascript_strings() {
    let src = Src::new("1.0: a\n~: b\n0x1F: c\ntrue: d\n.inf: e\n\"q\": f\n");
    let root = src.mapping(vec![
        (src.plain("1.0"), src.plain("a")),
        (src.plain("~"), src.plain("b")),
        (src.plain("0x1F"), src.plain("c")),
        (src.plain("true"), src.plain("d")),
        (src.plain(".inf"), src.plain("e")),
        (src.double_quoted("q"), src.plain("f")),
    ]);
    let (json, diagnostics) = load(&root);
    assert!(diagnostics.is_empty());
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    // A JavaScript object lists array-index keys first, in numeric order.
    assert_eq!(keys, ["1", "31", "null", "true", "Infinity", "q"]);
}

#[test]
fn collection_keys_are_stringified_and_reported() {
    let src = Src::new("[a, ~, 1.50]: x\n{b: 1}: y\n!Ref r: z\n[[n]]: w\n");
    let root = src.mapping(vec![
        (
            src.sequence(vec![src.plain("a"), src.plain("~"), src.plain("1.50")]),
            src.plain("x"),
        ),
        (
            src.mapping(vec![(src.plain("b"), src.plain("1"))]),
            src.plain("y"),
        ),
        (src.tagged("!Ref", |s| s.plain("r")), src.plain("z")),
        (
            src.sequence(vec![src.sequence(vec![src.plain("n")])]),
            src.plain("w"),
        ),
    ]);
    let (json, diagnostics) = load(&root);
    assert_eq!(json, json!({"a,,1.5": "x", "[object Object]": "z"}));
    assert_eq!(
        codes(&diagnostics),
        [
            DiagnosticCode::ComplexKey,
            DiagnosticCode::ComplexKey,
            DiagnosticCode::ComplexKey,
            DiagnosticCode::DuplicateKey,
            DiagnosticCode::NestedSequenceKey,
        ]
    );
    assert_eq!(
        diagnostics[0].message,
        "a key that is not a scalar: the framework reads it as the string 'a,,1.5'"
    );
}

#[test]
fn duplicate_keys_last_wins_in_the_first_position() {
    let src = Src::new("a: 1\nb: 2\na: 3\n1: x\n0x1: y\n");
    let root = src.mapping(vec![
        (src.plain("a"), src.plain("1")),
        (src.plain("b"), src.plain("2")),
        (src.plain("a"), src.plain("3")),
        (src.plain("1"), src.plain("x")),
        (src.plain("0x1"), src.plain("y")),
    ]);
    let (value, diagnostics) = value_from_node(&root);
    assert_eq!(
        serde_json::to_string(&value.to_json()).unwrap(),
        r#"{"1":"y","a":3,"b":2}"#
    );
    let a = value.as_mapping().unwrap().entry("a").unwrap();
    assert_eq!(
        a.key_range.start(),
        sls_text::TextSize::from(10),
        "the later key"
    );
    // `a` twice is the syntax layer's to report; `1` and `0x1` differ in the text.
    assert_eq!(codes(&diagnostics), [DiagnosticCode::DuplicateKey]);
    assert_eq!(src.slice(diagnostics[0].range), "0x1");
    assert_eq!(diagnostics[0].message, "duplicated mapping key");
}

#[test]
fn merged_keys_yield_to_explicit_ones() {
    // `x: 1` then `<<: {x: 2, y: 3}` then `y: 4`, as the syntax layer resolves the merge.
    let src = Src::new("x: 1\n<<: {x: 2, y: 3}\ny: 4\n");
    let mut root = src.mapping(vec![(src.plain("x"), src.plain("1"))]);
    let merge_range = src.find("{x: 2, y: 3}");
    let src2 = Src::new(src.text);
    src2.find("<<");
    let (x2, v2, y3, v3) = (
        src2.plain("x"),
        src2.plain("2"),
        src2.plain("y"),
        src2.plain("3"),
    );
    let (y4, v4) = (src2.plain("y"), src2.plain("4"));
    if let sls_syntax::NodeKind::Mapping(entries) = &mut root.kind {
        entries.push(merged(x2, v2, merge_range));
        entries.push(merged(y3, v3, merge_range));
        entries.push(sls_syntax::Entry {
            key: y4,
            value: v4,
            merged_from: None,
        });
    }
    let (value, diagnostics) = value_from_node(&root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        serde_json::to_string(&value.to_json()).unwrap(),
        r#"{"x":1,"y":4}"#
    );
}
