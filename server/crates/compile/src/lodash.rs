//! lodash `_.merge`, exactly: the framework merges generated resources into `Resources` and the
//! user's `resources` into the template with it, and its quirks (arrays merged index by index,
//! existing keys keeping their place) decide the bytes of the output.

use serde_json::{Map, Value};

use crate::js::is_undefined;

/// `_.merge(dst, src)` for one value. An `undefined` source ([`crate::js::undefined`]) never
/// replaces a value.
pub fn merge(dst: &mut Value, src: &Value) {
    if is_undefined(src) {
        return;
    }
    match src {
        Value::Object(src_map) => {
            if !matches!(dst, Value::Object(_) | Value::Array(_)) {
                *dst = Value::Object(Map::new());
            }
            match dst {
                Value::Object(dst_map) => merge_object(dst_map, src_map),
                // lodash walks the source's keys onto the array; numeric keys land on indices,
                // other keys are dropped by JSON.stringify later.
                Value::Array(items) => {
                    for (k, v) in src_map {
                        if let Ok(i) = k.parse::<usize>() {
                            merge_at_index(items, i, v);
                        }
                    }
                }
                _ => unreachable!("dst was made an object or array just above"),
            }
        }
        Value::Array(src_items) => {
            if !dst.is_array() {
                // A non-array destination (even an object) is replaced by a merge into `[]`.
                *dst = Value::Array(Vec::new());
            }
            if let Value::Array(items) = dst {
                for (i, v) in src_items.iter().enumerate() {
                    merge_at_index(items, i, v);
                }
            }
        }
        scalar => {
            if dst != scalar {
                *dst = scalar.clone();
            }
        }
    }
}

/// `_.merge` of two objects: existing keys keep their position, new keys are appended.
pub fn merge_object(dst: &mut Map<String, Value>, src: &Map<String, Value>) {
    for (k, v) in src {
        match dst.get_mut(k) {
            Some(existing) => merge(existing, v),
            // An `undefined` source adds its key (as `undefined`) only where there is none.
            None if is_undefined(v) => {
                dst.insert(k.clone(), v.clone());
            }
            // A merge into nothing is a deep clone.
            None => {
                dst.insert(k.clone(), v.clone());
            }
        }
    }
}

fn merge_at_index(items: &mut Vec<Value>, i: usize, v: &Value) {
    if i < items.len() {
        merge(&mut items[i], v);
    } else if is_undefined(v) {
        while items.len() <= i {
            items.push(v.clone());
        }
    } else {
        // Holes in a sparse JS array serialize as null.
        while items.len() < i {
            items.push(Value::Null);
        }
        items.push(v.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(mut dst: Value, src: Value) -> String {
        merge(&mut dst, &src);
        dst.to_string()
    }

    #[test]
    fn arrays_merge_by_index() {
        assert_eq!(
            merged(json!({"D": ["A", "B"]}), json!({"D": ["X"]})),
            r#"{"D":["X","B"]}"#
        );
        assert_eq!(
            merged(json!({"D": ["A"]}), json!({"D": ["X", "Y", "Z"]})),
            r#"{"D":["X","Y","Z"]}"#
        );
    }

    #[test]
    fn existing_keys_keep_their_place_and_new_ones_append() {
        assert_eq!(
            merged(
                json!({"Type": "T", "Properties": {"A": 1, "B": 2}}),
                json!({"Properties": {"C": 3, "A": 9}, "DeletionPolicy": "Retain"})
            ),
            r#"{"Type":"T","Properties":{"A":9,"B":2,"C":3},"DeletionPolicy":"Retain"}"#
        );
    }

    #[test]
    fn objects_merge_by_key_even_intrinsics() {
        // Case 44: a user Fn::ImportValue lands beside the generated Fn::GetAtt.
        assert_eq!(
            merged(
                json!({"PreSignUp": {"Fn::GetAtt": ["F", "Arn"]}}),
                json!({"PreSignUp": {"Fn::ImportValue": "x"}})
            ),
            r#"{"PreSignUp":{"Fn::GetAtt":["F","Arn"],"Fn::ImportValue":"x"}}"#
        );
    }

    #[test]
    fn null_overwrites_and_scalars_replace_containers() {
        assert_eq!(
            merged(
                json!({"A": {"x": 1}, "B": 1}),
                json!({"A": null, "B": null})
            ),
            r#"{"A":null,"B":null}"#
        );
        assert_eq!(
            merged(json!({"A": "s"}), json!({"A": {"x": 1}})),
            r#"{"A":{"x":1}}"#
        );
        assert_eq!(
            merged(json!({"A": {"x": 1}}), json!({"A": [1]})),
            r#"{"A":[1]}"#
        );
    }

    #[test]
    fn undefined_keys_hold_their_place_and_never_overwrite() {
        let undefined = crate::js::undefined;
        let mut dst = json!({"Type": "T", "Properties": {"A": 1}});
        dst["DependsOn"] = undefined();
        dst["Properties"]["A"] = json!(1);
        let mut shaped = json!({"Type": "T"});
        shaped["DependsOn"] = undefined();
        shaped["Properties"] = json!({"A": 1});
        // The user's DependsOn lands where the framework's `undefined` one was.
        merge(
            &mut shaped,
            &json!({"DependsOn": ["X"], "Properties": {"B": 2}}),
        );
        assert_eq!(
            shaped.to_string(),
            r#"{"Type":"T","DependsOn":["X"],"Properties":{"A":1,"B":2}}"#
        );
        // An undefined source adds a missing key, and leaves a present one alone.
        let mut src = json!({"A": 0});
        src["A"] = undefined();
        src["N"] = undefined();
        merge(&mut dst, &json!({}));
        merge(&mut dst["Properties"], &src);
        assert_eq!(dst["Properties"]["A"], json!(1));
        assert!(crate::js::is_undefined(&dst["Properties"]["N"]));
    }

    #[test]
    fn merged_values_are_copies() {
        let src = json!({"A": {"x": [1, {"y": 2}]}});
        let mut dst = json!({});
        merge(&mut dst, &src);
        assert_eq!(dst, src);
    }
}
