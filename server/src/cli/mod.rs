//! The command line. With no command (or `--stdio`) the binary is the language server.

mod args;
mod check;
mod compile;
mod files;

use clap::Parser;

pub use args::{Cli, Command};

/// Exit codes: 0 fine, 1 problems found (or the framework would fail), 2 the command could not run.
pub mod exit {
    pub const OK: i32 = 0;
    pub const PROBLEMS: i32 = 1;
    pub const USAGE: i32 = 2;
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout and errors to stderr itself.
            let _ = err.print();
            return if err.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Compile(args)) => compile::run(&args),
        None => crate::lsp::run_stdio(),
    }
}
