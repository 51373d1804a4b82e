//! js-yaml's `load` as the framework calls it (on serverless.yml, and on a `${file(x.yml)}`):
//! the document's value, or the first problem that makes js-yaml throw, with the message it
//! throws (`<reason> in "<file>" (<line>:<column>)`, a blank line and a snippet of the lines
//! around, as js-yaml 4's `exception.js` and `snippet.js` write them).

use std::path::Path;

use sls_syntax::{Node, NodeKind, SyntaxCode, SyntaxDiagnostic};
use sls_text::{TextRange, TextSize};

use crate::diagnostic::{ConfigDiagnostic, DiagnosticCode, Severity, messages};
use crate::{Value, value_from_node};

/// Why js-yaml refuses a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlRefusal {
    /// The text at fault, as the editor shows it.
    pub range: TextRange,
    /// js-yaml's reason (`duplicated mapping key`), or ours where we do not know its text.
    pub reason: String,
    /// Where js-yaml stands when it throws (its mark), a byte offset into the text.
    pub position: TextSize,
}

/// The value js-yaml loads from `text` (`None` for an empty document), or its first refusal.
pub fn load_yaml(text: &str) -> Result<Option<Value>, YamlRefusal> {
    let parse = sls_syntax::parse(text);
    let loaded = parse
        .root
        .as_ref()
        .map(|root| (root, value_from_node(root)));
    let root = loaded.as_ref().map(|(root, _)| *root);
    let mut refusals: Vec<(TextSize, YamlRefusal)> = parse
        .diagnostics
        .iter()
        .map(|d| from_syntax(d, root, text))
        .collect();
    if let Some((root, (_, diagnostics))) = &loaded {
        refusals.extend(
            diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .map(|d| from_config(d, root, text)),
        );
    }
    // js-yaml stops at the first problem it meets as it reads on.
    if let Some((_, first)) = refusals.into_iter().min_by_key(|(met_at, _)| *met_at) {
        return Err(first);
    }
    Ok(loaded.map(|(_, (value, _))| value))
}

/// Each refusal with where js-yaml meets it, which is not always where it points: a duplicate
/// key is found once its value is read.
fn from_syntax(
    diagnostic: &SyntaxDiagnostic,
    root: Option<&Node>,
    text: &str,
) -> (TextSize, YamlRefusal) {
    let range = diagnostic.range;
    let (reason, position) = match diagnostic.code {
        SyntaxCode::DuplicateKey => {
            let met_at = root.map_or(range.start(), |root| after_value_of_key(root, range, text));
            return (
                met_at,
                refusal(range, messages::duplicate_key(), range.start()),
            );
        }
        // js-yaml reads the alias's name before it looks it up.
        SyntaxCode::UnknownAlias => {
            let name = text[range].trim_start_matches('*');
            (messages::unidentified_alias(name), range.end())
        }
        SyntaxCode::Tab => (messages::tab_indentation(), range.start()),
        // Found once the `<<` value is read.
        SyntaxCode::InvalidMerge => (messages::unacceptable_merge(), range.end()),
        SyntaxCode::Invalid | SyntaxCode::AliasExpansionLimit | SyntaxCode::NestingLimit => {
            (diagnostic.message.clone(), range.start())
        }
    };
    (position, refusal(range, reason, position))
}

fn from_config(diagnostic: &ConfigDiagnostic, root: &Node, text: &str) -> (TextSize, YamlRefusal) {
    let range = diagnostic.range;
    let reason = diagnostic.message.clone();
    match diagnostic.code {
        // js-yaml resolves a tag once the node is read: it stands after the node.
        DiagnosticCode::UnknownTag | DiagnosticCode::UnresolvableTag => {
            let position = root
                .walk_written()
                .find(|node| node.tag.as_ref().is_some_and(|t| t.range == range))
                .map_or(range.end(), |node| after_node(node, text));
            (position, refusal(range, reason, position))
        }
        DiagnosticCode::DuplicateKey => {
            let met_at = after_value_of_key(root, range, text);
            (met_at, refusal(range, reason, range.start()))
        }
        _ => (range.start(), refusal(range, reason, range.start())),
    }
}

fn refusal(range: TextRange, reason: String, position: TextSize) -> YamlRefusal {
    YamlRefusal {
        range,
        reason,
        position,
    }
}

/// Where js-yaml stands after reading the value of the entry whose key is at `key`.
fn after_value_of_key(root: &Node, key: TextRange, text: &str) -> TextSize {
    root.walk_written()
        .filter_map(|node| match &node.kind {
            NodeKind::Mapping(entries) => entries.iter().find(|e| e.key.range == key),
            _ => None,
        })
        .next()
        .map_or(key.start(), |entry| after_node(&entry.value, text))
}

/// Where js-yaml stands after reading `node`: after a flow collection or a scalar's text, but
/// past the blank lines and comments that end a block collection.
fn after_node(node: &Node, text: &str) -> TextSize {
    let end = node.range.end();
    let is_flow = text[node.range].starts_with(['[', '{']);
    let is_block_collection = matches!(node.kind, NodeKind::Mapping(_) | NodeKind::Sequence(_));
    if !is_block_collection || is_flow {
        return end;
    }
    let rest = &text[usize::from(end)..];
    let mut skipped = 0;
    let mut in_comment = false;
    for c in rest.chars() {
        match c {
            '\n' | '\r' => in_comment = false,
            '#' => in_comment = true,
            ' ' | '\t' => {}
            _ if in_comment => {}
            _ => break,
        }
        skipped += c.len_utf8();
    }
    end + TextSize::from(skipped as u32)
}

impl YamlRefusal {
    /// js-yaml's `YAMLException#message` for this refusal in `text`, loaded from `file` (its
    /// absolute path; js-yaml leaves the `in "..."` part out without one).
    pub fn js_yaml_message(&self, text: &str, file: Option<&Path>) -> String {
        let buffer = JsBuffer::new(text);
        let position = buffer.utf16_offset(text, self.position);
        let (line, line_start) = buffer.line_of(position);
        let mut message = self.reason.clone();
        message.push(' ');
        if let Some(file) = file {
            message.push_str(&format!("in \"{}\" ", file.display()));
        }
        message.push_str(&format!("({}:{})", line + 1, position - line_start + 1));
        message.push_str("\n\n");
        message.push_str(&buffer.snippet(position, line));
        message
    }
}

/// The text as js-yaml holds it: UTF-16, without a byte order mark, ending with a line break.
struct JsBuffer {
    units: Vec<u16>,
    /// UTF-16 units dropped at the start (the BOM).
    dropped: usize,
}

/// js-yaml's snippet: three lines before, two after, 79 columns.
const LINES_BEFORE: usize = 3;
const LINES_AFTER: usize = 2;
const MAX_LENGTH: usize = 79;
const INDENT: usize = 1;

impl JsBuffer {
    fn new(text: &str) -> JsBuffer {
        let mut units: Vec<u16> = text.encode_utf16().collect();
        if !units.is_empty() && !matches!(units.last(), Some(0x0A | 0x0D)) {
            units.push(0x0A);
        }
        let dropped = usize::from(units.first() == Some(&0xFEFF));
        units.drain(..dropped);
        JsBuffer { units, dropped }
    }

    /// A byte offset into `text` (the text this buffer was made from), in UTF-16 units of the
    /// buffer.
    fn utf16_offset(&self, text: &str, offset: TextSize) -> usize {
        let mut end = usize::from(offset).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let units = text[..end].encode_utf16().count();
        units.saturating_sub(self.dropped).min(self.units.len())
    }

    /// The zero-based line holding `position`, and where it starts (CRLF is one break).
    fn line_of(&self, position: usize) -> (usize, usize) {
        let (mut line, mut start, mut i) = (0, 0, 0);
        while i < position.min(self.units.len()) {
            match self.units[i] {
                0x0A => {
                    line += 1;
                    start = i + 1;
                }
                0x0D => {
                    if self.units.get(i + 1) == Some(&0x0A) && i + 1 < position {
                        i += 1;
                    }
                    line += 1;
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        (line, start)
    }

    /// `makeSnippet(mark)`.
    fn snippet(&self, position: usize, mark_line: usize) -> String {
        // `/\r?\n|\r|\0/g` over the buffer: where each line starts and ends.
        let mut starts = vec![0];
        let mut ends = Vec::new();
        let mut found = None;
        let mut i = 0;
        while i < self.units.len() {
            let break_len = match self.units[i] {
                0x0D if self.units.get(i + 1) == Some(&0x0A) => 2,
                0x0A | 0x0D | 0 => 1,
                _ => {
                    i += 1;
                    continue;
                }
            };
            ends.push(i);
            starts.push(i + break_len);
            if position <= i && found.is_none() {
                found = Some(starts.len() - 2);
            }
            i += break_len;
        }
        let found = found.unwrap_or(starts.len() - 1);
        let number_width = (mark_line + LINES_AFTER).min(ends.len()).to_string().len();
        let max_line_length = MAX_LENGTH - (INDENT + number_width + 3);
        let line_at = |index: usize| -> (String, usize) {
            let shift = starts[found] as isize - starts[index] as isize;
            let end = ends.get(index).copied().unwrap_or(self.units.len());
            self.line(
                starts[index],
                end,
                position as isize - shift,
                max_line_length,
            )
        };
        // Signed, as in JS: the snippet also breaks lines at NUL, which `mark.line` does not
        // count, so the lines before the mark may number below 1.
        let numbered = |number: isize, line: &str| {
            format!(
                "{}{:>number_width$} | {line}\n",
                " ".repeat(INDENT),
                number + 1
            )
        };

        let mut result = String::new();
        for back in (1..=LINES_BEFORE).rev() {
            if let Some(index) = found.checked_sub(back) {
                result.push_str(&numbered(
                    mark_line as isize - back as isize,
                    &line_at(index).0,
                ));
            }
        }
        let (line, caret) = line_at(found);
        result.push_str(&numbered(mark_line as isize, &line));
        result.push_str(&"-".repeat(INDENT + number_width + 3 + caret));
        result.push_str("^\n");
        for ahead in 1..=LINES_AFTER {
            if found + ahead >= ends.len() {
                break;
            }
            result.push_str(&numbered(
                (mark_line + ahead) as isize,
                &line_at(found + ahead).0,
            ));
        }
        result.strip_suffix('\n').unwrap_or(&result).to_owned()
    }

    /// `getLine`: the line from `start` to `end`, cut to `max_length` around `position` with
    /// ` ... ` marks, tabs shown as `→`; and the caret's column in it.
    fn line(
        &self,
        start: usize,
        end: usize,
        position: isize,
        max_length: usize,
    ) -> (String, usize) {
        let half = (max_length / 2) as isize - 1;
        let (mut start, mut end) = (start as isize, end as isize);
        let mut head = "";
        let mut tail = "";
        if position - start > half {
            head = " ... ";
            start = position - half + head.len() as isize;
        }
        if end - position > half {
            tail = " ...";
            end = position + half - tail.len() as isize;
        }
        // `String#slice` clamps its bounds.
        let clamp = |i: isize| i.clamp(0, self.units.len() as isize) as usize;
        let (from, to) = (clamp(start), clamp(end));
        let body = if from < to {
            String::from_utf16_lossy(&self.units[from..to]).replace('\t', "→")
        } else {
            String::new()
        };
        let caret = (position - start + head.len() as isize).max(0) as usize;
        (format!("{head}{body}{tail}"), caret)
    }
}
