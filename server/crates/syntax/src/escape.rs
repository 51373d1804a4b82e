//! YAML's escapes in double-quoted scalars, as saphyr cooks them: the one table the parser's
//! fast path and the config layer's source map (which maps cooked text back to the source)
//! both read.

/// The char `\<code>` stands for, for the one-char escapes (`\n`, `\t` or a tab, `\"`, `\N`,
/// ...); `None` for the hex escapes ([`hex_digits`]) and anything that is no escape.
pub fn single_char_escape(code: u8) -> Option<char> {
    Some(match code {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        _ => return None,
    })
}

/// How many hex digits follow `\<code>` for the escapes naming a char by its code point
/// (`\x`, `\u`, `\U`).
pub fn hex_digits(code: u8) -> Option<usize> {
    match code {
        b'x' => Some(2),
        b'u' => Some(4),
        b'U' => Some(8),
        _ => None,
    }
}
