//! References and rename of a user pool: its `pool:` values and its logical ID wherever it is
//! written (an override key, `Ref`, `Fn::GetAtt`, `DependsOn`, `Fn::Sub`).

use sls_compile::naming;
use sls_text::{TextRange, TextSize};

use super::at::word_at;
use super::service::cognito_events;
use crate::Analysis;

/// The literal pool name under the cursor (a `pool:` value without variables), inside quotes.
pub fn pool_at(analysis: &Analysis, offset: TextSize) -> Option<(String, TextRange)> {
    let value = analysis.value.as_ref()?;
    cognito_events(value).find_map(|event| {
        let (name, range) = event.pool?;
        let inner = inner_range(&analysis.text, range);
        (inner.contains_inclusive(offset) && !name.contains("${") && &analysis.text[inner] == name)
            .then(|| (name.to_owned(), inner))
    })
}

/// Every place that names the pool or logical ID under the cursor.
pub fn references(analysis: &Analysis, offset: TextSize) -> Vec<TextRange> {
    if let Some((name, _)) = pool_at(analysis, offset) {
        let mut found = pool_values(analysis, &name);
        found.extend(word_occurrences(
            &analysis.text,
            &naming::cognito_user_pool(&name),
        ));
        found.sort_by_key(|r| r.start());
        return found;
    }
    match word_at(&analysis.text, offset) {
        Some((word, _)) if analysis.ids.iter().any(|id| id.name == word) => {
            word_occurrences(&analysis.text, word)
        }
        _ => Vec::new(),
    }
}

/// The edits renaming the pool under the cursor to `new_name`: its `pool:` values, and its
/// logical ID where the user wrote it. `None` when the cursor is on no literal pool name.
pub fn rename_pool(
    analysis: &Analysis,
    offset: TextSize,
    new_name: &str,
) -> Option<Vec<(TextRange, String)>> {
    let (name, _) = pool_at(analysis, offset)?;
    let new_id = naming::cognito_user_pool(new_name);
    let mut edits: Vec<(TextRange, String)> = pool_values(analysis, &name)
        .into_iter()
        .map(|r| (r, new_name.to_owned()))
        .collect();
    edits.extend(
        word_occurrences(&analysis.text, &naming::cognito_user_pool(&name))
            .into_iter()
            .map(|r| (r, new_id.clone())),
    );
    edits.sort_by_key(|(r, _)| r.start());
    Some(edits)
}

fn pool_values(analysis: &Analysis, name: &str) -> Vec<TextRange> {
    let Some(value) = &analysis.value else {
        return Vec::new();
    };
    cognito_events(value)
        .filter_map(|event| {
            let (pool, range) = event.pool?;
            let inner = inner_range(&analysis.text, range);
            (pool == name && &analysis.text[inner] == name).then_some(inner)
        })
        .collect()
}

/// `range` without its quotes.
fn inner_range(text: &str, range: TextRange) -> TextRange {
    let written = &text[range];
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    if quoted {
        TextRange::new(
            range.start() + TextSize::from(1),
            range.end() - TextSize::from(1),
        )
    } else {
        range
    }
}

/// `word` wherever it is written as a whole word.
fn word_occurrences(text: &str, word: &str) -> Vec<TextRange> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .map(|(at, _)| TextRange::at(TextSize::from(at as u32), TextSize::from(word.len() as u32)))
        .collect()
}
