//! Conversions between byte offsets and line/column positions, in any [`PositionEncoding`].
//!
//! Every look-up goes through the rope's indexes, so each call is O(log n): a few µs in a
//! release build even for a 10 MiB text.
//!
//! Out-of-range input never panics; it is resolved the way the LSP spec asks:
//! - a column past the end of a line means the end of that line (before its line break);
//! - a line past the last line means the end of the document;
//! - an offset past the end of the text means the end of the text;
//! - a column that lands inside a character (the middle of a utf-16 surrogate pair, or inside
//!   a multi-byte utf-8 sequence) snaps back to the start of that character, as does a byte
//!   offset inside a multi-byte character;
//! - a byte offset between the `\r` and `\n` of a CRLF maps to the end of that line's content,
//!   since no position can point inside a line break.

use crate::document::text_size;
use crate::{Document, Position, PositionEncoding, Range, TextRange, TextSize};

impl Document {
    /// The line/column of `offset`, with the column counted in `encoding` units.
    pub fn offset_to_position(&self, offset: TextSize, encoding: PositionEncoding) -> Position {
        let byte = self.char_boundary_at_or_before(offset);
        let line = self.rope.byte_to_line(byte);
        let line_start = self.rope.line_to_byte(line);
        let byte = byte.min(self.line_content_end(line));
        let character = self.code_units_between(line_start, byte, encoding);
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of `position`, whose column counts `encoding` units.
    pub fn position_to_offset(&self, position: Position, encoding: PositionEncoding) -> TextSize {
        let line = position.line as usize;
        if line >= self.rope.len_lines() {
            return self.len();
        }
        let column = position.character as usize;
        let line_start = self.rope.line_to_byte(line);
        let content_end = self.line_content_end(line);
        let byte = match encoding {
            PositionEncoding::Utf8 => {
                let target = line_start.saturating_add(column).min(content_end);
                self.rope.char_to_byte(self.rope.byte_to_char(target))
            }
            PositionEncoding::Utf32 => {
                let start_char = self.rope.byte_to_char(line_start);
                let end_char = self.rope.byte_to_char(content_end);
                let target = start_char.saturating_add(column).min(end_char);
                self.rope.char_to_byte(target)
            }
            PositionEncoding::Utf16 => {
                let start_unit = self.utf16_units_before(line_start);
                let end_unit = self.utf16_units_before(content_end);
                let target = start_unit.saturating_add(column).min(end_unit);
                // `utf16_cu_to_char` maps the second half of a surrogate pair to its char.
                self.rope.char_to_byte(self.rope.utf16_cu_to_char(target))
            }
        };
        text_size(byte)
    }

    /// The positions of `range`'s ends.
    pub fn text_range_to_range(&self, range: TextRange, encoding: PositionEncoding) -> Range {
        Range {
            start: self.offset_to_position(range.start(), encoding),
            end: self.offset_to_position(range.end(), encoding),
        }
    }

    /// The byte range of `range`; a reversed range is swapped rather than rejected.
    pub fn range_to_text_range(&self, range: Range, encoding: PositionEncoding) -> TextRange {
        let start = self.position_to_offset(range.start, encoding);
        let end = self.position_to_offset(range.end, encoding);
        // Ordering the resolved offsets covers ranges sent reversed, clamped or not.
        TextRange::new(start.min(end), start.max(end))
    }

    /// Code units in `encoding` between two char-boundary byte indexes, `start <= end`.
    fn code_units_between(&self, start: usize, end: usize, encoding: PositionEncoding) -> usize {
        match encoding {
            PositionEncoding::Utf8 => end - start,
            PositionEncoding::Utf32 => self.rope.byte_to_char(end) - self.rope.byte_to_char(start),
            PositionEncoding::Utf16 => {
                self.utf16_units_before(end) - self.utf16_units_before(start)
            }
        }
    }

    /// Utf-16 code units in the text before the char-boundary byte index `byte`.
    fn utf16_units_before(&self, byte: usize) -> usize {
        self.rope.char_to_utf16_cu(self.rope.byte_to_char(byte))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PositionEncoding::{Utf8, Utf16, Utf32};

    const ALL_ENCODINGS: [PositionEncoding; 3] = [Utf8, Utf16, Utf32];

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    fn offset(byte: u32) -> TextSize {
        TextSize::from(byte)
    }

    /// Checks `offset -> position` and `position -> offset` for a pair that must map both ways.
    fn assert_maps_both_ways(
        document: &Document,
        byte: u32,
        position: Position,
        encoding: PositionEncoding,
    ) {
        assert_eq!(
            document.offset_to_position(offset(byte), encoding),
            position,
            "offset {byte} in {encoding:?}"
        );
        assert_eq!(
            document.position_to_offset(position, encoding),
            offset(byte),
            "{position:?} in {encoding:?}"
        );
    }

    #[test]
    fn ascii_columns_are_the_same_in_every_encoding() {
        let document = Document::new("ab\ncd");
        for encoding in ALL_ENCODINGS {
            assert_maps_both_ways(&document, 0, pos(0, 0), encoding);
            assert_maps_both_ways(&document, 2, pos(0, 2), encoding);
            assert_maps_both_ways(&document, 3, pos(1, 0), encoding);
            assert_maps_both_ways(&document, 5, pos(1, 2), encoding);
        }
    }

    #[test]
    fn two_byte_char_counts_two_utf8_units_and_one_otherwise() {
        // "é" is 2 bytes, 1 utf-16 unit, 1 utf-32 unit.
        let document = Document::new("éa");
        assert_maps_both_ways(&document, 2, pos(0, 2), Utf8);
        assert_maps_both_ways(&document, 2, pos(0, 1), Utf16);
        assert_maps_both_ways(&document, 2, pos(0, 1), Utf32);
        assert_maps_both_ways(&document, 3, pos(0, 3), Utf8);
        assert_maps_both_ways(&document, 3, pos(0, 2), Utf16);
        assert_maps_both_ways(&document, 3, pos(0, 2), Utf32);
    }

    #[test]
    fn emoji_counts_four_utf8_two_utf16_one_utf32() {
        let document = Document::new("x😀y");
        // x=0, 😀=1..5, y=5..6
        assert_maps_both_ways(&document, 5, pos(0, 5), Utf8);
        assert_maps_both_ways(&document, 5, pos(0, 3), Utf16);
        assert_maps_both_ways(&document, 5, pos(0, 2), Utf32);
        assert_maps_both_ways(&document, 6, pos(0, 6), Utf8);
        assert_maps_both_ways(&document, 6, pos(0, 4), Utf16);
        assert_maps_both_ways(&document, 6, pos(0, 3), Utf32);
    }

    #[test]
    fn columns_restart_on_each_line_with_wide_chars_before() {
        let document = Document::new("😀é\n😀b");
        // line 0: 😀=0..4 é=4..6 \n=6; line 1: 😀=7..11 b=11..12
        assert_maps_both_ways(&document, 11, pos(1, 4), Utf8);
        assert_maps_both_ways(&document, 11, pos(1, 2), Utf16);
        assert_maps_both_ways(&document, 11, pos(1, 1), Utf32);
    }

    #[test]
    fn crlf_is_one_line_break() {
        let document = Document::new("ab\r\ncd\r\n");
        for encoding in ALL_ENCODINGS {
            assert_maps_both_ways(&document, 2, pos(0, 2), encoding);
            assert_maps_both_ways(&document, 4, pos(1, 0), encoding);
            assert_maps_both_ways(&document, 6, pos(1, 2), encoding);
            assert_maps_both_ways(&document, 8, pos(2, 0), encoding);
        }
    }

    #[test]
    fn lone_cr_is_a_line_break() {
        let document = Document::new("ab\rcd\r\rz");
        for encoding in ALL_ENCODINGS {
            assert_maps_both_ways(&document, 3, pos(1, 0), encoding);
            assert_maps_both_ways(&document, 5, pos(1, 2), encoding);
            assert_maps_both_ways(&document, 6, pos(2, 0), encoding);
            assert_maps_both_ways(&document, 7, pos(3, 0), encoding);
        }
    }

    #[test]
    fn lf_followed_by_cr_is_two_breaks() {
        let document = Document::new("a\n\rb");
        for encoding in ALL_ENCODINGS {
            assert_maps_both_ways(&document, 2, pos(1, 0), encoding);
            assert_maps_both_ways(&document, 3, pos(2, 0), encoding);
        }
    }

    #[test]
    fn offset_between_cr_and_lf_reports_the_end_of_that_line() {
        let document = Document::new("ab\r\ncd");
        for encoding in ALL_ENCODINGS {
            assert_eq!(document.offset_to_position(offset(3), encoding), pos(0, 2));
        }
    }

    #[test]
    fn column_past_line_end_clamps_before_the_line_break() {
        let document = Document::new("ab\r\nc😀\rd\ne");
        for encoding in ALL_ENCODINGS {
            assert_eq!(
                document.position_to_offset(pos(0, 3), encoding),
                offset(2),
                "CRLF"
            );
            assert_eq!(document.position_to_offset(pos(0, 99), encoding), offset(2));
            assert_eq!(
                document.position_to_offset(pos(1, 99), encoding),
                offset(9),
                "CR"
            );
            assert_eq!(
                document.position_to_offset(pos(2, 99), encoding),
                offset(11),
                "LF"
            );
            assert_eq!(
                document.position_to_offset(pos(3, 99), encoding),
                offset(13),
                "last"
            );
            assert_eq!(
                document.position_to_offset(pos(3, u32::MAX), encoding),
                offset(13),
                "no overflow"
            );
        }
    }

    #[test]
    fn line_past_the_last_line_means_end_of_document() {
        let document = Document::new("ab\ncd");
        for encoding in ALL_ENCODINGS {
            assert_eq!(document.position_to_offset(pos(2, 0), encoding), offset(5));
            assert_eq!(
                document.position_to_offset(pos(u32::MAX, 7), encoding),
                offset(5)
            );
        }
        // A trailing break makes an (empty) last line that does exist.
        let document = Document::new("ab\n");
        assert_eq!(document.position_to_offset(pos(1, 0), Utf16), offset(3));
        assert_eq!(document.position_to_offset(pos(1, 5), Utf16), offset(3));
    }

    #[test]
    fn offset_past_the_end_clamps_to_the_end() {
        let document = Document::new("ab\ncé");
        for encoding in ALL_ENCODINGS {
            let end_column = if encoding == Utf8 { 3 } else { 2 };
            assert_eq!(
                document.offset_to_position(offset(100), encoding),
                pos(1, end_column)
            );
            assert_eq!(
                document.offset_to_position(offset(u32::MAX), encoding),
                pos(1, end_column)
            );
        }
    }

    #[test]
    fn utf16_column_inside_a_surrogate_pair_snaps_to_the_char_start() {
        let document = Document::new("a😀b");
        // utf-16 units: a=0, 😀=1..3, b=3; column 2 is between the two surrogates.
        assert_eq!(document.position_to_offset(pos(0, 2), Utf16), offset(1));
    }

    #[test]
    fn utf8_column_inside_a_multibyte_char_snaps_to_the_char_start() {
        let document = Document::new("a😀é");
        // bytes: a=0, 😀=1..5, é=5..7
        for column in 2..=4 {
            assert_eq!(document.position_to_offset(pos(0, column), Utf8), offset(1));
        }
        assert_eq!(document.position_to_offset(pos(0, 6), Utf8), offset(5));
    }

    #[test]
    fn byte_offset_inside_a_multibyte_char_snaps_to_the_char_start() {
        let document = Document::new("a😀é");
        for byte in 2..=4 {
            assert_eq!(document.offset_to_position(offset(byte), Utf16), pos(0, 1));
        }
        assert_eq!(document.offset_to_position(offset(6), Utf32), pos(0, 2));
    }

    #[test]
    fn empty_document_has_only_the_origin() {
        let document = Document::new("");
        for encoding in ALL_ENCODINGS {
            assert_eq!(document.offset_to_position(offset(0), encoding), pos(0, 0));
            assert_eq!(document.offset_to_position(offset(9), encoding), pos(0, 0));
            assert_eq!(document.position_to_offset(pos(0, 9), encoding), offset(0));
            assert_eq!(document.position_to_offset(pos(3, 0), encoding), offset(0));
        }
    }

    #[test]
    fn ranges_convert_both_ways() {
        let document = Document::new("key: é😀\r\nnext: v");
        // "é😀" is bytes 5..11, utf-16 columns 5..8 on line 0.
        let bytes = TextRange::new(offset(5), offset(11));
        let positions = Range::new(pos(0, 5), pos(0, 8));
        assert_eq!(document.text_range_to_range(bytes, Utf16), positions);
        assert_eq!(document.range_to_text_range(positions, Utf16), bytes);

        let across_lines = Range::new(pos(0, 7), pos(1, 4));
        let expected = TextRange::new(offset(11), offset(17));
        assert_eq!(document.range_to_text_range(across_lines, Utf32), expected);
        assert_eq!(document.text_range_to_range(expected, Utf32), across_lines);
    }

    #[test]
    fn reversed_range_is_normalised() {
        let document = Document::new("abc\ndef");
        let reversed = Range::new(pos(1, 2), pos(0, 1));
        assert_eq!(
            document.range_to_text_range(reversed, Utf16),
            TextRange::new(offset(1), offset(6))
        );
        // Reversed, with the (earlier) end clamped to the end of line 0.
        let clamped = Range::new(pos(1, 0), pos(0, 99));
        assert_eq!(
            document.range_to_text_range(clamped, Utf8),
            TextRange::new(offset(3), offset(4))
        );
    }

    #[test]
    fn last_line_of_a_large_document_is_found() {
        let line = "key: value é😀\n";
        let document = Document::new(&line.repeat(20_000));
        let last = 20_000 * line.len() as u32;
        assert_eq!(
            document.offset_to_position(offset(last), Utf16),
            pos(20_000, 0)
        );
        assert_eq!(
            document.position_to_offset(pos(19_999, 12), Utf16),
            offset(last - line.len() as u32 + 13)
        );
    }
}
