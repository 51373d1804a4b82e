//! Completion: what may be typed at the cursor, from the text around it (so a half-typed line
//! works) and the analysis (logical IDs, pools, `${self:}` paths).

use std::collections::BTreeSet;

use sls_config::{COGNITO_TRIGGERS, Value};
use sls_text::{TextRange, TextSize};

use super::attributes::attributes;
use super::outline::{LineContext, line_context};
use super::service;
use super::triggers::trigger_info;
use crate::ids::PSEUDO_PARAMETERS;
use crate::{Analysis, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A value from a fixed set (a trigger, `true`).
    EnumMember,
    /// A key to write (`pool`, `Type`).
    Property,
    /// A logical ID or an attribute.
    Reference,
    /// A `${...}` variable source or path.
    Variable,
    /// A name the service already uses (a pool).
    Value,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What replaces `range`; already indented as the document is (several lines for a
    /// resource key with its `Type`).
    pub new_text: String,
    pub range: TextRange,
}

/// The event keys of `cognitoUserPool`, with what each does.
pub const COGNITO_EVENT_KEYS: [(&str, &str); 5] = [
    (
        "pool",
        "The user pool's name (a new pool is created unless `existing: true`).",
    ),
    ("trigger", "The Lambda trigger this function implements."),
    (
        "existing",
        "`true`: attach to a pool created outside this service (a custom resource does it at deploy time).",
    ),
    (
        "forceDeploy",
        "`true`: re-run the custom resource on every deploy (existing pools only).",
    ),
    (
        "kmsKeyId",
        "The KMS key ARN custom sender triggers decrypt codes with (CustomSMSSender, CustomEmailSender).",
    ),
];

/// The event kinds of a function, `cognitoUserPool` first.
pub const EVENT_KINDS: [&str; 18] = [
    "cognitoUserPool",
    "http",
    "httpApi",
    "websocket",
    "s3",
    "schedule",
    "sns",
    "sqs",
    "stream",
    "kafka",
    "activemq",
    "rabbitmq",
    "msk",
    "alexaSkill",
    "iot",
    "cloudwatchEvent",
    "eventBridge",
    "alb",
];

pub fn completion(analysis: &Analysis, offset: TextSize) -> Vec<CompletionItem> {
    let context = line_context(&analysis.text, offset);
    if let Some(items) = variable_items(analysis, &context) {
        return items;
    }
    let key = context.key;
    let in_event = context.parent_key() == Some("cognitoUserPool");
    match key {
        Some("trigger") if in_event => trigger_items(&context),
        Some("pool") if in_event => pool_items(analysis, &context),
        Some("existing" | "forceDeploy") if in_event => ["true", "false"]
            .into_iter()
            .map(|b| item(&context, b, CompletionKind::EnumMember, &[]))
            .collect(),
        Some("Ref") => ref_items(analysis, &context, context.value),
        Some("Fn::GetAtt") => getatt_items(analysis, &context, context.value),
        Some("DependsOn") => resource_id_items(analysis, &context),
        Some(_) => tagged_value_items(analysis, &context),
        None if in_event && !context.item => cognito_key_items(&context),
        None if context.item && context.parent_key() == Some("events") => {
            event_kind_items(&context)
        }
        None if context.item && context.parent_key() == Some("Fn::GetAtt") => {
            match previous_item(&analysis.text, &context) {
                Some(id) => getatt_items(analysis, &context, &format!("{id}.")),
                None => resource_id_items(analysis, &context),
            }
        }
        None if context.item && context.parent_key() == Some("DependsOn") => {
            resource_id_items(analysis, &context)
        }
        None if context.under(&["resources", "Resources"]) && !context.item => {
            resource_key_items(analysis, &context, true)
        }
        None if context.under(&["resources", "extensions"]) && !context.item => {
            resource_key_items(analysis, &context, false)
        }
        None => tagged_value_items(analysis, &context),
    }
}

/// An item replacing the word at the cursor.
fn item(
    context: &LineContext,
    label: &str,
    kind: CompletionKind,
    extra: &[char],
) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind,
        detail: None,
        documentation: None,
        new_text: label.to_owned(),
        range: context.word_range(extra),
    }
}

fn trigger_items(context: &LineContext) -> Vec<CompletionItem> {
    COGNITO_TRIGGERS
        .iter()
        .map(|name| {
            let info = trigger_info(name);
            CompletionItem {
                detail: info.map(|i| i.when.to_owned()),
                documentation: info.map(|i| i.markdown()),
                ..item(context, name, CompletionKind::EnumMember, &[])
            }
        })
        .collect()
}

fn pool_items(analysis: &Analysis, context: &LineContext) -> Vec<CompletionItem> {
    let Some(value) = &analysis.value else {
        return Vec::new();
    };
    service::cognito_events(value)
        .filter_map(|event| event.pool.map(|(name, _)| name))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|name| *name != context.value)
        .map(|name| CompletionItem {
            detail: Some(format!(
                "user pool (logical ID {})",
                sls_compile::naming::cognito_user_pool(name)
            )),
            ..item(context, name, CompletionKind::Value, &['-', '.'])
        })
        .collect()
}

fn cognito_key_items(context: &LineContext) -> Vec<CompletionItem> {
    COGNITO_EVENT_KEYS
        .iter()
        .map(|(key, doc)| CompletionItem {
            documentation: Some((*doc).to_owned()),
            new_text: format!("{key}: "),
            ..item(context, key, CompletionKind::Property, &[])
        })
        .collect()
}

fn event_kind_items(context: &LineContext) -> Vec<CompletionItem> {
    EVENT_KINDS
        .iter()
        .map(|kind| CompletionItem {
            new_text: format!("{kind}:"),
            ..item(context, kind, CompletionKind::Property, &[])
        })
        .collect()
}

/// A value written with a tag (`!Ref X`, `!GetAtt X.Arn`, `!Sub`), or a flow `Ref`.
fn tagged_value_items(analysis: &Analysis, context: &LineContext) -> Vec<CompletionItem> {
    let value = context.value;
    if let Some(rest) = value.strip_prefix("!Ref ") {
        return ref_items(analysis, context, rest);
    }
    if let Some(rest) = value.strip_prefix("!GetAtt ") {
        return getatt_items(analysis, context, rest);
    }
    if let Some(at) = value.rfind("Ref:") {
        return ref_items(analysis, context, value[at + 4..].trim_start());
    }
    Vec::new()
}

fn ref_items(analysis: &Analysis, context: &LineContext, _typed: &str) -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = analysis
        .ids
        .iter()
        .filter(|id| id.section != Section::Outputs)
        .map(|id| id_item(context, id.name, id.resource_type, id.section))
        .collect();
    items.extend(PSEUDO_PARAMETERS.iter().map(|p| CompletionItem {
        detail: Some("pseudo parameter".to_owned()),
        ..item(context, p, CompletionKind::Reference, &[':'])
    }));
    items
}

fn id_item(
    context: &LineContext,
    name: &str,
    resource_type: Option<&str>,
    section: Section,
) -> CompletionItem {
    CompletionItem {
        detail: Some(match (section, resource_type) {
            (Section::Parameters, _) => "parameter".to_owned(),
            (_, Some(t)) => t.to_owned(),
            _ => section.as_str().to_owned(),
        }),
        ..item(context, name, CompletionKind::Reference, &[])
    }
}

fn getatt_items(analysis: &Analysis, context: &LineContext, typed: &str) -> Vec<CompletionItem> {
    // `Id.Attr` (the tag's form) or `[Id, Attr` (the list form).
    let typed = typed.trim_start_matches('[').trim_start();
    let split = typed.find('.').or_else(|| typed.find(','));
    match split {
        Some(at) => {
            let id = typed[..at].trim();
            let Some(resource_type) = analysis.ids.resource(id).and_then(|i| i.resource_type)
            else {
                return Vec::new();
            };
            attributes(resource_type)
                .iter()
                .map(|attr| CompletionItem {
                    detail: Some(format!("{id} ({resource_type})")),
                    ..item(context, attr, CompletionKind::Reference, &[])
                })
                .collect()
        }
        None => resource_id_items(analysis, context),
    }
}

fn resource_id_items(analysis: &Analysis, context: &LineContext) -> Vec<CompletionItem> {
    analysis
        .ids
        .in_section(Section::Resources)
        .map(|id| id_item(context, id.name, id.resource_type, id.section))
        .collect()
}

/// Keys under `resources.Resources` (with a `Type` line) or `resources.extensions`: the
/// generated IDs not written there yet.
fn resource_key_items(
    analysis: &Analysis,
    context: &LineContext,
    with_type: bool,
) -> Vec<CompletionItem> {
    let line_start = usize::from(context.offset) - context.before.len();
    let indent = analysis.text[..line_start]
        .rfind('\n')
        .map_or(line_start, |nl| line_start - nl - 1);
    let child = " ".repeat(indent + 2);
    analysis
        .ids
        .in_section(Section::Resources)
        .filter(|id| id.generated && id.user_key.is_none())
        .map(|id| {
            let new_text = match (&id.resource_type, with_type) {
                (Some(t), true) => format!("{}:\n{child}Type: {t}", id.name),
                _ => format!("{}:", id.name),
            };
            CompletionItem {
                new_text,
                ..id_item(context, id.name, id.resource_type, id.section)
            }
        })
        .collect()
}

/// Inside `${...}`: variable sources, `self:` paths, and in `Fn::Sub` logical IDs.
fn variable_items(analysis: &Analysis, context: &LineContext) -> Option<Vec<CompletionItem>> {
    let open = context.before.rfind("${")?;
    let inner = &context.before[open + 2..];
    if inner.contains('}') {
        return None;
    }
    let range = TextRange::new(
        context.offset - TextSize::from(inner.len() as u32),
        context.offset,
    );
    let variable = |label: &str, detail: &str| CompletionItem {
        label: label.to_owned(),
        kind: CompletionKind::Variable,
        detail: Some(detail.to_owned()),
        documentation: None,
        new_text: label.to_owned(),
        range,
    };
    let mut items = vec![
        variable("sls:stage", "the stage (--stage, provider.stage, dev)"),
        variable("opt:stage", "--stage"),
        variable("opt:region", "--region"),
        variable("env:", "an environment variable"),
        variable("param:", "a parameter (--param, params.<stage>)"),
        variable("self:", "a path in this file"),
    ];
    if let Some(value) = &analysis.value {
        let mut paths = Vec::new();
        self_paths(value, &mut String::new(), 0, &mut paths);
        items.extend(
            paths
                .into_iter()
                .map(|p| variable(&format!("self:{p}"), "a path in this file")),
        );
    }
    let in_sub = context.value.starts_with("!Sub")
        || context.key == Some("Fn::Sub")
        || context.parent_key() == Some("Fn::Sub");
    if in_sub {
        for id in analysis
            .ids
            .iter()
            .filter(|i| i.section != Section::Outputs)
        {
            let detail = id.resource_type.unwrap_or("logical ID");
            items.push(CompletionItem {
                kind: CompletionKind::Reference,
                ..variable(id.name, detail)
            });
            for attr in id.resource_type.map(attributes).unwrap_or_default() {
                items.push(CompletionItem {
                    kind: CompletionKind::Reference,
                    ..variable(&format!("{}.{attr}", id.name), detail)
                });
            }
        }
        for p in PSEUDO_PARAMETERS {
            items.push(CompletionItem {
                kind: CompletionKind::Reference,
                ..variable(p, "pseudo parameter")
            });
        }
    }
    Some(items)
}

/// Every key path of the document, down to a few levels (deeper ones are rarely referenced).
fn self_paths(value: &Value, prefix: &mut String, depth: usize, out: &mut Vec<String>) {
    const MAX_DEPTH: usize = 4;
    let Some(mapping) = value.as_mapping() else {
        return;
    };
    for (key, entry) in mapping.iter() {
        let len = prefix.len();
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(key);
        out.push(prefix.clone());
        if depth + 1 < MAX_DEPTH {
            self_paths(&entry.value, prefix, depth + 1, out);
        }
        prefix.truncate(len);
    }
}

/// The `- X` item on the line above the cursor's, at the same indentation (the first item of
/// a `Fn::GetAtt` list when the cursor is on the second).
fn previous_item<'t>(text: &'t str, context: &LineContext) -> Option<&'t str> {
    let line_start = usize::from(context.offset) - context.before.len();
    let line_start = text[..line_start].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..usize::from(context.offset)];
    let indent = line.len() - line.trim_start().len();
    let above_end = line_start.checked_sub(1)?;
    let above_start = text[..above_end].rfind('\n').map_or(0, |i| i + 1);
    let above = &text[above_start..above_end];
    let item = above
        .strip_prefix(&line[..indent])?
        .strip_prefix("- ")?
        .trim();
    (!item.is_empty()).then_some(item)
}
