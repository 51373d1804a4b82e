//! Replaying a previous resolution of the variables changes nothing: every recorded service,
//! edited on every line (a character typed at its end, its last character deleted, a `$`
//! typed), resolves to the same config (ranges included) and the same problems, in the same
//! order, with the resolution before the edit as without it, and back again; so does the same
//! text in another context (environment, stage, region, params); and the edits that touch
//! nothing the resolution depends on are replayed, not resolved afresh.

#[allow(dead_code, reason = "each test uses some of the helpers")]
mod support;

use std::fs;
use std::path::Path;

use sls_compile::{CompileOptions, options_from_cli_args, resolve_config_variables_reusing};
use sls_config::Value;
use sls_config::variables::{Earlier, Resolved};
use support::recorded_cases as cases;

/// The case's options as its recording ran (`args.txt`, `env.txt`, its folder); `None` when
/// the arguments are refused before anything is resolved.
fn options_of(case: &Path) -> Option<CompileOptions> {
    let args = fs::read_to_string(case.join("args.txt")).unwrap_or_default();
    let words: Vec<&str> = args.split_whitespace().collect();
    let mut options = options_from_cli_args(&words).ok()?;
    let env = fs::read_to_string(case.join("env.txt")).unwrap_or_default();
    options.env = env
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    options.service_dir = Some(fs::canonicalize(case).expect("a case folder"));
    Some(options)
}

fn value_of(text: &str) -> Option<Value> {
    let root = sls_syntax::parse(text).root?;
    Some(sls_config::value_from_node(&root).0)
}

fn resolve(
    value: &Value,
    text: &str,
    options: &CompileOptions,
    earlier: Option<Earlier<'_>>,
) -> Resolved {
    let options = CompileOptions {
        source: Some(text.to_owned()),
        ..options.clone()
    };
    resolve_config_variables_reusing(value, &options, "serverless.yml", earlier)
}

fn assert_same(replayed: &Resolved, fresh: &Resolved, what: &str) {
    assert_eq!(replayed.config, fresh.config, "{what}: config");
    assert_eq!(replayed.problems, fresh.problems, "{what}: problems");
}

/// Each line edited four ways: a character typed at its end, its last character deleted, a
/// `$` typed at its end, a character typed in its middle.
fn edits(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        let with = |insert: &str| format!("{}{insert}{}", &text[..end], &text[end..]);
        out.push((format!("line {}: x typed", n + 1), with("x")));
        out.push((format!("line {}: $ typed", n + 1), with("$")));
        // In the middle: inside a key, a scalar or a variable, everything after it moved.
        if let Some(mid) = (start + body.len() / 2..end).find(|&i| text.is_char_boundary(i)) {
            out.push((
                format!("line {}: y typed in the middle", n + 1),
                format!("{}y{}", &text[..mid], &text[mid..]),
            ));
        }
        if let Some(last) = body.chars().last() {
            let cut = end - last.len_utf8();
            out.push((
                format!("line {}: last character deleted", n + 1),
                format!("{}{}", &text[..cut], &text[end..]),
            ));
        }
        start += line.len();
    }
    out
}

#[test]
fn replaying_a_resolution_changes_nothing() {
    let mut replays = 0;
    let mut handler_replays = 0;
    let mut spliced_replays = 0;
    for case in cases() {
        let Some(options) = options_of(&case) else {
            continue;
        };
        let text = fs::read_to_string(case.join("serverless.yml")).expect("serverless.yml");
        let Some(value) = value_of(&text) else {
            continue;
        };
        let before = resolve(&value, &text, &options, None);
        let parse = sls_syntax::parse(&text);
        for (edit, edited) in edits(&text) {
            let what = format!("{}: {edit}", case.display());
            let Some(edited_value) = value_of(&edited) else {
                continue;
            };
            let earlier = Earlier::new(&value, &text, &before.reusable);
            let reusing = resolve(&edited_value, &edited, &options, Some(earlier));
            let fresh = resolve(&edited_value, &edited, &options, None);
            assert_same(&reusing, &fresh, &what);
            for (how, spliced) in replay_spliced(&text, &parse, &value, &before, &edited, &options)
            {
                assert_same(&spliced, &fresh, &format!("{what}, {how}"));
                if how == INTO_A_COPY && spliced.replayed {
                    spliced_replays += 1;
                }
            }
            if reusing.replayed {
                replays += 1;
                let line = edit.split(':').next().unwrap_or_default();
                let number: usize = line["line ".len()..].parse().expect("a line number");
                let edited_line = text.lines().nth(number - 1).unwrap_or_default();
                if edited_line.trim_start().starts_with("handler:") {
                    handler_replays += 1;
                }
            }
            // And back, from the edited version's resolution (replayed or not).
            let earlier = Earlier::new(&edited_value, &edited, &reusing.reusable);
            let back = resolve(&value, &text, &options, Some(earlier));
            assert_same(&back, &before, &format!("{what}, and back"));
        }
        // The same text in another context: every environment variable changed, another
        // stage, region or param.
        let mut other_env = options.clone();
        for value in other_env.env.values_mut() {
            value.push_str("-changed");
        }
        let contexts = [
            ("another environment", other_env),
            (
                "another stage",
                CompileOptions {
                    stage: Some("other".to_owned()),
                    ..options.clone()
                },
            ),
            (
                "another region",
                CompileOptions {
                    region: Some("eu-north-1".to_owned()),
                    ..options.clone()
                },
            ),
            (
                "another param",
                CompileOptions {
                    params: vec![("other".to_owned(), "x".to_owned())],
                    ..options.clone()
                },
            ),
        ];
        for (context, other) in contexts {
            let earlier = Earlier::new(&value, &text, &before.reusable);
            let reusing = resolve(&value, &text, &other, Some(earlier));
            let fresh = resolve(&value, &text, &other, None);
            assert_same(&reusing, &fresh, &format!("{}: {context}", case.display()));
        }
    }
    // Typing in a handler is what an editor does most: no variable reads one in these cases.
    assert!(
        handler_replays > 100,
        "{handler_replays} handler edits replayed"
    );
    assert!(replays > 1000, "{replays} edits replayed");
    assert!(
        spliced_replays * 10 >= replays * 7,
        "{spliced_replays} of {replays} edits replayed when told where the edit is"
    );
}

const INTO_A_COPY: &str = "spliced into a copy";

/// The resolution of `edited` replaying `before` (the resolution of `value`, `text`'s), told
/// where the edit is as the analysis tells it: the block parsed again, without and with a copy
/// of the config `before` gave. None when the edit cannot be parsed in part.
fn replay_spliced(
    text: &str,
    parse: &sls_syntax::Parse,
    value: &Value,
    before: &Resolved,
    edited: &str,
    options: &CompileOptions,
) -> Vec<(&'static str, Resolved)> {
    let Some(reparsed) = sls_syntax::reparse(text, parse, edited) else {
        return Vec::new();
    };
    let Some(spliced_value) = reparsed
        .parse
        .root
        .as_ref()
        .and_then(|root| sls_config::value_after_reparse(value, &reparsed.splice, root))
    else {
        return Vec::new();
    };
    [
        ("spliced", None),
        (INTO_A_COPY, Some(before.reusable.config(value, None))),
    ]
    .into_iter()
    .map(|(how, config_copy)| {
        let earlier = Earlier {
            splice: Some(&reparsed.splice),
            config_copy,
            ..Earlier::new(value, text, &before.reusable)
        };
        (how, resolve(&spliced_value, edited, options, Some(earlier)))
    })
    .collect()
}

/// A file a variable reads may change while the config does not: a resolution that asked a
/// `file` source is never replayed.
#[test]
fn a_resolution_that_read_a_file_is_resolved_afresh() {
    let dir = std::env::temp_dir().join(format!("sls-variables-replay-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("a temporary folder");
    let text = "service: s\nprovider:\n  name: aws\ncustom:\n  fromFile: ${file(./values.yml):key}\nfunctions:\n  f:\n    handler: h.handler\n";
    let edited = text.replace("h.handler", "h.handlerx");
    fs::write(dir.join("values.yml"), "key: one\n").expect("values.yml written");
    let options = CompileOptions {
        service_dir: Some(fs::canonicalize(&dir).expect("the folder")),
        ..CompileOptions::default()
    };
    let value = value_of(text).expect("a config");
    let before = resolve(&value, text, &options, None);
    fs::write(dir.join("values.yml"), "key: two\n").expect("values.yml changed");
    let edited_value = value_of(&edited).expect("a config");
    let earlier = Earlier::new(&value, text, &before.reusable);
    let reusing = resolve(&edited_value, &edited, &options, Some(earlier));
    let fresh = resolve(&edited_value, &edited, &options, None);
    fs::remove_dir_all(&dir).expect("the temporary folder removed");
    let from_file = |r: &Resolved| {
        r.config
            .get_path(["custom", "fromFile"])
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    assert_eq!(from_file(&before).as_deref(), Some("one"));
    assert_eq!(from_file(&fresh).as_deref(), Some("two"));
    assert_same(&reusing, &fresh, "a file changed");
    assert!(!reusing.replayed);
}

/// Told where the edit is, the replay still declines exactly what could change the
/// resolution: a value a variable reads, a string with a `$`; and replays the rest, the
/// variables of the edited block placed again.
#[test]
fn a_replay_told_where_the_edit_is_declines_what_a_resolution_reads() {
    let text = concat!(
        "service: s\n",
        "provider:\n",
        "  name: aws\n",
        "custom:\n",
        "  poolName: users\n",
        "  other: plain\n",
        "functions:\n",
        "  f:\n",
        "    handler: f.handler\n",
        "    events:\n",
        "      - cognitoUserPool:\n",
        "          pool: ${self:custom.poolName}-${sls:stage}\n",
        "          trigger: PreSignUp\n",
        "      - http:\n",
        "          path: /f\n",
        "  g:\n",
        "    handler: g.handler\n",
    );
    let edits = [
        // In a block, everything after it moved.
        ("f.handler", "f.handlerx", true),
        ("other: plain", "other: plainer", true),
        // In a block whose variables are placed again (`events` is one block).
        ("path: /f", "path: /fx", true),
        ("trigger: PreSignUp", "trigger: PreSignUpx", true),
        // A value a variable reads.
        ("poolName: users", "poolName: userz", false),
        // A string with a variable.
        ("pool: ${self", "pool: x${self", false),
        ("${sls:stage}", "${sls:stage}x", false),
    ];
    let options = CompileOptions::default();
    let value = value_of(text).expect("a config");
    let before = resolve(&value, text, &options, None);
    let parse = sls_syntax::parse(text);
    for (from, to, replayed) in edits {
        let edited = text.replacen(from, to, 1);
        let fresh = resolve(
            &value_of(&edited).expect("a config"),
            &edited,
            &options,
            None,
        );
        let spliced = replay_spliced(text, &parse, &value, &before, &edited, &options);
        assert_eq!(spliced.len(), 2, "{to}: parsed in part");
        for (how, resolution) in spliced {
            assert_same(&resolution, &fresh, &format!("{to}, {how}"));
            assert_eq!(resolution.replayed, replayed, "{to}, {how}: replayed");
        }
    }
}
