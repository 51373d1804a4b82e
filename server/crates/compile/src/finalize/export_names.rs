//! `addExportNameForOutputs`: every output generated so far (the user's come later) is exported
//! as `sls-<service>-<stage>-<output>` unless it already has an `Export`.

use serde_json::json;

use crate::context::Ctx;
use crate::js::truthy;

pub fn add_export_names_for_outputs(ctx: &mut Ctx<'_>) {
    let prefix = format!("sls-{}-{}-", ctx.service_name, ctx.stage);
    for (key, output) in ctx.outputs_mut().iter_mut() {
        let Some(output) = output.as_object_mut() else {
            continue;
        };
        if !output.get("Export").is_some_and(truthy) {
            output.insert(
                "Export".to_owned(),
                json!({ "Name": format!("{prefix}{key}") }),
            );
        }
    }
}
