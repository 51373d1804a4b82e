//! `depends-on-replaces-generated`: an override's `DependsOn` under `resources.Resources.<Id>`
//! replaces the generated dependencies position by position. The fix moves it to
//! `resources.extensions.<Id>.DependsOn`, which the framework appends to the generated list:
//! `extensions:` and `<Id>:` made when missing, the items added to an existing list, and the
//! override removed whole when `DependsOn` was all it held. A scalar becomes a one-item list
//! (an extension's string would be spread into its characters).

use sls_syntax::{Entry, Node, NodeKind, ScalarStyle};
use sls_text::TextRange;

use super::CodeAction;
use super::lines::{
    column, dash_column, delete_lines, has_anchor_in, insert_lines, is_block, line_break, line_end,
    line_start, normalized, offset, parses_cleanly, reindent, starts_line, terminated,
    with_leading_comments, written_entry,
};
use crate::{Analysis, AnalysisCode};

/// How the user's `DependsOn` value is written.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Block,
    /// `[A, B]` on one line.
    Flow,
    /// `A`, on one line.
    Scalar,
}

/// What moves: the `DependsOn` entry's lines and the override's lines around it.
struct Source<'a> {
    /// `resources.Resources.<Id>`'s key as written.
    id: &'a Node,
    dependency: &'a Entry,
    form: Form,
    /// The `<Id>:` line when the override goes whole (its comment kept), else `None`.
    id_line: Option<TextRange>,
    /// The `DependsOn` entry with the comment lines above it (the override's body when the
    /// override goes whole).
    block: TextRange,
    /// What is deleted: `block`, or the whole override.
    deleted: TextRange,
}

pub(super) fn depends_on_to_extension(analysis: &Analysis, range: TextRange) -> Option<CodeAction> {
    if !analysis.parse.diagnostics.is_empty() {
        return None;
    }
    let text = analysis.text.as_str();
    let resources = written_entry(analysis.parse.root.as_ref()?, "resources")?;
    if !is_block(text, &resources.value) {
        return None;
    }
    let section = written_entry(&resources.value, "Resources")?;
    let source = source(text, section, range)?;
    let id_name = source.id.as_scalar()?.text.as_str();
    let eol = line_break(text);
    let id_col = column(text, usize::from(source.id.range.start()));
    let dep_col = column(text, usize::from(source.dependency.key.range.start()));
    // The `<Id>:` line and the `DependsOn` lines, as written at the override's indentation.
    let id_line = match source.id_line {
        Some(line) => text[line].to_owned(),
        None => format!("{}{}:{eol}", " ".repeat(id_col), &text[source.id.range]),
    };
    let moved = terminated(moved_text(text, &source), eol);

    let extensions = resources
        .value
        .as_mapping()?
        .iter()
        .rev()
        .find(|e| e.key.as_scalar().is_some_and(|s| s.text == "extensions"));
    let insertion = match extensions {
        None => {
            let at = line_end(text, usize::from(resources.value.range.end()));
            let res_col = column(text, usize::from(section.key.range.start()));
            let lines = format!("{}extensions:{eol}{id_line}{moved}", " ".repeat(res_col));
            insert_lines(text, at, lines, eol)
        }
        Some(extensions) if extensions.merged_from.is_some() => return None,
        Some(extensions) => into_extensions(text, extensions, &source, id_name, id_col, dep_col)
            .map(|(at, lines)| insert_lines(text, at, terminated(lines, eol), eol))?,
    };
    let deletion = delete_lines(
        text,
        source.deleted.start().into(),
        source.deleted.end().into(),
    );
    let edits = normalized(vec![deletion, insertion])?;
    if !parses_cleanly(text, &edits) {
        return None;
    }
    Some(CodeAction {
        title: format!(
            "Move DependsOn to resources.extensions.{id_name}, which appends to the generated dependencies"
        ),
        edits,
        fixes: AnalysisCode::DependsOnReplacesGenerated.as_str(),
        preferred: true,
    })
}

/// The override holding `range` and its `DependsOn`, when they can move line by line.
fn source<'a>(text: &str, section: &'a Entry, range: TextRange) -> Option<Source<'a>> {
    if !is_block(text, &section.value) {
        return None;
    }
    let entry = section
        .value
        .as_mapping()?
        .iter()
        .find(|e| e.merged_from.is_none() && e.value.range.contains_range(range))?;
    let body = &entry.value;
    let entries = body.as_mapping()?;
    let key_end = usize::from(entry.key.range.end());
    let whole = TextRange::new(
        offset(line_start(text, usize::from(entry.key.range.start()))),
        offset(line_end(text, usize::from(body.range.end()))),
    );
    if !is_block(text, body)
        || entries.iter().any(|e| e.merged_from.is_some())
        || entry.key.anchor.is_some()
        || has_anchor_in(body, whole)
        || !starts_line(text, usize::from(entry.key.range.start()))
        || usize::from(body.range.start()) < line_end(text, key_end)
    {
        return None;
    }
    let index = entries.iter().position(|e| {
        e.key.as_scalar().is_some_and(|s| s.text == "DependsOn")
            && e.value.range.contains_range(range)
    })?;
    let dependency = &entries[index];
    let form = form(text, dependency)?;
    if !starts_line(text, usize::from(dependency.key.range.start())) {
        return None;
    }
    let dependency_end = line_end(text, usize::from(dependency.value.range.end()));
    let (id_line, block, deleted) = if entries.len() == 1 {
        let id_line = TextRange::new(whole.start(), offset(line_end(text, key_end)));
        let block = TextRange::new(id_line.end(), whole.end());
        (Some(id_line), block, whole)
    } else {
        let floor = match index {
            0 => line_end(text, key_end),
            n => line_end(text, usize::from(entries[n - 1].value.range.end())),
        };
        let start = line_start(text, usize::from(dependency.key.range.start()));
        let first = with_leading_comments(text, start, floor);
        let block = TextRange::new(offset(first), offset(dependency_end));
        (None, block, block)
    };
    Some(Source {
        id: &entry.key,
        dependency,
        form,
        id_line,
        block,
        deleted,
    })
}

fn form(text: &str, dependency: &Entry) -> Option<Form> {
    let value = &dependency.value;
    if value.alias.is_some() || value.tag.is_some() || value.anchor.is_some() {
        return None;
    }
    let written = &text[value.range];
    match &value.kind {
        NodeKind::Sequence(_) if is_block(text, value) => {
            let key_line_end = line_end(text, usize::from(dependency.key.range.end()));
            (usize::from(value.range.start()) >= key_line_end).then_some(Form::Block)
        }
        NodeKind::Sequence(items) => (written.starts_with('[')
            && !written.contains('\n')
            && items.iter().all(|i| i.as_scalar().is_some()))
        .then_some(Form::Flow),
        NodeKind::Scalar(scalar) => (matches!(
            scalar.style,
            ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
        ) && !written.contains('\n'))
        .then_some(Form::Scalar),
        NodeKind::Mapping(_) => None,
    }
}

/// The block's text, a scalar value written as a one-item flow list.
fn moved_text(text: &str, source: &Source<'_>) -> String {
    let block = &text[source.block];
    if source.form != Form::Scalar {
        return block.to_owned();
    }
    let value = source.dependency.value.range - source.block.start();
    let (start, end) = (usize::from(value.start()), usize::from(value.end()));
    format!(
        "{}[{}]{}",
        &block[..start],
        &block[start..end],
        &block[end..]
    )
}

/// Where in an existing `resources.extensions` the lines go, and the lines.
fn into_extensions(
    text: &str,
    extensions: &Entry,
    source: &Source<'_>,
    id_name: &str,
    id_col: usize,
    dep_col: usize,
) -> Option<(usize, String)> {
    let eol = line_break(text);
    let moved = terminated(moved_text(text, source), eol);
    let with_id_line = |delta: isize| {
        let id_line = match source.id_line {
            Some(line) => text[line].to_owned(),
            None => format!("{}{}:{eol}", " ".repeat(id_col), &text[source.id.range]),
        };
        reindent(&format!("{id_line}{moved}"), delta)
    };
    let value = &extensions.value;
    if value.is_empty_scalar() {
        let at = line_end(text, usize::from(extensions.key.range.end()));
        return Some((at, with_id_line(0)?));
    }
    if !is_block(text, value) {
        return None;
    }
    let entries = value.as_mapping()?;
    let first_col = column(text, usize::from(entries.first()?.key.range.start()));
    let target = entries
        .iter()
        .rev()
        .find(|e| e.key.as_scalar().is_some_and(|s| s.text == id_name));
    let Some(target) = target else {
        let at = line_end(text, usize::from(value.range.end()));
        return Some((at, with_id_line(first_col as isize - id_col as isize)?));
    };
    // The `<Id>:` line goes: it must hold nothing else than the key.
    if target.merged_from.is_some()
        || !is_block(text, &target.value)
        || !id_line_is_bare(text, source)
    {
        return None;
    }
    let attributes = target.value.as_mapping()?;
    let existing = attributes
        .iter()
        .rev()
        .find(|e| e.key.as_scalar().is_some_and(|s| s.text == "DependsOn"));
    let Some(existing) = existing else {
        let at = line_end(text, usize::from(target.value.range.end()));
        let col = column(text, usize::from(attributes.first()?.key.range.start()));
        return Some((at, reindent(&moved, col as isize - dep_col as isize)?));
    };
    if existing.merged_from.is_some() || !is_block(text, &existing.value) {
        return None;
    }
    let at = line_end(text, usize::from(existing.value.range.end()));
    let items = existing.value.as_sequence()?;
    let dash = dash_column(text, items.first()?)?;
    Some((at, appended_items(text, source, dash)?))
}

/// The user's items as lines of a block list whose dashes are at `dash`, with the comments
/// above `DependsOn` (the `DependsOn:` line itself goes: it must hold no comment).
fn appended_items(text: &str, source: &Source<'_>, dash: usize) -> Option<String> {
    let eol = line_break(text);
    let dependency = source.dependency;
    let key_line_end = line_end(text, usize::from(dependency.key.range.end()));
    let value_end = usize::from(dependency.value.range.end());
    let after_value = &text[value_end..line_end(text, value_end)];
    let comments = TextRange::new(
        source.block.start(),
        offset(line_start(text, usize::from(dependency.key.range.start()))),
    );
    let comments_col = column(text, usize::from(dependency.key.range.start()));
    let mut lines = reindent(&text[comments], dash as isize - comments_col as isize)?;
    match source.form {
        Form::Block => {
            if text[usize::from(dependency.key.range.end())..key_line_end].trim() != ":" {
                return None;
            }
            let first = dash_column(text, dependency.value.as_sequence()?.first()?)?;
            let items = &text[key_line_end..line_end(text, value_end)];
            lines.push_str(&reindent(items, dash as isize - first as isize)?);
        }
        Form::Flow | Form::Scalar => {
            if !after_value.trim().is_empty() {
                return None;
            }
            let items: Vec<&Node> = match &dependency.value.kind {
                NodeKind::Sequence(items) => items.iter().collect(),
                _ => vec![&dependency.value],
            };
            for item in items {
                lines.push_str(&format!("{}- {}{eol}", " ".repeat(dash), &text[item.range]));
            }
        }
    }
    Some(terminated(lines, eol))
}

/// The override's `<Id>:` line holds nothing but the key (it is deleted, not moved).
fn id_line_is_bare(text: &str, source: &Source<'_>) -> bool {
    source
        .id_line
        .is_none_or(|line| text[TextRange::new(source.id.range.end(), line.end())].trim() == ":")
}
