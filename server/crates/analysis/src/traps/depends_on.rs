//! An override's `DependsOn` on a generated resource: lodash `_.merge` merges arrays position
//! by position, so the user's entries replace the generated ones at the same positions (case
//! 13: `[SomeOtherResource]` over `[PreSignUpLambdaFunction, PostConfirmationLambdaFunction]`
//! loses `PreSignUpLambdaFunction`; case 30: a scalar is coerced to an array first). Only
//! `resources.extensions.<id>.DependsOn` appends.
//!
//! The generated list is not in the final template, so this compiles the service a second time
//! without `resources`, only when such an override exists.

use serde_json::Value as Json;
use sls_compile::{Compiled, ValidationMode};
use sls_config::TextRange;

use super::{TrapContext, user_resources};
use crate::{AnalysisCode, Diagnostic};

struct Override<'a> {
    id: &'a str,
    /// The user's `DependsOn` value (after coercion: a list).
    range: TextRange,
    written: usize,
}

pub(super) fn check(cx: &TrapContext<'_>, compiled: &Compiled, out: &mut Vec<Diagnostic>) {
    let overrides: Vec<Override<'_>> = user_resources(cx.config)
        .filter(|(key, _, _)| cx.ids.resource(key).is_some_and(|id| id.generated))
        .filter_map(|(key, _, body)| {
            let depends_on = body.get("DependsOn")?;
            let written = match depends_on.as_sequence() {
                Some(items) => items.len(),
                None => usize::from(!depends_on.is_null()),
            };
            (written > 0).then_some(Override {
                id: key,
                range: depends_on.range,
                written,
            })
        })
        .collect();
    if overrides.is_empty() {
        return;
    }
    let Some(generated) = compile_without_resources(cx) else {
        return;
    };
    for o in overrides {
        let before = depends_on(&generated, o.id);
        let after = depends_on(&compiled.template, o.id);
        let replaced: &[String] = match &before {
            // A string is not merged into: the user's list takes its place whole.
            Some(DependsOn::One(one)) => std::slice::from_ref(one),
            Some(DependsOn::Many(list)) => &list[..o.written.min(list.len())],
            None => &[],
        };
        let after = after.map(DependsOn::into_vec).unwrap_or_default();
        let mut lost: Vec<&str> = Vec::new();
        for dependency in replaced.iter().filter(|d| !after.contains(d)) {
            if !lost.contains(&dependency.as_str()) {
                lost.push(dependency);
            }
        }
        if lost.is_empty() {
            continue;
        }
        let (subject, verb) = match lost.as_slice() {
            [one] => (one.to_string(), "is"),
            many => (many.join(", "), "are"),
        };
        let mut diagnostic = Diagnostic::of(
            AnalysisCode::DependsOnReplacesGenerated,
            o.range,
            format!(
                "This DependsOn is merged into the generated one position by position, so the generated {subject} {verb} lost. To add dependencies, use resources.extensions.{}.DependsOn, which appends",
                o.id
            ),
        );
        if let Some(origin) = cx.ids.resource(o.id).and_then(|id| id.generated_by()) {
            diagnostic =
                diagnostic.with_related(origin.range, format!("{} is generated here", o.id));
        }
        out.push(diagnostic);
    }
}

enum DependsOn {
    One(String),
    Many(Vec<String>),
}

impl DependsOn {
    fn into_vec(self) -> Vec<String> {
        match self {
            DependsOn::One(one) => vec![one],
            DependsOn::Many(many) => many,
        }
    }
}

fn depends_on(template: &Json, id: &str) -> Option<DependsOn> {
    match template.get("Resources")?.get(id)?.get("DependsOn")? {
        Json::String(one) => Some(DependsOn::One(one.clone())),
        Json::Array(items) => Some(DependsOn::Many(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                .collect(),
        )),
        _ => None,
    }
}

/// The template the compiler generates before the user's `resources` are merged in.
fn compile_without_resources(cx: &TrapContext<'_>) -> Option<Json> {
    let mut root = cx.compile_root.clone();
    root.as_mapping_mut()?.entries.shift_remove("resources");
    let compiled = if cx.compile_root_is_config {
        // Resolving and coercing it again would change nothing, and the schema's violations
        // change the template only when they stop the compilation (`error` mode).
        let violations = match ValidationMode::of(&root) {
            ValidationMode::Error => sls_config::check_schema(&root),
            ValidationMode::Warn | ValidationMode::Off => Vec::new(),
        };
        sls_compile::compile_coerced(&root, violations, cx.options, None)
    } else {
        sls_compile::compile(&root, cx.options)
    };
    compiled.ok().map(|compiled| compiled.template)
}
