//! A `resources.Resources` key that is not a generated logical ID but close to one: the user
//! meant to change the generated resource, and the framework silently adds a second one
//! (serverless#6772, #4476). Close means: another case, `-`/`_` where the framework writes
//! `Dash`/`Underscore` (`PhotoresizeLambdaFunction` for `PhotoDashresizeLambdaFunction`), at
//! most two edits, or a pool whose name depends on the stage written for another stage
//! (`CognitoUserPoolUsersdev` while the stage is `prod`).
//!
//! A key whose `Type` differs from the generated resource's is the user's own resource, named
//! alike on purpose: left alone.

use std::collections::{HashMap, HashSet};

use sls_compile::naming;
use sls_config::{TextRange, Value};

use super::pool_events::PoolEvents;
use super::{TrapContext, user_resources};
use crate::ids::Section;
use crate::near::{NearIndex, Nearness};
use crate::{AnalysisCode, Diagnostic};

/// Stage names people use, to recognise a key written for another stage.
const COMMON_STAGES: [&str; 16] = [
    "dev",
    "development",
    "prod",
    "production",
    "staging",
    "stage",
    "stg",
    "test",
    "testing",
    "qa",
    "uat",
    "sandbox",
    "local",
    "preprod",
    "demo",
    "beta",
];

pub(super) fn check(
    cx: &TrapContext<'_>,
    events: &PoolEvents<'_>,
    already_reported: &HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let candidates: Vec<(&str, TextRange, &Value)> = user_resources(cx.config)
        .filter(|(key, _, _)| !already_reported.contains(key))
        .filter(|(key, _, _)| cx.ids.resource(key).is_some_and(|id| !id.generated))
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Walked again for each index, not copied: most services need one index or none.
    let generated = || {
        cx.ids
            .in_section(Section::Resources)
            .filter(|id| id.generated)
    };
    // One index per `Type` the keys have (only IDs of that type can be meant), and one of
    // every ID for keys without a `Type` (overrides): each built when first needed.
    let mut indexes: HashMap<Option<&str>, NearIndex<'_>> = HashMap::new();
    let stage = current_stage(cx);
    let stage_free = if candidates.iter().any(|(key, _, _)| may_be_a_pool(key)) {
        stage_free_pool_ids(cx, events, stage)
    } else {
        HashMap::new()
    };

    for (key, key_range, body) in candidates {
        let (target, why) = if let Some((generated, other)) = other_stage(&stage_free, stage, key) {
            (
                generated,
                format!(
                    "the pool's name depends on the stage: {key} is its ID for stage '{other}', and the stage is '{stage}'"
                ),
            )
        } else if let Some((target, nearness)) = indexes
            .entry(body.get("Type").and_then(Value::as_str))
            .or_insert_with_key(|wanted| {
                NearIndex::new(
                    generated()
                        .filter(|id| wanted.is_none() || id.resource_type == *wanted)
                        .map(|id| id.name),
                )
            })
            .nearest(key)
        {
            (target, reason(key, target, nearness))
        } else {
            continue;
        };
        let Some(generated) = cx.ids.resource(target).filter(|id| id.generated) else {
            continue;
        };
        let user_type = body.get("Type").and_then(Value::as_str);
        if user_type.is_some() && user_type != generated.resource_type {
            continue;
        }
        let mut diagnostic = Diagnostic::of(
            AnalysisCode::ResourceNearGeneratedId,
            key_range,
            format!(
                "'{key}' is not a generated logical ID, so this adds a new resource instead of changing {target} ({why}). Did you mean {target}?"
            ),
        );
        if let Some(origin) = generated.generated_by() {
            diagnostic =
                diagnostic.with_related(origin.range, format!("{target} is generated here"));
        }
        out.push(diagnostic);
    }
}

fn reason(key: &str, target: &str, nearness: Nearness) -> String {
    match nearness {
        Nearness::Case => "logical IDs are case-sensitive".to_owned(),
        Nearness::Separators if target.contains("Dash") || target.contains("Underscore") => {
            "function IDs spell '-' as 'Dash' and '_' as 'Underscore'".to_owned()
        }
        Nearness::Separators => "generated IDs keep only letters and digits".to_owned(),
        Nearness::Edits(1) => format!("'{key}' is one edit away from it"),
        Nearness::Edits(n) => format!("'{key}' is {n} edits away from it"),
    }
}

const POOL_PREFIX: &str = "cognitouserpool";

fn may_be_a_pool(key: &str) -> bool {
    key.get(..POOL_PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(POOL_PREFIX))
}

/// The pools whose name comes from a variable and holds the stage, by their ID with the stage
/// taken out, lower-cased (`users-${sls:stage}` at stage `prod`: `cognitouserpoolusers` →
/// `CognitoUserPoolUsersprod`).
fn stage_free_pool_ids(
    cx: &TrapContext<'_>,
    events: &PoolEvents<'_>,
    stage: &str,
) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for event in events.new_pools() {
        let Some(name) = event.pool.filter(|name| name.contains(stage)) else {
            continue;
        };
        let written = cx
            .text
            .get(std::ops::Range::<usize>::from(event.pool_range));
        if !written.is_some_and(|w| w.contains("${")) {
            continue;
        }
        let without_stage = naming::cognito_user_pool(&name.replace(stage, ""));
        ids.entry(without_stage.to_ascii_lowercase())
            .or_insert_with(|| naming::cognito_user_pool(name));
    }
    ids
}

/// The generated pool ID `key` is written for another common stage, and that stage.
fn other_stage<'m>(
    stage_free: &'m HashMap<String, String>,
    stage: &str,
    key: &str,
) -> Option<(&'m str, &'static str)> {
    if stage_free.is_empty() || !may_be_a_pool(key) {
        return None;
    }
    let lower = key.to_ascii_lowercase();
    let tail = POOL_PREFIX.len();
    COMMON_STAGES
        .iter()
        .filter(|other| **other != stage)
        .find_map(|other| {
            lower[tail..].match_indices(other).find_map(|(at, _)| {
                let at = tail + at;
                let without = format!("{}{}", &lower[..at], &lower[at + other.len()..]);
                stage_free.get(&without).map(|id| (id.as_str(), *other))
            })
        })
}

/// The stage as the compiler decides it: the setting, else `provider.stage`, else `dev`.
fn current_stage<'a>(cx: &TrapContext<'a>) -> &'a str {
    cx.options
        .stage
        .as_deref()
        .filter(|s| !s.is_empty())
        .or_else(|| {
            cx.config
                .get_path(["provider", "stage"])
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or("dev")
}
