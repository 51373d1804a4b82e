//! A function's schema: the core's `name` and `events` (checked in `events.rs`), then the AWS
//! provider's function properties in their order, nothing else allowed.

use std::sync::LazyLock;

use super::validator::{Literal, RawError, Schema, child_path, validate};
use super::{SchemaViolation, aws, normalize::normalize};
use crate::Value;

/// The schema of one `functions.<name>` (`^[a-zA-Z0-9-_]+$` names only).
static FUNCTION: LazyLock<Schema> = LazyLock::new(function);

const SCHEMA_PATH: &str = "#/properties/functions/patternProperties/^[a-zA-Z0-9-_]+$";

/// The violations of the function `name`'s properties: those the framework prints before the
/// function's events (unrecognized properties, then `name`), and those after.
/// The function is coerced as ajv coerces it while checking.
pub(super) fn check(
    function: &mut Value,
    name: &str,
) -> (Vec<SchemaViolation>, Vec<SchemaViolation>) {
    let mut errors = Vec::new();
    coerce(function, name, &mut errors);
    let before_events = |e: &RawError| {
        let rest = &e.schema_path[SCHEMA_PATH.len()..];
        rest == "/additionalProperties" || rest.starts_with("/properties/name/")
    };
    let split = errors
        .iter()
        .position(|e| !before_events(e))
        .unwrap_or(errors.len());
    let after = errors.split_off(split);
    (normalize(errors), normalize(after))
}

/// Applies ajv's coercions to the function `name` (its events aside).
pub(super) fn coerce(function: &mut Value, name: &str, errors: &mut Vec<RawError>) {
    validate(
        &FUNCTION,
        function,
        &instance_path(name),
        SCHEMA_PATH,
        errors,
    );
}

fn instance_path(name: &str) -> String {
    child_path("/functions", name)
}

fn function() -> Schema {
    Schema::closed_object(vec![
        ("name", Schema::string()),
        ("events", Schema::external()),
        ("architecture", aws::lambda_architecture()),
        ("awsKmsKeyArn", aws::kms_arn()),
        ("condition", Schema::string()),
        ("dependsOn", aws::depends_on()),
        ("description", Schema::string().with_max_length(256)),
        ("destinations", destinations()),
        ("disableLogs", Schema::boolean()),
        ("environment", aws::lambda_environment()),
        (
            "ephemeralStorageSize",
            Schema::integer().with_range(Some(512.0), Some(10240.0)),
        ),
        ("fileSystemConfig", file_system_config()),
        ("handler", Schema::string()),
        // Its ECR and image name patterns are not reproduced: anything passes.
        ("image", Schema::any()),
        ("kmsKeyArn", aws::kms_arn()),
        ("snapStart", Schema::boolean()),
        ("layers", aws::lambda_layers()),
        ("logRetentionInDays", aws::log_retention_in_days()),
        ("logDataProtectionPolicy", aws::log_data_protection_policy()),
        (
            "maximumEventAge",
            Schema::integer().with_range(Some(60.0), Some(21600.0)),
        ),
        (
            "maximumRetryAttempts",
            Schema::integer().with_range(Some(0.0), Some(2.0)),
        ),
        ("memorySize", aws::lambda_memory_size()),
        (
            "onError",
            Schema::any_of(vec![
                Schema::string().with_pattern("^arn:aws[a-z-]*:sns", is_sns_arn),
                aws::cf_function(),
            ]),
        ),
        ("package", package()),
        ("provisionedConcurrency", cf_value(non_negative_integer())),
        ("reservedConcurrency", cf_value(non_negative_integer())),
        ("role", aws::lambda_role()),
        ("runtime", aws::lambda_runtime()),
        ("runtimeManagement", aws::lambda_runtime_management()),
        ("tags", aws::resource_tags()),
        ("timeout", aws::lambda_timeout()),
        ("tracing", aws::lambda_tracing()),
        ("url", url()),
        ("versionFunction", Schema::boolean()),
        ("vpc", aws::lambda_vpc_config()),
        (
            "httpApi",
            Schema::closed_object(vec![(
                "payload",
                Schema::string().with_enum(vec![Literal::Str("1.0"), Literal::Str("2.0")]),
            )]),
        ),
    ])
}

fn non_negative_integer() -> Schema {
    Schema::integer().with_range(Some(0.0), None)
}

/// `cfValue(schema)`: the value, or an intrinsic function.
fn cf_value(schema: Schema) -> Schema {
    Schema::any_of(vec![schema, aws::cf_function(), aws::cf_if()])
}

fn destinations() -> Schema {
    let target = || {
        Schema::any_of(vec![
            Schema::string().with_min_length(1),
            Schema::closed_object(vec![
                ("arn", aws::cf_function()),
                (
                    "type",
                    Schema::one_of_strings(&["function", "sns", "sqs", "eventBus"]),
                ),
            ])
            .with_required(&["arn", "type"]),
        ])
    };
    Schema::closed_object(vec![("onSuccess", target()), ("onFailure", target())])
}

fn file_system_config() -> Schema {
    Schema::closed_object(vec![
        (
            "arn",
            Schema::any_of(vec![
                Schema::string().with_pattern(
                    "^arn:aws[a-zA-Z-]*:elasticfilesystem:[a-z]{2}((-gov)|(-iso(b?)))?-[a-z]+-[1-9]{1}:[0-9]{12}:access-point/fsap-[a-f0-9]{17}$",
                    is_access_point_arn,
                ),
                aws::cf_get_att(),
                aws::cf_join(),
                aws::cf_import(),
            ]),
        ),
        (
            "localMountPath",
            Schema::string().with_pattern("^/mnt/[a-zA-Z0-9-_.]+$", |s| {
                s.strip_prefix("/mnt/").is_some_and(|rest| {
                    !rest.is_empty()
                        && rest
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                })
            }),
        ),
    ])
    .with_required(&["localMountPath", "arn"])
}

fn package() -> Schema {
    let strings = || Schema::array_of(Schema::string());
    Schema::closed_object(vec![
        ("artifact", Schema::string()),
        ("exclude", strings()),
        ("include", strings()),
        ("individually", Schema::boolean()),
        ("patterns", strings()),
    ])
}

fn url() -> Schema {
    let list = |max: usize| Schema::array_of(Schema::string()).with_item_count(Some(1), Some(max));
    let cors = Schema::any_of(vec![
        Schema::boolean(),
        Schema::closed_object(vec![
            ("allowCredentials", Schema::boolean()),
            ("allowedHeaders", list(100)),
            ("allowedMethods", list(6)),
            ("allowedOrigins", list(100)),
            ("exposedResponseHeaders", list(100)),
            ("maxAge", non_negative_integer()),
        ]),
    ]);
    Schema::any_of(vec![
        Schema::boolean(),
        Schema::closed_object(vec![
            (
                "authorizer",
                Schema::string().with_enum(vec![Literal::Str("aws_iam")]),
            ),
            ("cors", cors),
            (
                "invokeMode",
                Schema::string().with_enum(vec![
                    Literal::Str("BUFFERED"),
                    Literal::Str("RESPONSE_STREAM"),
                ]),
            ),
        ]),
    ])
}

/// `^arn:aws[a-z-]*:sns` (a prefix test).
fn is_sns_arn(s: &str) -> bool {
    s.strip_prefix("arn:aws").is_some_and(|rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_lowercase() || c == '-')
            .starts_with(":sns")
    })
}

/// An EFS access point ARN, as the schema's pattern has it.
fn is_access_point_arn(s: &str) -> bool {
    fn take(s: &str, n: usize, ok: impl Fn(char) -> bool) -> Option<&str> {
        let mut chars = s.char_indices();
        for _ in 0..n {
            let (_, c) = chars.next()?;
            if !ok(c) {
                return None;
            }
        }
        Some(chars.as_str())
    }
    let Some(rest) = s.strip_prefix("arn:aws") else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '-');
    let Some(rest) = rest.strip_prefix(":elasticfilesystem:") else {
        return false;
    };
    let Some(rest) = take(rest, 2, |c| c.is_ascii_lowercase()) else {
        return false;
    };
    // `((-gov)|(-iso(b?)))?-[a-z]+-[1-9]:`: the optional part can be told from `-[a-z]+-`
    // only by trying both.
    fn region_tail(rest: &str) -> Option<&str> {
        let rest = rest.strip_prefix('-')?;
        let letters = rest.chars().take_while(char::is_ascii_lowercase).count();
        if letters == 0 {
            return None;
        }
        let rest = rest[letters..].strip_prefix('-')?;
        let rest = take(rest, 1, |c| ('1'..='9').contains(&c))?;
        rest.strip_prefix(':')
    }
    let candidates = [
        Some(rest),
        rest.strip_prefix("-gov"),
        rest.strip_prefix("-isob"),
        rest.strip_prefix("-iso"),
    ];
    candidates
        .into_iter()
        .flatten()
        .filter_map(region_tail)
        .any(|rest| {
            take(rest, 12, |c| c.is_ascii_digit())
                .and_then(|rest| rest.strip_prefix(":access-point/fsap-"))
                .and_then(|rest| {
                    take(rest, 17, |c| {
                        c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
                    })
                })
                .is_some_and(str::is_empty)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_point_arns() {
        for ok in [
            "arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-0123456789abcdef0",
            "arn:aws-us-gov:elasticfilesystem:us-gov-west-1:111111111111:access-point/fsap-0123456789abcdef0",
            "arn:aws:elasticfilesystem:us-isob-east-1:111111111111:access-point/fsap-0123456789abcdef0",
        ] {
            assert!(is_access_point_arn(ok), "{ok}");
        }
        for bad in [
            "arn:aws:elasticfilesystem:us-east-0:111111111111:access-point/fsap-0123456789abcdef0",
            "arn:aws:elasticfilesystem:us-east-1:11111111111:access-point/fsap-0123456789abcdef0",
            "arn:aws:elasticfilesystem:us-east-1:111111111111:access-point/fsap-0123456789ABCDEF0",
            "arn:aws:elasticfilesystem:useast-1:111111111111:access-point/fsap-0123456789abcdef0",
        ] {
            assert!(!is_access_point_arn(bad), "{bad}");
        }
    }

    #[test]
    fn sns_arns() {
        assert!(is_sns_arn("arn:aws:sns:us-east-1:1:t"));
        assert!(is_sns_arn("arn:aws-cn:sns"));
        assert!(!is_sns_arn("arn:aws:sqs:us-east-1:1:q"));
    }
}
