//! The `cognitoUserPool` event's schema (spec section 3), checked in ajv's order: `required`,
//! then `additionalProperties` (in the order the keys are written), then each property in the
//! schema's order (pool, trigger, existing, forceDeploy, kmsKeyId).

use super::{Violations, ajv};
use crate::diagnostic::{DiagnosticCode, messages};
use crate::suggest::closest;
use crate::{COGNITO_TRIGGERS, Value};

/// The schema's properties, in its order.
pub const COGNITO_PROPERTIES: [&str; 5] =
    ["pool", "trigger", "existing", "forceDeploy", "kmsKeyId"];

const REQUIRED: [&str; 2] = ["pool", "trigger"];
const POOL_MAX_LENGTH: usize = 128;
const POOL_PATTERN: &str = r"^[\w\s+=,.@-]+$";

pub(super) fn check(body: &Value, event: &Value, path: &str, v: &mut Violations<'_>) {
    if ajv::is_unresolved(body) {
        return;
    }
    let Some(mapping) = body.as_mapping() else {
        v.push(
            DiagnosticCode::CognitoEventNotObject,
            path,
            messages::must_be_object(),
            body.range,
            None,
        );
        return;
    };
    // A null value was removed before validation: it counts as absent.
    let present = |key: &str| mapping.get(key).filter(|value| !value.is_null());

    for key in REQUIRED {
        if present(key).is_none() {
            // Written as `pool:` with nothing: that key; not written at all: the whole event.
            let range = mapping.entry(key).map_or(event.range, |e| e.key_range);
            v.push(
                DiagnosticCode::CognitoMissingProperty,
                path,
                messages::missing_property(key),
                range,
                None,
            );
        }
    }

    for (key, entry) in mapping.iter() {
        if entry.value.is_null() || COGNITO_PROPERTIES.contains(&key) {
            continue;
        }
        let hint = if key == "lambdaVersion" {
            Some(messages::lambda_version_still_read())
        } else {
            closest(key, &COGNITO_PROPERTIES).map(messages::did_you_mean)
        };
        v.push(
            DiagnosticCode::CognitoUnrecognizedProperty,
            path,
            messages::unrecognized_property(key),
            entry.key_range,
            hint,
        );
    }

    let checked = |key: &str| present(key).filter(|value| !ajv::is_unresolved(value));
    if let Some(pool) = checked("pool") {
        check_pool(pool, &format!("{path}.pool"), v);
    }
    if let Some(trigger) = checked("trigger") {
        check_trigger(trigger, &format!("{path}.trigger"), v);
    }
    for key in ["existing", "forceDeploy"] {
        if let Some(flag) = checked(key) {
            if ajv::coerced_bool(flag).is_none() {
                v.push(
                    DiagnosticCode::NotBoolean,
                    &format!("{path}.{key}"),
                    messages::must_be_boolean(),
                    flag.range,
                    None,
                );
            }
        }
    }
    if let Some(kms_key_id) = checked("kmsKeyId") {
        check_kms_key_id(kms_key_id, &format!("{path}.kmsKeyId"), v);
    }
}

fn check_pool(pool: &Value, path: &str, v: &mut Violations<'_>) {
    let Some(name) = ajv::coerced_string(pool) else {
        v.push(
            DiagnosticCode::PoolNotString,
            path,
            messages::must_be_string(),
            pool.range,
            None,
        );
        return;
    };
    if ajv::char_length(&name) > POOL_MAX_LENGTH {
        v.push(
            DiagnosticCode::PoolTooLong,
            path,
            messages::too_long(POOL_MAX_LENGTH),
            pool.range,
            None,
        );
    }
    if !ajv::matches_pool_pattern(&name) {
        v.push(
            DiagnosticCode::PoolPattern,
            path,
            messages::must_match_pattern(POOL_PATTERN),
            pool.range,
            None,
        );
    }
}

/// An `enum` without a `type`: nothing is coerced, so `123` or `[PreSignUp]` are wrong too.
fn check_trigger(trigger: &Value, path: &str, v: &mut Violations<'_>) {
    let written = trigger.as_str();
    if written.is_some_and(|t| COGNITO_TRIGGERS.contains(&t)) {
        return;
    }
    let hint = written
        .and_then(|t| closest(t, &COGNITO_TRIGGERS))
        .map(messages::did_you_mean);
    v.push(
        DiagnosticCode::UnknownTrigger,
        path,
        messages::unknown_trigger(),
        trigger.range,
        hint,
    );
}

/// `awsKmsArn`: any mapping passes (its `Fn::Base64` variant lists no required key and allows
/// any other), else a string (after coercion) starting like a KMS ARN.
fn check_kms_key_id(kms_key_id: &Value, path: &str, v: &mut Violations<'_>) {
    if kms_key_id.as_mapping().is_some() {
        return;
    }
    let message = match ajv::coerced_string(kms_key_id) {
        Some(s) if ajv::matches_kms_arn_prefix(&s) => return,
        Some(_) => messages::unsupported_string_format(),
        None => messages::unsupported_configuration_format(),
    };
    v.push(
        DiagnosticCode::KmsKeyFormat,
        path,
        message,
        kms_key_id.range,
        Some(messages::kms_key_format()),
    );
}
