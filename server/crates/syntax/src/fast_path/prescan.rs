//! A cheap look over the whole text, before the fast path reads or builds anything, for what
//! makes it decline late in a file: a flow collection or a scalar that goes on over several
//! lines. Such a text goes straight to saphyr, instead of paying the fast path's reading and tree
//! building up to that line, thrown away, on top of saphyr's parse.
//!
//! It can only decline: a text it lets through is still read and checked by the fast path, so a
//! wrong guess here costs time, never an answer. It guesses line by line from a line's
//! indentation and its last token (a comment cut at the first ` #`, quotes not looked at).

/// Whether the fast path may read `bytes`: false when a line looks like the continuation of a
/// flow collection or a multi-line scalar.
pub(super) fn may_read(bytes: &[u8]) -> bool {
    // The last content line (its indentation, content and last byte), looked at again only when
    // the line after it is indented more: then its node must go on below it (`key:`), else that
    // line continues a scalar.
    let mut previous: Option<(usize, &[u8], u8)> = None;
    // The indentation of a block scalar's header line: lines indented more are its content.
    let mut block_scalar_at: Option<usize> = None;
    let mut start = 0;
    while start < bytes.len() {
        let end = line_end(bytes, start);
        let line = &bytes[start..end];
        start = end + 1;
        let Some(indent) = indentation(line) else {
            continue;
        };
        if let Some(header) = block_scalar_at {
            if indent > header {
                continue;
            }
            block_scalar_at = None;
        }
        let content = &line[indent..];
        match content[0] {
            b'#' => continue,
            // A flow collection closed on a line of its own.
            b']' | b'}' => return false,
            _ => {}
        }
        if let Some((previous_indent, previous_content, previous_last)) = previous
            && indent > previous_indent
            && previous_last != b':'
        {
            match below(previous_content) {
                Below::Node => {}
                Below::BlockScalar => {
                    block_scalar_at = Some(previous_indent);
                    continue;
                }
                Below::Nothing => {
                    if indent > previous_indent + entries_width(previous_content) {
                        return false;
                    }
                }
            }
        }
        // A flow collection left open at the line's end (looked at closer only then).
        let last = content
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(b' ', |i| content[i]);
        if matches!(last, b',' | b'[' | b'{') && opens_flow(content) {
            return false;
        }
        previous = Some((indent, content, last));
    }
    true
}

/// Eight bytes, each `byte`.
const fn splat(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// The `\n` ending the line that starts at `start` (the text's length on its last line), read
/// eight bytes at a time: lines are short, where a vectorised search costs more to set up.
fn line_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start;
    while let Some(word) = bytes[at..].first_chunk::<8>() {
        let x = u64::from_le_bytes(*word) ^ splat(b'\n');
        // The lowest bit set marks the first zero byte of `x` (the carries only go upward).
        let found = x.wrapping_sub(splat(1)) & !x & splat(0x80);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i)
}

/// The number of blanks `line` starts with, eight at a time; `None` if it is blank.
fn indentation(line: &[u8]) -> Option<usize> {
    let mut at = 0;
    while let Some(word) = line[at..].first_chunk::<8>() {
        let differs = u64::from_le_bytes(*word) ^ splat(b' ');
        if differs != 0 {
            return Some(at + (differs.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    line[at..].iter().position(|&b| b != b' ').map(|i| at + i)
}

/// Whether `content` ends in a flow collection left open: a `[` or `{` after a blank, or a `,`
/// on a line with a `[` or `{` (`key: x[` and `a, b,` are plain scalars).
fn opens_flow(content: &[u8]) -> bool {
    let body = trim_end(without_comment(content));
    match body {
        [.., b','] => body.iter().any(|&b| matches!(b, b'[' | b'{')),
        [b'[' | b'{'] | [.., b' ', b'[' | b'{'] => true,
        _ => false,
    }
}

/// What may follow a line on the lines indented more than it.
enum Below {
    /// Its last node (`key:`, `-`, `&anchor`, `!Tag`).
    Node,
    /// A block scalar's content.
    BlockScalar,
    /// Nothing: its last node is complete.
    Nothing,
}

fn below(content: &[u8]) -> Below {
    let body = trim_end(without_comment(content));
    let Some(&last) = body.last() else {
        return Below::Node;
    };
    let token = body.rsplit(|&b| b == b' ').next().unwrap_or(body);
    match last {
        b':' => Below::Node,
        b'-' if token == b"-" => Below::Node,
        _ if matches!(token.first(), Some(b'&' | b'!')) => Below::Node,
        _ if is_block_scalar_header(token) => Below::BlockScalar,
        _ => Below::Nothing,
    }
}

/// `content` up to its comment, if any: a `#` at its start or after a blank.
fn without_comment(content: &[u8]) -> &[u8] {
    let comment =
        (0..content.len()).find(|&at| content[at] == b'#' && (at == 0 || content[at - 1] == b' '));
    &content[..comment.unwrap_or(content.len())]
}

fn trim_end(bytes: &[u8]) -> &[u8] {
    let len = bytes.iter().rposition(|&b| b != b' ').map_or(0, |i| i + 1);
    &bytes[..len]
}

/// `|` or `>`, then chomping and indentation indicators.
fn is_block_scalar_header(token: &[u8]) -> bool {
    matches!(token.first(), Some(b'|' | b'>'))
        && token[1..]
            .iter()
            .all(|&b| matches!(b, b'-' | b'+' | b'0'..=b'9'))
}

/// The width of the `- ` entries a line starts with: what follows them is indented that much
/// more (`- key: value` then `  key: value`).
fn entries_width(content: &[u8]) -> usize {
    let mut at = 0;
    while content.get(at) == Some(&b'-') && content.get(at + 1) == Some(&b' ') {
        at += 1;
        while content.get(at) == Some(&b' ') {
            at += 1;
        }
    }
    at
}
