//! `${file(path)}`: which files may be read (only inside the service directory, symlinks
//! resolved), and how each kind is loaded. JavaScript files are never executed. What a file
//! holds points at the variable that brought it in (its ranges are the variable's).

use std::io;
use std::path::Path;

use super::codes::VariableCode;
use super::context::ResolveContext;
use crate::diagnostic::messages;
use crate::js::path_resolve;
use crate::{TextRange, Value, load_yaml};

pub(crate) enum FileLoad {
    Content(Value),
    /// No such file: the framework's `null` (the next fallback, or "Value not found").
    Missing,
    /// A `.js`/`.cjs` file: resolving it means running it.
    Offline(String),
    Failed {
        code: VariableCode,
        message: String,
    },
}

/// `path.extname`: the last `.` of the file name, unless the name starts with it.
fn extname(path: &Path) -> &str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.rfind('.') {
        Some(i) if i > 0 => &name[i..],
        _ => "",
    }
}

fn outside(written: &str) -> FileLoad {
    FileLoad::Failed {
        code: VariableCode::FileOutsideService,
        message: format!(
            "\"{written}\" is outside the service directory; files outside it are never read"
        ),
    }
}

pub(crate) fn load(ctx: &ResolveContext<'_>, written: &str, range: TextRange) -> FileLoad {
    let service_dir = path_resolve(&ctx.service_dir);
    let file_path = path_resolve(&service_dir.join(written));
    if !file_path.starts_with(&service_dir) || file_path == service_dir {
        return outside(written);
    }
    // The framework's messages name the file relative to the service directory.
    let relative = file_path
        .strip_prefix(&service_dir)
        .unwrap_or(&file_path)
        .display()
        .to_string();
    let not_accessible = |error: io::Error| FileLoad::Failed {
        code: VariableCode::SourceFailed,
        message: format!("Cannot parse \"{relative}\": {error}"),
    };
    let real_dir = ctx
        .files
        .canonicalize(&service_dir)
        .unwrap_or_else(|_| service_dir.clone());
    let real_path = match ctx.files.canonicalize(&file_path) {
        Ok(real) => real,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return FileLoad::Missing,
        Err(error) => return not_accessible(error),
    };
    if !real_path.starts_with(&real_dir) {
        return outside(written);
    }
    let ext = extname(&file_path);
    if matches!(ext, ".js" | ".cjs") {
        return FileLoad::Offline(format!(
            "\"{written}\" is JavaScript: resolving it means running it, which is never done here"
        ));
    }
    let text = match ctx.files.read(&real_path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return FileLoad::Missing,
        Err(error) => return not_accessible(error),
    };
    match ext {
        ".json" | ".tfstate" => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(json) => FileLoad::Content(Value::from_json(&json, range)),
            Err(error) => FileLoad::Failed {
                code: VariableCode::SourceFailed,
                message: format!("Cannot parse \"{relative}\": JSON parse error: {error}"),
            },
        },
        // js-yaml with the CloudFormation schema, as the framework loads it.
        ".yml" | ".yaml" => match load_yaml(&text) {
            Ok(Some(mut content)) => {
                content.relocate(range);
                FileLoad::Content(content)
            }
            // An empty document is `undefined`: nothing found.
            Ok(None) => FileLoad::Missing,
            Err(refusal) => FileLoad::Failed {
                code: VariableCode::SourceFailed,
                message: messages::cannot_parse(
                    &relative,
                    &refusal.js_yaml_message(&text, Some(&file_path)),
                ),
            },
        },
        // Anything else is plain text (the framework reads .ts and .mjs as text too).
        _ => FileLoad::Content(Value::string(text, range)),
    }
}
