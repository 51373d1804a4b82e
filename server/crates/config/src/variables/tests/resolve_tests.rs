//! Resolution of every source, with the framework's texts (checked against serverless@3.40.0
//! through the oracle where noted).

use super::support::{MemFiles, run, run_with};

#[test]
fn self_references_keep_types_and_interpolate_as_javascript_does() {
    // Oracle (n1): "x1e+21|0.1|1.5|1e-7|...|false".
    let src = r#"service: svc
custom:
  n1: 1e21
  n2: 0.1
  n3: 1.50
  n4: 1e-7
  b: false
  mem: 512
  which: n2
  obj:
    k: v
    stage: ${sls:stage}
functions:
  f:
    memorySize: ${self:custom.mem}
    obj: ${self:custom.obj}
    text: x${self:custom.n1}|${self:custom.n2}|${self:custom.n3}|${self:custom.n4}|${self:custom.b}
    nested: ${self:custom.${self:custom.which}}
    chars: ${self:service.length}|${self:service.0}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn nested_address() {
    let src = r#"custom:
  which: n2
  n2: second
  stages:
    dev: development
out:
  a: ${self:custom.${self:custom.which}}
  b: ${self:custom.stages.${sls:stage}}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn arrays_join_with_commas_and_objects_cannot_interpolate() {
    let src = r#"custom:
  list:
    - 1
    - two
  obj:
    a: 1
out:
  list: [${self:custom.list}]
  obj: x${self:custom.obj}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn defaults_and_fallbacks() {
    // Oracle (n1): "a,b|q\"uo|5|true|a|b" and "7|-1.5|1000|16".
    let src = r#"custom:
  nul: null
out:
  a: ${opt:x, "a,b"}|${opt:x, "q\"uo"}|${opt:x, 5}|${opt:x, true}|${opt:x, 'a' }|${opt:x,"b"}
  b: ${opt:x, 007}|${opt:x, -1.5}|${opt:x, 1e3}|${opt:x, 0x10}
  c: ${env:NOPE, env:ALSO_NOPE, 'third'}
  d: ${self:custom.nul, 'was null'}
  e: ${opt:x, null}
  f: ${env:HOME_DIR, 'unused'}
  g: ${opt:stage, 'dev'}
"#;
    insta::assert_snapshot!(run_with(
        src,
        &[("HOME_DIR", "/home/me")],
        |_| {},
        &MemFiles::default()
    ));
}

#[test]
fn escapes_are_unescaped_and_not_resolved() {
    // Oracle (n1): "\\1e+21 ${self:custom.n1} \\${x} \\\\1e+21 a\\b \\$x".
    let src = r#"custom:
  n1: 1e21
out:
  b: '\\${self:custom.n1} \${self:custom.n1} \\\${x} \\\\${self:custom.n1} a\b \$x'
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn stage_comes_from_the_cli_then_provider_stage_then_dev() {
    let src = r#"provider:
  stage: ${self:custom.stages.${opt:region, 'eu'}}
custom:
  stages:
    eu: europe
out:
  a: ${sls:stage}
  b: ${self:provider.stage}
  c: ${opt:stage, 'nostage'}
"#;
    // Oracle (g1): europe/europe/nostage; with --stage prod: prod/europe/prod.
    let default = run(src);
    let cli = run_with(
        src,
        &[],
        |ctx| ctx.stage = Some("prod".into()),
        &MemFiles::default(),
    );
    insta::assert_snapshot!(format!("{default}\n--stage prod:\n{cli}"));
    let bare = run("out:\n  a: ${sls:stage}\n");
    assert!(bare.contains("\"a\": \"dev\""), "{bare}");
}

#[test]
fn params_cli_then_stage_then_default() {
    // Oracle (p1): def-a/def-b/def-c/dflt; with --stage prod --param b=cli-b --param "c=x=y  ":
    // def-a/cli-b/x=y.
    let src = r#"params:
  default:
    a: def-a
    b: def-b
    c: def-c
  prod:
    b: prod-b
out:
  a: ${param:a}
  b: ${param:b}
  c: ${param:c}
  d: ${param:d, 'dflt'}
"#;
    let default = run(src);
    let prod = run_with(
        src,
        &[],
        |ctx| {
            ctx.stage = Some("prod".into());
            ctx.params = vec!["b=cli-b".into(), "c=x=y  ".into()];
        },
        &MemFiles::default(),
    );
    insta::assert_snapshot!(format!("{default}\n--stage prod --param ...:\n{prod}"));
}

#[test]
fn missing_param_and_bad_cli_param() {
    let src = "out:\n  a: ${param:zz}\n";
    let missing = run(src);
    let bad = run_with(
        src,
        &[],
        |ctx| ctx.params = vec!["novalue".into()],
        &MemFiles::default(),
    );
    insta::assert_snapshot!(format!("{missing}\n--param novalue:\n{bad}"));
}

#[test]
fn missing_values_are_the_frameworks_errors() {
    // Oracle (e1, e2): the same texts, one line per failing property.
    let src = r#"custom:
  obj:
    a: 1
functions:
  f:
    environment:
      A: ${env:NOPE1}
      B: ${self:custom.missing}
      C: x${self:custom.obj}
      D: ${opt:foo}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn an_error_is_reported_once_where_it_happens() {
    // Oracle (e3): only custom.x is listed, though A depends on it.
    let src = "functions:\n  f:\n    environment:\n      A: ${self:custom.x}\ncustom:\n  x: ${env:NOPE}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn cycles() {
    // Oracle (e5, e9): "Circular reference. "custom.a" refers to itself"; (e4) the pair form.
    let src = r#"custom:
  self: x${self:custom.self}
  a: ${self:custom.b}
  b: ${self:custom.a}
  whole: ${self:}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn early_errors_hide_later_ones() {
    // Oracle (g2): only provider.stage's error is reported.
    let src = "provider:\n  stage: ${env:NOPE_STAGE}\nout:\n  a: ${env:NOPE_A}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn syntax_errors_come_first() {
    // Oracle (e7): a syntax error stops before any resolution.
    let src = "out:\n  a: ${env:NOPE}\n  b: ${self:custom.region\n  c: ${env:X, ${self:y}}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn likely_typos() {
    // Oracle (e6): `${self:custom:region}` is only "Value not found at "self" source".
    let src = "custom:\n  region: x\nout:\n  a: ${self:custom:region}\n  b: '{$self:custom.region}'\n  c: ${self:custom:region, 'fallback'}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn offline_sources_stay_as_written() {
    let src = r#"provider:
  region: ${ssm:/region}
custom:
  fromSsm: ${ssm:/my/param}
out:
  a: ${ssm:/my/param}
  b: ${cf:stack.Output}
  c: ${aws:accountId}
  d: ${sls:instanceId}
  e: ${s3:bucket/key}
  f: ${env:NOPE, ssm:/x}
  g: ${self:custom.fromSsm}
  h: ${aws:region}
"#;
    insta::assert_snapshot!(run(src));
}

#[test]
fn aws_region_resolves_offline() {
    let src = "provider:\n  region: ${opt:region, 'eu-west-1'}\nout:\n  a: ${aws:region}\n";
    let out = run(src);
    assert!(out.contains("\"a\": \"eu-west-1\""), "{out}");
    let cli = run_with(
        src,
        &[],
        |ctx| ctx.region = Some("ap-south-1".into()),
        &MemFiles::default(),
    );
    assert!(cli.contains("\"a\": \"ap-south-1\""), "{cli}");
}

#[test]
fn unknown_sources() {
    // Oracle (e8): `Unrecognized configuration variable sources: "foo", "baz"`.
    let src = "out:\n  a: ${foo:bar}\n  b: ${baz:qux}\n  c: ${output:svc.key}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn str_to_bool() {
    // Oracle (s1, s2, s3): "true"; `strToBool(0)` is "Missing "strToBool" input".
    let src = "custom:\n  t: 'true'\nout:\n  a: ${strToBool(${self:custom.t})}\n  b: ${strToBool(true)}|${strToBool(\"1\")}\n  c: ${strToBool(0)}\n  d: ${strToBool(maybe)}\n";
    insta::assert_snapshot!(run(src));
}

#[test]
fn resolved_values_are_parsed_again() {
    let src = "custom:\n  name: svc\nout:\n  a: ${env:INDIRECT}\n  b: pre-${env:INDIRECT}\n  c: ${env:BROKEN}\n";
    let env = [("INDIRECT", "${self:custom.name}"), ("BROKEN", "${self:x")];
    insta::assert_snapshot!(run_with(src, &env, |_| {}, &MemFiles::default()));
}

#[test]
fn excessive_nesting() {
    let src = "out:\n  a: ${env:LOOP}\n";
    let env = [("LOOP", "x${env:LOOP}")];
    let out = run_with(src, &env, |_| {}, &MemFiles::default());
    assert!(
        out.contains("Excessive property variables nest depth"),
        "{out}"
    );
}

#[test]
fn problems_point_at_the_variable_in_quoted_scalars() {
    let src = "out:\n  a: \"q\\\"${env:NOPE}\"\n  b: 'it''s ${env:NOPE2}'\n";
    let out = run(src);
    assert!(out.contains("\"${env:NOPE}\" at out.a"), "{out}");
    assert!(out.contains("\"${env:NOPE2}\" at out.b"), "{out}");
}

#[test]
fn values_from_the_yaml_loader_resolve_with_exact_ranges() {
    use crate::test_nodes::Src;
    use sls_syntax::ScalarStyle;
    let text = "custom:\n  mem: 512\nfn:\n  a: \"q\\\"${env:NOPE}\"\n  b: ${self:custom.mem}\n  c: !Sub 'x-${self:custom.mem}'\n";
    let src = Src::new(text);
    let custom = (
        src.plain("custom"),
        src.mapping(vec![(src.plain("mem"), src.plain("512"))]),
    );
    let fn_key = src.plain("fn");
    let a = (
        src.plain("a"),
        src.scalar_as(
            "\"q\\\"${env:NOPE}\"",
            "q\"${env:NOPE}",
            ScalarStyle::DoubleQuoted,
        ),
    );
    let b = (src.plain("b"), src.plain("${self:custom.mem}"));
    let c_key = src.plain("c");
    let c = src.tagged("!Sub", |s| {
        s.scalar_as(
            "'x-${self:custom.mem}'",
            "x-${self:custom.mem}",
            ScalarStyle::SingleQuoted,
        )
    });
    let root = src.mapping(vec![custom, (fn_key, src.mapping(vec![a, b, (c_key, c)]))]);
    let (value, diagnostics) = crate::value_from_node(&root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let out = super::support::resolve_value(text, &value);
    insta::assert_snapshot!(out);
}

#[test]
fn resolved_values_carry_the_range_of_the_scalar_that_asked_for_them() {
    use crate::variables::{ResolveContext, resolve};
    let src = "custom:\n  obj:\n    k: v\nout:\n  obj: ${self:custom.obj}\n  env: ${env:E}\n";
    let root = super::support::doc(src);
    let lookup = |k: &str| (k == "E").then(|| "e".to_owned());
    let files = MemFiles::default();
    let ctx = ResolveContext::new("/svc", &lookup, &files);
    let (value, problems) = resolve(&root, &ctx);
    assert!(problems.is_empty(), "{problems:?}");
    let at = |needle: &str| {
        let start = src.find(needle).unwrap();
        &src[start..start + needle.len()]
    };
    let text = |v: &crate::Value| &src[std::ops::Range::<usize>::from(v.range)];
    let obj = value.get_path(["out", "obj"]).unwrap();
    assert_eq!(text(obj), at("${self:custom.obj}"));
    // What the object holds was written in `custom`: it keeps those ranges.
    assert_eq!(text(obj.get("k").unwrap()), "v");
    assert_eq!(
        text(value.get_path(["out", "env"]).unwrap()),
        at("${env:E}")
    );
}

#[test]
fn oracle_checks_key_order_whole_object_cycle_and_early_param() {
    // Oracle (m1): one line, "custom.obj.k" refers to itself (B shares its error).
    let m1 = run("out:\n  B: ${self:custom.obj.k}\ncustom:\n  obj:\n    k: ${self:custom}\n");
    // Oracle (m2): integer-like keys first, as JavaScript orders object keys.
    let m2 = run("env:\n  b: ${env:NOPE_B}\n  1: ${env:NOPE_1}\n");
    // Oracle (m3): `param` is not known when `provider.stage` must be.
    let m3 = run("provider:\n  stage: ${param:st}\nparams:\n  default:\n    st: prod\n");
    insta::assert_snapshot!(format!("{m1}\n=== m2\n{m2}\n=== m3\n{m3}"));
}
