//! The parser's error messages rewritten for someone typing a serverless.yml, and a look at a
//! line for the quote or bracket it leaves open.

/// A readable version of a `saphyr-parser` error message (unknown ones are kept as they are).
pub(crate) fn readable(message: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            "did not find expected key",
            "expected a `key: value` line here; check the indentation",
        ),
        (
            "did not find expected '-' indicator",
            "expected a list item (`- ...`) here; check the indentation",
        ),
        (
            "mapping values are not allowed in this context",
            "unexpected `:`: a `key: value` pair cannot start here; check the indentation, or \
             quote the value if it contains `: `",
        ),
        (
            "block sequence entries are not allowed in this context",
            "a list item (`- `) cannot start here; check the indentation",
        ),
        (
            "simple key expect",
            "expected `:` after this key, or a deeper indentation",
        ),
        (
            "quoted scalar, found unexpected end of stream",
            "this quoted string is never closed",
        ),
        (
            "invalid indentation in quoted scalar",
            "this quoted string runs on to a line that is not indented enough; is its closing \
             quote missing?",
        ),
        (
            "quoted scalar, found unexpected document indicator",
            "this quoted string runs into a `---` or `...` line; is its closing quote missing?",
        ),
        (
            "while parsing a flow sequence, expected ',' or ']'",
            "expected `,` or `]` in this `[...]` list",
        ),
        (
            "did not find expected ',' or '}'",
            "expected `,` or `}` in this `{...}` mapping",
        ),
        (
            "illegal placement of ':' indicator",
            "unexpected `:` inside `[...]` or `{...}`; is a bracket left open?",
        ),
        (
            "invalid indentation in flow construct",
            "this line of a `[...]` or `{...}` is not indented enough; is a bracket left open?",
        ),
        (
            "did not find expected node content",
            "expected a value here",
        ),
        (
            "did not find expected <document start>",
            "unexpected text after the end of the document; check the indentation",
        ),
        (
            "did not find expected alphabetic or numeric character",
            "an anchor (`&`) or alias (`*`) needs a name",
        ),
        (
            "found unknown escape character",
            "unknown escape sequence in a double-quoted string (write `\\\\` for a backslash, \
             or use single quotes)",
        ),
        (
            "invalid trailing content after double-quoted scalar",
            "unexpected text after the closing quote",
        ),
        (
            "wrongly indented line in block scalar",
            "this line of the `|`/`>` text is indented less than its first line",
        ),
        (
            "block scalar, did not find expected comment or line break",
            "only indentation/chomping indicators and a comment may follow `|` or `>` on its \
             line",
        ),
        (
            "comment intercepting the multiline text",
            "a comment cannot interrupt a value written over several lines",
        ),
        (
            "':' must be followed by a valid YAML whitespace",
            "`:` must be followed by a space here",
        ),
        (
            "'-' must be followed by a valid YAML whitespace",
            "`-` must be followed by a space",
        ),
        ("misplaced bracket", "unexpected closing bracket"),
        (
            "only valid inside a block",
            "a `- ` list item cannot appear inside `[...]` or `{...}`; is a bracket left open?",
        ),
        ("invalid indentation", "bad indentation"),
        ("unexpected eof", "the document ends unexpectedly"),
        (
            "unprintable character",
            "a control character (such as a NUL byte) cannot appear in YAML",
        ),
    ];
    if is_tab_error(message) {
        return "tabs cannot indent YAML; use spaces".to_owned();
    }
    known
        .iter()
        .find(|(pattern, _)| message.contains(pattern))
        .map_or_else(
            || message.to_owned(),
            |(_, readable)| (*readable).to_owned(),
        )
}

pub(crate) fn is_tab_error(message: &str) -> bool {
    // As a word: "found unprintable character" (a NUL byte) is no tab error.
    message
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|word| word == "tab" || word == "tabs")
}

/// Whether an error of this kind can be caused by a quote or bracket left open earlier.
pub(crate) fn may_come_from_open_delimiter(message: &str) -> bool {
    [
        "quoted scalar",
        "flow",
        "',' or",
        "':' indicator",
        "end of stream",
        "unexpected eof",
        "only valid inside a block",
    ]
    .iter()
    .any(|pattern| message.contains(pattern))
}

/// A quote or bracket that `line` opens and never closes: its offset in the line and a message.
pub(crate) fn unclosed_delimiter(line: &str) -> Option<(usize, &'static str)> {
    let bytes = line.as_bytes();
    let mut open_brackets: Vec<usize> = Vec::new();
    let mut quote: Option<(u8, usize)> = None;
    // Quotes and brackets start a node only where a node can start, not inside `it's` or `a[0]`.
    let mut at_node_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        if let Some((q, _)) = quote {
            if b == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if b == q {
                if q == b'\'' && next == Some(b'\'') {
                    i += 2;
                    continue;
                }
                quote = None;
                at_node_start = false;
            }
            i += 1;
            continue;
        }
        let in_flow = !open_brackets.is_empty();
        let separated = next.is_none_or(|n| matches!(n, b' ' | b'\t'))
            || in_flow && matches!(next, Some(b',' | b']' | b'}'));
        match b {
            b' ' | b'\t' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
            b'"' | b'\'' if at_node_start => quote = Some((b, i)),
            b'[' | b'{' if at_node_start || in_flow => {
                open_brackets.push(i);
                at_node_start = true;
            }
            b']' | b'}' if in_flow => {
                open_brackets.pop();
                at_node_start = false;
            }
            b',' if in_flow => at_node_start = true,
            b'-' | b'?' | b':' if separated => at_node_start = true,
            b'!' | b'&' if at_node_start => {
                // A tag or anchor: the node starts after it.
                while i + 1 < bytes.len() && !matches!(bytes[i + 1], b' ' | b'\t') {
                    i += 1;
                }
            }
            _ => at_node_start = false,
        }
        i += 1;
    }
    if let Some((q, at)) = quote {
        let message = if q == b'"' {
            "this `\"` string is never closed"
        } else {
            "this `'` string is never closed"
        };
        return Some((at, message));
    }
    open_brackets.first().map(|&at| {
        let message = if bytes[at] == b'[' {
            "this `[` is never closed"
        } else {
            "this `{` is never closed"
        };
        (at, message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_line_leaves_open() {
        assert_eq!(
            unclosed_delimiter("  pool: \"abc"),
            Some((8, "this `\"` string is never closed"))
        );
        assert_eq!(
            unclosed_delimiter("  key: [a, {b: c}"),
            Some((7, "this `[` is never closed"))
        );
        assert_eq!(
            unclosed_delimiter("  key: !If [a, b"),
            Some((11, "this `[` is never closed"))
        );
        assert_eq!(
            unclosed_delimiter("  - 'it''s"),
            Some((4, "this `'` string is never closed"))
        );
        assert_eq!(unclosed_delimiter("  key: it's a[0] # ["), None);
        assert_eq!(unclosed_delimiter("  key: \"a \\\" b\" [x"), None);
        assert_eq!(unclosed_delimiter("  key: [a, \"b]\"]"), None);
    }

    #[test]
    fn rewrites_known_messages() {
        assert_eq!(
            readable("while parsing a block mapping, did not find expected key"),
            "expected a `key: value` line here; check the indentation"
        );
        assert_eq!(readable("something new"), "something new");
        assert_eq!(
            readable("tabs disallowed within this context (block indentation)"),
            "tabs cannot indent YAML; use spaces"
        );
        assert_eq!(
            readable("found unprintable character"),
            "a control character (such as a NUL byte) cannot appear in YAML"
        );
    }
}
