//! Line/column positions as the LSP speaks them, and the unit their columns count in.

/// The unit in which a [`Position::character`] counts (LSP 3.17 `positionEncoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PositionEncoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl PositionEncoding {
    /// How many code units `ch` takes in this encoding.
    pub fn len_of(self, ch: char) -> usize {
        match self {
            PositionEncoding::Utf8 => ch.len_utf8(),
            PositionEncoding::Utf16 => ch.len_utf16(),
            PositionEncoding::Utf32 => 1,
        }
    }
}

/// A zero-based line and a column counted in the units of a [`PositionEncoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

impl Position {
    pub const fn new(line: u32, character: u32) -> Self {
        Position { line, character }
    }
}

/// A half-open range of positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

impl Range {
    pub const fn new(start: Position, end: Position) -> Self {
        Range { start, end }
    }

    /// The same range with `start <= end`; clients occasionally send them reversed.
    pub fn normalized(self) -> Self {
        if self.end < self.start {
            Range {
                start: self.end,
                end: self.start,
            }
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_unit_lengths_per_encoding() {
        let expected = [
            ('a', 1, 1, 1),
            ('é', 2, 1, 1),
            ('€', 3, 1, 1),
            ('😀', 4, 2, 1),
        ];
        for (ch, utf8, utf16, utf32) in expected {
            assert_eq!(PositionEncoding::Utf8.len_of(ch), utf8, "{ch}");
            assert_eq!(PositionEncoding::Utf16.len_of(ch), utf16, "{ch}");
            assert_eq!(PositionEncoding::Utf32.len_of(ch), utf32, "{ch}");
        }
    }

    #[test]
    fn utf16_is_the_default_encoding_as_in_lsp() {
        assert_eq!(PositionEncoding::default(), PositionEncoding::Utf16);
    }

    #[test]
    fn normalized_swaps_a_reversed_range_only() {
        let early = Position::new(0, 5);
        let late = Position::new(1, 0);
        assert_eq!(
            Range::new(late, early).normalized(),
            Range::new(early, late)
        );
        assert_eq!(
            Range::new(early, late).normalized(),
            Range::new(early, late)
        );
        // Same line: the column decides.
        let a = Position::new(2, 1);
        let b = Position::new(2, 7);
        assert_eq!(Range::new(b, a).normalized(), Range::new(a, b));
    }
}
