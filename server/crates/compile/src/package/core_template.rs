//! `generateCoreTemplate`: the template every service starts from (the deployment bucket, its
//! TLS-only policy and the bucket name output), adjusted by `provider.deploymentBucket`.

use serde_json::{Map, Value as Json, json};

use super::root_key_range;
use crate::context::{Ctx, OriginKind};
use crate::naming;

/// `core-cloudformation-template.json`, key for key.
fn core_template() -> Json {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "The AWS CloudFormation template for this Serverless application",
        "Resources": {
            naming::DEPLOYMENT_BUCKET: {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketEncryption": {
                        "ServerSideEncryptionConfiguration": [
                            { "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }
                        ]
                    }
                }
            },
            naming::DEPLOYMENT_BUCKET_POLICY: {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": { "Ref": naming::DEPLOYMENT_BUCKET },
                    "PolicyDocument": {
                        "Statement": [{
                            "Action": "s3:*",
                            "Effect": "Deny",
                            "Principal": "*",
                            "Resource": [
                                { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::", { "Ref": naming::DEPLOYMENT_BUCKET }, "/*"]] },
                                { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::", { "Ref": naming::DEPLOYMENT_BUCKET }]] }
                            ],
                            "Condition": { "Bool": { "aws:SecureTransport": false } }
                        }]
                    }
                }
            }
        },
        "Outputs": {
            naming::DEPLOYMENT_BUCKET_OUTPUT: { "Value": { "Ref": naming::DEPLOYMENT_BUCKET } }
        }
    })
}

pub fn generate_core_template(ctx: &mut Ctx<'_>) {
    let Json::Object(template) = core_template() else {
        unreachable!("the core template is an object")
    };
    ctx.template = template;
    let provider = ctx.service.provider();
    let bucket_setting = provider.get("deploymentBucket");
    let origin =
        bucket_setting.map_or_else(|| root_key_range(&ctx.service, "provider"), |v| v.range);
    for id in [naming::DEPLOYMENT_BUCKET, naming::DEPLOYMENT_BUCKET_POLICY] {
        ctx.note_origin(id, OriginKind::Provider, origin);
    }

    // The object form's settings (`deploymentBucketObject`).
    if let Some(settings) = bucket_setting
        .and_then(|v| v.as_mapping())
        .filter(|m| !m.is_empty())
    {
        let resources = ctx.resources_mut();
        let bucket = bucket_properties(resources);
        if let Some(tags) = settings
            .get("tags")
            .and_then(|t| t.as_mapping())
            .filter(|t| !t.is_empty())
        {
            let tags: Vec<Json> = tags
                .iter()
                .map(|(k, e)| json!({ "Key": k, "Value": e.value.to_json() }))
                .collect();
            bucket.insert("Tags".to_owned(), Json::Array(tags));
        }
        if settings
            .get("blockPublicAccess")
            .is_some_and(|v| v.is_truthy())
        {
            bucket.insert(
                "PublicAccessBlockConfiguration".to_owned(),
                json!({
                    "BlockPublicAcls": true,
                    "BlockPublicPolicy": true,
                    "IgnorePublicAcls": true,
                    "RestrictPublicBuckets": true
                }),
            );
        }
        if settings.get("versioning").is_some_and(|v| v.is_truthy()) {
            bucket.insert(
                "VersioningConfiguration".to_owned(),
                json!({ "Status": "Enabled" }),
            );
        }
        if settings
            .get("skipPolicySetup")
            .is_some_and(|v| v.is_truthy())
        {
            resources.shift_remove(naming::DEPLOYMENT_BUCKET_POLICY);
        }
    }

    // A bucket of the user's: nothing to create, the output names it.
    if let Some(name) = ctx.deployment_bucket_name() {
        if let Some(output) = ctx.outputs_mut().get_mut(naming::DEPLOYMENT_BUCKET_OUTPUT) {
            output["Value"] = name;
        }
        let resources = ctx.resources_mut();
        resources.shift_remove(naming::DEPLOYMENT_BUCKET);
        resources.shift_remove(naming::DEPLOYMENT_BUCKET_POLICY);
    }
}

fn bucket_properties(resources: &mut Map<String, Json>) -> &mut Map<String, Json> {
    resources
        .get_mut(naming::DEPLOYMENT_BUCKET)
        .and_then(|b| b.get_mut("Properties"))
        .and_then(Json::as_object_mut)
        .expect("the core template has the bucket's properties")
}
