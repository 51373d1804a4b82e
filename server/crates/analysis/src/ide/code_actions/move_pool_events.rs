//! `COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION`: a function may attach to one `existing` pool
//! only. The fix keeps the function's first existing pool and gives every other existing pool
//! a function of its own (`users2`, `users3`, ...: one function per extra pool, as the rule
//! demands), right after the original: a copy of its lines without `events` (and without
//! `name`, which would deploy two Lambdas under one name), whose `events` are that pool's
//! events, moved out of the original with the comments above them.

use serde_json::Value as Json;
use sls_compile::{ErrorCode, naming};
use sls_config::{Service, Value};
use sls_syntax::{Entry, Node};
use sls_text::TextRange;

use super::CodeAction;
use super::lines::{
    Edit, anchors_in, dash_column, delete_lines, ends_line, has_anchor_in, insert_lines, is_block,
    line_break, line_end, line_start, normalized, parses_cleanly, starts_line, terminated,
    with_leading_comments, written_entry,
};
use crate::{Analysis, Section};

/// The events of one extra pool, in order.
struct ExtraPool {
    pool: Json,
    events: Vec<TextRange>,
}

pub(super) fn move_extra_pool_events(analysis: &Analysis, range: TextRange) -> Option<CodeAction> {
    if !analysis.parse.diagnostics.is_empty() {
        return None;
    }
    let text = analysis.text.as_str();
    let config = analysis.config.as_ref()?;
    let function = Service::new(config).functions().into_iter().find(|f| {
        f.events()
            .iter()
            .any(|e| e.value.range.contains_range(range))
    })?;
    let extra = extra_pools(&function)?;

    let functions = written_entry(analysis.parse.root.as_ref()?, "functions")?;
    let entry = functions
        .value
        .as_mapping()?
        .iter()
        .find(|e| e.merged_from.is_none() && e.key.range == function.key_range)?;
    let name = entry.key.as_scalar()?.text.as_str();
    let body = &entry.value;
    let events = written_entry(body, "events")?;
    if !is_block(text, body) || !is_block(text, &events.value) || name.contains("${") {
        return None;
    }
    let items = events.value.as_sequence()?;
    let moved: Vec<&Node> = items
        .iter()
        .filter(|item| extra.iter().any(|p| p.events.contains(&item.range)))
        .collect();
    let expected: usize = extra.iter().map(|p| p.events.len()).sum();
    let movable = |item: &&Node| {
        item.alias.is_none()
            && dash_column(text, item).is_some()
            && ends_line(text, usize::from(item.range.end()))
    };
    if moved.len() != expected || !moved.iter().all(movable) {
        return None;
    }

    let key_start = line_start(text, usize::from(entry.key.range.start()));
    let function_end = line_end(text, usize::from(body.range.end()));
    let whole = TextRange::new(offset(key_start), offset(function_end));
    // Text that moves or that later aliases may name: an anchor there would change meaning.
    if body.anchor.is_some()
        || events.value.anchor.is_some()
        || moved.iter().any(|item| has_anchor_in(item, whole))
        || !starts_line(text, usize::from(events.key.range.start()))
    {
        return None;
    }

    let blocks = item_blocks(text, events, items, &moved);
    let copy = Copy::new(text, entry, events, whole)?;
    let eol = line_break(text);
    let mut taken = function_keys(analysis, config);
    let mut new_functions = String::new();
    let mut names = Vec::new();
    for pool in &extra {
        let new_name = unique_name(name, &mut taken);
        let pool_blocks: Vec<TextRange> = blocks
            .iter()
            .filter(|(item, _)| pool.events.contains(item))
            .map(|(_, block)| *block)
            .collect();
        new_functions.push_str(&terminated(copy.render(text, &new_name, &pool_blocks), eol));
        names.push((pool.pool.clone(), new_name));
    }

    let mut edits: Vec<Edit> = blocks
        .iter()
        .map(|(_, block)| delete_lines(text, block.start().into(), block.end().into()))
        .collect();
    edits.push(insert_lines(text, function_end, new_functions, eol));
    let edits = normalized(edits)?;
    if !parses_cleanly(text, &edits) {
        return None;
    }
    Some(CodeAction {
        title: title(&names),
        edits,
        fixes: ErrorCode::CognitoMultipleUserPoolsPerFunction.as_str(),
        preferred: true,
    })
}

/// The function's existing-pool events past its first pool, grouped by pool (the framework's
/// rule: the first truthy pool is the function's; any other pool is an error).
fn extra_pools(function: &sls_config::Function<'_>) -> Option<Vec<ExtraPool>> {
    let existing: Vec<(Json, TextRange)> = function
        .events()
        .iter()
        .filter_map(|e| {
            let cognito = e.cognito()?;
            cognito.is_existing().then(|| {
                let pool = cognito.pool.map_or(Json::Null, Value::to_json);
                (pool, e.value.range)
            })
        })
        .collect();
    let first = existing
        .iter()
        .map(|(pool, _)| pool)
        .find(|pool| sls_compile::js::truthy(pool))?;
    let mut extra: Vec<ExtraPool> = Vec::new();
    for (pool, range) in existing.iter().filter(|(pool, _)| pool != first) {
        match extra.iter_mut().find(|p| &p.pool == pool) {
            Some(group) => group.events.push(*range),
            None => extra.push(ExtraPool {
                pool: pool.clone(),
                events: vec![*range],
            }),
        }
    }
    (!extra.is_empty()).then_some(extra)
}

/// Each moved item with the lines it takes: its own and the comment lines right above it.
fn item_blocks(
    text: &str,
    events: &Entry,
    items: &[Node],
    moved: &[&Node],
) -> Vec<(TextRange, TextRange)> {
    let mut floor = line_end(text, usize::from(events.key.range.end()));
    let mut blocks = Vec::new();
    for item in items {
        let start = line_start(text, usize::from(item.range.start()));
        let end = line_end(text, usize::from(item.range.end()));
        if moved.iter().any(|m| m.range == item.range) {
            let first = with_leading_comments(text, start, floor);
            blocks.push((item.range, TextRange::new(offset(first), offset(end))));
        }
        floor = end;
    }
    blocks
}

/// The function's lines as the new functions repeat them: the key line, then its body with the
/// `events` entry's lines and the `name` entry's lines left out, anchors (`&x`) dropped.
struct Copy {
    key: TextRange,
    /// The key without its quotes: what the new name replaces.
    key_inner: TextRange,
    /// The body before `events`, the `events:` line, the body after `events`.
    before: Vec<TextRange>,
    events_line: TextRange,
    after: Vec<TextRange>,
    anchors: Vec<TextRange>,
}

impl Copy {
    fn new(text: &str, entry: &Entry, events: &Entry, whole: TextRange) -> Option<Copy> {
        let key_line_start = usize::from(whole.start());
        let body_start = line_end(text, usize::from(entry.key.range.end()));
        let body_end = usize::from(whole.end());
        let events_start = line_start(text, usize::from(events.key.range.start()));
        let events_key_end = line_end(text, usize::from(events.key.range.end()));
        let events_end = line_end(text, usize::from(events.value.range.end()));
        if events_start < body_start || usize::from(events.value.range.start()) < events_key_end {
            return None;
        }
        let mut skipped = vec![TextRange::new(offset(events_start), offset(events_end))];
        if let Some(name) = written_entry(&entry.value, "name") {
            let start = line_start(text, usize::from(name.key.range.start()));
            let end = line_end(text, usize::from(name.value.range.end()));
            if !starts_line(text, usize::from(name.key.range.start())) || start < body_start {
                return None;
            }
            skipped.push(TextRange::new(offset(start), offset(end)));
        }
        let mut anchors = Vec::new();
        anchors_in(&entry.value, whole, &mut anchors);
        let (_, key_inner) = super::unquoted(text, entry.key.range);
        Some(Copy {
            key: TextRange::new(offset(key_line_start), offset(body_start)),
            key_inner,
            before: spans_without(body_start, events_start, &skipped),
            events_line: TextRange::new(offset(events_start), offset(events_key_end)),
            after: spans_without(events_end, body_end, &skipped),
            anchors,
        })
    }

    fn render(&self, text: &str, name: &str, events: &[TextRange]) -> String {
        let mut out = String::new();
        out.push_str(&text[TextRange::new(self.key.start(), self.key_inner.start())]);
        out.push_str(name);
        self.push(
            &mut out,
            text,
            TextRange::new(self.key_inner.end(), self.key.end()),
        );
        for span in &self.before {
            self.push(&mut out, text, *span);
        }
        self.push(&mut out, text, self.events_line);
        for block in events {
            out.push_str(&text[*block]);
        }
        for span in &self.after {
            self.push(&mut out, text, *span);
        }
        out
    }

    /// `span` of `text` without the anchors in it (nor the space after each).
    fn push(&self, out: &mut String, text: &str, span: TextRange) {
        let mut at = span.start();
        let mut anchors: Vec<&TextRange> = self
            .anchors
            .iter()
            .filter(|a| span.contains_range(**a))
            .collect();
        anchors.sort_by_key(|a| a.start());
        for anchor in anchors {
            let kept = &text[TextRange::new(at, anchor.start())];
            at = anchor.end();
            let rest = &text[usize::from(at)..];
            if rest.starts_with(' ') {
                out.push_str(kept);
                at += sls_text::TextSize::from(1);
            } else {
                // `key: &x` at the line's end: the space before goes too.
                out.push_str(kept.strip_suffix(' ').unwrap_or(kept));
            }
        }
        out.push_str(&text[TextRange::new(at, span.end())]);
    }
}

/// `start..end` without the `skipped` spans (whole lines), as the spans that remain.
fn spans_without(start: usize, end: usize, skipped: &[TextRange]) -> Vec<TextRange> {
    let mut spans = Vec::new();
    let mut at = start;
    let mut skipped: Vec<&TextRange> = skipped
        .iter()
        .filter(|s| usize::from(s.start()) >= start && usize::from(s.end()) <= end)
        .collect();
    skipped.sort_by_key(|s| s.start());
    for skip in skipped {
        if usize::from(skip.start()) > at {
            spans.push(TextRange::new(offset(at), skip.start()));
        }
        at = at.max(usize::from(skip.end()));
    }
    if end > at {
        spans.push(TextRange::new(offset(at), offset(end)));
    }
    spans
}

/// Every function key, and the names their logical IDs are made of (`users2` and `Users2`
/// give one `Users2LambdaFunction`).
fn function_keys(analysis: &Analysis, config: &Value) -> Vec<String> {
    let mut taken: Vec<String> = Service::new(config)
        .functions()
        .iter()
        .map(|f| naming::normalized_function_name(f.key))
        .collect();
    taken.extend(
        analysis
            .ids
            .in_section(Section::Resources)
            .filter_map(|id| id.name.strip_suffix("LambdaFunction"))
            .map(str::to_owned),
    );
    taken
}

/// `<name>2`, `<name>3`, ...: the first whose logical IDs no function has. A number keeps the
/// deployed name (`service-stage-key`, at most 64 characters) as short as it can be.
fn unique_name(name: &str, taken: &mut Vec<String>) -> String {
    let mut n = 2;
    loop {
        let candidate = format!("{name}{n}");
        let normalized = naming::normalized_function_name(&candidate);
        if !taken.contains(&normalized) {
            taken.push(normalized);
            return candidate;
        }
        n += 1;
    }
}

fn title(names: &[(Json, String)]) -> String {
    let show = |pool: &Json| match pool {
        Json::String(s) => format!("'{s}'"),
        other => other.to_string(),
    };
    match names {
        [(pool, name)] => format!(
            "Move the events of pool {} to a new function '{name}'",
            show(pool)
        ),
        many => {
            let list: Vec<String> = many
                .iter()
                .map(|(pool, name)| format!("{} to '{name}'", show(pool)))
                .collect();
            format!(
                "Move the events of each extra pool to a new function: {}",
                list.join(", ")
            )
        }
    }
}

fn offset(at: usize) -> sls_text::TextSize {
    super::lines::offset(at)
}
