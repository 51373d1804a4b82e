//! Reusing the functions' schema checks of an earlier check changes nothing: every recorded
//! service, edited in ways that change a function (its config, what ajv coerces in it, its
//! violations), what its config resolves to (the stage) or only where everything is, checks
//! and coerces to the same config (ranges included) and the same violations, in the same order,
//! with the earlier check's functions as without them, both ways; and the functions that only
//! moved are reused.

#[allow(dead_code, reason = "each test uses some of the helpers")]
mod support;

use sls_compile::CompileOptions;
use sls_config::{SchemaCache, SchemaViolation, Value};
use support::{inserted, options_and_another_stage, recorded_services as services};

/// The config as the schema checks it: after variables.
fn resolved(text: &str, options: &CompileOptions) -> Option<Value> {
    let root = sls_syntax::parse(text).root?;
    let (value, _) = sls_config::value_from_node(&root);
    let (resolved, _) = sls_compile::resolve_config_variables(&value, options, "serverless.yml");
    Some(resolved)
}

type Checked = (Value, Vec<SchemaViolation>);

fn check(
    text: &str,
    options: &CompileOptions,
    previous: Option<&SchemaCache>,
) -> Option<(Checked, SchemaCache)> {
    let (value, violations, cache) =
        sls_config::check_and_coerce_reusing(resolved(text, options)?, previous, None);
    Some(((value, violations), cache))
}

fn fresh(text: &str, options: &CompileOptions) -> Option<Checked> {
    Some(sls_config::check_and_coerce(resolved(text, options)?))
}

fn assert_same(reusing: Option<&Checked>, fresh: Option<&Checked>, what: &str) {
    match (reusing, fresh) {
        (Some((value, violations)), Some((fresh_value, fresh_violations))) => {
            assert_eq!(violations, fresh_violations, "{what}: violations");
            assert!(value == fresh_value, "{what}: the coerced config differs");
        }
        (None, None) => {}
        _ => panic!("{what}: one was checked and the other was not"),
    }
}

/// `text` with `properties` (one per line, no indentation) added first in the body of its
/// first function, when that body is a block mapping.
fn into_first_function(text: &str, properties: &[&str]) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent = |line: &str| line.len() - line.trim_start().len();
    let meaningful = |line: &str| !line.trim().is_empty() && !line.trim_start().starts_with('#');
    let functions = lines.iter().position(|l| l.trim_end() == "functions:")?;
    let (key_at, key) = lines
        .iter()
        .enumerate()
        .skip(functions + 1)
        .find(|(_, l)| meaningful(l))?;
    let body = lines.iter().skip(key_at + 1).find(|l| meaningful(l))?;
    let body_indent = indent(body);
    if !key.trim_end().ends_with(':') || body_indent <= indent(key) {
        return None;
    }
    let mut out: String = lines[..=key_at].concat();
    for property in properties {
        out.push_str(&" ".repeat(body_indent));
        out.push_str(property);
        out.push('\n');
    }
    out.push_str(&lines[key_at + 1..].concat());
    Some(out)
}

/// `text` with each plain scalar of its `custom:` block changed (a `0` appended), when it has
/// one: what the functions' variables read.
fn custom_changed(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 64);
    let (mut in_custom, mut changed) = (false, false);
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if in_custom && !content.is_empty() && !content.starts_with([' ', '#']) {
            in_custom = false;
        }
        let scalar = content.split_once(": ").filter(|(_, value)| {
            !value.is_empty()
                && !value.starts_with(['{', '[', '&', '*', '!', '|', '>', '"', '\'', '#'])
        });
        match scalar {
            Some(_) if in_custom => {
                out.push_str(content);
                out.push_str("0\n");
                changed = true;
            }
            _ => out.push_str(line),
        }
        in_custom |= content == "custom:";
    }
    changed.then_some(out)
}

/// The edits: each changes a function, what the schema makes of it, what its variables read,
/// or where it is.
fn edits(text: &str) -> Vec<(&'static str, String)> {
    let mut edits = vec![
        ("a comment above everything", format!("# moved\n{text}")),
        (
            "a function added first",
            inserted(
                text,
                "functions:",
                "  added:\n    handler: added.handler\n    memorySize: '256'\n",
            ),
        ),
        (
            "an invalid function added first",
            inserted(
                text,
                "functions:",
                "  added:\n    memorySize: lots\n    events: x\n    nothing:\n    bogus: 1\n",
            ),
        ),
        (
            "a handler changed",
            text.replacen("handler: ", "handler: x", 1),
        ),
        (
            "a handler moved",
            text.replacen("handler: ", "handler:  ", 1),
        ),
        (
            "a provider setting",
            inserted(text, "provider:", "  memorySize: '512'\n"),
        ),
    ];
    if let Some(edited) = custom_changed(text) {
        edits.push(("custom values changed", edited));
    }
    let into_first = [
        // Moves what follows in the function, changes nothing else.
        ("first function: a comment", &["# moved"][..]),
        ("first function: a string to coerce", &["timeout: '6'"]),
        (
            "first function: violations",
            &["memorySize: lots", "unknownProperty: 1"],
        ),
        (
            "first function: a null moved last, scalar events",
            &["gone:", "events: x"],
        ),
        (
            "first function: tags coerced",
            &["tags:", "  a: 1", "  b: null"],
        ),
    ];
    for (edit, properties) in into_first {
        if let Some(edited) = into_first_function(text, properties) {
            edits.push((edit, edited));
        }
    }
    edits
}

#[test]
fn reusing_schema_checks_changes_nothing() {
    let (options, other_stage) = options_and_another_stage();
    let (mut checked, mut reused, mut into_functions) = (0, 0, 0);
    // Custom edits, and the functions they changed.
    let (mut customs, mut changed_by_customs) = (0, 0);
    for path in services() {
        let text = std::fs::read_to_string(&path).expect("readable");
        let base = check(&text, &options, None);
        let base_checked = base.as_ref().map(|(checked, _)| checked);
        assert_same(base_checked, fresh(&text, &options).as_ref(), "first check");
        // The functions coerced completely as they are checked: as coercing without checking
        // does it (one walk after the other).
        if let (Some((value, violations)), Some(resolved)) =
            (base_checked, resolved(&text, &options))
        {
            assert_eq!(violations, &sls_config::check_schema(&resolved));
            assert!(
                value == &sls_config::coerce(resolved),
                "{}: coerced as `coerce` does",
                path.display()
            );
        }
        let base_cache = base
            .as_ref()
            .map(|(_, cache)| cache.clone())
            .unwrap_or_default();
        for (edit, edited) in edits(&text) {
            into_functions += usize::from(edit.starts_with("first function"));
            let what = format!("{}: {edit}", path.display());
            let reusing = check(&edited, &options, Some(&base_cache));
            assert_same(
                reusing.as_ref().map(|(checked, _)| checked),
                fresh(&edited, &options).as_ref(),
                &what,
            );
            let reusing_cache = reusing.map(|(_, cache)| cache).unwrap_or_default();
            checked += base_cache.len();
            reused += reusing_cache.reused();
            if edit == "custom values changed" {
                customs += 1;
                changed_by_customs += base_cache.len() - reusing_cache.reused();
            }
            // And back: the edited service's checks reused for the original.
            let back = check(&text, &options, Some(&reusing_cache));
            assert_same(
                back.as_ref().map(|(checked, _)| checked),
                base_checked,
                &format!("{what}, and back"),
            );
            // An edit that only moves the functions keeps every one of them (unless variables
            // or aliases bring values from elsewhere, which then count where they came from).
            let moves_only = edit == "a comment above everything" || edit == "a provider setting";
            if moves_only && !text.contains("${self:") && !text.contains('&') {
                assert_eq!(
                    reusing_cache.reused(),
                    base_cache.len(),
                    "{what}: functions reused"
                );
            }
        }
        let what = format!("{}: another stage", path.display());
        let staged = check(&text, &other_stage, Some(&base_cache));
        assert_same(
            staged.as_ref().map(|(checked, _)| checked),
            fresh(&text, &other_stage).as_ref(),
            &what,
        );
    }
    assert!(
        into_functions >= services().len() * 3,
        "only {into_functions} edits into a first function"
    );
    assert!(
        customs >= 10 && changed_by_customs >= customs,
        "{customs} services with custom values, {changed_by_customs} functions changed by them"
    );
    assert!(
        reused * 2 > checked,
        "only {reused} of {checked} checked functions reused"
    );
}
