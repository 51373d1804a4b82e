//! `addExportNameForOutputs`: every output generated so far (the user's come later) is exported
//! as `sls-<service>-<stage>-<output>` unless it already has an `Export`.

use serde_json::{Value as Json, json};

use crate::context::Ctx;
use crate::js::truthy;

pub fn add_export_names_for_outputs(ctx: &mut Ctx<'_>) {
    let prefix = export_name_prefix(ctx);
    for (key, output) in ctx.outputs_mut().iter_mut() {
        add_export_name(&prefix, key, output);
    }
}

/// `sls-<service>-<stage>-`.
pub fn export_name_prefix(ctx: &Ctx<'_>) -> String {
    format!("sls-{}-{}-", ctx.service_name, ctx.stage)
}

/// What [`add_export_names_for_outputs`] does to output `key`.
pub fn add_export_name(prefix: &str, key: &str, output: &mut Json) {
    let Some(output) = output.as_object_mut() else {
        return;
    };
    if !output.get("Export").is_some_and(truthy) {
        output.insert(
            "Export".to_owned(),
            json!({ "Name": format!("{prefix}{key}") }),
        );
    }
}
