//! Diagnostics as text a reviewer can check at a glance: `line:col-line:col severity[code]
//! message`, then the source line with the range underlined, then the related places. Lines and
//! columns are 1-based; columns count characters.

use std::fmt::Write;

use sls_text::TextRange;

use crate::Diagnostic;

pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let lines = Lines::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let message = d.message.replace('\n', "\n    ");
        let _ = writeln!(
            out,
            "{} {}[{}] {message}",
            lines.span(d.range),
            d.severity.as_str(),
            d.code
        );
        lines.underline(&mut out, d.range);
        for related in &d.related {
            let _ = writeln!(
                out,
                "    = related {}: {}",
                lines.span(related.range),
                related.message
            );
        }
    }
    out
}

struct Lines<'t> {
    text: &'t str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// Zero-based line and character column of a byte offset.
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let column = self.text[self.starts[line]..offset].chars().count();
        (line, column)
    }

    fn span(&self, range: TextRange) -> String {
        let (l1, c1) = self.position(range.start().into());
        let (l2, c2) = self.position(range.end().into());
        format!("{}:{}-{}:{}", l1 + 1, c1 + 1, l2 + 1, c2 + 1)
    }

    fn line_text(&self, line: usize) -> &'t str {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The range's first line with `^` under the range (to the line's end when it goes on).
    fn underline(&self, out: &mut String, range: TextRange) {
        let (line, from) = self.position(range.start().into());
        let (end_line, end) = self.position(range.end().into());
        let source = self.line_text(line);
        let to = if end_line == line {
            end
        } else {
            source.chars().count()
        };
        let carets = "^".repeat(to.saturating_sub(from).max(1));
        let _ = writeln!(out, "    | {source}");
        let _ = writeln!(out, "    | {}{carets}", " ".repeat(from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    #[test]
    fn ranges_are_shown_in_lines_and_characters() {
        let text = "a: 1\nbé: xyz\n";
        let start = text.find("xyz").unwrap();
        let d = Diagnostic::new(
            TextRange::new((start as u32).into(), ((start + 3) as u32).into()),
            Severity::Warning,
            "code",
            "two\nlines",
        )
        .with_related(TextRange::empty(0.into()), "the start");
        assert_eq!(
            render(text, &[d]),
            "2:5-2:8 warning[code] two\n    lines\n    | bé: xyz\n    |     ^^^\n    = related 1:1-1:1: the start\n"
        );
    }
}
