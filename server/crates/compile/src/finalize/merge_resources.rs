//! `mergeCustomProviderResources`: the user's `resources` (`Resources`, `Outputs`,
//! `Conditions`, ... and any other key, which lands at the template root) lodash-merged into
//! the template, then `resources.extensions` applied to generated resources.

use serde_json::{Map, Value as Json};
use sls_config::Value;

use crate::context::{Ctx, OriginKind};
use crate::error::{CompileError, ErrorCode, messages};
use crate::js::truthy;
use crate::lodash;

pub fn merge_custom_provider_resources(ctx: &mut Ctx<'_>) -> Result<(), CompileError> {
    let Some(resources) = ctx.service.resources().filter(|r| r.is_truthy()) else {
        return Ok(());
    };
    let Some(user) = resources.as_mapping() else {
        return Ok(());
    };
    let Json::Object(mut source) = resources.to_json() else {
        unreachable!("a mapping converts to an object")
    };
    // Missing (or falsy) sections are set to `{}` on the user's object before the merge.
    for section in ["Resources", "Outputs"] {
        if !source.get(section).is_some_and(truthy) {
            source.insert(section.to_owned(), Json::Object(Map::new()));
        }
    }
    let extensions = source.get("extensions").filter(|e| truthy(e)).cloned();
    if extensions.is_some() {
        source.shift_remove("extensions");
    }
    lodash::merge_object(&mut ctx.template, &source);

    for section in ["Resources", "Outputs"] {
        if let Some(entries) = user.get(section).and_then(Value::as_mapping) {
            for (id, entry) in entries.iter() {
                ctx.note_origin(id, OriginKind::Override, entry.key_range);
            }
        }
    }

    if extensions.is_some()
        && let Some(extensions) = user.get("extensions").and_then(Value::as_mapping)
    {
        for (id, entry) in extensions.iter() {
            apply_extension(ctx, id, &entry.value)?;
            ctx.note_origin(id, OriginKind::Extension, entry.key_range);
        }
    }
    Ok(())
}

/// One `resources.extensions.<id>`: each attribute applied by its own rule.
fn apply_extension(ctx: &mut Ctx<'_>, id: &str, definition: &Value) -> Result<(), CompileError> {
    let Some(attributes) = definition.as_mapping() else {
        return Ok(());
    };
    for (attribute, entry) in attributes.iter() {
        let target = ctx
            .resources_mut()
            .get_mut(id)
            .filter(|r| truthy(r))
            .and_then(Json::as_object_mut);
        let Some(target) = target else {
            return Err(CompileError::new(
                ErrorCode::ResourceExtensionNotExisting,
                messages::extension_not_existing(id),
                vec![entry.key_range],
            ));
        };
        let value = entry.value.to_json();
        match attribute {
            "Condition"
            | "CreationPolicy"
            | "DeletionPolicy"
            | "UpdatePolicy"
            | "UpdateReplacePolicy" => {
                target.insert(attribute.to_owned(), value);
            }
            // Shallow: a nested object (`LambdaConfig`) is replaced whole.
            "Properties" | "Metadata" => assign(target, attribute, value),
            // The only attribute that keeps what was generated: appended to.
            "DependsOn" => {
                let deps = target.entry("DependsOn").or_insert(Json::Null);
                *deps = match std::mem::take(deps) {
                    // Falsy first: `undefined` (held as a marker string) is falsy.
                    other if !truthy(&other) => Json::Array(Vec::new()),
                    Json::String(s) => Json::Array(vec![Json::String(s)]),
                    other => other,
                };
                if let Json::Array(items) = deps {
                    match value {
                        Json::Array(more) => items.extend(more),
                        // `push(...string)` spreads its characters.
                        Json::String(s) => {
                            items.extend(s.chars().map(|c| Json::String(c.to_string())))
                        }
                        _ => {}
                    }
                }
            }
            _ => {
                return Err(CompileError::new(
                    ErrorCode::ResourceExtensionUnsupportedAttribute,
                    messages::extension_unsupported_attribute(id, attribute),
                    vec![entry.key_range],
                ));
            }
        }
    }
    Ok(())
}

/// `if (!target[key]) target[key] = {}; Object.assign(target[key], value)`.
fn assign(target: &mut Map<String, Json>, key: &str, value: Json) {
    let slot = target.entry(key).or_insert(Json::Null);
    if !truthy(slot) {
        *slot = Json::Object(Map::new());
    }
    if let (Json::Object(into), Json::Object(from)) = (slot, value) {
        for (k, v) in from {
            into.insert(k, v);
        }
    }
}
