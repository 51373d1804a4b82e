//! What is under the cursor: a word, a `${...}` variable.

use sls_text::{TextRange, TextSize};

/// The `[A-Za-z0-9_]` word around `offset`.
pub fn word_at(text: &str, offset: TextSize) -> Option<(&str, TextRange)> {
    let at = usize::from(offset).min(text.len());
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = at
        + text[at..]
            .find(|c: char| !is_word(c))
            .unwrap_or(text.len() - at);
    (start < end).then(|| {
        (
            &text[start..end],
            TextRange::new((start as u32).into(), (end as u32).into()),
        )
    })
}

/// The `${...}` around `offset` on its line: its inner text and the range of the whole.
pub fn variable_at(text: &str, offset: TextSize) -> Option<(&str, TextRange)> {
    let at = usize::from(offset).min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let mut search = 0;
    while let Some(open) = line[search..].find("${") {
        let open = search + open;
        let close = open + line[open..].find('}')?;
        let (start, end) = (line_start + open, line_start + close + 1);
        if start <= at && at <= end {
            return Some((
                &line[open + 2..close],
                TextRange::new((start as u32).into(), (end as u32).into()),
            ));
        }
        search = close + 1;
    }
    None
}
