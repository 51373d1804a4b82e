//! Inlay hints: the logical IDs the compiler makes from what is written, next to it.

use sls_compile::OriginKind;
use sls_config::Service;
use sls_text::TextSize;

use super::service::cognito_events;
use crate::Analysis;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint shows (it is not part of the text).
    pub offset: TextSize,
    pub label: String,
}

pub fn inlay_hints(analysis: &Analysis) -> Vec<InlayHint> {
    let Some(value) = &analysis.value else {
        return Vec::new();
    };
    let mut hints = Vec::new();
    for function in Service::new(value).functions() {
        let id = sls_compile::naming::lambda_function(function.key);
        if analysis.ids.resource(&id).is_some() {
            hints.push(InlayHint {
                offset: after_colon(&analysis.text, function.key_range.end()),
                label: id,
            });
        }
    }
    // The pool's ID as compiled (after variables): the pool the event's own origin made.
    for event in cognito_events(value) {
        let Some((_, pool_range)) = event.pool else {
            continue;
        };
        let pool = analysis.ids.iter().find(|id| {
            id.resource_type == Some("AWS::Cognito::UserPool")
                && id
                    .origins
                    .iter()
                    .any(|o| o.kind == OriginKind::Event && o.range == event.range)
        });
        if let Some(pool) = pool {
            hints.push(InlayHint {
                offset: pool_range.end(),
                label: pool.name.to_owned(),
            });
        }
    }
    hints.sort_by_key(|h| h.offset);
    hints
}

/// Past the `:` that follows a key, so the hint reads `key: ⟨ID⟩`.
fn after_colon(text: &str, key_end: TextSize) -> TextSize {
    let at = usize::from(key_end);
    match text[at..].find(':') {
        Some(i) if text[at..at + i].trim().is_empty() => TextSize::from((at + i + 1) as u32),
        _ => key_end,
    }
}
