//! Edits: LSP `didChange` content changes (full or incremental) and plain byte-range
//! replacements.

use ropey::Rope;

use crate::{Document, PositionEncoding, Range, TextRange};

impl Document {
    /// Applies one LSP content change.
    ///
    /// `None` replaces the whole text (full sync). `Some(range)` replaces that range, with
    /// positions resolved as in [`Document::position_to_offset`]; a reversed range is
    /// swapped rather than rejected.
    pub fn apply_change(
        &mut self,
        range: Option<Range>,
        new_text: &str,
        encoding: PositionEncoding,
    ) {
        match range {
            None => self.rope = Rope::from_str(new_text),
            Some(range) => {
                let byte_range = self.range_to_text_range(range, encoding);
                self.replace(byte_range, new_text);
            }
        }
    }

    /// Replaces the bytes in `range` with `new_text`. Both ends are clamped to the text and
    /// snapped back to a character boundary, so any range is accepted.
    pub fn replace(&mut self, range: TextRange, new_text: &str) {
        let start_char = self
            .rope
            .byte_to_char(self.char_boundary_at_or_before(range.start()));
        let end_char = self
            .rope
            .byte_to_char(self.char_boundary_at_or_before(range.end()));
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Position, TextSize};
    use PositionEncoding::{Utf8, Utf16, Utf32};

    fn range(start: (u32, u32), end: (u32, u32)) -> Option<Range> {
        Some(Range::new(
            Position::new(start.0, start.1),
            Position::new(end.0, end.1),
        ))
    }

    fn bytes(start: u32, end: u32) -> TextRange {
        TextRange::new(TextSize::from(start), TextSize::from(end))
    }

    #[test]
    fn full_sync_replaces_everything() {
        let mut document = Document::new("old\ntext");
        document.apply_change(None, "new 😀", Utf16);
        assert_eq!(document.text(), "new 😀");
        assert_eq!(document.line_count(), 1);
    }

    #[test]
    fn insert_delete_and_replace_by_position() {
        let mut document = Document::new("service: a\nprovider: b\n");
        document.apply_change(range((0, 9), (0, 9)), "my-", Utf16);
        assert_eq!(document.text(), "service: my-a\nprovider: b\n");
        document.apply_change(range((0, 13), (1, 0)), "", Utf16);
        assert_eq!(document.text(), "service: my-aprovider: b\n");
        document.apply_change(range((0, 9), (0, 13)), "x\n", Utf16);
        assert_eq!(document.text(), "service: x\nprovider: b\n");
    }

    #[test]
    fn columns_are_read_in_the_given_encoding() {
        // Delete "b" after "😀é" in each encoding; its column differs per encoding.
        for (encoding, column) in [(Utf8, 6), (Utf16, 3), (Utf32, 2)] {
            let mut document = Document::new("😀ébc");
            document.apply_change(range((0, column), (0, column + 1)), "", encoding);
            assert_eq!(document.text(), "😀éc", "{encoding:?}");
        }
    }

    #[test]
    fn reversed_range_is_applied_as_if_ordered() {
        let mut document = Document::new("abc\ndef");
        document.apply_change(range((1, 1), (0, 2)), "-", Utf16);
        assert_eq!(document.text(), "ab-ef");
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let mut document = Document::new("ab\ncd");
        document.apply_change(range((0, 50), (0, 60)), "!", Utf16);
        assert_eq!(
            document.text(),
            "ab!\ncd",
            "past line end inserts before the break"
        );
        document.apply_change(range((9, 0), (9, 9)), "?", Utf16);
        assert_eq!(document.text(), "ab!\ncd?", "past last line appends");
    }

    #[test]
    fn surrogate_middle_edit_snaps_to_the_char_start() {
        let mut document = Document::new("a😀b");
        document.apply_change(range((0, 2), (0, 2)), "X", Utf16);
        assert_eq!(document.text(), "aX😀b");
    }

    #[test]
    fn inserting_lf_after_cr_joins_them_into_one_break() {
        let mut document = Document::new("a\rb");
        assert_eq!(document.line_count(), 2);
        document.apply_change(range((1, 0), (1, 0)), "\n", Utf16);
        assert_eq!(document.text(), "a\r\nb");
        assert_eq!(document.line_count(), 2, "CR then LF is a single break");
        assert_eq!(
            document.position_to_offset(Position::new(1, 0), Utf16),
            TextSize::from(3)
        );
    }

    #[test]
    fn deleting_the_text_between_cr_and_lf_joins_them() {
        let mut document = Document::new("a\rx\nb");
        assert_eq!(document.line_count(), 3);
        document.replace(bytes(2, 3), "");
        assert_eq!(document.text(), "a\r\nb");
        assert_eq!(document.line_count(), 2);
    }

    #[test]
    fn replace_by_bytes_clamps_and_snaps() {
        let mut document = Document::new("a😀b");
        document.replace(bytes(2, 6), "é");
        // Bytes: a=0, 😀=1..5, b=5..6. Start 2 snaps back to the emoji's start, 1.
        assert_eq!(document.text(), "aé");
        document.replace(bytes(10, 20), "!");
        assert_eq!(document.text(), "aé!");
        document.replace(bytes(0, 0), "^");
        assert_eq!(document.text(), "^aé!");
    }
}
