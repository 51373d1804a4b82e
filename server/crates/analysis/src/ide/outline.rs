//! Where the cursor is, read from the text around it by indentation alone, so that it works on
//! a line being typed that does not parse (`trigger: Pre`, `- `, `Ref: My`).

use sls_text::{TextRange, TextSize};

/// One step from the root to the cursor's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    /// A `- ` sequence item.
    Item,
}

/// The cursor's line and what encloses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineContext<'t> {
    /// The keys and items enclosing the cursor's line, from the root.
    pub parents: Vec<Step>,
    /// The line's own key, when the cursor is after its `key:`.
    pub key: Option<&'t str>,
    /// The line starts (after its indentation) with `- `.
    pub item: bool,
    /// The text from the start of the line's content (after any `- `) to the cursor.
    pub before: &'t str,
    /// The value typed so far after `key:` (or the whole content when there is no key).
    pub value: &'t str,
    pub offset: TextSize,
}

impl LineContext<'_> {
    pub fn under(&self, keys: &[&str]) -> bool {
        let names: Vec<Option<&str>> = self
            .parents
            .iter()
            .map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Item => None,
            })
            .collect();
        names.len() >= keys.len()
            && names[names.len() - keys.len()..]
                .iter()
                .zip(keys)
                .all(|(n, k)| *k == "-" && n.is_none() || *n == Some(*k))
    }

    pub fn parent_key(&self) -> Option<&str> {
        self.parents.iter().rev().find_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Item => None,
        })
    }

    /// The range of the word (`[A-Za-z0-9_-]`) that ends at the cursor, to be replaced.
    pub fn word_range(&self, extra: &[char]) -> TextRange {
        let start = self
            .before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || extra.contains(c))
            .last()
            .map_or(self.before.len(), |(i, _)| i);
        let len = self.before.len() - start;
        TextRange::new(self.offset - TextSize::from(len as u32), self.offset)
    }
}

/// The context of `offset` in `text`.
pub fn line_context(text: &str, offset: TextSize) -> LineContext<'_> {
    let at = usize::from(offset).min(text.len());
    let at = floor_char_boundary(text, at);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..at];
    let tokens = tokens(line);
    let last_item = tokens.iter().rev().find(|(_, t)| matches!(t, Token::Item));
    let (content_col, item) = match last_item {
        Some(&(col, _)) => {
            let after = col + 1;
            (
                after + line[after..].len() - line[after..].trim_start_matches(' ').len(),
                true,
            )
        }
        None => (line.len() - line.trim_start_matches(' ').len(), false),
    };
    // Items written before the content on the same line (`- - x`) enclose it too.
    let mut parents_here: Vec<Step> = tokens
        .iter()
        .filter(|(_, t)| matches!(t, Token::Item))
        .map(|_| Step::Item)
        .collect();
    let before = &line[content_col..];
    let (key, value) = match split_key(before) {
        Some((key, value)) => (Some(key), value.trim_start()),
        None => (None, before),
    };
    let mut parents = enclosing(&text[..line_start], leading_col(line, &tokens));
    parents.append(&mut parents_here);
    LineContext {
        parents,
        key,
        item,
        before,
        value,
        offset: TextSize::from(at as u32),
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The column where the line's first token starts (its indentation).
fn leading_col(line: &str, tokens: &[(usize, Token)]) -> usize {
    tokens
        .first()
        .map_or(line.len() - line.trim_start_matches(' ').len(), |(c, _)| *c)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Item,
    Key(String),
}

/// `key:` at the start of `content`: the key and what follows the colon.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let mut i = 0;
    let quote = match bytes.first() {
        Some(q @ (b'"' | b'\'')) => Some(*q),
        _ => None,
    };
    if let Some(q) = quote {
        let close = content[1..].find(q as char)? + 1;
        let rest = &content[close + 1..];
        let rest = rest.strip_prefix(':')?;
        return Some((&content[1..close], rest));
    }
    while i < bytes.len() {
        if bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            let key = content[..i].trim_end();
            if key.is_empty() || key.starts_with(['{', '[', '#', '"', '\'']) {
                return None;
            }
            return Some((key, &content[i + 1..]));
        }
        if bytes[i] == b' ' && content[i..].trim_start().starts_with('#') {
            return None;
        }
        i += 1;
    }
    None
}

/// The `- ` items and the key at the start of a line, with their columns.
fn tokens(line: &str) -> Vec<(usize, Token)> {
    let mut out = Vec::new();
    let mut col = line.len() - line.trim_start_matches(' ').len();
    loop {
        let rest = &line[col..];
        if rest == "-" || rest.starts_with("- ") {
            out.push((col, Token::Item));
            col += 1;
            col += line[col..].len() - line[col..].trim_start_matches(' ').len();
            continue;
        }
        if let Some((key, _)) = split_key(rest) {
            out.push((col, Token::Key(key.to_owned())));
        }
        return out;
    }
}

/// The keys and items enclosing a line indented at `col`, from the lines above it.
fn enclosing(above: &str, col: usize) -> Vec<Step> {
    let mut limit = col;
    let mut steps = Vec::new();
    for line in above.lines().rev() {
        if limit == 0 {
            break;
        }
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // Nothing on a line indented at or past the limit can enclose the cursor's line.
        if line.len() - trimmed.len() >= limit {
            continue;
        }
        let tokens = tokens(line);
        if tokens.is_empty() {
            // A continuation line of a value (a block scalar, a flow collection).
            continue;
        }
        for (token_col, token) in tokens.into_iter().rev() {
            // A key is a parent when it is left of the line; an item also when it is
            // exactly at the line's column (`key:` then `- x` at the same indentation).
            let parent = token_col < limit;
            if parent {
                limit = token_col;
                steps.push(match token {
                    Token::Item => Step::Item,
                    Token::Key(k) => Step::Key(k),
                });
            }
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_bar(text: &str) -> (String, TextSize) {
        let at = text.find('|').expect("a | marks the cursor");
        (text.replacen('|', "", 1), TextSize::from(at as u32))
    }

    fn describe(text: &str) -> String {
        let (text, at) = at_bar(text);
        let c = line_context(&text, at);
        format!(
            "{:?} key={:?} item={} value={:?}",
            c.parents, c.key, c.item, c.value
        )
    }

    #[test]
    fn half_typed_lines_are_placed_by_indentation() {
        let service =
            "functions:\n  a:\n    events:\n      - cognitoUserPool:\n          pool: P\n";
        insta::assert_snapshot!(
            [
                describe(&format!("{service}          trigger: Pre|")),
                describe(&format!("{service}          tri|")),
                describe("functions:\n  a:\n    events:\n      - |"),
                describe("functions:\n  a:\n    events:\n      - cognitoUserPool: {pool: x, |"),
                describe("resources:\n  Resources:\n    X:\n      DependsOn:\n        - |"),
                describe("resources:\n  Resources:\n    X:\n      Properties:\n        A: !Ref My|\n"),
            ]
            .join("\n"),
            @r#"
        [Key("functions"), Key("a"), Key("events"), Item, Key("cognitoUserPool")] key=Some("trigger") item=false value="Pre"
        [Key("functions"), Key("a"), Key("events"), Item, Key("cognitoUserPool")] key=None item=false value="tri"
        [Key("functions"), Key("a"), Key("events"), Item] key=None item=true value=""
        [Key("functions"), Key("a"), Key("events"), Item] key=Some("cognitoUserPool") item=true value="{pool: x, "
        [Key("resources"), Key("Resources"), Key("X"), Key("DependsOn"), Item] key=None item=true value=""
        [Key("resources"), Key("Resources"), Key("X"), Key("Properties")] key=Some("A") item=false value="!Ref My"
        "#
        );
    }
}
