//! The compiler: a serverless.yml (as a resolved [`sls_config::Value`]) to the CloudFormation
//! template serverless@3.40.0 generates, byte for byte. No editor types here: positions are byte
//! ranges, and the analysis layer turns them into editor answers.

mod cli_args;
mod cognito;
mod context;
mod error;
mod events;
mod finalize;
mod fingerprint;
pub mod js;
pub mod lodash;
pub mod naming;
mod normalize;
mod package;
mod patch;
mod pipeline;
mod render;
mod schema_report;
mod source;
mod template_copy;
mod warning;

#[cfg(test)]
mod tests;

pub use cli_args::options_from_cli_args;
pub use context::*;
pub use error::*;
pub use package::FunctionCache;
pub use patch::{Edited, Layout, PatchBase, Previous};
pub use pipeline::{
    CompileFailure, Compiled, compile, compile_coerced, resolve_config_variables,
    resolve_config_variables_reusing,
};
pub use render::{render, stringify};
pub use schema_report::{SchemaViolation, ValidationMode};
pub use source::compile_text;
pub use template_copy::TemplateCopy;
pub use warning::{CompileWarning, WarningKind};
