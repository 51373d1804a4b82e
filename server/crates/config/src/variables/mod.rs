//! Serverless Framework v3 variables (`${self:custom.x}`, `${opt:stage, 'dev'}`, ...), as
//! serverless@3.40.0 resolves them before compiling: the grammar ([`parse`]), resolution
//! ([`resolve()`]) with the framework's exact error texts, and problems located at the variable
//! as written ([`SourceMap`]).
//!
//! Nothing here reaches the network or runs code: `ssm:`, `cf:`, `s3:`, `aws:accountId`,
//! `sls:instanceId`, Dashboard sources and `${file(x.js)}` stay as written, with an info problem.
//!
//! Ranges. A problem points at the variable as written when [`ResolveContext::source`] is given
//! and the scalar can be cooked again exactly (plain, quoted, literal and folded scalars; see
//! [`SourceMap`]), otherwise at the whole scalar; problems found in a value a variable brought
//! (an env var holding `${...}`) point at the scalar that asked for it. A resolved value's own
//! range is the scalar that asked for it; inside it, what was written in this document
//! (`${self:...}`, `params`) keeps its ranges, what came from elsewhere (files, env, options)
//! points at that scalar too.

mod codes;
mod context;
mod file;
pub mod js;
mod lint;
pub mod parse;
mod problem;
mod replay;
mod replay_spliced;
mod resolve;
mod slots;
mod source_map;

pub use codes::VariableCode;
pub use context::{FileReader, FsFileReader, ResolveContext};
pub use problem::{FrameworkError, VariableProblem, framework_error};
pub use replay::{Earlier, Resolved, Reusable, resolve_reusing};
pub use resolve::resolve;
pub use source_map::{SourceMap, style_of};

#[cfg(test)]
mod tests;
