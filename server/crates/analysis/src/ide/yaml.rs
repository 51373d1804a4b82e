//! Compiled JSON printed as block YAML, for hovers. Strings that YAML would read as something
//! else are written as JSON strings (valid double-quoted YAML).

use serde_json::Value as Json;

/// `key:` and `value` below it, indented by `indent`.
pub fn entry_to_yaml(key: &str, value: &Json) -> String {
    let mut out = String::new();
    write_entry(&mut out, 0, key, value);
    out
}

fn write_entry(out: &mut String, indent: usize, key: &str, value: &Json) {
    out.push_str(&" ".repeat(indent));
    out.push_str(&scalar_text(key));
    out.push(':');
    write_after_colon(out, indent, value);
}

/// What follows `key:` or `- `: an inline scalar or an indented block.
fn write_after_colon(out: &mut String, indent: usize, value: &Json) {
    match value {
        Json::Object(map) if !map.is_empty() => {
            out.push('\n');
            for (k, v) in map {
                write_entry(out, indent + 2, k, v);
            }
        }
        Json::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_items(out, indent + 2, items);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

fn write_items(out: &mut String, indent: usize, items: &[Json]) {
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match item {
            Json::Object(map) if !map.is_empty() => {
                // The first entry on the dash's line, the others below it.
                let mut first = true;
                for (k, v) in map {
                    if first {
                        out.push(' ');
                        out.push_str(&scalar_text(k));
                        out.push(':');
                        write_after_colon(out, indent + 2, v);
                        first = false;
                    } else {
                        write_entry(out, indent + 2, k, v);
                    }
                }
            }
            Json::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_items(out, indent + 2, inner);
            }
            other => {
                out.push(' ');
                out.push_str(&inline(other));
                out.push('\n');
            }
        }
    }
}

fn inline(value: &Json) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        Json::String(s) => scalar_text(s),
        Json::Array(_) => "[]".to_owned(),
        Json::Object(_) => "{}".to_owned(),
    }
}

/// `s` plain when YAML reads it back as the same string, else double-quoted.
fn scalar_text(s: &str) -> String {
    if needs_quotes(s) {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    } else {
        s.to_owned()
    }
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    reserved
        || s.parse::<f64>().is_ok()
        || s.starts_with("0x")
        // Dates and times (`2012-10-17`, `12:30`) are not strings to YAML 1.1 readers.
        || first.is_ascii_digit() && s.contains(['-', ':'])
        || s.starts_with("0o")
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_maps_lists_and_ambiguous_strings() {
        let json = serde_json::json!({
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "FunctionName": {"Fn::GetAtt": ["PreSignUpLambdaFunction", "Arn"]},
                "Principal": "cognito-idp.amazonaws.com",
                "Tags": [{"Key": "a", "Value": "true"}, {"Key": "n", "Value": "012"}],
                "Empty": {},
                "None": [],
                "Sub": "arn:${AWS::Partition}: x",
                "Nested": [[1, 2], null],
                "Version": "2012-10-17"
            }
        });
        insta::assert_snapshot!(entry_to_yaml("Perm", &json), @r#"
        Perm:
          Type: AWS::Lambda::Permission
          Properties:
            FunctionName:
              Fn::GetAtt:
                - PreSignUpLambdaFunction
                - Arn
            Principal: cognito-idp.amazonaws.com
            Tags:
              - Key: a
                Value: "true"
              - Key: "n"
                Value: "012"
            Empty: {}
            None: []
            Sub: "arn:${AWS::Partition}: x"
            Nested:
              -
                - 1
                - 2
              - null
            Version: "2012-10-17"
        "#);
    }
}
