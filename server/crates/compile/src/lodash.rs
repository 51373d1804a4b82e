//! lodash `_.merge`, exactly: the framework merges generated resources into `Resources` and the
//! user's `resources` into the template with it, and its quirks (arrays merged index by index,
//! existing keys keeping their place) decide the bytes of the output.

use serde_json::{Map, Value};

/// `_.merge(dst, src)` for one value.
pub fn merge(dst: &mut Value, src: &Value) {
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
            None => {
                let mut fresh = fresh_container(v);
                merge(&mut fresh, v);
                dst.insert(k.clone(), fresh);
            }
        }
    }
}

fn merge_at_index(items: &mut Vec<Value>, i: usize, v: &Value) {
    if i < items.len() {
        merge(&mut items[i], v);
    } else {
        // Holes in a sparse JS array serialize as null.
        while items.len() < i {
            items.push(Value::Null);
        }
        let mut fresh = fresh_container(v);
        merge(&mut fresh, v);
        items.push(fresh);
    }
}

/// What lodash merges a new source value into: a deep clone is a merge into an empty container.
fn fresh_container(v: &Value) -> Value {
    match v {
        Value::Object(_) => Value::Object(Map::new()),
        Value::Array(_) => Value::Array(Vec::new()),
        _ => Value::Null,
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
    fn merged_values_are_copies() {
        let src = json!({"A": {"x": [1, {"y": 2}]}});
        let mut dst = json!({});
        merge(&mut dst, &src);
        assert_eq!(dst, src);
    }
}
