//! The parser's input: saphyr's own `StrInput`, with a smaller advertised buffer and a cheaper
//! "can a plain scalar go on here?" (see `next_can_be_plain_scalar`).
//!
//! `StrInput` reports a 128-char buffer, and the scanner reserves that much in every plain
//! scalar's `String` (created with room for 32), so each scalar was reallocated once and kept
//! 160 bytes for a few chars of text: a sixth of a parse's time on a large file went to that.
//! The buffer size only sets how many chars the scanner reads between two (free, for a `&str`)
//! lookahead calls, so any size the scanner accepts gives the same tokens; 16 is what saphyr's
//! own `BufferedInput` uses and it fits in the 32 bytes already reserved.

use saphyr_parser::{Input, StrInput, input::SkipTabs};

/// The buffer size reported to the scanner (saphyr's `BufferedInput` uses 16; at least 8).
const BUFFER_LEN: usize = 16;

pub(crate) struct SmallBufferInput<'t>(StrInput<'t>);

impl<'t> SmallBufferInput<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        SmallBufferInput(StrInput::new(text))
    }
}

/// Everything but `bufmaxlen` and `next_can_be_plain_scalar` is `StrInput`'s (its fast
/// versions of the provided methods too).
impl Input for SmallBufferInput<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.0.lookahead(count);
    }

    #[inline]
    fn buflen(&self) -> usize {
        self.0.buflen()
    }

    #[inline]
    fn bufmaxlen(&self) -> usize {
        BUFFER_LEN
    }

    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.0.buf_is_empty()
    }

    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.0.raw_read_ch()
    }

    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        self.0.raw_read_non_breakz_ch()
    }

    #[inline]
    fn skip(&mut self) {
        self.0.skip();
    }

    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.0.skip_n(count);
    }

    #[inline]
    fn peek(&self) -> char {
        self.0.peek()
    }

    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.0.peek_nth(n)
    }

    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.0.peek_opt()
    }

    #[inline]
    fn look_ch(&mut self) -> char {
        self.0.look_ch()
    }

    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.0.next_char_is(c)
    }

    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.0.nth_char_is(n, c)
    }

    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.0.next_2_are(c1, c2)
    }

    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.0.next_3_are(c1, c2, c3)
    }

    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.0.next_is_document_indicator()
    }

    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.0.next_is_document_start()
    }

    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.0.next_is_document_end()
    }

    #[inline]
    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        self.0.skip_ws_to_eol(skip_tabs)
    }

    /// `StrInput`'s answer, without decoding the second char unless the first is a `:`: the
    /// scanner asks this for every char of a plain scalar, and the second char only matters
    /// after a `:` (`a:b` goes on, `a: b` ends).
    #[inline]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        match self.0.peek() {
            ':' => {
                let next = self.0.peek_nth(1);
                !(is_blank_or_breakz(next) || (in_flow && is_flow(next)))
            }
            // A byte order mark is not content.
            '\u{FEFF}' => false,
            c => !(in_flow && is_flow(c)),
        }
    }

    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.0.next_is_blank_or_break()
    }

    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.0.next_is_blank_or_breakz()
    }

    #[inline]
    fn next_is_blank(&self) -> bool {
        self.0.next_is_blank()
    }

    #[inline]
    fn next_is_break(&self) -> bool {
        self.0.next_is_break()
    }

    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.0.next_is_breakz()
    }

    #[inline]
    fn next_is_z(&self) -> bool {
        self.0.next_is_z()
    }

    #[inline]
    fn next_is_flow(&self) -> bool {
        self.0.next_is_flow()
    }

    #[inline]
    fn next_is_digit(&self) -> bool {
        self.0.next_is_digit()
    }

    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.0.next_is_alpha()
    }

    #[inline]
    fn skip_while_non_breakz(&mut self) -> usize {
        self.0.skip_while_non_breakz()
    }

    #[inline]
    fn skip_while_blank(&mut self) -> usize {
        self.0.skip_while_blank()
    }

    #[inline]
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_alpha(out)
    }

    #[inline]
    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_yaml_non_space(out)
    }
}

/// YAML's classes of chars, as the scanner uses them (`'\0'` stands for the end of the text).
fn is_blank_or_breakz(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\0')
}

fn is_flow(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}
