//! Serverless Framework v3 variables (`${self:custom.x}`, `${opt:stage, 'dev'}`, ...), as
//! serverless@3.40.0 resolves them before compiling: the grammar ([`parse`]), resolution
//! ([`resolve()`]) with the framework's exact error texts, and problems located at the variable
//! as written ([`SourceMap`]).
//!
//! Nothing here reaches the network or runs code: `ssm:`, `cf:`, `s3:`, `aws:accountId`,
//! `sls:instanceId`, Dashboard sources and `${file(x.js)}` stay as written, with an info problem.

mod codes;
mod context;
mod file;
pub mod js;
mod lint;
pub mod parse;
mod problem;
mod resolve;
mod source_map;

pub use codes::{Severity, VariableCode};
pub use context::{FileReader, FsFileReader, ResolveContext};
pub use problem::{FrameworkError, VariableProblem, framework_error};
pub use resolve::resolve;
pub use source_map::{SourceMap, style_of};

#[cfg(test)]
mod tests;
