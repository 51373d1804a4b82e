//! What resolution needs from outside: the CLI options, the environment, and file access.

use std::io;
use std::path::{Path, PathBuf};

/// Reads the files `${file(...)}` refers to. The CLI reads the disk; the language server can
/// answer from unsaved buffers. Which paths may be read is decided before this is called
/// (see `file.rs`): an implementation only reads.
pub trait FileReader {
    fn read(&self, path: &Path) -> io::Result<String>;

    /// The path with symlinks resolved, to check where a file really is.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

/// Reads from the disk.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsFileReader;

impl FileReader for FsFileReader {
    fn read(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(path)
    }
}

/// Options and environment of one resolution, as `serverless package` would see them.
pub struct ResolveContext<'a> {
    /// `--stage`.
    pub stage: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// Every `--param` value as written (`key=value`).
    pub params: Vec<String>,
    /// An environment variable's value (the CLI passes the process environment).
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub files: &'a dyn FileReader,
    /// The folder of serverless.yml; `${file(...)}` never reads outside it.
    pub service_dir: PathBuf,
    /// The text of serverless.yml, to point problems at the variable rather than its whole
    /// scalar. `None`: problems point at the scalar.
    pub source: Option<&'a str>,
    /// The configuration file's name, as the framework's messages quote it.
    pub config_file_name: String,
}

impl<'a> ResolveContext<'a> {
    pub fn new(
        service_dir: impl Into<PathBuf>,
        env: &'a dyn Fn(&str) -> Option<String>,
        files: &'a dyn FileReader,
    ) -> Self {
        ResolveContext {
            stage: None,
            region: None,
            params: Vec::new(),
            env,
            files,
            service_dir: service_dir.into(),
            source: None,
            config_file_name: "serverless.yml".to_owned(),
        }
    }
}
