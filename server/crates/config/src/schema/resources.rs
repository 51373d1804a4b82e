//! `resources:`, as the AWS provider's schema has it: the sections of a CloudFormation template,
//! each resource with a `Type` and only the attributes CloudFormation knows, and `extensions`
//! with the same attributes but `Type`.

use std::sync::LazyLock;

use super::aws;
use super::validator::{Additional, Schema};

pub(crate) static RESOURCES: LazyLock<Schema> = LazyLock::new(resources);

/// `^[a-zA-Z0-9]{1,255}$`: a logical ID.
fn is_logical_id(id: &str) -> bool {
    (1..=255).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

const LOGICAL_ID: &str = "^[a-zA-Z0-9]{1,255}$";

fn resources() -> Schema {
    Schema::closed_object(vec![
        ("AWSTemplateFormatVersion", Schema::string()),
        ("Conditions", Schema::object()),
        ("Description", Schema::string()),
        ("Mappings", Schema::object()),
        ("Metadata", Schema::object()),
        ("Outputs", Schema::object()),
        ("Parameters", Schema::object()),
        ("Resources", section()),
        ("Transform", Schema::array_of(Schema::string())),
        ("extensions", extensions()),
    ])
}

/// The attributes a resource may have besides `Type`.
fn attributes() -> Vec<(&'static str, Schema)> {
    vec![
        ("Properties", Schema::object()),
        ("CreationPolicy", Schema::object()),
        ("DeletionPolicy", Schema::string()),
        ("DependsOn", aws::depends_on()),
        ("Metadata", Schema::object()),
        ("UpdatePolicy", Schema::object()),
        ("UpdateReplacePolicy", Schema::string()),
        ("Condition", Schema::string()),
    ]
}

fn section() -> Schema {
    let mut resource_properties = vec![("Type", Schema::string())];
    resource_properties.extend(attributes());
    let resource = Schema::closed_object(resource_properties).with_required(&["Type"]);
    let transform = Schema::closed_object(vec![
        ("Name", Schema::string()),
        ("Parameters", Schema::object()),
    ])
    .with_required(&["Name"]);
    Schema::closed_object(vec![("Fn::Transform", transform)]).with_pattern_property(
        LOGICAL_ID,
        is_logical_id,
        resource,
    )
}

fn extensions() -> Schema {
    Schema::object()
        .with_pattern_property(
            LOGICAL_ID,
            is_logical_id,
            Schema::closed_object(attributes()),
        )
        .with_additional(Additional::Forbidden)
}
