//! The AWS provider's schema definitions (`definitions` in serverless@3.40.0's
//! `lib/plugins/aws/provider.js`) that the function, provider and resources schemas share.
//! Each pattern is a hand-written test equal to the framework's regular expression.

use super::ajv;
use super::validator::{Literal, Schema};

/// `awsCfFunction`: one of the intrinsic functions. (Its `Fn::Base64` variant lists no required
/// key and allows any other, so any mapping passes; the earlier variants still coerce.)
pub fn cf_function() -> Schema {
    Schema::any_of(vec![
        cf_import(),
        cf_join(),
        cf_get_att(),
        cf_ref(),
        cf_sub(),
        cf_base64(),
        cf_to_json_string(),
    ])
}

fn single_key(key: &'static str, value: Schema) -> Schema {
    Schema::closed_object(vec![(key, value)]).with_required(&[key])
}

pub fn cf_import() -> Schema {
    single_key("Fn::ImportValue", Schema::any())
}

pub fn cf_join() -> Schema {
    single_key(
        "Fn::Join",
        Schema::array()
            .with_item_count(Some(2), Some(2))
            .with_tuple(vec![Schema::string(), Schema::array()]),
    )
}

pub fn cf_get_att() -> Schema {
    single_key(
        "Fn::GetAtt",
        Schema::array()
            .with_item_count(Some(2), Some(2))
            .with_items(Schema::string().with_min_length(1)),
    )
}

pub fn cf_ref() -> Schema {
    single_key("Ref", Schema::string().with_min_length(1))
}

pub fn cf_sub() -> Schema {
    single_key("Fn::Sub", Schema::any())
}

fn cf_base64() -> Schema {
    Schema::object().with_properties(vec![("Fn::Base64", Schema::any())])
}

fn cf_to_json_string() -> Schema {
    single_key(
        "Fn::ToJsonString",
        Schema::any_of(vec![Schema::object(), Schema::array()]),
    )
}

pub fn cf_if() -> Schema {
    single_key(
        "Fn::If",
        Schema::array()
            .with_item_count(Some(3), Some(3))
            .with_items(cf_instruction()),
    )
}

fn cf_get_azs() -> Schema {
    single_key(
        "Fn::GetAZs",
        Schema::one_of(vec![Schema::string().with_min_length(1), cf_ref()]),
    )
}

/// `Fn::Split` and `Fn::FindInMap`: a list of strings or functions.
fn cf_list_function(key: &'static str, count: usize) -> Schema {
    single_key(
        key,
        Schema::array()
            .with_item_count(Some(count), Some(count))
            .with_items(Schema::one_of(vec![Schema::string(), cf_function()])),
    )
}

pub fn cf_split() -> Schema {
    cf_list_function("Fn::Split", 2)
}

pub fn cf_find_in_map() -> Schema {
    cf_list_function("Fn::FindInMap", 3)
}

pub fn cf_select() -> Schema {
    single_key(
        "Fn::Select",
        Schema::array()
            .with_item_count(Some(2), Some(2))
            .with_items(Schema::any_of(vec![
                Schema::number(),
                Schema::string(),
                Schema::array(),
                cf_find_in_map(),
                cf_get_att(),
                cf_get_azs(),
                cf_if(),
                cf_split(),
                cf_ref(),
            ])),
    )
}

/// `awsCfInstruction`: a non-empty string or a function.
pub fn cf_instruction() -> Schema {
    Schema::any_of(vec![Schema::string().with_min_length(1), cf_function()])
}

/// `awsArnString`.
pub fn arn_string() -> Schema {
    Schema::string().with_pattern("^arn:", |s| s.starts_with("arn:"))
}

/// `awsArn`.
pub fn arn() -> Schema {
    Schema::any_of(vec![arn_string(), cf_function()])
}

/// `awsKmsArn`.
pub fn kms_arn() -> Schema {
    Schema::any_of(vec![
        cf_function(),
        Schema::string().with_pattern("^arn:aws[a-z-]*:kms", ajv::matches_kms_arn_prefix),
    ])
}

/// `awsLogicalResourceId`.
fn logical_resource_id() -> Schema {
    Schema::string().with_pattern("^[#A-Za-z0-9-_./]+[*]?$", |s| {
        let body = s.strip_suffix('*').unwrap_or(s);
        !body.is_empty()
            && body
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "#-_./".contains(c))
    })
}

/// `awsResourceDependsOn`.
pub fn depends_on() -> Schema {
    Schema::array_of(Schema::string())
}

/// `awsLambdaRole`.
pub fn lambda_role() -> Schema {
    Schema::any_of(vec![
        Schema::string().with_min_length(1),
        cf_sub(),
        cf_import(),
        cf_get_att(),
    ])
}

/// `awsLambdaArchitecture`.
pub fn lambda_architecture() -> Schema {
    Schema::one_of_strings(&["arm64", "x86_64"])
}

/// `awsLambdaRuntime`.
pub fn lambda_runtime() -> Schema {
    Schema::one_of_strings(&[
        "dotnet6",
        "go1.x",
        "java21",
        "java17",
        "java11",
        "java8",
        "java8.al2",
        "nodejs14.x",
        "nodejs16.x",
        "nodejs18.x",
        "nodejs20.x",
        "provided",
        "provided.al2",
        "provided.al2023",
        "python3.7",
        "python3.8",
        "python3.9",
        "python3.10",
        "python3.11",
        "ruby2.7",
        "ruby3.2",
    ])
}

/// `awsLambdaRuntimeManagement`.
pub fn lambda_runtime_management() -> Schema {
    Schema::one_of(vec![
        Schema::one_of_strings(&["auto", "onFunctionUpdate"]),
        Schema::closed_object(vec![
            (
                "mode",
                Schema::one_of_strings(&["auto", "onFunctionUpdate", "manual"]),
            ),
            ("arn", arn()),
        ]),
    ])
}

/// `awsLambdaMemorySize`.
pub fn lambda_memory_size() -> Schema {
    Schema::integer().with_range(Some(128.0), Some(10240.0))
}

/// `awsLambdaTimeout`.
pub fn lambda_timeout() -> Schema {
    Schema::integer().with_range(Some(1.0), Some(900.0))
}

/// `awsLambdaTracing`.
pub fn lambda_tracing() -> Schema {
    Schema::any_of(vec![
        Schema::one_of_strings(&["Active", "PassThrough"]),
        Schema::boolean(),
    ])
}

/// `awsLambdaEnvironment`.
pub fn lambda_environment() -> Schema {
    Schema::object()
        .with_pattern_property(
            "^[A-Za-z_][a-zA-Z0-9_]*$",
            is_environment_name,
            Schema::any_of(vec![
                Schema::constant(Literal::Str("")),
                cf_instruction(),
                cf_if(),
                cf_select(),
            ]),
        )
        .with_additional(super::validator::Additional::Forbidden)
}

fn is_environment_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `awsLambdaLayers`.
pub fn lambda_layers() -> Schema {
    Schema::array_of(arn())
}

/// `awsLambdaVpcConfig`.
pub fn lambda_vpc_config() -> Schema {
    let ids = |max: usize| {
        Schema::any_of(vec![
            Schema::array()
                .with_items(Schema::any_of(vec![cf_instruction(), cf_if()]))
                .with_item_count(None, Some(max)),
            cf_split(),
            cf_find_in_map(),
        ])
    };
    Schema::closed_object(vec![("securityGroupIds", ids(5)), ("subnetIds", ids(16))])
        .with_required(&["securityGroupIds", "subnetIds"])
}

/// `awsLogRetentionInDays`.
pub fn log_retention_in_days() -> Schema {
    const DAYS: [f64; 21] = [
        1.0, 3.0, 5.0, 7.0, 14.0, 30.0, 60.0, 90.0, 120.0, 150.0, 180.0, 365.0, 400.0, 545.0,
        731.0, 1827.0, 2192.0, 2557.0, 2922.0, 3288.0, 3653.0,
    ];
    Schema::number().with_enum(DAYS.iter().map(|d| Literal::Num(*d)).collect())
}

/// `awsLogDataProtectionPolicy`.
pub fn log_data_protection_policy() -> Schema {
    Schema::closed_object(vec![
        ("Name", Schema::string()),
        ("Description", Schema::string()),
        ("Version", Schema::string()),
        ("Statement", Schema::array()),
    ])
    .with_required(&["Name", "Version", "Statement"])
}

/// `awsResourceTags`: keys `^(?!aws:)[\w./=+:\-_\x20]{1,128}$`, values strings of at most 256.
pub fn resource_tags() -> Schema {
    Schema::object()
        .with_pattern_property(
            r"^(?!aws:)[\w./=+:\-_\x20]{1,128}$",
            is_tag_key,
            Schema::string().with_max_length(256),
        )
        .with_additional(super::validator::Additional::Forbidden)
}

fn is_tag_key(s: &str) -> bool {
    !s.starts_with("aws:")
        && (1..=128).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_./=+:- ".contains(c))
}

/// `awsIamPolicyPrincipal`.
fn iam_policy_principal() -> Schema {
    let strings = || Schema::array_of(Schema::string());
    Schema::any_of(vec![
        Schema::constant(Literal::Str("*")),
        Schema::closed_object(vec![
            (
                "AWS",
                Schema::any_of(vec![
                    Schema::constant(Literal::Str("*")),
                    cf_if(),
                    Schema::array_of(Schema::any_of(vec![
                        Schema::string().with_pattern(r"^\d{12}$", |s| {
                            s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
                        }),
                        arn(),
                    ])),
                ]),
            ),
            ("Federated", strings()),
            ("Service", strings()),
            ("CanonicalUser", strings()),
        ]),
    ])
}

/// `awsIamPolicyResource`.
fn iam_policy_resource() -> Schema {
    let star = || Schema::constant(Literal::Str("*"));
    Schema::any_of(vec![
        star(),
        arn(),
        logical_resource_id(),
        Schema::array_of(Schema::any_of(vec![star(), arn(), logical_resource_id()])),
    ])
}

/// `awsIamPolicyStatements`.
pub fn iam_policy_statements() -> Schema {
    let action = || Schema::array_of(Schema::string());
    let either = |a: &'static str, b: &'static str| {
        Schema::one_of(vec![
            Schema::any().with_required(&[a]),
            Schema::any().with_required(&[b]),
        ])
    };
    let mut statement = Schema::closed_object(vec![
        ("Sid", Schema::string()),
        ("Effect", Schema::one_of_strings(&["Allow", "Deny"])),
        ("Action", action()),
        ("NotAction", action()),
        ("Principal", iam_policy_principal()),
        ("NotPrincipal", iam_policy_principal()),
        ("Resource", iam_policy_resource()),
        ("NotResource", iam_policy_resource()),
        ("Condition", Schema::object()),
    ]);
    statement.all_of = vec![
        Schema::any().with_required(&["Effect"]),
        either("Action", "NotAction"),
        either("Resource", "NotResource"),
    ];
    Schema::array_of(statement)
}
