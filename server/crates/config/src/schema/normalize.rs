//! The framework's error normalizer (`lib/classes/config-schema-handler/normalize-ajv-errors.js`)
//! for the errors of [`super::validator`]: of a failed `anyOf`/`oneOf` it keeps the errors of
//! the variant that was surely meant, or only the "unsupported ... format" line; then each error
//! gets the framework's text. (Function events are normalized by their own checks.)

use indexmap::IndexMap;

use super::SchemaViolation;
use super::validator::{Keyword, RawError};
use crate::diagnostic::{DiagnosticCode, messages};
use crate::js::number_to_string;

/// The framework's lines for `errors`, in ajv's order.
pub(crate) fn normalize(mut errors: Vec<RawError>) -> Vec<SchemaViolation> {
    let mut kept = vec![true; errors.len()];
    filter_irrelevant_any_of_errors(&mut errors, &mut kept);
    errors
        .into_iter()
        .zip(kept)
        .filter(|(_, kept)| *kept)
        .map(|(error, _)| violation(error))
        .collect()
}

/// `/anyOf` or `/oneOf` followed by `/<index>/` or the end: where each `anyOf` level of a
/// schema path ends (`#/a/anyOf/1/b/oneOf/0/type` has two).
fn one_of_paths(schema_path: &str) -> Vec<&str> {
    let mut paths = Vec::new();
    let mut from = 0;
    while let Some(at) = find_one_of(&schema_path[from..]) {
        let end = (from + at + "/anyOf".len()).min(schema_path.len());
        paths.push(&schema_path[..end]);
        from += at + "anyOf/".len();
        if from > schema_path.len() {
            break;
        }
    }
    paths
}

fn find_one_of(s: &str) -> Option<usize> {
    s.match_indices('/').map(|(i, _)| i).find(|&i| {
        let rest = &s[i + 1..];
        let Some(after) = rest
            .strip_prefix("anyOf")
            .or_else(|| rest.strip_prefix("oneOf"))
        else {
            return false;
        };
        if after.is_empty() {
            return true;
        }
        let Some(index) = after.strip_prefix('/') else {
            return false;
        };
        let digits = index.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && index[digits..].starts_with('/')
    })
}

fn filter_irrelevant_any_of_errors(errors: &mut [RawError], kept: &mut [bool]) {
    // 1. The errors under each anyOf/oneOf, by its schema path.
    let mut by_one_of: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (i, error) in errors.iter().enumerate() {
        for path in one_of_paths(&error.schema_path) {
            by_one_of.entry(path.to_owned()).or_default().push(i);
        }
    }
    // 2. Each group, split by the value it is about.
    for (one_of_path, mut group) in by_one_of {
        if group.len() == 1 {
            continue;
        }
        group.sort_by(|a, b| errors[*a].instance_path.cmp(&errors[*b].instance_path));
        let mut by_instance: IndexMap<String, Vec<usize>> = IndexMap::new();
        let mut current = errors[group[0]].instance_path.clone();
        for i in group {
            let path = &errors[i].instance_path;
            if *path != current && !path.starts_with(&format!("{current}/")) {
                current = path.clone();
            }
            by_instance.entry(current.clone()).or_default().push(i);
        }
        for instance_errors in by_instance.into_values() {
            if instance_errors.len() > 1 {
                filter_variants(&one_of_path, &instance_errors, errors, kept);
            }
        }
    }
}

/// One value's errors under one anyOf: the "no matching variant" error, and each variant's.
fn filter_variants(
    one_of_path: &str,
    instance_errors: &[usize],
    errors: &mut [RawError],
    kept: &mut [bool],
) {
    let from = one_of_path.len() + 1;
    let mut root = None;
    // Variant index → its errors, in index order (a JavaScript object's integer keys).
    let mut variants: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
    for &i in instance_errors {
        let schema_path = &errors[i].schema_path;
        if from > schema_path.len() {
            root.get_or_insert(i);
            continue;
        }
        let rest = &schema_path[from..];
        let variant = rest.split('/').next().unwrap_or_default();
        match variant.parse::<u64>() {
            Ok(index) => variants.entry(index).or_default().push(i),
            Err(_) => continue,
        }
    }
    let Some(no_matching_variant) = root else {
        return;
    };
    let mut variants: Vec<Vec<usize>> = variants.into_values().collect();
    if variants.is_empty() {
        return;
    }
    let drop = |errors_of: &[usize], kept: &mut [bool]| {
        for &i in errors_of {
            kept[i] = false;
        }
    };
    if variants.len() > 1 {
        // Variants whose only error is that the value is not of their type.
        variants.retain(|variant| {
            let only_type_error = variant.len() == 1
                && matches!(errors[variant[0]].keyword, Keyword::Type(_))
                && is_variant_type_path(&errors[variant[0]].schema_path[one_of_path.len()..]);
            if only_type_error {
                drop(variant, kept);
            }
            !only_type_error
        });
        if variants.len() > 1 {
            // Keep the variants whose errors reach deepest into the value.
            let depth = |i: usize| errors[i].instance_path.matches('/').count();
            let deepest_of: Vec<usize> = variants
                .iter()
                .map(|v| v.iter().map(|&i| depth(i)).max().unwrap_or(0))
                .collect();
            let deepest = deepest_of.iter().copied().max().unwrap_or(0);
            let mut index = 0;
            variants.retain(|variant| {
                let keep = deepest_of[index] == deepest;
                index += 1;
                if !keep {
                    drop(variant, kept);
                }
                keep
            });
        }
    }
    match variants.len() {
        0 => {}
        // The meant variant: its errors tell more than "no variant matched".
        1 => kept[no_matching_variant] = false,
        _ => {
            for variant in &variants {
                let mut kinds: Vec<Option<&'static str>> = Vec::new();
                for &i in variant {
                    if !kinds.contains(&errors[i].parent_kind) {
                        kinds.push(errors[i].parent_kind);
                    }
                    kept[i] = false;
                }
                if let [kind] = kinds[..] {
                    errors[no_matching_variant].common_type = kind;
                }
            }
        }
    }
}

/// `/<index>/type`.
fn is_variant_type_path(rest: &str) -> bool {
    rest.strip_prefix('/')
        .and_then(|r| r.strip_suffix("/type"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

fn violation(error: RawError) -> SchemaViolation {
    let (code, message) = match &error.keyword {
        Keyword::Type(ty) => (DiagnosticCode::WrongType, messages::must_be(ty.name())),
        Keyword::Const => (
            DiagnosticCode::NotAllowedValue,
            messages::must_be_constant(),
        ),
        Keyword::Enum(strings) => (
            DiagnosticCode::NotAllowedValue,
            messages::not_allowed_value(strings.as_deref()),
        ),
        Keyword::AnyOf | Keyword::OneOf => (
            DiagnosticCode::UnsupportedFormat,
            messages::unsupported_format(error.common_type),
        ),
        Keyword::Minimum(limit) => (
            DiagnosticCode::OutOfRange,
            messages::at_least(&number_to_string(*limit)),
        ),
        Keyword::Maximum(limit) => (
            DiagnosticCode::OutOfRange,
            messages::at_most(&number_to_string(*limit)),
        ),
        Keyword::MinLength(limit) => (DiagnosticCode::BadLength, messages::too_short(*limit)),
        Keyword::MaxLength(limit) => (DiagnosticCode::BadLength, messages::too_long(*limit)),
        Keyword::MinItems(limit) => (DiagnosticCode::BadLength, messages::too_few_items(*limit)),
        Keyword::MaxItems(limit) => (DiagnosticCode::BadLength, messages::too_many_items(*limit)),
        Keyword::Pattern(source) => (
            DiagnosticCode::PatternMismatch,
            messages::must_match_pattern(source),
        ),
        Keyword::Required(name) => (
            DiagnosticCode::MissingProperty,
            messages::missing_property(name),
        ),
        Keyword::AdditionalProperty(name) => (
            DiagnosticCode::UnrecognizedProperty,
            messages::unrecognized_property(name),
        ),
    };
    SchemaViolation {
        // `/a/b` → `a.b`
        path: error
            .instance_path
            .strip_prefix('/')
            .unwrap_or(&error.instance_path)
            .replace('/', "."),
        ajv_message: message,
        range: error.range,
        code,
        hint: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_levels_of_a_schema_path() {
        assert_eq!(
            one_of_paths("#/p/anyOf/1/properties/arn/anyOf/0/type"),
            ["#/p/anyOf", "#/p/anyOf/1/properties/arn/anyOf"]
        );
        assert_eq!(one_of_paths("#/p/anyOf"), ["#/p/anyOf"]);
        assert_eq!(one_of_paths("#/p/oneOf/12/x"), ["#/p/oneOf"]);
        assert!(one_of_paths("#/properties/anyOfThem/type").is_empty());
        assert!(one_of_paths("#/properties/anyOf/type").is_empty());
    }
}
