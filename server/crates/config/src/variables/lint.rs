//! Likely typos in variables that the framework accepts without a word (or reports as a
//! missing value far from the cause).

use super::parse::{ItemKind, Literal, Source, Variables};
use crate::{TextRange, TextSize};

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
}

/// `{$self:x}` (serverless#5340): `{$` then a source name and `:` or `(`, with a `}` later.
/// Returns the range of each `{$`.
pub fn brace_dollar_typos(text: &str) -> Vec<TextRange> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices("{$") {
        if i > 0 && bytes[i - 1] == b'$' {
            continue; // `${$...}` is something else
        }
        let rest = &text[i + 2..];
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let starts_like_source = rest.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && matches!(rest.as_bytes().get(name_len), Some(b':' | b'('));
        if starts_like_source && rest[name_len..].contains('}') {
            out.push(range(i, i + 2));
        }
    }
    out
}

/// A mapping key such as `$self:custom.x`: what YAML makes of `key: {$self:custom.x}`.
pub fn is_brace_dollar_key(key: &str) -> bool {
    let Some(rest) = key.strip_prefix('$') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    rest.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && matches!(rest.as_bytes().get(name_len), Some(b':' | b'('))
}

/// `${self:custom:region}` (serverless#7921): a `:` in a `self` address, which separates
/// keys with `.`. Returns the range of each such `:` and the address as probably meant.
pub fn self_address_colons(vars: &Variables) -> Vec<(TextRange, String)> {
    let mut out = Vec::new();
    collect_self_colons(vars, &mut out);
    out
}

fn collect_self_colons(vars: &Variables, out: &mut Vec<(TextRange, String)>) {
    for item in &vars.items {
        let ItemKind::Variable(sources) = &item.kind else {
            continue;
        };
        for source in sources {
            let Source::Typed(typed) = source else {
                continue;
            };
            for meta in typed.params.iter().flatten().chain(&typed.address) {
                if let Some(nested) = &meta.variables {
                    collect_self_colons(nested, out);
                }
            }
            let Some(address) = &typed.address else {
                continue;
            };
            if typed.name != "self" || address.variables.is_some() {
                continue;
            }
            if let Literal::String(text) = &address.value {
                if let Some(i) = text.find(':') {
                    let at = usize::from(address.range.start()) + i;
                    out.push((range(at, at + 1), text.replace(':', ".")));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variables::parse::parse;

    #[test]
    fn finds_brace_dollar_typos() {
        let text = "a {$self:custom.x} ${self:y} {$ x} ${$foo:bar}";
        assert_eq!(brace_dollar_typos(text), vec![range(2, 4)]);
        assert!(brace_dollar_typos("{$self:x").is_empty());
        assert!(is_brace_dollar_key("$self:custom.x"));
        assert!(!is_brace_dollar_key("$ref"));
    }

    #[test]
    fn finds_colons_in_self_addresses() {
        let vars = parse("${self:custom:region} ${opt:a:b} ${file(${self:a:b})}")
            .unwrap()
            .unwrap();
        let found = self_address_colons(&vars);
        assert_eq!(
            found,
            vec![
                (range(13, 14), "custom.region".to_owned()),
                (range(48, 49), "a.b".to_owned())
            ]
        );
    }
}
