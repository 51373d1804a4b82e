//! The config layer: a serverless.yml as the framework sees it. [`Value`] is the YAML tree after
//! the framework's YAML schema is applied (CloudFormation tags become intrinsic functions, plain
//! scalars get their core-schema types), every value keeping the range of its source text.

mod model;
mod value;
pub mod variables;

pub use model::*;
pub use sls_text::{TextRange, TextSize};
pub use value::*;
