//! `aws:package:finalize`: export names for the generated outputs, the user's `resources`
//! merged in, `null` properties stripped. (`saveServiceState` writes the result.)

mod export_names;
mod merge_resources;
mod strip_nulls;

pub use export_names::{add_export_name, export_name_prefix};
pub use strip_nulls::strip_null_props;

use crate::context::Ctx;
use crate::error::CompileError;

pub fn finalize(ctx: &mut Ctx<'_>) -> Result<(), CompileError> {
    export_names::add_export_names_for_outputs(ctx);
    merge_resources::merge_custom_provider_resources(ctx)?;
    strip_nulls::strip_null_props_from_template_resources(ctx);
    Ok(())
}
