//! The config layer: a serverless.yml as the framework sees it. [`Value`] is the YAML tree after
//! the framework's YAML schema is applied (CloudFormation tags become intrinsic functions, plain
//! scalars get their core-schema types), every value keeping the range of its source text.
//!
//! The way through: [`value_from_node`] on the parsed document (js-yaml's loading, and what it
//! would refuse), [`check`] on that (the framework's structural errors and schema violations,
//! unresolved variables skipped), then, after variable resolution, [`coerce`] (what the
//! framework's validation changes in place) before compiling.

mod check;
mod coerce;
mod diagnostic;
pub mod js;
mod model;
mod schema;
mod suggest;
mod value;
pub mod variables;
mod yaml_load;
mod yaml_schema;

#[cfg(test)]
mod test_nodes;

pub use check::{check, check_structure};
pub use coerce::{check_and_coerce, check_and_coerce_reusing, coerce, coerce_in_place};
pub use diagnostic::*;
pub use model::*;
pub use schema::{AWS_EVENT_KINDS, COGNITO_PROPERTIES, SchemaCache, SchemaViolation, check_schema};
pub use sls_text::{TextRange, TextSize};
pub use value::*;
pub use yaml_load::{YamlRefusal, load_yaml};
pub use yaml_schema::{
    JsScalar, resolve_plain_scalar, value_after_reparse, value_after_reparse_into, value_from_node,
};
