//! Small scanners over the source text for what the parser's events leave out: where a node's
//! tag and anchor are written, where a block scalar's `|`/`>` is, where an empty value sits.

use crate::offsets::range;
use crate::{Anchor, Tag};

/// A node's properties (`!tag`, `&anchor`) as written at the start of its event.
#[derive(Debug, Default)]
pub(crate) struct Properties {
    pub(crate) tag: Option<Box<Tag>>,
    pub(crate) anchor: Option<Box<Anchor>>,
    /// The end of the last property, or the start when there is none.
    pub(crate) end: usize,
    /// The first byte of the node's content: after the properties and the blanks that follow.
    pub(crate) content_start: usize,
}

/// Reads the properties written at `start` (an event's first byte).
pub(crate) fn scan_properties(text: &str, start: usize) -> Properties {
    let bytes = text.as_bytes();
    let mut props = Properties {
        end: start,
        content_start: start,
        ..Properties::default()
    };
    let mut at = start;
    loop {
        match bytes.get(at) {
            Some(b'&') => {
                let end = token_end(bytes, at + 1, false);
                props.anchor = Some(Box::new(Anchor {
                    name: text[at + 1..end].to_owned(),
                    range: range(at, end),
                }));
                props.end = end;
            }
            Some(b'!') => {
                let verbatim = bytes.get(at + 1) == Some(&b'<');
                let end = token_end(bytes, at + 1, verbatim);
                props.tag = Some(Box::new(Tag {
                    name: text[at + 1..end].to_owned(),
                    range: range(at, end),
                }));
                props.end = end;
            }
            _ => break,
        }
        at = skip_blanks_and_comments(bytes, props.end);
        props.content_start = at;
    }
    props
}

/// The end of an anchor or tag name starting at `at`: the next blank or flow indicator
/// (for a verbatim tag `!<...>`, just past the `>`).
fn token_end(bytes: &[u8], at: usize, verbatim: bool) -> usize {
    let mut end = at;
    while let Some(&b) = bytes.get(end) {
        if verbatim {
            end += 1;
            if b == b'>' {
                break;
            }
            continue;
        }
        if matches!(
            b,
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
        ) {
            break;
        }
        end += 1;
    }
    end
}

/// Skips spaces, tabs, line breaks and `#` comments.
fn skip_blanks_and_comments(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&b) = bytes.get(at) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => at += 1,
            b'#' => {
                while bytes.get(at).is_some_and(|&b| b != b'\n') {
                    at += 1;
                }
            }
            _ => break,
        }
    }
    at
}

/// The `|`/`>` header of the block scalar whose content starts at `content_start`, searched
/// from `not_before` (the end of the node's properties, if any).
///
/// The parser reports only where the content starts, so look back to the last non-blank line
/// (the header line, as comments cannot sit between a header and its content) and take the
/// first `|` or `>` on it that starts a word and is followed only by indentation/chomping
/// indicators, blanks and maybe a comment. Returns the header's start and end.
pub(crate) fn block_scalar_header(
    text: &str,
    content_start: usize,
    not_before: usize,
) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut last = content_start.min(bytes.len());
    while last > not_before && matches!(bytes[last - 1], b' ' | b'\t' | b'\r' | b'\n') {
        last -= 1;
    }
    let line_start = text[..last]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(not_before);
    let line_end = last;
    (line_start..line_end).find_map(|at| {
        let b = bytes[at];
        let starts_word = at == line_start || matches!(bytes[at - 1], b' ' | b'\t');
        if !(b == b'|' || b == b'>') || !starts_word {
            return None;
        }
        let mut end = at + 1;
        while end < line_end && matches!(bytes[end], b'0'..=b'9' | b'+' | b'-') {
            end += 1;
        }
        let mut rest = end;
        while rest < line_end && matches!(bytes[rest], b' ' | b'\t') {
            rest += 1;
        }
        let rest_is_comment = rest < line_end && bytes[rest] == b'#' && rest > end;
        (rest == line_end || rest_is_comment).then_some((at, end))
    })
}

/// `end` moved back over trailing blanks and line breaks, but not before `floor`.
pub(crate) fn trim_end(text: &str, floor: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = end.min(bytes.len());
    while end > floor && matches!(bytes[end - 1], b' ' | b'\t' | b'\r' | b'\n') {
        end -= 1;
    }
    end
}

/// Where an empty value reported at `at` is placed: right after the `:` or `-` that introduced
/// it (the parser points at the `:`, or past the blanks after a `-`).
pub(crate) fn empty_value_position(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let at = at.min(bytes.len());
    if bytes.get(at) == Some(&b':') {
        return at + 1;
    }
    let mut back = at;
    while back > 0 && matches!(bytes[back - 1], b' ' | b'\t') {
        back -= 1;
    }
    if back > 0 && matches!(bytes[back - 1], b':' | b'-') {
        return back;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_in_either_order_and_across_lines() {
        let text = "&a !Ref X";
        let props = scan_properties(text, 0);
        assert_eq!(props.anchor.map(|a| a.name).as_deref(), Some("a"));
        assert_eq!(props.tag.map(|t| t.name).as_deref(), Some("Ref"));
        assert_eq!(props.end, 7);
        assert_eq!(props.content_start, 8);

        let text = "!Sub # why\n  - x";
        let props = scan_properties(text, 0);
        assert_eq!(props.end, 4);
        assert_eq!(&text[props.content_start..], "- x");

        let props = scan_properties("!<tag:a,b> x", 0);
        assert_eq!(props.tag.map(|t| t.name).as_deref(), Some("<tag:a,b>"));

        let props = scan_properties("!If [a]", 0);
        assert_eq!(props.tag.map(|t| t.name).as_deref(), Some("If"));
    }

    #[test]
    fn block_scalar_header_skips_pipes_in_keys_and_comments() {
        let text = "a | b: |-2 # c | d\n  body\n";
        let content = text.find("body").unwrap_or_default();
        assert_eq!(block_scalar_header(text, content, 0), Some((7, 10)));

        let text = "k: >\n\n  folded\n";
        let content = text.find("folded").unwrap_or_default();
        assert_eq!(block_scalar_header(text, content, 0), Some((3, 4)));
    }

    #[test]
    fn empty_values_sit_after_their_indicator() {
        assert_eq!(empty_value_position("e:\n", 1), 2);
        assert_eq!(empty_value_position("- \n", 2), 1);
        assert_eq!(empty_value_position("{d}", 2), 2);
    }
}
