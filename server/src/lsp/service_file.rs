//! Which documents the server attaches to: only the files the framework reads as a service.

use tower_lsp_server::ls_types::Uri;

/// `serverless.yml`, `serverless.yaml`, or a variant such as `serverless.dev.yml` /
/// `serverless.offline.yaml`, judged by the URI's last path segment.
///
/// Other YAML (CloudFormation snippets, CI files, `docker-compose.yml`) is left alone: the
/// service schema would flag everything in it.
pub fn is_service_file(uri: &Uri) -> bool {
    let path = uri.path().decode().to_string_lossy();
    let file_name = path.rsplit('/').next().unwrap_or_default();
    is_service_file_name(file_name)
}

fn is_service_file_name(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"))
    else {
        return false;
    };
    match stem.strip_prefix("serverless") {
        Some("") => true,
        // `serverless.<anything>`, where <anything> is not empty.
        Some(rest) => rest.len() > 1 && rest.starts_with('.'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().expect("valid URI")
    }

    #[test]
    fn service_files_by_name() {
        for name in [
            "serverless.yml",
            "serverless.yaml",
            "serverless.dev.yml",
            "serverless.offline.local.yaml",
        ] {
            assert!(is_service_file_name(name), "{name}");
        }
    }

    #[test]
    fn other_yaml_is_not_a_service_file() {
        for name in [
            "template.yml",
            "serverless.json",
            "serverless.yml.bak",
            "serverless..yml",
            "my-serverless.yml",
            "serverlessdev.yml",
            "Serverless.yml",
            "serverless",
            "",
        ] {
            assert!(!is_service_file_name(name), "{name}");
        }
    }

    #[test]
    fn judged_by_the_last_segment_of_any_scheme() {
        assert!(is_service_file(&uri("file:///home/me/api/serverless.yml")));
        assert!(is_service_file(&uri("untitled:/serverless.prod.yaml")));
        assert!(is_service_file(&uri(
            "file:///home/me/my%20api/serverless.yml"
        )));
        assert!(!is_service_file(&uri(
            "file:///home/me/serverless.yml/other.yml"
        )));
        assert!(!is_service_file(&uri("file:///home/me/.github/ci.yml")));
    }
}
