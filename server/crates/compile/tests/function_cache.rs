//! Reusing the compiled functions of an earlier compilation changes nothing: every recorded
//! service, edited in the ways that change what a function's compilation reads (the provider's
//! settings, `package`, the stage, the function itself, the position of everything), compiles
//! to the same template, provenance, warnings and error with the earlier compilation's
//! functions as without them, and unchanged functions are reused.

#[allow(dead_code, reason = "each test uses some of the helpers")]
mod support;

use sls_compile::{
    CompileFailure, CompileOptions, Compiled, FunctionCache, Previous, compile_coerced,
};
use support::{inserted, options_and_another_stage, recorded_services as services};

fn compile(
    text: &str,
    options: &CompileOptions,
    previous: Option<&FunctionCache>,
) -> Option<Result<Compiled, CompileFailure>> {
    let root = sls_syntax::parse(text).root?;
    let (value, _) = sls_config::value_from_node(&root);
    let (resolved, _) = sls_compile::resolve_config_variables(&value, options, "serverless.yml");
    let (coerced, violations) = sls_config::check_and_coerce(resolved);
    let previous = previous.map(|functions| Previous {
        functions,
        base: None,
        edited: None,
    });
    Some(compile_coerced(&coerced, violations, options, previous))
}

fn assert_same(
    reusing: &Option<Result<Compiled, CompileFailure>>,
    fresh: &Option<Result<Compiled, CompileFailure>>,
    what: &str,
) {
    match (reusing, fresh) {
        (Some(Ok(reusing)), Some(Ok(fresh))) => {
            assert_eq!(reusing.template, fresh.template, "{what}: template");
            assert_eq!(reusing.provenance, fresh.provenance, "{what}: provenance");
            assert_eq!(reusing.warnings, fresh.warnings, "{what}: warnings");
        }
        (Some(Err(reusing)), Some(Err(fresh))) => {
            assert_eq!(reusing.error, fresh.error, "{what}: error");
            assert_eq!(reusing.warnings, fresh.warnings, "{what}: warnings");
        }
        (None, None) => {}
        _ => panic!("{what}: one compiled and the other did not"),
    }
}

/// The edits: each changes something a function's compilation reads, or moves the functions.
fn edits(text: &str) -> Vec<(&'static str, String)> {
    let provider = |setting: &str| inserted(text, "provider:", setting);
    vec![
        ("a comment above everything", format!("# moved\n{text}")),
        ("provider memorySize", provider("  memorySize: 512\n")),
        ("provider runtime", provider("  runtime: python3.12\n")),
        ("provider tags", provider("  tags:\n    team: x\n")),
        (
            "provider tracing",
            provider("  tracing:\n    lambda: true\n"),
        ),
        (
            "provider kmsKeyArn",
            provider("  kmsKeyArn: arn:aws:kms:us-east-1:1:key/k\n"),
        ),
        (
            "provider versionFunctions",
            provider("  versionFunctions: false\n"),
        ),
        (
            "provider deploymentBucket",
            provider("  deploymentBucket: b\n"),
        ),
        (
            "provider environment",
            provider("  environment:\n    A: ${sls:stage}\n"),
        ),
        (
            "provider role",
            provider("  iam:\n    role: arn:aws:iam::1:role/r\n"),
        ),
        (
            "package individually",
            inserted(text, "package:", "  individually: true\n"),
        ),
        (
            "a function added first",
            inserted(text, "functions:", "  added:\n    handler: added.handler\n"),
        ),
        (
            "a handler changed",
            text.replacen("handler: ", "handler: x", 1),
        ),
    ]
}

#[test]
fn reusing_compiled_functions_changes_nothing() {
    let (options, other_stage) = options_and_another_stage();
    let cache_of = |compiled: &Option<Result<Compiled, CompileFailure>>| match compiled {
        Some(Ok(c)) => c.function_cache.clone(),
        Some(Err(f)) => f.function_cache.clone(),
        None => FunctionCache::default(),
    };
    for path in services() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let base = compile(&text, &options, None);
        let base_cache = cache_of(&base);
        for (edit, edited) in edits(&text) {
            let what = format!("{}: {edit}", path.display());
            let reusing = compile(&edited, &options, Some(&base_cache));
            assert_same(&reusing, &compile(&edited, &options, None), &what);
            // And back: the edited service's functions reused for the original.
            let back = compile(&text, &options, Some(&cache_of(&reusing)));
            assert_same(&back, &base, &format!("{what}, and back"));
            // An edit that only moves the functions keeps every one of them (unless variables
            // or aliases bring values from elsewhere, which then count where they came from).
            let moves_only =
                edit == "a comment above everything" || edit == "a function added first";
            if moves_only && !text.contains("${self:") && !text.contains('&') {
                assert_eq!(
                    cache_of(&reusing).reused(),
                    base_cache.len(),
                    "{what}: functions reused"
                );
            }
        }
        let what = format!("{}: another stage", path.display());
        let staged = compile(&text, &other_stage, Some(&base_cache));
        assert_same(&staged, &compile(&text, &other_stage, None), &what);
    }
}
