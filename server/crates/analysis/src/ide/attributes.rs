//! The `Fn::GetAtt` attributes of the resource types a service's template usually holds.

pub fn attributes(resource_type: &str) -> &'static [&'static str] {
    match resource_type {
        "AWS::Cognito::UserPool" => &["Arn", "ProviderName", "ProviderURL", "UserPoolId"],
        "AWS::Cognito::UserPoolClient" => &["ClientId", "ClientSecret", "Name"],
        "AWS::Lambda::Function" => &["Arn", "SnapStartResponse.ApplyOn"],
        "AWS::Lambda::Version" => &["FunctionArn", "Version"],
        "AWS::Lambda::Alias" => &["AliasArn"],
        "AWS::Lambda::Url" => &["FunctionArn", "FunctionUrl"],
        "AWS::IAM::Role" => &["Arn", "RoleId"],
        "AWS::Logs::LogGroup" => &["Arn"],
        "AWS::S3::Bucket" => &[
            "Arn",
            "DomainName",
            "DualStackDomainName",
            "RegionalDomainName",
            "WebsiteURL",
        ],
        "AWS::KMS::Key" => &["Arn", "KeyId"],
        "AWS::SQS::Queue" => &["Arn", "QueueName", "QueueUrl"],
        "AWS::SNS::Topic" => &["TopicArn", "TopicName"],
        "AWS::DynamoDB::Table" => &["Arn", "StreamArn"],
        _ => &[],
    }
}
