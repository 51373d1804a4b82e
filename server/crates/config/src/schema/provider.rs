//! The part of the AWS provider's `provider:` schema the compiler reads (IAM settings, function
//! defaults, tags, stage and region), in the schema's order. The other properties are not
//! checked here (nor reported as unrecognized).

use std::sync::LazyLock;

use super::aws;
use super::validator::Schema;

pub(crate) static PROVIDER: LazyLock<Schema> = LazyLock::new(provider);

fn provider() -> Schema {
    Schema::object().with_properties(vec![
        ("architecture", aws::lambda_architecture()),
        ("cfnRole", aws::arn()),
        ("deploymentPrefix", Schema::string()),
        ("disableRollback", Schema::boolean()),
        ("environment", aws::lambda_environment()),
        ("iam", iam()),
        ("iamManagedPolicies", Schema::array_of(aws::arn())),
        ("iamRoleStatements", aws::iam_policy_statements()),
        ("kmsKeyArn", aws::kms_arn()),
        ("layers", aws::lambda_layers()),
        ("logRetentionInDays", aws::log_retention_in_days()),
        ("logDataProtectionPolicy", aws::log_data_protection_policy()),
        ("memorySize", aws::lambda_memory_size()),
        ("profile", Schema::string()),
        ("region", Schema::one_of_strings(&REGIONS)),
        ("role", aws::lambda_role()),
        ("rolePermissionsBoundary", aws::arn_string()),
        ("runtime", aws::lambda_runtime()),
        ("runtimeManagement", aws::lambda_runtime_management()),
        (
            "deploymentMethod",
            Schema::one_of_strings(&["changesets", "direct"]),
        ),
        (
            "stage",
            Schema::string().with_pattern("^[a-zA-Z0-9-]+$", |s| {
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }),
        ),
        ("stackPolicy", aws::iam_policy_statements()),
        ("stackTags", aws::resource_tags()),
        ("tags", aws::resource_tags()),
        ("timeout", aws::lambda_timeout()),
        (
            "tracing",
            Schema::closed_object(vec![
                ("apiGateway", Schema::boolean()),
                ("lambda", aws::lambda_tracing()),
            ]),
        ),
        ("vpc", aws::lambda_vpc_config()),
        ("versionFunctions", Schema::boolean()),
    ])
}

fn iam() -> Schema {
    let role = Schema::closed_object(vec![
        (
            "name",
            Schema::string().with_pattern("^[A-Za-z0-9/_+=,.@-]{1,64}$", |s| {
                (1..=64).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"/_+=,.@-".contains(&b))
            }),
        ),
        (
            "path",
            Schema::string().with_pattern("(^\\/$)|(^\\/[\u{21}-\u{7f}]+\\/$)", |s| {
                s == "/"
                    || (s.len() > 2
                        && s.starts_with('/')
                        && s.ends_with('/')
                        && s[1..s.len() - 1]
                            .chars()
                            .all(|c| ('\u{21}'..='\u{7f}').contains(&c)))
            }),
        ),
        ("managedPolicies", Schema::array_of(aws::arn())),
        ("statements", aws::iam_policy_statements()),
        ("permissionBoundary", aws::arn()),
        ("permissionsBoundary", aws::arn()),
        ("tags", aws::resource_tags()),
    ]);
    Schema::closed_object(vec![
        ("role", Schema::any_of(vec![aws::lambda_role(), role])),
        ("deploymentRole", aws::arn()),
    ])
}

const REGIONS: [&str; 35] = [
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-iso-east-1",
    "us-iso-west-1",
    "us-isob-east-1",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
];
