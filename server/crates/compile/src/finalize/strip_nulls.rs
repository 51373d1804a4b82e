//! `stripNullPropsFromTemplateResources`: `null` values deleted at every depth of each
//! resource's `Properties` (how a user removes a generated property); a falsy `Properties`
//! is removed.

use serde_json::Value as Json;

use crate::context::Ctx;
use crate::js::truthy;

pub fn strip_null_props_from_template_resources(ctx: &mut Ctx<'_>) {
    ctx.resources_mut().values_mut().for_each(strip_null_props);
}

/// What [`strip_null_props_from_template_resources`] does to one resource.
pub fn strip_null_props(resource: &mut Json) {
    let Some(resource) = resource.as_object_mut() else {
        return;
    };
    match resource.get_mut("Properties") {
        Some(properties) if truthy(properties) => strip(properties),
        Some(_) => {
            resource.shift_remove("Properties");
        }
        None => {}
    }
}

fn strip(value: &mut Json) {
    match value {
        Json::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip);
        }
        // `delete array[i]` leaves a hole, which JSON.stringify writes as `null`: arrays keep
        // their nulls.
        Json::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}
