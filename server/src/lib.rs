//! The `serverless-lsp` binary's library: the command line and the language server.

pub mod cli;
pub mod lsp;
