//! Finding and reading the serverless.yml a path names.

use std::path::{Path, PathBuf};

/// The names the framework looks for in a service folder, in its order.
const SERVICE_FILES: [&str; 2] = ["serverless.yml", "serverless.yaml"];

/// A file to check: the path itself, or the serverless.yml of the folder it names.
pub fn resolve_service_file(path: &Path) -> Result<PathBuf, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("{}: cannot read: {}", path.display(), io_reason(&e)))?;
    if meta.is_dir() {
        SERVICE_FILES
            .iter()
            .map(|name| path.join(name))
            .find(|candidate| candidate.is_file())
            .ok_or_else(|| {
                format!(
                    "{}: no serverless.yml or serverless.yaml in this folder",
                    path.display()
                )
            })
    } else {
        Ok(path.to_path_buf())
    }
}

pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read: {}", path.display(), io_reason(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}
