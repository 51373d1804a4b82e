//! The compiler: a serverless.yml (as a resolved [`sls_config::Value`]) to the CloudFormation
//! template serverless@3.40.0 generates, byte for byte. No editor types here: positions are byte
//! ranges, and the analysis layer turns them into editor answers.

pub mod cognito;
mod context;
mod error;
pub mod lodash;
pub mod naming;

pub use context::*;
pub use error::*;
