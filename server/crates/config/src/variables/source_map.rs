//! Maps a range in a scalar's cooked text (quotes removed, escapes and folding applied) back
//! to its source text, so a variable's problem points at the variable as written.
//!
//! The scalar is cooked again here, remembering for every cooked character the source bytes
//! it came from. Plain and quoted scalars (single- or multi-line) and literal/folded block
//! scalars are handled; when our cooking does not give the parser's cooked text exactly (an
//! explicit indentation indicator, an exotic fold), every range maps to the whole scalar.

use sls_syntax::ScalarStyle;

use crate::{TextRange, TextSize};

/// One cooked character and the source bytes (relative to the scalar) that produced it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cooked: usize,
    src_start: usize,
    src_end: usize,
}

#[derive(Debug, Clone)]
pub struct SourceMap {
    scalar: TextRange,
    pieces: Pieces,
    cooked_len: usize,
}

#[derive(Debug, Clone)]
enum Pieces {
    /// The cooked text could not be reproduced: map to the whole scalar.
    Whole,
    /// A one-line plain ASCII scalar: the source is the cooked text, byte for byte (what
    /// cooking would give, one piece per byte, without building it).
    Same,
    Cooked(Vec<Piece>),
}

/// The style of the scalar written as `slice` (its source text, quotes included).
pub fn style_of(slice: &str) -> ScalarStyle {
    match slice.as_bytes().first() {
        Some(b'"') => ScalarStyle::DoubleQuoted,
        Some(b'\'') => ScalarStyle::SingleQuoted,
        Some(b'|') => ScalarStyle::Literal,
        Some(b'>') => ScalarStyle::Folded,
        None => ScalarStyle::Empty,
        Some(_) => ScalarStyle::Plain,
    }
}

impl SourceMap {
    /// `slice` is the scalar's source text (the document's text at `scalar`), `cooked` its value.
    pub fn new(slice: &str, style: ScalarStyle, cooked: &str, scalar: TextRange) -> SourceMap {
        // Most scalars with variables are short plain ones; every line break or non-ASCII
        // byte takes the general way.
        let same = matches!(style, ScalarStyle::Plain)
            && slice == cooked
            && cooked
                .bytes()
                .all(|b| b.is_ascii() && b != b'\n' && b != b'\r');
        if same {
            return SourceMap {
                scalar,
                pieces: Pieces::Same,
                cooked_len: cooked.len(),
            };
        }
        SourceMap::cooked(slice, style, cooked, scalar)
    }

    /// [`SourceMap::new`] the general way: the scalar cooked again.
    fn cooked(slice: &str, style: ScalarStyle, cooked: &str, scalar: TextRange) -> SourceMap {
        let recooked = match style {
            ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                cook_flow(slice, style)
            }
            ScalarStyle::Literal | ScalarStyle::Folded => cook_block(slice, style),
            ScalarStyle::Empty => None,
        };
        let pieces = recooked.and_then(|(text, pieces)| {
            let exact = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                // Chomping only changes trailing line breaks, where no variable can be.
                text.trim_end_matches('\n') == cooked.trim_end_matches('\n')
            } else {
                text == cooked
            };
            exact.then_some(pieces)
        });
        SourceMap {
            scalar,
            pieces: pieces.map_or(Pieces::Whole, Pieces::Cooked),
            cooked_len: cooked.len(),
        }
    }

    /// A map that sends every range to the whole scalar.
    pub fn whole(scalar: TextRange) -> SourceMap {
        SourceMap {
            scalar,
            pieces: Pieces::Whole,
            cooked_len: 0,
        }
    }

    /// True when ranges map exactly (not to the whole scalar).
    pub fn is_exact(&self) -> bool {
        !matches!(self.pieces, Pieces::Whole)
    }

    pub fn scalar(&self) -> TextRange {
        self.scalar
    }

    /// The source range of the cooked range `cooked` (byte offsets in the cooked text).
    pub fn map(&self, cooked: TextRange) -> TextRange {
        let (a, b) = (usize::from(cooked.start()), usize::from(cooked.end()));
        let base = usize::from(self.scalar.start());
        let pieces = match &self.pieces {
            Pieces::Whole => return self.scalar,
            Pieces::Same if b > self.cooked_len || self.cooked_len == 0 => return self.scalar,
            Pieces::Same => {
                return TextRange::new(
                    TextSize::from((base + a) as u32),
                    TextSize::from((base + b) as u32),
                );
            }
            Pieces::Cooked(pieces) => pieces,
        };
        if b > self.cooked_len || pieces.is_empty() {
            return self.scalar;
        }
        let at = |offset: usize| {
            pieces
                .partition_point(|p| p.cooked <= offset)
                .saturating_sub(1)
        };
        let start = if a >= pieces.last().map_or(0, |p| p.cooked + 1) {
            pieces.last().map_or(0, |p| p.src_end)
        } else {
            pieces[at(a)].src_start
        };
        let end = if b == a {
            start
        } else {
            pieces[at(b - 1)].src_end
        };
        TextRange::new(
            TextSize::from((base + start) as u32),
            TextSize::from((base + end.max(start)) as u32),
        )
    }
}

/// A line of the scalar: its offset in the slice and its text without the line break.
fn lines(text: &str, base: usize) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        out.push((base + offset, line.strip_suffix('\r').unwrap_or(line)));
        offset += line.len() + 1;
    }
    out
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

struct Cooker {
    text: String,
    pieces: Vec<Piece>,
}

impl Cooker {
    fn push(&mut self, c: char, src_start: usize, src_end: usize) {
        self.pieces.push(Piece {
            cooked: self.text.len(),
            src_start,
            src_end,
        });
        self.text.push(c);
    }
}

/// Plain, single- and double-quoted scalars: escapes, and line folding (a line break is a
/// space, `n` empty lines are `n` line breaks, whitespace around breaks is dropped).
fn cook_flow(slice: &str, style: ScalarStyle) -> Option<(String, Vec<Piece>)> {
    let body = match style {
        ScalarStyle::SingleQuoted => slice.strip_prefix('\'')?.strip_suffix('\'')?,
        ScalarStyle::DoubleQuoted => slice.strip_prefix('"')?.strip_suffix('"')?,
        _ => slice,
    };
    let base = if matches!(style, ScalarStyle::Plain) {
        0
    } else {
        1
    };
    let lines = lines(body, base);
    let last = lines.len() - 1;
    let mut out = Cooker {
        text: String::new(),
        pieces: Vec::new(),
    };
    let mut empty_run = 0;
    let mut break_start = 0;
    let mut escaped_break = false;
    for (i, (offset, line)) in lines.iter().enumerate() {
        let mut content = *line;
        let mut content_start = *offset;
        if i > 0 {
            let trimmed = content.trim_start_matches(is_blank);
            content_start += content.len() - trimmed.len();
            content = trimmed;
        }
        if i < last {
            content = content.trim_end_matches(is_blank);
        }
        if i > 0 && i < last && content.is_empty() {
            empty_run += 1;
            continue;
        }
        if i > 0 && !escaped_break {
            let fold = if empty_run == 0 {
                " ".to_owned()
            } else {
                "\n".repeat(empty_run)
            };
            for c in fold.chars() {
                out.push(c, break_start, content_start);
            }
        }
        empty_run = 0;
        escaped_break = match style {
            ScalarStyle::DoubleQuoted => cook_double_line(content, content_start, &mut out)?,
            ScalarStyle::SingleQuoted => {
                cook_single_line(content, content_start, &mut out);
                false
            }
            _ => {
                for (j, c) in content.char_indices() {
                    out.push(c, content_start + j, content_start + j + c.len_utf8());
                }
                false
            }
        };
        break_start = content_start + content.len();
    }
    Some((out.text, out.pieces))
}

fn cook_single_line(content: &str, start: usize, out: &mut Cooker) {
    let mut chars = content.char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
            chars.next();
            out.push('\'', start + j, start + j + 2);
        } else {
            out.push(c, start + j, start + j + c.len_utf8());
        }
    }
}

/// Returns whether the line ends with an escaped line break (`\` then the break).
fn cook_double_line(content: &str, start: usize, out: &mut Cooker) -> Option<bool> {
    let bytes = content.as_bytes();
    let mut j = 0;
    while j < content.len() {
        let c = content[j..].chars().next()?;
        if c != '\\' {
            out.push(c, start + j, start + j + c.len_utf8());
            j += c.len_utf8();
            continue;
        }
        let Some(&e) = bytes.get(j + 1) else {
            return Some(true);
        };
        let (ch, len) = match sls_syntax::escape::hex_digits(e) {
            Some(digits) => {
                let hex = content.get(j + 2..j + 2 + digits)?;
                (
                    char::from_u32(u32::from_str_radix(hex, 16).ok()?)?,
                    2 + digits,
                )
            }
            None => (sls_syntax::escape::single_char_escape(e)?, 2),
        };
        out.push(ch, start + j, start + j + len);
        j += len;
    }
    Some(false)
}

/// Literal (`|`) and folded (`>`) scalars, the indentation taken from the first non-empty line.
fn cook_block(slice: &str, style: ScalarStyle) -> Option<(String, Vec<Piece>)> {
    let header_end = slice.find('\n')?;
    let lines = lines(&slice[header_end + 1..], header_end + 1);
    let indent = lines
        .iter()
        .find(|(_, l)| !l.trim_matches(is_blank).is_empty())
        .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())?;
    let mut out = Cooker {
        text: String::new(),
        pieces: Vec::new(),
    };
    let mut empty_run = 0;
    let mut previous: Option<(bool, usize)> = None; // (more indented, where its break starts)
    for (offset, line) in &lines {
        if line.len() <= indent && line.trim_matches(is_blank).is_empty() {
            empty_run += 1;
            continue;
        }
        let content = line.get(indent..)?;
        let start = offset + indent;
        let more_indented = content.starts_with(is_blank);
        let breaks = match (style, previous) {
            (_, None) => empty_run,
            (ScalarStyle::Folded, Some((false, _))) if !more_indented && empty_run == 0 => {
                out.push(' ', previous.map_or(start, |p| p.1), start);
                0
            }
            (ScalarStyle::Folded, Some((false, _))) if !more_indented => empty_run,
            _ => empty_run + 1,
        };
        for _ in 0..breaks {
            out.push('\n', previous.map_or(*offset, |p| p.1), start);
        }
        for (j, c) in content.char_indices() {
            out.push(c, start + j, start + j + c.len_utf8());
        }
        previous = Some((more_indented, start + content.len()));
        empty_run = 0;
    }
    Some((out.text, out.pieces))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Maps the first occurrence of `needle` in `cooked` and returns the source text there.
    fn mapped<'a>(source: &'a str, cooked: &str, needle: &str) -> (&'a str, bool) {
        let style = style_of(source);
        let scalar = TextRange::new(0.into(), (source.len() as u32).into());
        let map = SourceMap::new(source, style, cooked, scalar);
        let at = cooked.find(needle).expect("needle in cooked text");
        let r = map.map(TextRange::new(
            (at as u32).into(),
            ((at + needle.len()) as u32).into(),
        ));
        (&source[r], map.is_exact())
    }

    #[test]
    fn plain_scalars_map_one_to_one() {
        assert_eq!(mapped("a ${x} b", "a ${x} b", "${x}"), ("${x}", true));
    }

    #[test]
    fn double_quoted_escapes_shift_offsets() {
        assert_eq!(mapped(r#""a\"${x}""#, "a\"${x}", "${x}"), ("${x}", true));
        assert_eq!(
            mapped(r#""\u00e9${x}\t""#, "é${x}\t", "${x}"),
            ("${x}", true)
        );
        assert_eq!(mapped(r#""a\"${x}""#, "a\"${x}", "\"$"), (r#"\"$"#, true));
    }

    #[test]
    fn single_quoted_doubled_quotes_shift_offsets() {
        assert_eq!(mapped("'it''s ${x}'", "it's ${x}", "${x}"), ("${x}", true));
    }

    #[test]
    fn multi_line_flow_scalars_fold() {
        let source = "\"a\n    b ${x}\n\n    c\"";
        assert_eq!(mapped(source, "a b ${x}\nc", "${x}"), ("${x}", true));
        let source = "a\n  ${self:b}";
        assert_eq!(
            mapped(source, "a ${self:b}", "${self:b}"),
            ("${self:b}", true)
        );
        let source = "\"a \\\n   ${x}\"";
        assert_eq!(mapped(source, "a ${x}", "${x}"), ("${x}", true));
    }

    #[test]
    fn block_scalars_map_line_by_line() {
        let source = "|\n  first\n  x ${self:y}\n";
        assert_eq!(
            mapped(source, "first\nx ${self:y}\n", "${self:y}"),
            ("${self:y}", true)
        );
        let source = ">-\n  one\n  two ${x}\n\n  three\n";
        assert_eq!(
            mapped(source, "one two ${x}\nthree", "${x}"),
            ("${x}", true)
        );
    }

    /// The shortcut for one-line plain ASCII scalars maps every range as cooking them would.
    #[test]
    fn plain_ascii_shortcut_maps_as_cooking_does() {
        for source in [
            "a ${x} b",
            "${self:custom.a}",
            "x",
            "pool-1-${sls:stage}",
            " a\t$ ",
        ] {
            let scalar = TextRange::new(7.into(), ((7 + source.len()) as u32).into());
            let fast = SourceMap::new(source, ScalarStyle::Plain, source, scalar);
            let slow = SourceMap::cooked(source, ScalarStyle::Plain, source, scalar);
            assert!(
                matches!(fast.pieces, Pieces::Same),
                "{source:?} takes the shortcut"
            );
            assert!(
                matches!(slow.pieces, Pieces::Cooked(_)),
                "{source:?} cooks exactly"
            );
            for a in 0..source.len() + 2 {
                for b in a..source.len() + 3 {
                    let range = TextRange::new((a as u32).into(), (b as u32).into());
                    assert_eq!(fast.map(range), slow.map(range), "{source:?} at {a}..{b}");
                }
            }
        }
    }

    #[test]
    fn unreproducible_cooking_maps_to_the_whole_scalar() {
        let source = "|2\n    odd ${x}\n";
        let (text, exact) = mapped(source, "  odd ${x}\n", "${x}");
        assert!(!exact);
        assert_eq!(text, source);
    }
}
