//! Property tests: [`Document`] against a plain `String` edited alongside it, with positions
//! resolved by a deliberately naive model that walks the text one character at a time.

use proptest::prelude::*;
use sls_text::{Document, Position, PositionEncoding, Range, TextRange, TextSize};

// ---------------------------------------------------------------------------------------------
// Reference model: obviously correct, O(n) per call, independent of the crate's code.

/// A line of the reference model: its first byte and the byte where its content ends (before
/// its line break, or at the end of the text for the last line).
struct ReferenceLine {
    start: usize,
    content_end: usize,
}

fn reference_lines(text: &str) -> Vec<ReferenceLine> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        let break_len = match ch {
            '\n' => 1,
            '\r' if chars.peek().map(|&(_, next)| next) == Some('\n') => {
                chars.next();
                2
            }
            '\r' => 1,
            _ => continue,
        };
        lines.push(ReferenceLine {
            start,
            content_end: index,
        });
        start = index + break_len;
    }
    lines.push(ReferenceLine {
        start,
        content_end: text.len(),
    });
    lines
}

fn reference_units(ch: char, encoding: PositionEncoding) -> usize {
    match encoding {
        PositionEncoding::Utf8 => ch.len_utf8(),
        PositionEncoding::Utf16 if u32::from(ch) > 0xFFFF => 2,
        PositionEncoding::Utf16 => 1,
        PositionEncoding::Utf32 => 1,
    }
}

fn reference_position_to_offset(
    text: &str,
    position: Position,
    encoding: PositionEncoding,
) -> usize {
    let lines = reference_lines(text);
    let Some(line) = lines.get(position.line as usize) else {
        return text.len();
    };
    let mut column = 0;
    for (index, ch) in text[line.start..line.content_end].char_indices() {
        let width = reference_units(ch, encoding);
        // The target column is this char's start or lies inside it: snap to its start.
        if column + width > position.character as usize {
            return line.start + index;
        }
        column += width;
    }
    line.content_end
}

fn reference_offset_to_position(text: &str, offset: usize, encoding: PositionEncoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let lines = reference_lines(text);
    let line_index = lines
        .iter()
        .rposition(|line| line.start <= offset)
        .expect("the first line starts at 0");
    let line = &lines[line_index];
    let column_end = offset.min(line.content_end);
    let character: usize = text[line.start..column_end]
        .chars()
        .map(|ch| reference_units(ch, encoding))
        .sum();
    Position::new(line_index as u32, character as u32)
}

fn is_between_cr_and_lf(text: &str, offset: usize) -> bool {
    offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n')
}

// ---------------------------------------------------------------------------------------------
// Strategies.

const FRAGMENTS: &[&str] = &["a", "b", " ", ":", "é", "😀", "\r\n", "\n", "\r"];

fn fragments(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..max).prop_map(|parts| parts.concat())
}

/// Mostly short texts; sometimes one long enough to span several rope chunks, so chunk
/// boundaries (including a CRLF split across two chunks) get exercised.
fn document_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => fragments(40),
        1 => (fragments(40), 40usize..80).prop_map(|(text, copies)| text.repeat(copies)),
    ]
}

fn encoding() -> impl Strategy<Value = PositionEncoding> {
    prop::sample::select(
        &[
            PositionEncoding::Utf8,
            PositionEncoding::Utf16,
            PositionEncoding::Utf32,
        ][..],
    )
}

/// Lines and columns both inside and past the text, so clamping is exercised.
fn position() -> impl Strategy<Value = Position> {
    let line = prop_oneof![4 => 0u32..6, 1 => 0u32..400];
    (line, 0u32..24).prop_map(|(line, character)| Position::new(line, character))
}

#[derive(Debug, Clone)]
enum Edit {
    /// An LSP incremental change; the range may be reversed or out of bounds.
    Incremental {
        range: Range,
        encoding: PositionEncoding,
        new_text: String,
    },
    /// A byte-range replacement; ends may be past the text or inside a character.
    Bytes {
        start: u32,
        end: u32,
        new_text: String,
    },
    /// An LSP full-sync change.
    Full { new_text: String },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        8 => (position(), position(), encoding(), fragments(6)).prop_map(
            |(start, end, encoding, new_text)| Edit::Incremental {
                range: Range::new(start, end),
                encoding,
                new_text,
            }
        ),
        2 => (0u32..60, 0u32..60, fragments(6)).prop_map(|(a, b, new_text)| Edit::Bytes {
            start: a.min(b),
            end: a.max(b),
            new_text,
        }),
        1 => fragments(20).prop_map(|new_text| Edit::Full { new_text }),
    ]
}

fn snap_back_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn apply_to_reference(text: &mut String, edit: &Edit) {
    match edit {
        Edit::Incremental {
            range,
            encoding,
            new_text,
        } => {
            let a = reference_position_to_offset(text, range.start, *encoding);
            let b = reference_position_to_offset(text, range.end, *encoding);
            text.replace_range(a.min(b)..a.max(b), new_text);
        }
        Edit::Bytes {
            start,
            end,
            new_text,
        } => {
            let start = snap_back_to_char_boundary(text, *start as usize);
            let end = snap_back_to_char_boundary(text, *end as usize);
            text.replace_range(start..end, new_text);
        }
        Edit::Full { new_text } => *text = new_text.clone(),
    }
}

fn apply_to_document(document: &mut Document, edit: &Edit) {
    match edit {
        Edit::Incremental {
            range,
            encoding,
            new_text,
        } => document.apply_change(Some(*range), new_text, *encoding),
        Edit::Bytes {
            start,
            end,
            new_text,
        } => document.replace(
            TextRange::new(TextSize::from(*start), TextSize::from(*end)),
            new_text,
        ),
        Edit::Full { new_text } => document.apply_change(None, new_text, PositionEncoding::Utf16),
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn edits_match_the_reference_string(
        initial in document_text(),
        edits in prop::collection::vec(edit(), 1..12),
    ) {
        let mut document = Document::new(&initial);
        let mut reference = initial;
        for (step, edit) in edits.iter().enumerate() {
            apply_to_reference(&mut reference, edit);
            apply_to_document(&mut document, edit);
            prop_assert_eq!(document.text(), reference.as_str(), "after edit {}: {:?}", step, edit);
            prop_assert_eq!(document.line_count(), reference_lines(&reference).len());
            prop_assert_eq!(usize::from(document.len()), reference.len());
        }
    }

    #[test]
    fn offset_position_offset_round_trips_on_char_boundaries(
        text in document_text(),
        samples in prop::collection::vec(any::<prop::sample::Index>(), 32),
    ) {
        let document = Document::new(&text);
        let boundaries: Vec<usize> =
            text.char_indices().map(|(index, _)| index).chain([text.len()]).collect();
        // Every boundary of a short text; a sample of a long one, since ropey is slow in debug.
        let offsets: Vec<usize> = if boundaries.len() <= 32 {
            boundaries
        } else {
            samples.iter().map(|sample| *sample.get(&boundaries)).collect()
        };
        for offset in offsets {
            // No position points inside a CRLF; that offset comes back as the line's end.
            let expected = if is_between_cr_and_lf(&text, offset) { offset - 1 } else { offset };
            for encoding in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
                let position = document.offset_to_position(TextSize::from(offset as u32), encoding);
                let back = document.position_to_offset(position, encoding);
                prop_assert_eq!(usize::from(back), expected, "offset {} via {:?} {:?}", offset, position, encoding);
            }
        }
    }

    #[test]
    fn offset_to_position_matches_the_reference(
        text in document_text(),
        offsets in prop::collection::vec(0u32..4000, 1..16),
        encoding in encoding(),
    ) {
        let document = Document::new(&text);
        for offset in offsets {
            prop_assert_eq!(
                document.offset_to_position(TextSize::from(offset), encoding),
                reference_offset_to_position(&text, offset as usize, encoding),
                "offset {} in {:?}", offset, encoding
            );
        }
    }

    #[test]
    fn position_to_offset_matches_the_reference(
        text in document_text(),
        positions in prop::collection::vec(position(), 1..16),
        encoding in encoding(),
    ) {
        let document = Document::new(&text);
        for position in positions {
            prop_assert_eq!(
                usize::from(document.position_to_offset(position, encoding)),
                reference_position_to_offset(&text, position, encoding),
                "{:?} in {:?}", position, encoding
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The reference model must itself be right, or the properties prove nothing.

#[test]
fn reference_model_agrees_with_hand_computed_positions() {
    let text = "a😀\r\né\rb\n";
    let lines: Vec<(usize, usize)> = reference_lines(text)
        .iter()
        .map(|line| (line.start, line.content_end))
        .collect();
    assert_eq!(lines, [(0, 5), (7, 9), (10, 11), (12, 12)]);

    let utf16 = PositionEncoding::Utf16;
    assert_eq!(
        reference_position_to_offset(text, Position::new(0, 2), utf16),
        1
    );
    assert_eq!(
        reference_position_to_offset(text, Position::new(0, 3), utf16),
        5
    );
    assert_eq!(
        reference_position_to_offset(text, Position::new(0, 9), utf16),
        5
    );
    assert_eq!(
        reference_position_to_offset(text, Position::new(1, 1), utf16),
        9
    );
    assert_eq!(
        reference_position_to_offset(text, Position::new(7, 0), utf16),
        12
    );
    assert_eq!(
        reference_offset_to_position(text, 6, utf16),
        Position::new(0, 3)
    );
    assert_eq!(
        reference_offset_to_position(text, 8, utf16),
        Position::new(1, 0)
    );
    assert_eq!(
        reference_offset_to_position(text, 20, utf16),
        Position::new(3, 0)
    );
    assert_eq!(
        reference_offset_to_position(text, 5, PositionEncoding::Utf8),
        Position::new(0, 5)
    );
}
