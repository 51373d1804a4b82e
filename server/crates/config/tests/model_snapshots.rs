//! The service model of the seed cases, each field with the source text its range covers, so a
//! snapshot shows both what the model reads and that the ranges are right.

use std::fmt::Write;

use sls_config::{Service, Value, value_from_node};

fn render(yaml: &str) -> String {
    let parse = sls_syntax::parse(yaml);
    assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
    let (root, diagnostics) = value_from_node(parse.root.as_ref().expect("a document"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let source = |range: sls_config::TextRange| format!("{:?}", &yaml[range]);
    let field = |out: &mut String, indent: &str, name: &str, value: Option<&Value>| {
        if let Some(value) = value {
            let json = serde_json::to_string(&value.to_json()).unwrap();
            writeln!(out, "{indent}{name}: {json}  <- {}", source(value.range)).unwrap();
        }
    };

    let service = Service::new(&root);
    let mut out = String::new();
    field(&mut out, "", "service", service.name());
    for function in service.functions() {
        writeln!(
            out,
            "function {:?}  <- {}",
            function.key,
            source(function.key_range)
        )
        .unwrap();
        field(&mut out, "  ", "handler", function.get("handler"));
        for event in function.events() {
            let (kind, kind_range) = event.kind.expect("an event kind");
            writeln!(
                out,
                "  event {} {kind}  <- {}",
                event.index,
                source(kind_range)
            )
            .unwrap();
            writeln!(out, "    item  <- {}", source(event.value.range)).unwrap();
            if let Some(cognito) = event.cognito() {
                field(&mut out, "    ", "pool", cognito.pool);
                field(&mut out, "    ", "trigger", cognito.trigger);
                field(&mut out, "    ", "existing", cognito.existing);
                field(&mut out, "    ", "forceDeploy", cognito.force_deploy);
                field(&mut out, "    ", "kmsKeyId", cognito.kms_key_id);
                field(&mut out, "    ", "lambdaVersion", cognito.lambda_version);
                writeln!(out, "    is_existing: {}", cognito.is_existing()).unwrap();
            }
        }
    }
    if let Some(resources) = service
        .resources()
        .and_then(|r| r.get("Resources"))
        .and_then(Value::as_mapping)
    {
        for (id, entry) in resources.iter() {
            writeln!(out, "resource {id:?}  <- {}", source(entry.key_range)).unwrap();
            field(&mut out, "  ", "value", Some(&entry.value));
        }
    }
    out
}

#[test]
fn seed_models() {
    insta::glob!("fixtures/0*/serverless.yml", |path| {
        let yaml = std::fs::read_to_string(path).unwrap();
        insta::assert_snapshot!(render(&yaml));
    });
}
