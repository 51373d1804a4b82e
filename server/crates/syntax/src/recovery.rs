//! Parsing broken text: blank the line at fault, parse again, repeat (see the crate docs).

use std::borrow::Cow;

use crate::builder::{AliasPlaceholder, BuildOutput, ParseError, build};
use crate::messages::{is_tab_error, may_come_from_open_delimiter, readable, unclosed_delimiter};
use crate::offsets::{LazyLineIndex, LineIndex, range};
use crate::{AliasRef, Parse, SyntaxCode, SyntaxDiagnostic};

/// Rounds of "blank a line and parse again" before giving up on the rest of the text.
const MAX_ROUNDS: usize = 32;
/// How many non-blank lines above the reported one may be the real culprit.
const LOOKBACK_LINES: usize = 2;
/// How far above the reported line to look for a quote or bracket left open.
const DELIMITER_LOOKBACK_LINES: usize = 500;

/// Parses of the whole text allowed, over all rounds: many for small files, fewer for large
/// ones, so that a badly broken large file still answers quickly.
fn max_parses(text_len: usize) -> usize {
    (2_000_000 / text_len.max(1)).clamp(16, 96)
}

pub(crate) fn parse_recovering(text: &str, edited_line: Option<usize>) -> Parse {
    // Built only once something is wrong: a valid text never needs line numbers.
    let lazy_lines = LazyLineIndex::new(text);
    let mut work: Cow<'_, str> = Cow::Borrowed(text);
    let mut placeholders: Vec<AliasPlaceholder> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut current = build(&work, &lazy_lines, &placeholders);
    let mut parses = 1;
    let max_parses = max_parses(text.len());
    let mut rounds = 0;
    let mut hint = edited_line;

    while parses < max_parses && rounds < MAX_ROUNDS {
        let Some(error) = current.error.take() else {
            break;
        };
        let lines = lazy_lines.get();
        // An unknown alias needs no search: it becomes a null, at the cost of one parse.
        if let Some(placeholder) = unknown_alias(&work, &error) {
            diagnostics.push(unknown_alias_diagnostic(&placeholder));
            work = Cow::Owned(replace_alias(&work, &placeholder));
            let at = placeholders.partition_point(|p| p.offset < placeholder.offset);
            placeholders.insert(at, placeholder);
            current = build(&work, &lazy_lines, &placeholders);
            parses += 1;
            continue;
        }

        rounds += 1;
        let error_line = lines.line_of(error.offset);
        let mut best: Option<(Blank, String, BuildOutput)> = None;
        for blank in candidates(&work, lines, &error, hint.take()) {
            if parses >= max_parses {
                break;
            }
            let trial = blank.apply(&work, lines);
            let out = build(&trial, &lazy_lines, &placeholders);
            parses += 1;
            let solved = out.error.is_none();
            // Ties go to the earlier candidate: the edited line, then the reported one.
            if best
                .as_ref()
                .is_none_or(|(b, _, b_out)| score(blank, &out, &error) > score(*b, b_out, &error))
            {
                best = Some((blank, trial, out));
            }
            if solved {
                break;
            }
        }
        match best {
            // Blanking made the parser stop earlier than before: keep what we have.
            Some((_, _, out)) if reach(&out) < error.offset => {
                diagnostics.push(report(&work, lines, &error, Blank::whole(error_line)));
                break;
            }
            Some((blank, trial, out)) => {
                diagnostics.push(report(&work, lines, &error, blank));
                work = Cow::Owned(trial);
                current = out;
            }
            None => {
                diagnostics.push(report(&work, lines, &error, Blank::whole(error_line)));
                break;
            }
        }
    }
    // Out of budget with an error left: report it too (the tree stops there).
    if let Some(error) = &current.error {
        let lines = lazy_lines.get();
        let diagnostic = match unknown_alias(&work, error) {
            Some(placeholder) => unknown_alias_diagnostic(&placeholder),
            None => report(
                &work,
                lines,
                error,
                Blank::whole(lines.line_of(error.offset)),
            ),
        };
        diagnostics.push(diagnostic);
    }

    diagnostics.extend(current.diagnostics);
    diagnostics.sort_by_key(|d| (d.range.start(), d.range.end()));
    diagnostics.dedup();
    Parse {
        root: current.root,
        diagnostics,
    }
}

fn unknown_alias_diagnostic(placeholder: &AliasPlaceholder) -> SyntaxDiagnostic {
    SyntaxDiagnostic {
        range: placeholder.alias.range,
        code: SyntaxCode::UnknownAlias,
        message: format!(
            "unknown alias `*{0}`: no anchor `&{0}` is defined before it",
            placeholder.alias.name
        ),
    }
}

/// How far a parse got: the error's offset, or everything.
fn reach(out: &BuildOutput) -> usize {
    out.error.as_ref().map_or(usize::MAX, |e| e.offset)
}

/// How good blanking `blank` was for `error`, given the parse it led to: whole success first,
/// then closing an open quote or bracket for errors such a thing causes (blanking the lines after
/// it only moves the same error down), then how far the parser got.
fn score(blank: Blank, out: &BuildOutput, error: &ParseError) -> (bool, bool, usize) {
    let reached = reach(out);
    let closes_cause = blank.at_open_delimiter
        && may_come_from_open_delimiter(&error.message)
        && reached >= error.offset;
    (out.error.is_none(), closes_cause, reached)
}

/// What to blank: `line` from byte offset `from` (`None`: all of it) to its end.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Blank {
    line: usize,
    from: Option<usize>,
    /// `from` is a quote or bracket the line leaves open.
    at_open_delimiter: bool,
}

impl Blank {
    fn whole(line: usize) -> Self {
        Blank {
            line,
            from: None,
            at_open_delimiter: false,
        }
    }

    /// `work` with the blanked bytes replaced by spaces (one per byte, so offsets stay valid).
    fn apply(self, work: &str, lines: &LineIndex) -> String {
        let (line_start, end) = lines.line_span(work, self.line);
        let start = self.from.unwrap_or(line_start).clamp(line_start, end);
        let mut blanked = String::with_capacity(work.len());
        blanked.push_str(&work[..start]);
        blanked.extend(std::iter::repeat_n(' ', end - start));
        blanked.push_str(&work[end..]);
        blanked
    }
}

/// What to blank for `error`, most likely fix first.
///
/// Lines: the edited one, the one holding a tab (for tab errors), the nearest one leaving a
/// quote or bracket open (for errors such a line causes), the reported one, and the non-blank
/// ones just above it. Each is tried first in part (from where the parser stopped,
/// from a quote or bracket it leaves open, or from the value after `key:`), keeping the key
/// being typed, then whole.
fn candidates(
    work: &str,
    lines: &LineIndex,
    error: &ParseError,
    edited_line: Option<usize>,
) -> Vec<Blank> {
    let error_line = lines.line_of(error.offset);
    let mut order = Vec::new();
    order.extend(edited_line.filter(|&l| l < lines.line_count()));
    if is_tab_error(&error.message) {
        let (line_start, _) = lines.line_span(work, error_line);
        if let Some(tab) = work[line_start..].find('\t') {
            order.push(lines.line_of(line_start + tab));
        }
    }
    if may_come_from_open_delimiter(&error.message) {
        // A flow collection or quoted string can run on for many lines before the parser
        // gives up (often at the end of the text): look further up for what opened it.
        order.extend(
            (error_line.saturating_sub(DELIMITER_LOOKBACK_LINES)..=error_line)
                .rev()
                .find(|&l| {
                    // On the reported line, only what comes before the error can cause it.
                    let (start, end) = lines.line_span(work, l);
                    // The parser may place its error past the line's end (e.g. on a lone
                    // `\r`): stay inside the line.
                    let end = if l == error_line {
                        error.offset.clamp(start, end)
                    } else {
                        end
                    };
                    unclosed_delimiter(&work[start..end]).is_some()
                }),
        );
    }
    order.push(error_line);
    order.extend(
        (0..error_line)
            .rev()
            .filter(|&l| !lines.is_blank(work, l))
            .take(LOOKBACK_LINES),
    );

    let mut blanks = Vec::new();
    for (i, &line) in order.iter().enumerate() {
        if order[..i].contains(&line) || lines.is_blank(work, line) {
            continue;
        }
        let (line_start, line_end) = lines.line_span(work, line);
        let text = &work[line_start..line_end];
        // Where to cut the line, keeping what comes before.
        let error_at =
            (line == error_line).then(|| error.offset.saturating_sub(line_start).min(text.len()));
        let delimiter = unclosed_delimiter(text).map(|(at, _)| at);
        let cuts = [error_at, delimiter, value_start(text)];
        for (i, cut) in cuts.iter().enumerate() {
            let Some(from) = *cut else { continue };
            if cuts[..i].contains(cut) || !keeps_whole_entry(&text[..from]) {
                continue;
            }
            blanks.push(Blank {
                line,
                from: Some(line_start + from),
                at_open_delimiter: *cut == delimiter,
            });
        }
        blanks.push(Blank::whole(line));
    }
    blanks
}

/// Where the value after the first `key: ` of a line starts, if it has one.
fn value_start(line: &str) -> Option<usize> {
    let colon = line.find(": ")?;
    let value = colon + 2 + line[colon + 2..].len() - line[colon + 2..].trim_start().len();
    (value < line.trim_end().len()).then_some(value)
}

/// Whether a line cut down to `prefix` still reads as a whole `key:`, `key: value` or `- `.
fn keeps_whole_entry(prefix: &str) -> bool {
    let prefix = prefix.trim_end();
    let body = prefix.trim_start();
    !body.is_empty()
        && (prefix.ends_with(':') || prefix.contains(": ") || body == "-" || prefix.ends_with(" -"))
}

/// The alias the parser refused because no anchor of that name precedes it.
fn unknown_alias(work: &str, error: &ParseError) -> Option<AliasPlaceholder> {
    if !error.message.contains("unknown anchor") {
        return None;
    }
    let rest = work.get(error.offset..)?.strip_prefix('*')?;
    let name_len = rest
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .unwrap_or(rest.len());
    let end = error.offset + 1 + name_len;
    Some(AliasPlaceholder {
        offset: error.offset,
        alias: AliasRef {
            name: rest[..name_len].to_owned(),
            range: range(error.offset, end),
        },
    })
}

/// `*name` replaced by a `~` (null) padded with spaces.
fn replace_alias(work: &str, placeholder: &AliasPlaceholder) -> String {
    let start = placeholder.offset;
    let end = usize::from(placeholder.alias.range.end());
    let mut replaced = String::with_capacity(work.len());
    replaced.push_str(&work[..start]);
    replaced.push('~');
    replaced.extend(std::iter::repeat_n(' ', end - start - 1));
    replaced.push_str(&work[end..]);
    replaced
}

/// The diagnostic for `error`, placed on the culprit: what was blanked to let parsing go on.
fn report(work: &str, lines: &LineIndex, error: &ParseError, blank: Blank) -> SyntaxDiagnostic {
    let culprit = blank.line;
    let error_line = lines.line_of(error.offset);
    let (line_start, line_end) = lines.line_span(work, culprit);
    let (trimmed_start, trimmed_end) = lines.trimmed_line_span(work, culprit);

    if is_tab_error(&error.message) {
        let from = lines.line_span(work, error_line.min(culprit)).0;
        if let Some(tab) = work[from..].find('\t') {
            return SyntaxDiagnostic {
                range: range(from + tab, from + tab + 1),
                code: SyntaxCode::Tab,
                message: readable(&error.message),
            };
        }
    }
    if error.message.contains("recursion limit") {
        // The parser's own bound on `[`/`{` nesting.
        return SyntaxDiagnostic {
            range: range(error.offset, error.offset + 1),
            code: SyntaxCode::NestingLimit,
            message: "brackets nest too deeply (more than 255 levels); this line is ignored"
                .to_owned(),
        };
    }
    if culprit != error_line || may_come_from_open_delimiter(&error.message) {
        if let Some((at, message)) = unclosed_delimiter(&work[line_start..line_end]) {
            return SyntaxDiagnostic {
                range: range(line_start + at, trimmed_end),
                code: SyntaxCode::Invalid,
                message: message.to_owned(),
            };
        }
    }
    let (start, end, message) = if culprit == error_line {
        // From where the parser stopped to the end of the line (all of it if it stopped at the
        // end); an empty range at the error on a blank line.
        let mut start = error.offset.clamp(trimmed_start, trimmed_end);
        if start == trimmed_end {
            start = trimmed_start;
        }
        if trimmed_start == trimmed_end {
            start = error.offset;
        }
        (start, trimmed_end.max(start), readable(&error.message))
    } else {
        let column = lines.column_of(error.offset);
        let start = blank
            .from
            .unwrap_or(trimmed_start)
            .clamp(trimmed_start, trimmed_end);
        // A value cut off a line above the error: `key: value` followed by indented lines.
        let why = if blank.from.is_some() && error.message.contains("mapping values") {
            "a key with a value on its line cannot also have indented lines below it".to_owned()
        } else {
            readable(&error.message)
        };
        let message = format!(
            "{why} (the parser stopped at line {}, column {})",
            error_line + 1,
            column + 1
        );
        (start, trimmed_end, message)
    };
    SyntaxDiagnostic {
        range: range(start, end),
        code: SyntaxCode::Invalid,
        message,
    }
}
