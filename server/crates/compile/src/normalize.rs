//! The oracle's `--normalize` (shared/oracle/sls-compile.sh), step for step: what a real build
//! makes unpredictable is replaced by placeholders, so a compilation compares byte for byte.
//! 1. `S3Key` strings: the `/<epochMs>-<ISO>/` folder becomes `/<ARTIFACT_DIR>/` (first match);
//! 2. in every key and string, `LambdaVersion` + 20 or more alphanumerics becomes
//!    `LambdaVersion<HASH>`, and every string `CodeSha256` becomes `<SHA256>` (the script does
//!    this on the JSON text and parses it back: a key made equal to an earlier one replaces
//!    that one's value in place);
//! 3. a `Custom::CognitoUserPool`'s numeric `ForceDeploy` (`Date.now()`) becomes `<NOW>`.

use serde_json::{Map, Value as Json};

pub fn normalize(template: &mut Json) {
    normalize_s3_keys(template);
    *template = replace_volatile(std::mem::take(template), None);
    normalize_force_deploy(template);
}

fn normalize_s3_keys(value: &mut Json) {
    match value {
        Json::Array(items) => items.iter_mut().for_each(normalize_s3_keys),
        Json::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Json::String(s) if k == "S3Key" => *s = replace_artifact_dir(s),
                    _ => normalize_s3_keys(v),
                }
            }
        }
        _ => {}
    }
}

/// `/\/\d+-\d{4}-\d\d-\d\dT[\d:.]+Z\//` replaced (once) by `/<ARTIFACT_DIR>/`.
fn replace_artifact_dir(s: &str) -> String {
    let bytes = s.as_bytes();
    for start in 0..bytes.len() {
        if let Some(end) = artifact_dir_at(bytes, start) {
            return format!("{}/<ARTIFACT_DIR>/{}", &s[..start], &s[end..]);
        }
    }
    s.to_owned()
}

/// The end (after the closing `/`) of an artifact folder starting with the `/` at `i`.
fn artifact_dir_at(b: &[u8], mut i: usize) -> Option<usize> {
    let eat = |i: &mut usize, c: u8| (b.get(*i) == Some(&c)).then(|| *i += 1);
    let digits = |i: &mut usize, n: Option<usize>| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) && n.is_none_or(|n| *i - start < n) {
            *i += 1;
        }
        let count = *i - start;
        (count > 0 && n.is_none_or(|n| count == n)).then_some(())
    };
    eat(&mut i, b'/')?;
    digits(&mut i, None)?;
    eat(&mut i, b'-')?;
    digits(&mut i, Some(4))?;
    eat(&mut i, b'-')?;
    digits(&mut i, Some(2))?;
    eat(&mut i, b'-')?;
    digits(&mut i, Some(2))?;
    eat(&mut i, b'T')?;
    // `[\d:.]+Z` backtracks: the last `Z/` after a run of digits, colons and dots.
    let run_start = i;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_digit() || *c == b':' || *c == b'.')
    {
        i += 1;
    }
    (i > run_start).then_some(())?;
    eat(&mut i, b'Z')?;
    eat(&mut i, b'/')?;
    Some(i)
}

/// `LambdaVersion[0-9A-Za-z]{20,}` replaced everywhere by `LambdaVersion<HASH>`.
pub fn replace_lambda_version_hashes(s: &str) -> String {
    const MARK: &str = "LambdaVersion";
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find(MARK) {
        let after = &rest[at + MARK.len()..];
        let run = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if run >= 20 {
            out.push_str(&rest[..at]);
            out.push_str("LambdaVersion<HASH>");
            rest = &after[run..];
        } else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn replace_volatile(value: Json, key: Option<&str>) -> Json {
    match value {
        Json::String(s) if key == Some("CodeSha256") && !s.contains('"') => {
            Json::String("<SHA256>".to_owned())
        }
        Json::String(s) => Json::String(replace_lambda_version_hashes(&s)),
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|v| replace_volatile(v, None))
                .collect(),
        ),
        Json::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let k = replace_lambda_version_hashes(&k);
                let v = replace_volatile(v, Some(&k));
                // JSON.parse: a repeated key keeps its first place and takes the last value.
                out.insert(k, v);
            }
            Json::Object(out)
        }
        other => other,
    }
}

fn normalize_force_deploy(template: &mut Json) {
    let Some(resources) = template.get_mut("Resources").and_then(Json::as_object_mut) else {
        return;
    };
    for resource in resources.values_mut() {
        if resource.get("Type").and_then(Json::as_str) != Some("Custom::CognitoUserPool") {
            continue;
        }
        if let Some(force) = resource.pointer_mut("/Properties/ForceDeploy")
            && force.is_number()
        {
            *force = Json::String("<NOW>".to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn artifact_folder_becomes_placeholder() {
        assert_eq!(
            replace_artifact_dir("serverless/s/dev/1795675293773-2026-11-26T06:41:33.773Z/s.zip"),
            "serverless/s/dev/<ARTIFACT_DIR>/s.zip"
        );
        assert_eq!(replace_artifact_dir("a/b.zip"), "a/b.zip");
        assert_eq!(replace_artifact_dir("/1-2026-1-26T0Z/"), "/1-2026-1-26T0Z/");
    }

    #[test]
    fn version_hashes_need_twenty_alphanumerics() {
        assert_eq!(
            replace_lambda_version_hashes("XLambdaVersionabcdefghij0123456789KLMN"),
            "XLambdaVersion<HASH>"
        );
        assert_eq!(
            replace_lambda_version_hashes("XLambdaVersionShort"),
            "XLambdaVersionShort"
        );
        assert_eq!(
            replace_lambda_version_hashes("LambdaVersionLambdaVersion0123456789abcdefghij-x"),
            "LambdaVersion<HASH>-x"
        );
    }

    #[test]
    fn whole_template() {
        let mut t = json!({
            "Resources": {
                "FLambdaVersionabcdefghij0123456789KLMN": {
                    "Properties": { "CodeSha256": "xyz=", "Code": { "S3Key": "p/1-2026-01-02T03:04:05.678Z/f.zip" } }
                },
                "C": { "Type": "Custom::CognitoUserPool", "Properties": { "ForceDeploy": 17 } }
            },
            "Outputs": { "O": { "Value": { "Ref": "FLambdaVersionabcdefghij0123456789KLMN" } } }
        });
        normalize(&mut t);
        assert_eq!(
            t,
            json!({
                "Resources": {
                    "FLambdaVersion<HASH>": {
                        "Properties": { "CodeSha256": "<SHA256>", "Code": { "S3Key": "p/<ARTIFACT_DIR>/f.zip" } }
                    },
                    "C": { "Type": "Custom::CognitoUserPool", "Properties": { "ForceDeploy": "<NOW>" } }
                },
                "Outputs": { "O": { "Value": { "Ref": "FLambdaVersion<HASH>" } } }
            })
        );
    }
}
