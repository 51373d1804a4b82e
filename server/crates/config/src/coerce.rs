//! The framework's schema validation changes the config it validates (ajv `coerceTypes:
//! 'array'`), before anything is compiled. This applies those changes: the schemas of the
//! function properties, the provider's settings and `resources` coerce as they validate
//! (`memorySize: "512"` → `512`, an IAM statement's `Action: x` → `[x]`, a resource's
//! `DependsOn: X` → `["X"]`, see `schema::validator`), and here a function's scalar `events` and
//! a `cognitoUserPool` event's `pool` (`123` → `"123"`), `existing` and `forceDeploy`
//! (`"true"` → `true`), `kmsKeyId` (`123` → `"123"`). A coerced value keeps the range it was
//! written at.
//! Call it on the tree after variable resolution. A value ajv cannot coerce is left as it is
//! (the schema check reports it).
//!
//! Validation has one more effect, in every `configValidationMode`: it deletes each `key: null`
//! before ajv runs and sets it back afterwards, so null-valued keys end up last in their mapping.

use std::borrow::Cow;

use sls_syntax::Splice;

use crate::schema::ajv;
use crate::schema::{FunctionChecks, SchemaCache, is_valid_function_name};
use crate::{Mapping, Value, ValueKind};

/// `root` as the framework holds it after schema validation.
pub fn coerce(mut root: Value) -> Value {
    coerce_in_place(&mut root);
    root
}

pub fn coerce_in_place(root: &mut Value) {
    crate::schema::coerce_in_place(root);
    coerce_events(root);
    move_nulls_last(root);
}

/// [`crate::check_schema`] and [`coerce`] in one walk: the schemas coerce as they are checked,
/// as ajv does (instead of checking a copy, then coercing again).
pub fn check_and_coerce(root: Value) -> (Value, Vec<crate::SchemaViolation>) {
    check_and_coerce_with(root, &mut FunctionChecks::fresh())
}

/// [`check_and_coerce`], taking each function whose config is that of `previous`'s check but
/// for its position from that check instead of checking it again; and what the next check
/// reuses. The result is the same. `edit`: the splice since `previous`'s text, when the caller
/// knows the config changed only inside its block (the variables' resolution was replayed):
/// a function outside it is taken without being compared.
pub fn check_and_coerce_reusing(
    root: Value,
    previous: Option<&SchemaCache>,
    edit: Option<&Splice>,
) -> (Value, Vec<crate::SchemaViolation>, SchemaCache) {
    let mut functions = FunctionChecks::reusing(previous, edit);
    let (root, violations) = check_and_coerce_with(root, &mut functions);
    (root, violations, functions.into_cache())
}

fn check_and_coerce_with(
    mut root: Value,
    functions: &mut FunctionChecks<'_>,
) -> (Value, Vec<crate::SchemaViolation>) {
    let violations = crate::schema::check_coercing(&mut root, functions);
    // The functions the schema checked are coerced completely already.
    move_nulls_last_but_in_checked_functions(&mut root);
    (root, violations)
}

/// [`move_nulls_last`] everywhere but inside the functions whose body the schema checks (and
/// coerces completely): those [`coerce_events`] would coerce.
fn move_nulls_last_but_in_checked_functions(root: &mut Value) {
    let ValueKind::Mapping(mapping) = &mut root.kind else {
        return move_nulls_last(root);
    };
    move_nulls_last_in(mapping, |key, value| match &mut value.kind {
        ValueKind::Mapping(functions) if key == "functions" => {
            move_nulls_last_in(functions, |name, body| {
                if !(is_valid_function_name(name) && body.as_mapping().is_some()) {
                    move_nulls_last(body);
                }
            });
        }
        _ => move_nulls_last(value),
    });
}

/// Each function's scalar `events` and its cognito events' fields.
fn coerce_events(root: &mut Value) {
    let Some(root) = root.as_mapping_mut() else {
        return;
    };
    if let Some(functions) = root
        .entries
        .get_mut("functions")
        .and_then(|e| e.value.as_mapping_mut())
    {
        for (name, entry) in functions.entries.iter_mut() {
            // Only functions under the schema's name pattern are validated, so coerced.
            if is_valid_function_name(name) {
                coerce_function(&mut entry.value);
            }
        }
    }
}

/// The framework's `normalizeUserConfig`/`denormalizeUserConfig` around ajv: in every mapping,
/// at any depth, the null-valued keys move after the others (array-index keys stay first, as a
/// JavaScript object orders them).
pub(crate) fn move_nulls_last(value: &mut Value) {
    match &mut value.kind {
        ValueKind::Mapping(mapping) => {
            move_nulls_last_in(mapping, |_, value| move_nulls_last(value));
        }
        ValueKind::Sequence(items) => items.iter_mut().for_each(move_nulls_last),
        _ => {}
    }
}

/// Moves the null-valued keys of `mapping` last, then calls `inside` on each entry.
fn move_nulls_last_in(mapping: &mut Mapping, mut inside: impl FnMut(&str, &mut Value)) {
    if mapping.iter().any(|(_, e)| e.value.is_null()) {
        // A stable sort keeps the order within each group.
        mapping
            .entries
            .sort_by_key(|_, entry| entry.value.is_null());
        mapping.order_like_javascript();
    }
    for (key, entry) in mapping.entries.iter_mut() {
        inside(key, &mut entry.value);
    }
}

/// A function's scalar `events` as a list, its cognito events' fields as their types.
pub(crate) fn coerce_function(function: &mut Value) {
    let Some(events) = function
        .as_mapping_mut()
        .and_then(|m| m.entries.get_mut("events"))
    else {
        return;
    };
    let events = &mut events.value;
    // Null was removed before validation, so it stays null.
    if ajv::coerces_to_array(events) && !events.is_null() {
        let item = events.clone();
        events.kind = ValueKind::Sequence(vec![item]);
    }
    let ValueKind::Sequence(items) = &mut events.kind else {
        return;
    };
    for item in items {
        let Some(body) = item
            .as_mapping_mut()
            .and_then(|m| m.entries.get_mut("cognitoUserPool"))
            .and_then(|e| e.value.as_mapping_mut())
        else {
            continue;
        };
        for (key, entry) in body.entries.iter_mut() {
            let value = &mut entry.value;
            if value.is_null() {
                continue;
            }
            match key.as_str() {
                // `kmsKeyId`'s string variant coerces even when its pattern then fails.
                "pool" => coerce_string(value),
                "kmsKeyId" if value.as_mapping().is_none() => coerce_string(value),
                "existing" | "forceDeploy" => {
                    if let Some(b) = ajv::coerced_bool(value) {
                        value.kind = ValueKind::Bool(b);
                    }
                }
                _ => {}
            }
        }
    }
}

fn coerce_string(value: &mut Value) {
    if matches!(value.kind, ValueKind::String(_)) {
        return;
    }
    if let Some(s) = ajv::coerced_string(value).map(Cow::into_owned) {
        value.kind = ValueKind::String(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sls_text::{TextRange, TextSize};

    fn coerced(config: serde_json::Value) -> serde_json::Value {
        coerce(Value::from_json(&config, TextRange::default())).to_json()
    }

    fn event(body: serde_json::Value) -> serde_json::Value {
        json!({"functions": {"f": {"events": [{"cognitoUserPool": body}]}}})
    }

    #[test]
    fn cognito_fields() {
        assert_eq!(
            coerced(event(
                json!({"pool": 123, "trigger": "PreSignUp", "existing": "true",
                "forceDeploy": "false", "kmsKeyId": 42})
            )),
            event(
                json!({"pool": "123", "trigger": "PreSignUp", "existing": true,
                "forceDeploy": false, "kmsKeyId": "42"})
            )
        );
        assert_eq!(
            coerced(event(
                json!({"pool": ["MyPool"], "existing": 1, "forceDeploy": [0], "kmsKeyId": ["arn:aws:kms:x"]})
            )),
            event(
                json!({"pool": "MyPool", "existing": true, "forceDeploy": false, "kmsKeyId": "arn:aws:kms:x"})
            )
        );
        assert_eq!(
            coerced(event(json!({"pool": true, "trigger": 1}))),
            event(json!({"pool": "true", "trigger": 1})),
            "an enum coerces nothing"
        );
    }

    #[test]
    fn what_ajv_cannot_coerce_stays() {
        let body = json!({"pool": {"Ref": "X"}, "trigger": "PreSignUp", "existing": "maybe",
            "forceDeploy": null, "kmsKeyId": {"Fn::GetAtt": ["k", "Arn"]}});
        assert_eq!(coerced(event(body.clone())), event(body));
        let body = json!({"pool": ["a", "b"], "existing": "True"});
        assert_eq!(coerced(event(body.clone())), event(body));
    }

    #[test]
    fn only_functions_the_schema_validates() {
        let config = json!({"functions": {"a.b": {"events": [{"cognitoUserPool": {"pool": 1, "existing": "true"}}]}}});
        assert_eq!(coerced(config.clone()), config);
    }

    #[test]
    fn scalar_events_become_a_list() {
        assert_eq!(
            coerced(json!({"functions": {"f": {"events": "str"}, "g": {"events": null}}})),
            json!({"functions": {"f": {"events": ["str"]}, "g": {"events": null}}})
        );
    }

    #[test]
    fn depends_on_becomes_a_list_of_strings() {
        assert_eq!(
            coerced(json!({"resources": {
                "Resources": {"A": {"Type": "T", "DependsOn": "SomeTopic"}, "B": {"DependsOn": [1, "x", null]}, "C-1": {"DependsOn": "y"}},
                "extensions": {"D": {"DependsOn": "ExtraDep"}},
            }})),
            json!({"resources": {
                "Resources": {"A": {"Type": "T", "DependsOn": ["SomeTopic"]}, "B": {"DependsOn": ["1", "x", ""]}, "C-1": {"DependsOn": "y"}},
                "extensions": {"D": {"DependsOn": ["ExtraDep"]}},
            }})
        );
    }

    #[test]
    fn function_properties_as_their_schema_types() {
        // Oracle cases 67, 87 and e16.
        assert_eq!(
            coerced(json!({"functions": {"f": {
                "memorySize": "256", "timeout": ["12.0"], "reservedConcurrency": "3",
                "description": 5, "versionFunction": "false", "tags": {"t": true},
                "environment": {"N": 1, "E": ""}, "dependsOn": "X", "runtime": 18,
            }}})),
            json!({"functions": {"f": {
                "memorySize": 256, "timeout": 12, "reservedConcurrency": 3,
                "description": "5", "versionFunction": false, "tags": {"t": "true"},
                "environment": {"N": "1", "E": ""}, "dependsOn": ["X"], "runtime": 18,
            }}})
        );
        // What ajv cannot coerce stays (and is reported).
        let config = json!({"functions": {"f": {"memorySize": "lots", "timeout": 1.5}}});
        assert_eq!(coerced(config.clone()), config);
    }

    #[test]
    fn iam_statements_as_ajv_leaves_them() {
        // Oracle cases 50 and e16: `Action` lists; a `Resource` list of one ARN or function
        // becomes its item only when that item passes as a string (the ARN), and a
        // `Fn::GetAtt` string a one-item list on the way through the function variants.
        let statements = json!([
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::GetAtt": "B.Arn"}},
            {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::b"]},
            {"Effect": "Deny", "NotAction": 5, "NotResource": [{"Ref": "B"}]},
            {"Effect": "Allow", "Action": "x", "Resource": "foo bar"},
        ]);
        let expected = json!([
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": {"Fn::GetAtt": ["B.Arn"]}},
            {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": "arn:aws:s3:::b"},
            {"Effect": "Deny", "NotAction": ["5"], "NotResource": [{"Ref": "B"}]},
            {"Effect": "Allow", "Action": ["x"], "Resource": ["foo bar"]},
        ]);
        assert_eq!(
            coerced(json!({"provider": {"iamRoleStatements": statements.clone(),
                "iam": {"role": {"statements": statements}}}})),
            json!({"provider": {"iamRoleStatements": expected.clone(),
                "iam": {"role": {"statements": expected}}}})
        );
    }

    #[test]
    fn null_valued_keys_move_last_at_every_depth() {
        // Oracle case 80.
        let config = json!({"provider": {"tags": {"team": "identity", "retired": null, "owner": "alice"}},
            "resources": {"Resources": {"Probe": {"Metadata": {
                "a": 1, "gone": null, "b": 2, "nested": {"p": 1, "q": null, "r": 2},
                "list": [1, null, {"s": null, "t": 1}]}}}}});
        assert_eq!(
            serde_json::to_string(&coerced(config)).unwrap(),
            r#"{"provider":{"tags":{"team":"identity","owner":"alice","retired":null}},"resources":{"Resources":{"Probe":{"Metadata":{"a":1,"b":2,"nested":{"p":1,"r":2,"q":null},"list":[1,null,{"t":1,"s":null}],"gone":null}}}}}"#
        );
    }

    #[test]
    fn array_index_keys_stay_first() {
        let mut root = Value::from_json(&json!({"1": null, "a": 1}), TextRange::default());
        coerce_in_place(&mut root);
        assert_eq!(
            serde_json::to_string(&root.to_json()).unwrap(),
            r#"{"1":null,"a":1}"#
        );
    }

    #[test]
    fn coerced_values_keep_their_range() {
        let range = TextRange::new(TextSize::from(3), TextSize::from(6));
        let root = coerce(Value::from_json(&event(json!({"pool": 123})), range));
        let pool = root
            .get_path(["functions", "f", "events"])
            .and_then(Value::as_sequence)
            .and_then(|events| events[0].get_path(["cognitoUserPool", "pool"]))
            .unwrap();
        assert_eq!(pool.as_str(), Some("123"));
        assert_eq!(pool.range, range);
    }
}
