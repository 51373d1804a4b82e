//! From the text of a serverless.yml to a compilation, as the framework loads it: a file that
//! js-yaml refuses (a syntax error, a duplicate key, an unknown tag) stops everything with
//! `CONFIGURATION_PARSE_ERROR` and js-yaml's message, and a document that is not a mapping with
//! `INVALID_CONFIGURATION_EXPORT`.

use sls_config::js::path_resolve;
use sls_config::{Value, YamlRefusal, load_yaml, messages as config_messages};
use sls_text::TextRange;

use crate::context::CompileOptions;
use crate::error::{CompileError, ErrorCode};
use crate::pipeline::{CompileFailure, Compiled, compile};

/// The name the framework's messages give the service file.
const SERVICE_FILE_NAME: &str = "serverless.yml";

pub fn compile_text(text: &str, options: &CompileOptions) -> Result<Compiled, CompileFailure> {
    match load_yaml(text) {
        Ok(Some(root)) if root.as_mapping().is_some() => compile(&root, options),
        // js-yaml gives `undefined` for an empty document.
        Ok(root) => Err(failure(CompileError::new(
            ErrorCode::InvalidConfigurationExport,
            config_messages::config_not_object(SERVICE_FILE_NAME),
            vec![root.map_or(TextRange::default(), |r: Value| r.range)],
        ))),
        Err(refusal) => Err(parse_failure(text, &refusal, options)),
    }
}

/// `Cannot parse "serverless.yml": <js-yaml's message>`, which names the file by its absolute
/// path (when the service directory is known).
fn parse_failure(text: &str, refusal: &YamlRefusal, options: &CompileOptions) -> CompileFailure {
    let file = options
        .service_dir
        .as_ref()
        .map(|dir| path_resolve(&dir.join(SERVICE_FILE_NAME)));
    let message = config_messages::cannot_parse(
        SERVICE_FILE_NAME,
        &refusal.js_yaml_message(text, file.as_deref()),
    );
    failure(CompileError::new(
        ErrorCode::ConfigurationParseError,
        message,
        vec![refusal.range],
    ))
}

fn failure(error: CompileError) -> CompileFailure {
    CompileFailure {
        error,
        warnings: Vec::new(),
        function_cache: crate::FunctionCache::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str, options: &CompileOptions) -> CompileError {
        match compile_text(text, options) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(failure) => failure.error,
        }
    }

    #[test]
    fn a_refused_file_is_js_yamls_message() {
        let options = CompileOptions {
            service_dir: Some("/srv/app/../svc".into()),
            ..CompileOptions::default()
        };
        let error = error_of("service: a\nservice: b\n", &options);
        assert_eq!(error.code, ErrorCode::ConfigurationParseError);
        assert_eq!(
            error.message,
            "Cannot parse \"serverless.yml\": duplicated mapping key in \"/srv/svc/serverless.yml\" (2:1)\n\n 1 | service: a\n 2 | service: b\n-----^"
        );
        // Without a service folder js-yaml has no file name to show (js-yaml's own text).
        let error = error_of("a: !Nope x\n", &CompileOptions::default());
        assert_eq!(
            error.message,
            "Cannot parse \"serverless.yml\": unknown tag !<!Nope> (1:11)\n\n 1 | a: !Nope x\n---------------^"
        );
    }

    #[test]
    fn a_document_that_is_not_a_mapping() {
        for text in ["", "# nothing\n", "- a\n", "just text\n"] {
            let error = error_of(text, &CompileOptions::default());
            assert_eq!(
                error.code,
                ErrorCode::InvalidConfigurationExport,
                "{text:?}"
            );
            assert_eq!(
                error.message,
                "Invalid configuration at \"serverless.yml\": Plain object expected"
            );
        }
    }
}
