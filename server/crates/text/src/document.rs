//! [`Document`]: the text of one file, held in a rope so that edits and offset/position
//! look-ups cost O(log n) (a tree walk plus a scan inside one chunk of at most ~1 KiB)
//! instead of a scan of the whole text.

use std::fmt;

use ropey::Rope;

use crate::{TextRange, TextSize};

/// The text of one file.
///
/// Byte offsets handed in ([`TextSize`], [`TextRange`]) never panic: an offset past the end
/// clamps to the end, and an offset inside a multi-byte character snaps back to the start of
/// that character.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub(crate) rope: Rope,
}

impl Document {
    pub fn new(text: &str) -> Self {
        Document {
            rope: Rope::from_str(text),
        }
    }

    /// The whole text, copied out of the rope.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// The rope itself, for cheap reads (chunks, chars, lines) without copying.
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Length in bytes.
    pub fn len(&self) -> TextSize {
        text_size(self.rope.len_bytes())
    }

    pub fn is_empty(&self) -> bool {
        self.rope.len_bytes() == 0
    }

    /// Number of lines as the LSP counts them: an empty text has one line, and a text ending
    /// in a line break has an empty last line after it.
    pub fn line_count(&self) -> usize {
        self.rope.len_lines()
    }

    /// The text in `range`, clamped to the document and snapped to character boundaries
    /// (see [`Document`]).
    pub fn slice(&self, range: TextRange) -> String {
        let start = self.char_boundary_at_or_before(range.start());
        let end = self.char_boundary_at_or_before(range.end());
        self.rope.byte_slice(start..end).to_string()
    }

    /// `offset` as a byte index, clamped to the end of the text and moved back to the start
    /// of the character it falls in.
    pub(crate) fn char_boundary_at_or_before(&self, offset: TextSize) -> usize {
        let byte = usize::from(offset).min(self.rope.len_bytes());
        // `byte_to_char` maps a byte inside a character to that character.
        self.rope.char_to_byte(self.rope.byte_to_char(byte))
    }

    /// Byte index where the content of `line` ends, i.e. before its line break.
    /// `line` must be less than `line_count()`.
    pub(crate) fn line_content_end(&self, line: usize) -> usize {
        if line + 1 >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let next_line_start = self.rope.line_to_byte(line + 1);
        // A line that is not the last one ends in exactly one of `\n`, `\r\n`, `\r`.
        let ends_in_crlf = next_line_start >= 2
            && self.rope.byte(next_line_start - 1) == b'\n'
            && self.rope.byte(next_line_start - 2) == b'\r';
        next_line_start - if ends_in_crlf { 2 } else { 1 }
    }
}

impl From<&str> for Document {
    fn from(text: &str) -> Self {
        Document::new(text)
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Write chunk by chunk rather than building one `String` first.
        for chunk in self.rope.chunks() {
            f.write_str(chunk)?;
        }
        Ok(())
    }
}

/// A byte count as a [`TextSize`]; texts beyond 4 GiB saturate rather than panic.
pub(crate) fn text_size(bytes: usize) -> TextSize {
    TextSize::from(u32::try_from(bytes).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(start.into(), end.into())
    }

    #[test]
    fn text_and_display_round_trip_the_input() {
        let input = "service: demo\r\nprovider:\n  name: aws\r😀é";
        let document = Document::new(input);
        assert_eq!(document.text(), input);
        assert_eq!(document.to_string(), input);
        assert_eq!(document.rope().len_chars(), input.chars().count());
    }

    #[test]
    fn len_counts_bytes_not_chars() {
        assert_eq!(Document::new("é😀").len(), TextSize::from(6));
        assert!(Document::new("").is_empty());
        assert!(!Document::new("\n").is_empty());
    }

    #[test]
    fn line_count_follows_lsp() {
        assert_eq!(Document::new("").line_count(), 1);
        assert_eq!(Document::new("a").line_count(), 1);
        assert_eq!(Document::new("a\n").line_count(), 2);
        assert_eq!(Document::new("a\r\nb").line_count(), 2, "CRLF is one break");
        assert_eq!(Document::new("a\rb\nc").line_count(), 3, "a lone CR breaks");
        assert_eq!(Document::new("\n\r\n\r").line_count(), 4);
        assert_eq!(
            Document::new("\r\r").line_count(),
            3,
            "two CRs are two breaks"
        );
        assert_eq!(
            Document::new("\n\r").line_count(),
            3,
            "LF then CR is two breaks"
        );
    }

    /// Guards the ropey feature set: if another crate in the build turned on ropey's
    /// `unicode_lines`, these would become line breaks and LSP lines would be miscounted.
    #[test]
    fn unicode_separators_are_not_line_breaks() {
        let document = Document::new("a\u{2028}b\u{2029}c\u{85}d\u{b}e\u{c}f");
        assert_eq!(document.line_count(), 1);
    }

    #[test]
    fn slice_clamps_and_snaps_to_char_boundaries() {
        let document = Document::new("aé😀b");
        // bytes: a=0, é=1..3, 😀=3..7, b=7..8
        assert_eq!(document.slice(range(1, 3)), "é");
        assert_eq!(document.slice(range(3, 7)), "😀");
        assert_eq!(document.slice(range(2, 5)), "é", "both ends snap back");
        assert_eq!(document.slice(range(7, 100)), "b", "end clamps");
        assert_eq!(document.slice(range(50, 100)), "", "past the end is empty");
    }

    #[test]
    fn line_content_end_excludes_each_kind_of_break() {
        let document = Document::new("ab\r\ncd\nef\rgh");
        assert_eq!(document.line_content_end(0), 2);
        assert_eq!(document.line_content_end(1), 6);
        assert_eq!(document.line_content_end(2), 9);
        assert_eq!(document.line_content_end(3), 12);
    }
}
