//! The command line's grammar.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "serverless-lsp",
    version,
    about = "A language server and checker for Serverless Framework serverless.yml (AWS).",
    long_about = "With no command, or with --stdio, runs the language server on stdin/stdout."
)]
pub struct Cli {
    /// Run the language server on stdin/stdout (the default).
    #[arg(long, global = false)]
    pub stdio: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every problem in serverless.yml files: YAML errors, schema rules, package-time errors.
    Check(CheckArgs),
    /// Print the CloudFormation template `serverless package` would write.
    Compile(CompileArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files, or folders holding a serverless.yml / serverless.yaml.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Args)]
pub struct CompileArgs {
    /// A serverless.yml, or the folder that holds it.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// Write the values a real build makes unpredictable as placeholders (`<ARTIFACT_DIR>`,
    /// `LambdaVersion<HASH>`, `"<SHA256>"`, `"<NOW>"`), so outputs compare byte for byte.
    #[arg(long)]
    pub normalize: bool,

    #[command(flatten)]
    pub settings: SettingsArgs,
}

#[derive(Debug, Args, Clone, Default)]
pub struct SettingsArgs {
    /// The stage (`--stage` of the framework).
    #[arg(long, short = 's')]
    pub stage: Option<String>,

    /// The region (`--region` of the framework).
    #[arg(long, short = 'r')]
    pub region: Option<String>,

    /// A parameter, `key=value` (repeatable), as the framework's `--param`.
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[code]: message`
    Text,
    /// One JSON document with every file's diagnostics.
    Json,
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got `{s}`")),
    }
}

impl SettingsArgs {
    pub fn to_settings(&self) -> sls_analysis::Settings {
        sls_analysis::Settings {
            stage: self.stage.clone(),
            region: self.region.clone(),
            params: self.params.clone(),
        }
    }
}
