//! Quick fixes for the problems diagnostics report. Each edit replaces only the text at fault
//! (a trigger, a key), inserts lines, or moves whole lines: nothing else of the user's text
//! changes.

mod depends_on_extension;
mod lines;
mod move_pool_events;

use sls_compile::ErrorCode;
use sls_config::is_custom_sender;
use sls_text::{TextRange, TextSize};

use super::service::{WrittenCognitoEvent, cognito_events};
use crate::{Analysis, AnalysisCode, Section};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// Non-overlapping replacements in the analysed text.
    pub edits: Vec<(TextRange, String)>,
    /// The code of the diagnostic it fixes.
    pub fixes: &'static str,
    pub preferred: bool,
}

pub const UNKNOWN_TRIGGER: &str = "unknown-trigger";
pub const KMS_KEY_NOT_SET: &str = "COGNITO_KMS_KEY_NOT_SET";

/// The fixes for the problems that touch `range`.
pub fn code_actions(analysis: &Analysis, range: TextRange) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    let touches = |r: TextRange| r.start() <= range.end() && range.start() <= r.end();
    for diagnostic in analysis.diagnostics.iter().filter(|d| touches(d.range)) {
        if diagnostic.code == UNKNOWN_TRIGGER {
            actions.extend(closest_trigger(analysis, diagnostic.range));
        } else if diagnostic.code == AnalysisCode::ResourceNearGeneratedId.as_str() {
            actions.extend(rename_to_generated(analysis, diagnostic.range));
        } else if diagnostic.code == AnalysisCode::DependsOnReplacesGenerated.as_str() {
            actions.extend(depends_on_extension::depends_on_to_extension(
                analysis,
                diagnostic.range,
            ));
        } else if diagnostic.code == ErrorCode::CognitoMultipleUserPoolsPerFunction.as_str() {
            actions.extend(move_pool_events::move_extra_pool_events(
                analysis,
                diagnostic.range,
            ));
        }
    }
    if let Some(value) = &analysis.value {
        for event in cognito_events(value).filter(|e| touches(e.range)) {
            actions.extend(add_kms_key(analysis, &event));
        }
    }
    actions
}

/// The written text of `range`, without its quotes, and the range inside them.
fn unquoted(text: &str, range: TextRange) -> (&str, TextRange) {
    let written = &text[range];
    let quoted = written.len() >= 2
        && (written.starts_with('"') && written.ends_with('"')
            || written.starts_with('\'') && written.ends_with('\''));
    if quoted {
        let inner = TextRange::new(
            range.start() + TextSize::from(1),
            range.end() - TextSize::from(1),
        );
        (&text[inner], inner)
    } else {
        (written, range)
    }
}

fn closest_trigger(analysis: &Analysis, range: TextRange) -> Option<CodeAction> {
    let (written, inner) = unquoted(&analysis.text, range);
    let lower = written.to_ascii_lowercase();
    let best = sls_config::COGNITO_TRIGGERS
        .iter()
        .min_by_key(|t| levenshtein(&lower, &t.to_ascii_lowercase()))?;
    Some(CodeAction {
        title: format!("Change the trigger to {best}"),
        edits: vec![(inner, (*best).to_owned())],
        fixes: UNKNOWN_TRIGGER,
        preferred: true,
    })
}

/// A `resources.Resources` key that is close to a generated ID: renamed to it.
fn rename_to_generated(analysis: &Analysis, range: TextRange) -> Option<CodeAction> {
    let (written, inner) = unquoted(&analysis.text, range);
    let target = analysis
        .ids
        .in_section(Section::Resources)
        .filter(|id| id.generated && id.user_key.is_none())
        .min_by_key(|id| {
            levenshtein(&written.to_ascii_lowercase(), &id.name.to_ascii_lowercase())
        })?;
    Some(CodeAction {
        title: format!("Rename to the generated logical ID {}", target.name),
        edits: vec![(inner, target.name.to_owned())],
        fixes: AnalysisCode::ResourceNearGeneratedId.as_str(),
        preferred: true,
    })
}

/// A custom sender without `kmsKeyId`: a `kmsKeyId:` line below its `trigger:`, with the key
/// another sender of the pool uses, else the service's own KMS key, else a placeholder ARN.
fn add_kms_key(analysis: &Analysis, event: &WrittenCognitoEvent) -> Option<CodeAction> {
    let (trigger, trigger_range) = event.trigger?;
    if !is_custom_sender(trigger) || event.body.get("kmsKeyId").is_some() {
        return None;
    }
    let text = &analysis.text;
    let start = usize::from(trigger_range.start());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    // Only the block style, where the trigger has its own line to insert below.
    if !line.trim_start().starts_with("trigger:") {
        return None;
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let key = same_pool_key(analysis, event)
        .or_else(|| {
            analysis
                .ids
                .in_section(Section::Resources)
                .find(|id| !id.generated && id.resource_type == Some("AWS::KMS::Key"))
                .map(|id| format!("!GetAtt {}.Arn", id.name))
        })
        .unwrap_or_else(|| "arn:aws:kms:REGION:ACCOUNT_ID:key/KEY_ID".to_owned());
    let at = TextSize::from(line_end as u32);
    Some(CodeAction {
        title: format!("Add kmsKeyId ({key})"),
        edits: vec![(TextRange::empty(at), format!("\n{indent}kmsKeyId: {key}"))],
        fixes: KMS_KEY_NOT_SET,
        preferred: false,
    })
}

/// The one-line `kmsKeyId` another event of the same pool writes.
fn same_pool_key(analysis: &Analysis, event: &WrittenCognitoEvent) -> Option<String> {
    let pool = event.pool?.0;
    let value = analysis.value.as_ref()?;
    cognito_events(value).find_map(|other| {
        if other.pool?.0 != pool {
            return None;
        }
        let key = other.body.get("kmsKeyId")?;
        let written = &analysis.text[key.range];
        (!written.contains('\n')).then(|| written.to_owned())
    })
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
