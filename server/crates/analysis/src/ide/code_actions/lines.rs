//! Whole-line edits for the fixes that move YAML entries: the lines a node spans are moved
//! (re-indented at most), never rewritten, so comments, quoting and line breaks stay as the
//! user wrote them.

use sls_syntax::{Node, NodeKind};
use sls_text::{TextRange, TextSize};

pub(super) type Edit = (TextRange, String);

/// The start of the line holding `offset`.
pub(super) fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Past the line break of the line a node ending at `end` ends on. A node whose range ends
/// with its line break (a block scalar) ends on the line before.
pub(super) fn line_end(text: &str, end: usize) -> usize {
    if text[..end].ends_with('\n') {
        return end;
    }
    text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
}

/// Bytes from the start of its line to `offset` (the YAML indentation is spaces only).
pub(super) fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Only spaces before `offset` on its line.
pub(super) fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset]
        .bytes()
        .all(|b| b == b' ')
}

/// Only spaces, or a comment, after `end` on its line.
pub(super) fn ends_line(text: &str, end: usize) -> bool {
    let rest = &text[end..line_end(text, end)];
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.trim_end_matches(['\r', '\n']).is_empty() || rest.starts_with('#')
}

/// An item of a block sequence written `- item` on its own line: the column of its dash.
pub(super) fn dash_column(text: &str, item: &Node) -> Option<usize> {
    let start = usize::from(item.range.start());
    let before = &text[line_start(text, start)..start];
    let indent = before.len() - before.trim_start_matches(' ').len();
    let rest = before[indent..].strip_prefix('-')?;
    rest.bytes().all(|b| b == b' ').then_some(indent)
}

/// The start of the comment lines right above the line starting at `start`, none above `floor`.
pub(super) fn with_leading_comments(text: &str, start: usize, floor: usize) -> usize {
    let mut first = start;
    while first > floor {
        let above = line_start(text, first - 1);
        if above < floor || !text[above..first].trim_start().starts_with('#') {
            break;
        }
        first = above;
    }
    first
}

/// The document's line break: CRLF when its first line ends so.
pub(super) fn line_break(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// `lines` ending with a line break.
pub(super) fn terminated(mut lines: String, eol: &str) -> String {
    if !lines.is_empty() && !lines.ends_with('\n') {
        lines.push_str(eol);
    }
    lines
}

/// `lines` with `delta` spaces added to (or removed from) the start of each non-blank line;
/// `None` when a line has fewer spaces than there are to remove.
pub(super) fn reindent(lines: &str, delta: isize) -> Option<String> {
    let mut out = String::with_capacity(lines.len());
    for line in lines.split_inclusive('\n') {
        if line.trim().is_empty() || delta == 0 {
            out.push_str(line);
        } else if delta > 0 {
            out.push_str(&" ".repeat(delta.unsigned_abs()));
            out.push_str(line);
        } else {
            let remove = delta.unsigned_abs();
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces < remove {
                return None;
            }
            out.push_str(&line[remove..]);
        }
    }
    Some(out)
}

/// Whole lines (ending with a line break) inserted at the line start `at`; at the end of a
/// text without a final line break, the break goes first.
pub(super) fn insert_lines(text: &str, at: usize, lines: String, eol: &str) -> Edit {
    let at_range = TextRange::empty(offset(at));
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        let body = lines.strip_suffix('\n').unwrap_or(&lines);
        let body = body.strip_suffix('\r').unwrap_or(body);
        return (at_range, format!("{eol}{body}"));
    }
    (at_range, lines)
}

/// Whole lines deleted; the last line of a text without a final line break goes with the
/// break before it, so the text still ends as it did.
pub(super) fn delete_lines(text: &str, start: usize, end: usize) -> Edit {
    let mut start = start;
    if end == text.len() && !text.ends_with('\n') && start > 0 {
        start -= 1;
        if text[..start].ends_with('\r') {
            start -= 1;
        }
    }
    (TextRange::new(offset(start), offset(end)), String::new())
}

pub(super) fn offset(at: usize) -> TextSize {
    TextSize::from(u32::try_from(at).unwrap_or(u32::MAX))
}

/// `edits` in order, an edit that starts where the previous ends joined to it (an insertion at
/// the end of a deletion, two insertions at one place), so no two touch; `None` if two
/// overlap (a bug in the fix, never offered).
pub(super) fn normalized(mut edits: Vec<Edit>) -> Option<Vec<Edit>> {
    edits.sort_by_key(|(range, _)| (range.start(), range.end()));
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for (range, text) in edits {
        match out.last_mut() {
            Some((last, last_text)) if range.start() == last.end() => {
                *last = TextRange::new(last.start(), range.end());
                last_text.push_str(&text);
            }
            Some((last, _)) if range.start() < last.end() => return None,
            _ => out.push((range, text)),
        }
    }
    Some(out)
}

/// `edits` (normalized: in order, none touching) applied to `text`.
pub(super) fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, new_text) in edits {
        out.push_str(&text[at..usize::from(range.start())]);
        out.push_str(new_text);
        at = usize::from(range.end());
    }
    out.push_str(&text[at..]);
    out
}

/// The fixed text parses without a problem (the fixes are offered on clean YAML only).
pub(super) fn parses_cleanly(text: &str, edits: &[Edit]) -> bool {
    let parse = sls_syntax::parse(&apply(text, edits));
    parse.root.is_some() && parse.diagnostics.is_empty()
}

/// A node written as a block collection (not `{...}` / `[...]`, not an alias, no tag).
pub(super) fn is_block(text: &str, node: &Node) -> bool {
    let first = text[usize::from(node.range.start())..].bytes().next();
    node.alias.is_none()
        && node.tag.is_none()
        && match node.kind {
            NodeKind::Mapping(_) => first != Some(b'{'),
            // An indentless list (`key:` then `- x` at the key's column) starts at its
            // first item, after the dash.
            NodeKind::Sequence(_) => {
                let start = usize::from(node.range.start());
                first == Some(b'-') || text[line_start(text, start)..start].trim() == "-"
            }
            NodeKind::Scalar(_) => false,
        }
}

/// Whether an anchor is defined in `node` (or below it) inside `within`.
pub(super) fn has_anchor_in(node: &Node, within: TextRange) -> bool {
    let mut found = Vec::new();
    anchors_in(node, within, &mut found);
    !found.is_empty()
}

/// The anchors (`&name`) defined in `node` or below it inside `within`.
pub(super) fn anchors_in(node: &Node, within: TextRange, out: &mut Vec<TextRange>) {
    if let Some(anchor) = &node.anchor
        && within.contains_range(anchor.range)
        && !out.contains(&anchor.range)
    {
        out.push(anchor.range);
    }
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Mapping(entries) => {
            for entry in entries {
                anchors_in(&entry.key, within, out);
                anchors_in(&entry.value, within, out);
            }
        }
        NodeKind::Sequence(items) => {
            for item in items {
                anchors_in(item, within, out);
            }
        }
    }
}

/// The written entry `key` of a block mapping (the last, as YAML keeps), not one a `<<` merge
/// brought in.
pub(super) fn written_entry<'a>(mapping: &'a Node, key: &str) -> Option<&'a sls_syntax::Entry> {
    mapping
        .as_mapping()?
        .iter()
        .rev()
        .find(|e| e.merged_from.is_none() && e.key.as_scalar().is_some_and(|s| s.text == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_bounds_and_comments() {
        let text = "a:\n  # one\n  # two\n  b: 1 # c\n";
        let b = text.find("b:").unwrap();
        assert_eq!(line_end(text, b + 4), text.len());
        assert!(ends_line(text, b + 4));
        let start = line_start(text, b);
        assert_eq!(with_leading_comments(text, start, 3), 3);
        assert_eq!(with_leading_comments(text, start, start), start);
    }

    #[test]
    fn reindent_refuses_to_cut_text() {
        assert_eq!(reindent("  a\n\n  b\n", 2).unwrap(), "    a\n\n    b\n");
        assert_eq!(reindent("    a\n", -2).unwrap(), "  a\n");
        assert_eq!(reindent(" a\n", -2), None);
    }

    #[test]
    fn touching_edits_are_joined_and_overlapping_refused() {
        let r = |a: u32, b: u32| TextRange::new(a.into(), b.into());
        let edits = vec![(r(5, 5), "x".to_owned()), (r(2, 5), String::new())];
        assert_eq!(normalized(edits).unwrap(), vec![(r(2, 5), "x".to_owned())]);
        let overlapping = vec![(r(2, 6), String::new()), (r(4, 4), "x".to_owned())];
        assert_eq!(normalized(overlapping), None);
    }

    #[test]
    fn insertion_at_the_end_of_a_text_without_final_break() {
        let (_, new) = insert_lines("a: 1", 4, "b: 2\r\n".to_owned(), "\r\n");
        assert_eq!(new, "\r\nb: 2");
        let (range, _) = delete_lines("a: 1\r\nb: 2", 6, 10);
        assert_eq!(range, TextRange::new(4.into(), 10.into()));
    }
}
