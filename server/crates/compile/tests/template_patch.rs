//! Patching the previous template gives what building it again gives: every recorded service,
//! edited inside a function (what the editor sees on most keystrokes) and elsewhere (where
//! the patch must decline), compiles to the same template (byte for byte, keys in order),
//! provenance, warnings and error with the previous compilation to patch as without it; and
//! edits that change only a function's own resources are patched.

#[allow(dead_code, reason = "each test uses some of the helpers")]
mod support;

use sls_compile::{
    CompileFailure, CompileOptions, Compiled, PatchBase, Previous, TemplateCopy, compile_coerced,
};
use sls_config::Value;
use support::{inserted, options_and_another_stage, recorded_services};

type Outcome = Result<Compiled, CompileFailure>;

fn coerced(
    text: &str,
    options: &CompileOptions,
) -> Option<(Value, Vec<sls_compile::SchemaViolation>)> {
    let root = sls_syntax::parse(text).root?;
    let (value, _) = sls_config::value_from_node(&root);
    let (resolved, _) = sls_compile::resolve_config_variables(&value, options, "serverless.yml");
    Some(sls_config::check_and_coerce(resolved))
}

/// `text` compiled afresh: its config and the outcome.
fn fresh(text: &str, options: &CompileOptions) -> Option<(Value, Outcome)> {
    let (config, violations) = coerced(text, options)?;
    let outcome = compile_coerced(&config, violations, options, None);
    Some((config, outcome))
}

/// `text` compiled with `base` (an earlier version's config and successful outcome) to patch,
/// from a copy of its template made beforehand.
fn patched(text: &str, options: &CompileOptions, base: (&Value, &Compiled)) -> Option<Outcome> {
    patched_from(text, options, base, true)
}

/// [`patched`], with the copy made beforehand or not (the patch then makes it).
fn patched_from(
    text: &str,
    options: &CompileOptions,
    base: (&Value, &Compiled),
    copied: bool,
) -> Option<Outcome> {
    let (config, violations) = coerced(text, options)?;
    let (base_config, base_compiled) = base;
    let previous = Previous {
        functions: &base_compiled.function_cache,
        base: Some(PatchBase {
            config: base_config,
            compiled: base_compiled,
            copy: copied.then(|| TemplateCopy::of(base_compiled)),
        }),
        edited: None,
    };
    Some(compile_coerced(
        &config,
        violations,
        options,
        Some(previous),
    ))
}

fn assert_same(patched: &Outcome, fresh: &Outcome, what: &str) {
    match (patched, fresh) {
        (Ok(patched), Ok(fresh)) => {
            // `==` on JSON objects ignores the order of keys; the text does not.
            let text = |c: &Compiled| serde_json::to_string_pretty(&c.template).expect("json");
            assert_eq!(text(patched), text(fresh), "{what}: template");
            assert_eq!(patched.provenance, fresh.provenance, "{what}: provenance");
            assert_eq!(patched.warnings, fresh.warnings, "{what}: warnings");
        }
        (Err(patched), Err(fresh)) => {
            assert_eq!(patched.error, fresh.error, "{what}: error");
            assert_eq!(patched.warnings, fresh.warnings, "{what}: warnings");
        }
        _ => panic!("{what}: one compiled and the other did not"),
    }
}

/// `copy` is a copy of `compiled`'s template (as text: keys in order) and provenance.
fn assert_copy(copy: TemplateCopy, compiled: &Compiled, what: &str) {
    let text = |t: &serde_json::Value| serde_json::to_string(t).expect("json");
    assert_eq!(
        text(&copy.template),
        text(&compiled.template),
        "{what}: copy"
    );
    assert_eq!(
        copy.provenance, compiled.provenance,
        "{what}: copied provenance"
    );
}

/// The first line setting `key` (`handler:`, ...) and its indentation.
fn line_setting<'t>(text: &'t str, key: &str) -> Option<(&'t str, &'t str)> {
    let line = text.lines().find(|l| l.trim_start().starts_with(key))?;
    let indent = &line[..line.len() - line.trim_start().len()];
    Some((line, indent))
}

/// `text` with `typed` typed at the end of the first line setting `key`, if there is one.
fn typed_after(text: &str, key: &str, typed: &str) -> String {
    match line_setting(text, key) {
        Some((line, _)) => text.replacen(line, &format!("{line}{typed}"), 1),
        None => text.to_owned(),
    }
}

/// Edits inside the first function (the patch's case), then edits it must decline.
fn edits(text: &str) -> Vec<(&'static str, String, bool)> {
    let mut edits = Vec::new();
    if let Some((line, indent)) = line_setting(text, "handler:") {
        let after_handler = |lines: &str| inserted(text, line, lines);
        let inside = [
            (
                "a key typed in a handler",
                typed_after(text, "handler:", "x"),
            ),
            (
                "a handler deleted",
                text.replacen(line, &format!("{indent}handler: ''"), 1),
            ),
            (
                "memorySize added",
                after_handler(&format!("{indent}memorySize: 1024\n")),
            ),
            (
                "a description added",
                after_handler(&format!("{indent}description: typed\n")),
            ),
            (
                "environment added",
                after_handler(&format!("{indent}environment:\n{indent}  KEY: value\n")),
            ),
            (
                "a comment line in the function",
                after_handler(&format!("{indent}# note\n")),
            ),
            ("url added", after_handler(&format!("{indent}url: true\n"))),
            (
                "a name added",
                after_handler(&format!("{indent}name: renamed\n")),
            ),
            (
                "logs disabled",
                after_handler(&format!("{indent}disableLogs: true\n")),
            ),
            (
                "provisioned concurrency",
                after_handler(&format!("{indent}provisionedConcurrency: 1\n")),
            ),
        ];
        edits.extend(inside.map(|(what, edited)| (what, edited, true)));
    }
    let elsewhere = [
        ("a comment above everything", format!("# moved\n{text}")),
        (
            "provider memorySize",
            inserted(text, "provider:", "  memorySize: 512\n"),
        ),
        ("a user pool renamed", typed_after(text, "pool:", "X")),
        ("a trigger changed", typed_after(text, "trigger:", "x")),
        (
            "a resource added",
            inserted(
                text,
                "resources:",
                "  Outputs:\n    Extra:\n      Value: x\n",
            ),
        ),
        (
            "a function added first",
            inserted(text, "functions:", "  added:\n    handler: a.b\n"),
        ),
    ];
    edits.extend(elsewhere.map(|(what, edited)| (what, edited, false)));
    edits
}

#[test]
fn a_patched_template_is_the_one_built_again() {
    let (options, other_stage) = options_and_another_stage();
    let mut patches = Vec::new();
    for path in recorded_services() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let Some((base_config, Ok(base))) = fresh(&text, &options) else {
            continue;
        };
        for (edit, edited, inside) in edits(&text) {
            if edited == text {
                continue; // nothing to find in this service
            }
            let what = format!("{}: {edit}", path.display());
            let Some((edited_config, rebuilt)) = fresh(&edited, &options) else {
                continue;
            };
            let outcome = patched(&edited, &options, (&base_config, &base)).expect("parses");
            assert_same(&outcome, &rebuilt, &what);
            let was_patched = outcome.as_ref().is_ok_and(|c| c.layout.patched);
            if !inside {
                // What other steps read changed: the template must be built again.
                let moves_only = edit == "a comment above everything";
                assert!(moves_only || !was_patched, "{what}: patched");
            }
            patches.push((edit, was_patched));
            // And back, patching the edited version's template (itself patched or not).
            if let Ok(edited_compiled) = &rebuilt {
                let back =
                    patched(&text, &options, (&edited_config, edited_compiled)).expect("parses");
                assert_same(&back, &Ok(base.clone()), &format!("{what}, and back"));
            }
            if let Ok(once) = &outcome {
                // Copies of it made from an older template, as the editor makes them while
                // idle: from the base (the patch applied again, when it was patched) and from
                // the edited text built again (made equal).
                assert_copy(
                    TemplateCopy::recycled(TemplateCopy::of(&base), once),
                    once,
                    &what,
                );
                if let Ok(other) = &rebuilt {
                    let from_other = TemplateCopy::recycled(TemplateCopy::of(other), once);
                    assert_copy(from_other, once, &format!("{what}, from another"));
                }
                let twice = patched(&text, &options, (&edited_config, once)).expect("parses");
                assert_same(
                    &twice,
                    &Ok(base.clone()),
                    &format!("{what}, back from the patch"),
                );
            }
        }
        let what = format!("{}: another stage", path.display());
        let staged = patched(&text, &other_stage, (&base_config, &base)).expect("parses");
        let (_, rebuilt) = fresh(&text, &other_stage).expect("parses");
        assert_same(&staged, &rebuilt, &what);
        assert!(!staged.is_ok_and(|c| c.layout.patched), "{what}: patched");
    }
    // The patch is taken for the edits it is made for, on most services.
    for edit in [
        "a key typed in a handler",
        "a description added",
        "environment added",
    ] {
        let tried: Vec<bool> = patches
            .iter()
            .filter(|(e, _)| *e == edit)
            .map(|p| p.1)
            .collect();
        let taken = tried.iter().filter(|p| **p).count();
        assert!(
            taken * 2 > tried.len(),
            "{edit}: patched {taken} of {}",
            tried.len()
        );
    }
}
