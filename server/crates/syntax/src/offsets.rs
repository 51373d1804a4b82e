//! Position bookkeeping: the parser counts characters, the tree counts bytes, and messages count
//! lines.

use std::cell::OnceCell;

use sls_text::{TextRange, TextSize};

/// Converts the parser's char indices into byte offsets.
///
/// Events arrive almost in text order, so a cursor that walks from the last position costs
/// O(distance) per call and O(n) over a whole parse; pure-ASCII text skips the walk entirely.
pub(crate) struct CharToByte<'t> {
    text: &'t str,
    ascii: bool,
    char_index: usize,
    byte_index: usize,
}

impl<'t> CharToByte<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharToByte {
            text,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_index: 0,
        }
    }

    /// The byte offset of the `char_index`-th char (the text's length past its end).
    #[inline]
    pub(crate) fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        self.walk_to(char_index)
    }

    /// [`Self::byte`] for text with multibyte chars, kept out of line.
    fn walk_to(&mut self, char_index: usize) -> usize {
        while self.char_index < char_index {
            let Some(c) = self.text[self.byte_index..].chars().next() else {
                break;
            };
            self.byte_index += c.len_utf8();
            self.char_index += 1;
        }
        while self.char_index > char_index {
            let Some(c) = self.text[..self.byte_index].chars().next_back() else {
                break;
            };
            self.byte_index -= c.len_utf8();
            self.char_index -= 1;
        }
        self.byte_index
    }
}

/// Where each line starts, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub(crate) fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The zero-based line holding `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        // `starts[0] == 0`, so the partition point is at least 1.
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// The byte span of `line` without its line break (`\n` or `\r\n`).
    pub(crate) fn line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts.get(line).copied().unwrap_or(self.len);
        let mut end = self.starts.get(line + 1).map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// The line's text span without leading and trailing blanks; empty when the line is blank.
    pub(crate) fn trimmed_line_span(&self, text: &str, line: usize) -> (usize, usize) {
        let (start, end) = self.line_span(text, line);
        let line_text = &text[start..end];
        let trimmed_start = line_text.len() - line_text.trim_start().len();
        let trimmed_end = line_text.trim_end().len();
        if trimmed_start >= trimmed_end {
            return (start, start);
        }
        (start + trimmed_start, start + trimmed_end)
    }

    pub(crate) fn is_blank(&self, text: &str, line: usize) -> bool {
        let (start, end) = self.trimmed_line_span(text, line);
        start == end
    }

    /// The zero-based column of `offset` in bytes.
    pub(crate) fn column_of(&self, offset: usize) -> usize {
        offset - self.starts[self.line_of(offset)]
    }
}

/// A [`LineIndex`] built on first use: parsing a valid document never needs one (only
/// diagnostics do), and building it is a scan of the whole text.
pub(crate) struct LazyLineIndex<'t> {
    text: &'t str,
    index: OnceCell<LineIndex>,
}

impl<'t> LazyLineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        LazyLineIndex {
            text,
            index: OnceCell::new(),
        }
    }

    pub(crate) fn get(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }
}

pub(crate) fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(size(start), size(end.max(start)))
}

pub(crate) fn size(offset: usize) -> TextSize {
    // Documents past 4 GiB are not supported by `TextSize`; saturate instead of panicking.
    TextSize::new(u32::try_from(offset).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_to_byte_walks_both_ways_over_multibyte_text() {
        let text = "aé€😀b";
        let mut map = CharToByte::new(text);
        assert_eq!(map.byte(4), 10);
        assert_eq!(map.byte(1), 1);
        assert_eq!(map.byte(2), 3);
        assert_eq!(map.byte(5), 11);
        assert_eq!(map.byte(99), 11);
        assert_eq!(map.byte(0), 0);
    }

    #[test]
    fn line_index_finds_lines_and_columns() {
        let text = "a: 1\r\n  b: 2\n\nc";
        let lines = LineIndex::new(text);
        assert_eq!(lines.line_count(), 4);
        assert_eq!(lines.line_of(0), 0);
        assert_eq!(lines.line_of(8), 1);
        assert_eq!(lines.column_of(8), 2);
        assert_eq!(lines.line_span(text, 0), (0, 4));
        assert_eq!(lines.trimmed_line_span(text, 1), (8, 12));
        assert!(lines.is_blank(text, 2));
        assert_eq!(lines.line_span(text, 3), (14, 15));
    }
}
