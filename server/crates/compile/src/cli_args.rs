//! `serverless package`'s command line as the framework reads it: the options the command
//! declares (with their shortcuts), every other option rejected before anything is resolved.

use crate::context::CompileOptions;
use crate::error::{CompileError, ErrorCode, messages};

/// The `package` command's options (serverless@3.40.0 `lib/cli/commands-schema`): name,
/// shortcut, whether it is a flag (takes no value).
const PACKAGE_OPTIONS: &[(&str, Option<char>, bool)] = &[
    ("package", Some('p'), false),
    ("force", None, true),
    ("aws-s3-accelerate", None, true),
    ("enforce-hash-update", None, true),
    ("minify-template", None, true),
    ("region", Some('r'), false),
    ("aws-profile", None, false),
    ("app", None, false),
    ("org", None, false),
    ("use-local-credentials", None, true),
    ("config", Some('c'), false),
    ("stage", Some('s'), false),
    ("param", None, false),
    ("help", Some('h'), true),
    ("version", Some('v'), true),
    ("verbose", None, true),
    ("debug", None, false),
];

/// Options from `serverless package` arguments (`--stage prod -r eu-west-1 --param k=v`).
pub fn options_from_cli_args<S: AsRef<str>>(args: &[S]) -> Result<CompileOptions, CompileError> {
    let mut options = CompileOptions::default();
    let mut unrecognized: Vec<String> = Vec::new();
    let mut words = args.iter().map(AsRef::as_ref).peekable();
    while let Some(word) = words.next() {
        let (name, inline) = if let Some(long) = word.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (long.to_owned(), None),
            }
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            let c = short.chars().next().expect("one character");
            let name = PACKAGE_OPTIONS
                .iter()
                .find(|(_, shortcut, _)| *shortcut == Some(c))
                .map_or_else(|| short.to_owned(), |(n, _, _)| (*n).to_owned());
            (name, None)
        } else {
            // A positional argument: `package` takes none we use.
            continue;
        };
        let flag = PACKAGE_OPTIONS
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, flag)| *flag);
        let value = match (flag, inline) {
            (_, Some(v)) => Some(v),
            (Some(true), None) => None,
            // Options take the next word unless it is another option.
            _ => match words.peek() {
                Some(next) if !next.starts_with('-') => words.next().map(str::to_owned),
                _ => None,
            },
        };
        match (flag, name.as_str()) {
            (None, _) if !unrecognized.contains(&name) => unrecognized.push(name),
            (None, _) => {}
            (_, "stage") => options.stage = value,
            (_, "region") => options.region = value,
            (_, "param") => {
                if let Some((k, v)) = value.as_deref().and_then(|p| p.split_once('=')) {
                    options.params.push((k.to_owned(), v.to_owned()));
                }
            }
            _ => {}
        }
    }
    if !unrecognized.is_empty() {
        return Err(CompileError::new(
            ErrorCode::UnsupportedCliOptions,
            messages::unsupported_cli_options(&unrecognized),
            Vec::new(),
        ));
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_region_and_params() {
        let o = options_from_cli_args(&[
            "--stage",
            "prod",
            "-r",
            "eu-west-1",
            "--param=a=1",
            "--param",
            "b=2",
            "--verbose",
        ])
        .unwrap();
        assert_eq!(o.stage.as_deref(), Some("prod"));
        assert_eq!(o.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            o.params,
            vec![("a".into(), "1".into()), ("b".into(), "2".into())]
        );
    }

    /// Case 95's message.
    #[test]
    fn unknown_options_are_rejected() {
        let e = options_from_cli_args(&["--stage", "qa", "--tenant", "blue", "-x"]).unwrap_err();
        assert_eq!(e.code.as_str(), "UNSUPPORTED_CLI_OPTIONS");
        assert_eq!(
            e.message,
            "Detected unrecognized CLI options: \"--tenant\", \"--x\".\n"
        );
    }
}
