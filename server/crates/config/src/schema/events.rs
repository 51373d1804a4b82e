//! `functions:` and the shape of each `events:` item. The framework validates an item against
//! an `anyOf` with one variant per event kind, then keeps only the meaningful errors:
//! not a mapping → "must be object"; no known kind → "unsupported function event"; a known kind
//! plus other keys → "unrecognized property" for each other key (and nothing about the body);
//! one known kind alone → the errors inside its body.

use super::reuse::FunctionChecks;
use super::{SchemaViolation, Violations, ajv, cognito, function};
use crate::diagnostic::{DiagnosticCode, messages};
use crate::suggest::closest;
use crate::{Value, ValueKind};

/// The AWS event kinds in the order the framework registers them (its plugin order): when an
/// item has two kinds, the earlier one is taken as meant and the later one is "unrecognized".
pub const AWS_EVENT_KINDS: [&str; 22] = [
    "schedule",
    "s3",
    "http",
    "websocket",
    "sns",
    "stream",
    "kafka",
    "activemq",
    "rabbitmq",
    "msk",
    "alb",
    "alexaSkill",
    "alexaSmartHome",
    "iot",
    "iotFleetProvisioning",
    "cloudwatchEvent",
    "cloudwatchLog",
    "cognitoUserPool",
    "eventBridge",
    "sqs",
    "cloudFront",
    "httpApi",
];

/// `^[a-zA-Z0-9-_]+$`: other function keys are refused, and their bodies never validated.
pub fn is_valid_function_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The function names and bodies; each body is coerced as its schema is checked, completely
/// (see [`check_body`]), or reused by `checks`.
pub(super) fn check_functions(
    root: &mut Value,
    out: &mut Vec<SchemaViolation>,
    checks: &mut FunctionChecks<'_>,
) {
    let Some(functions) = root
        .as_mapping_mut()
        .and_then(|m| m.entries.get_mut("functions"))
        .and_then(|e| e.value.as_mapping_mut())
    else {
        return;
    };
    let mut v = Violations { out };
    // ajv's `additionalProperties` runs before `patternProperties`: all names come first.
    // (A key whose value is null was removed before validation.)
    for (name, entry) in functions.iter() {
        if !entry.value.is_null() && !is_valid_function_name(name) {
            v.push(
                DiagnosticCode::FunctionNameInvalid,
                "functions",
                messages::function_name_invalid(name),
                entry.key_range,
                None,
            );
        }
    }
    for (name, entry) in functions.entries.iter_mut() {
        if !is_valid_function_name(name) || ajv::is_unresolved(&entry.value) {
            continue;
        }
        let path = || format!("functions.{name}");
        match &entry.value.kind {
            ValueKind::Sequence(_) => v.push(
                DiagnosticCode::FunctionIsSequence,
                &path(),
                messages::must_be_object(),
                entry.value.range,
                None,
            ),
            // A scalar body stops the framework before the schema (see `check`).
            ValueKind::Mapping(_) => checks.check(name, entry, v.out, |body, out| {
                check_body(body, name, &path(), &mut Violations { out });
            }),
            _ => {}
        }
    }
}

/// The function `name` (a mapping) checked, and coerced as the whole check and coercion
/// leaves it (its events' coercions and its null-valued keys moved last included): what it
/// reads and changes is its own config alone, which lets a check reuse it.
fn check_body(body: &mut Value, name: &str, path: &str, v: &mut Violations<'_>) {
    let (before_events, after_events) = function::check(body, name);
    v.out.extend(before_events);
    // Checking the properties does not change `events` (an external schema).
    check_events(body, path, v);
    v.out.extend(after_events);
    crate::coerce::coerce_function(body);
    crate::coerce::move_nulls_last(body);
}

fn check_events(function: &Value, function_path: &str, v: &mut Violations<'_>) {
    let Some(events) = function.get("events") else {
        return;
    };
    if ajv::is_unresolved(events) {
        return;
    }
    let path = format!("{function_path}.events");
    match &events.kind {
        ValueKind::Null => {}
        ValueKind::Mapping(_) => v.push(
            DiagnosticCode::EventsNotArray,
            &path,
            messages::must_be_array(),
            events.range,
            None,
        ),
        ValueKind::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                check_event(item, &format!("{path}.{index}"), v);
            }
        }
        // `coerceTypes: 'array'` makes a scalar a one-item list.
        _ => check_event(events, &format!("{path}.0"), v),
    }
}

fn check_event(item: &Value, path: &str, v: &mut Violations<'_>) {
    if ajv::is_unresolved(item) {
        return;
    }
    let Some(mapping) = item.as_mapping() else {
        v.push(
            DiagnosticCode::EventNotObject,
            path,
            messages::must_be_object(),
            item.range,
            None,
        );
        return;
    };
    let present: Vec<(&str, &crate::MapEntry)> = mapping
        .iter()
        .filter(|(_, entry)| !entry.value.is_null())
        .collect();
    let Some(kind) = AWS_EVENT_KINDS
        .iter()
        .find(|kind| present.iter().any(|(key, _)| key == *kind))
    else {
        let hint = match present.as_slice() {
            [(key, _)] => closest(key, &AWS_EVENT_KINDS).map(messages::did_you_mean),
            _ => None,
        };
        v.push(
            DiagnosticCode::UnsupportedEvent,
            path,
            messages::unsupported_function_event(),
            item.range,
            hint,
        );
        return;
    };
    if present.len() > 1 {
        for (key, entry) in present.iter().filter(|(key, _)| key != kind) {
            v.push(
                DiagnosticCode::EventUnrecognizedProperty,
                path,
                messages::unrecognized_property(key),
                entry.key_range,
                None,
            );
        }
        return;
    }
    if *kind == "cognitoUserPool" {
        let body = mapping.get(kind).expect("the kind is one of the keys");
        cognito::check(body, item, &format!("{path}.{kind}"), v);
    }
}
