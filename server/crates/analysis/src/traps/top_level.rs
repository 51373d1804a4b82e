//! A key directly under `resources` that is no template section: the framework merges the whole
//! `resources` object into the template, so the key lands at the template's root, and a
//! `resources.CognitoUserPoolX` never changes the pool (case 31: only a dead
//! `after:package:finalize` hook reads it, after the template is written).

use sls_config::Value;

use super::TrapContext;
use crate::near::bounded_levenshtein;
use crate::{AnalysisCode, Diagnostic};

/// The sections of a CloudFormation template, and the framework's `extensions`.
const SECTIONS: [&str; 11] = [
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
    "extensions",
];

pub(super) fn check(cx: &TrapContext<'_>, out: &mut Vec<Diagnostic>) {
    let Some(resources) = cx.config.get("resources").and_then(Value::as_mapping) else {
        return;
    };
    for (key, entry) in resources.iter() {
        if SECTIONS.contains(&key) {
            continue;
        }
        let message = if cx.ids.resource(key).is_some() {
            format!(
                "'{key}' directly under 'resources' is copied to the template's root and never applied to the resource: move it under 'resources.Resources'"
            )
        } else {
            let hint = closest_section(key)
                .map(|s| format!(" (did you mean '{s}'?)"))
                .unwrap_or_default();
            format!(
                "'{key}' is not a template section{hint}: the framework copies it to the template's root as it is"
            )
        };
        out.push(Diagnostic::of(
            AnalysisCode::ResourcesTopLevelKey,
            entry.key_range,
            message,
        ));
    }
}

fn closest_section(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    SECTIONS
        .iter()
        .filter_map(|s| {
            Some((
                bounded_levenshtein(key.as_bytes(), s.to_ascii_lowercase().as_bytes())?,
                *s,
            ))
        })
        .min()
        .map(|(_, s)| s)
}
