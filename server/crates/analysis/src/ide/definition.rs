//! Go to definition: a logical ID to the user's resource key or the config that generates it;
//! an override key to its generating events; `${self:a.b}` to `a.b`.

use sls_compile::OriginKind;
use sls_config::Value;
use sls_text::{TextRange, TextSize};

use super::at::{variable_at, word_at};
use crate::Analysis;

pub fn definition(analysis: &Analysis, offset: TextSize) -> Vec<TextRange> {
    if let Some((inner, _)) = variable_at(&analysis.text, offset) {
        return self_definition(analysis, inner).into_iter().collect();
    }
    let Some((word, range)) = word_at(&analysis.text, offset) else {
        return Vec::new();
    };
    let Some(id) = analysis.ids.iter().find(|id| id.name == word) else {
        return Vec::new();
    };
    let generating = || {
        id.origins
            .iter()
            .filter(|o| !matches!(o.kind, OriginKind::Override | OriginKind::Extension))
            .map(|o| o.range)
            .collect::<Vec<_>>()
    };
    match id.user_key {
        // On the user's key itself (an override): what generates it.
        Some(key) if key.contains_range(range) => generating(),
        Some(key) => vec![key],
        None => generating(),
    }
}

fn self_definition(analysis: &Analysis, inner: &str) -> Option<TextRange> {
    let path = inner.strip_prefix("self:")?;
    let path = path.split(',').next()?.trim();
    let mut value: &Value = analysis.value.as_ref()?;
    let mut key_range = None;
    for key in path.split('.') {
        let entry = value.as_mapping()?.entry(key)?;
        key_range = Some(entry.key_range);
        value = &entry.value;
    }
    key_range
}
