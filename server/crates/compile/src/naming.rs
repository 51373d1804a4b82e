//! Every logical ID the framework generates, and nothing else: the one place for naming rules
//! (serverless@3.40.0 `lib/plugins/aws/lib/naming.js`). `function_key` is always the key under
//! `functions:`, never the deployed name.

/// lodash `upperFirst`: the first character upper-cased, the rest unchanged.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `normalizeNameToAlphaNumericOnly`: every character outside `[0-9A-Za-z]` removed first, then
/// the first upper-cased (so `ünïcode-pool` gives `Ncodepool`).
pub fn alphanumeric_only(s: &str) -> String {
    let mut kept = String::with_capacity(s.len());
    push_alphanumeric_only(&mut kept, s);
    kept
}

fn push_alphanumeric_only(out: &mut String, s: &str) {
    let mut kept = s.bytes().filter(u8::is_ascii_alphanumeric);
    if let Some(first) = kept.next() {
        out.push(char::from(first.to_ascii_uppercase()));
    }
    out.extend(kept.map(char::from));
}

/// `getNormalizedFunctionName`: `-` becomes `Dash`, `_` becomes `Underscore`, first letter
/// upper-cased; every other character is kept.
pub fn normalized_function_name(function_key: &str) -> String {
    with_suffix(function_key, "")
}

/// The normalized function name followed by `suffix`, written in one pass (logical IDs are
/// named for every function on every compilation).
fn with_suffix(function_key: &str, suffix: &str) -> String {
    let mut name = String::with_capacity(function_key.len() + suffix.len() + 8);
    for (i, c) in function_key.chars().enumerate() {
        match c {
            '-' => name.push_str("Dash"),
            '_' => name.push_str("Underscore"),
            c if i == 0 => name.extend(c.to_uppercase()),
            c => name.push(c),
        }
    }
    name.push_str(suffix);
    name
}

pub fn lambda_function(function_key: &str) -> String {
    with_suffix(function_key, "LambdaFunction")
}

pub fn log_group(function_key: &str) -> String {
    with_suffix(function_key, "LogGroup")
}

/// `hash` is the framework's base64 sha256; only its alphanumeric characters are kept.
pub fn lambda_version(function_key: &str, hash: &str) -> String {
    let hash: String = hash.chars().filter(char::is_ascii_alphanumeric).collect();
    format!(
        "{}LambdaVersion{hash}",
        normalized_function_name(function_key)
    )
}

pub fn lambda_qualified_arn_output(function_key: &str) -> String {
    with_suffix(function_key, "LambdaFunctionQualifiedArn")
}

pub fn provisioned_concurrency_alias(function_key: &str) -> String {
    with_suffix(function_key, "ProvConcLambdaAlias")
}

pub fn snap_start_alias(function_key: &str) -> String {
    with_suffix(function_key, "SnapStartLambdaAlias")
}

/// The alias names behind the two alias logical IDs.
pub const PROVISIONED_CONCURRENCY_ALIAS_NAME: &str = "provisioned";
pub const SNAP_START_ALIAS_NAME: &str = "snapstart";

pub fn event_invoke_config(function_key: &str) -> String {
    with_suffix(function_key, "LambdaEvConf")
}

pub fn function_url(function_key: &str) -> String {
    with_suffix(function_key, "LambdaFunctionUrl")
}

/// The function URL's output has the resource's logical ID.
pub fn function_url_output(function_key: &str) -> String {
    function_url(function_key)
}

pub fn function_url_permission(function_key: &str) -> String {
    with_suffix(function_key, "LambdaPermissionFnUrl")
}

pub const ROLE_LAMBDA_EXECUTION: &str = "IamRoleLambdaExecution";
pub const DEPLOYMENT_BUCKET: &str = "ServerlessDeploymentBucket";
pub const DEPLOYMENT_BUCKET_POLICY: &str = "ServerlessDeploymentBucketPolicy";
pub const DEPLOYMENT_BUCKET_OUTPUT: &str = "ServerlessDeploymentBucketName";

/// A pool created by `cognitoUserPool` events without `existing`.
pub fn cognito_user_pool(pool: &str) -> String {
    let mut id = String::with_capacity(pool.len() + 16);
    id.push_str("CognitoUserPool");
    push_alphanumeric_only(&mut id, pool);
    id
}

pub fn cognito_user_pool_permission(function_key: &str, pool: &str, trigger: &str) -> String {
    let mut id = with_suffix(function_key, "LambdaPermissionCognitoUserPool");
    push_alphanumeric_only(&mut id, pool);
    id.push_str("TriggerSource");
    push_alphanumeric_only(&mut id, trigger);
    id
}

/// The `Custom::CognitoUserPool` resource of a function on an existing pool (one per function:
/// the literal `1`).
pub fn custom_cognito_user_pool(function_key: &str) -> String {
    with_suffix(function_key, "CustomCognitoUserPool1")
}

/// The function key the framework gives the handler of the existing-pool custom resource.
pub const EXISTING_COGNITO_HANDLER_KEY: &str = "custom-resource-existing-cup";

pub fn existing_cognito_handler_lambda() -> String {
    lambda_function(EXISTING_COGNITO_HANDLER_KEY)
}

pub fn existing_cognito_handler_log_group() -> String {
    log_group(EXISTING_COGNITO_HANDLER_KEY)
}

/// Shared by every custom resource the framework adds (s3, eventBridge, cognito, ...).
pub const ROLE_CUSTOM_RESOURCES: &str = "IamRoleCustomResourcesLambdaExecution";

/// The zip of the framework's custom-resource handlers (`getCustomResourcesArtifactName`), under
/// the deployment's artifact folder.
pub const CUSTOM_RESOURCES_ARTIFACT: &str = "custom-resources.zip";

#[cfg(test)]
mod tests {
    use super::*;

    /// Spec section 2, pool table.
    #[test]
    fn pool_logical_ids() {
        let cases = [
            ("MyUserPool", "CognitoUserPoolMyUserPool"),
            ("my-user-pool", "CognitoUserPoolMyuserpool"),
            ("my_user_pool", "CognitoUserPoolMyuserpool"),
            ("My User Pool", "CognitoUserPoolMyUserPool"),
            ("2fa pool", "CognitoUserPool2fapool"),
            ("users-dev", "CognitoUserPoolUsersdev"),
            (
                "my-user_pool 2.0@corp+x=y,z",
                "CognitoUserPoolMyuserpool20corpxyz",
            ),
            ("123pool", "CognitoUserPool123pool"),
            ("ünïcode-pool", "CognitoUserPoolNcodepool"),
            ("---", "CognitoUserPool"),
            ("myPool", "CognitoUserPoolMyPool"),
        ];
        for (pool, expected) in cases {
            assert_eq!(cognito_user_pool(pool), expected, "pool {pool:?}");
        }
    }

    /// Spec section 2, function table.
    #[test]
    fn lambda_logical_ids() {
        let cases = [
            ("preSignUp", "PreSignUpLambdaFunction"),
            ("pre-sign_up", "PreDashsignUnderscoreupLambdaFunction"),
            ("post_confirm-2", "PostUnderscoreconfirmDash2LambdaFunction"),
            ("Pre-Sign_Up", "PreDashSignUnderscoreUpLambdaFunction"),
            ("hello-World_x", "HelloDashWorldUnderscorexLambdaFunction"),
            ("2fa", "2faLambdaFunction"),
            (
                "customSMSSenderFunction",
                "CustomSMSSenderFunctionLambdaFunction",
            ),
            ("a.b", "A.bLambdaFunction"),
            ("-a", "DashaLambdaFunction"),
            ("_a", "UnderscoreaLambdaFunction"),
            ("éa", "ÉaLambdaFunction"),
            ("ßa", "SSaLambdaFunction"),
            ("", "LambdaFunction"),
        ];
        for (key, expected) in cases {
            assert_eq!(lambda_function(key), expected, "function {key:?}");
        }
    }

    #[test]
    fn permission_ids() {
        assert_eq!(
            cognito_user_pool_permission("pre-sign_up", "my-user_pool 2.0@corp+x=y,z", "PreSignUp"),
            "PreDashsignUnderscoreupLambdaPermissionCognitoUserPoolMyuserpool20corpxyzTriggerSourcePreSignUp"
        );
        // An invalid trigger goes straight into the ID (case 07).
        assert!(
            cognito_user_pool_permission("preSignUp", "MyUserPool", "PreSignup")
                .ends_with("TriggerSourcePreSignup")
        );
    }

    #[test]
    fn function_resource_ids() {
        assert_eq!(log_group("pre-sign_up"), "PreDashsignUnderscoreupLogGroup");
        assert_eq!(
            lambda_version("users", "a+b/c=d1"),
            "UsersLambdaVersionabcd1"
        );
        assert_eq!(
            lambda_qualified_arn_output("users"),
            "UsersLambdaFunctionQualifiedArn"
        );
        assert_eq!(
            provisioned_concurrency_alias("preSignUp"),
            "PreSignUpProvConcLambdaAlias"
        );
        assert_eq!(
            snap_start_alias("preSignUp"),
            "PreSignUpSnapStartLambdaAlias"
        );
        assert_eq!(event_invoke_config("users"), "UsersLambdaEvConf");
        assert_eq!(function_url("users"), "UsersLambdaFunctionUrl");
    }

    #[test]
    fn existing_pool_ids() {
        assert_eq!(
            custom_cognito_user_pool("users"),
            "UsersCustomCognitoUserPool1"
        );
        assert_eq!(
            existing_cognito_handler_lambda(),
            "CustomDashresourceDashexistingDashcupLambdaFunction"
        );
        assert_eq!(
            existing_cognito_handler_log_group(),
            "CustomDashresourceDashexistingDashcupLogGroup"
        );
    }

    #[test]
    fn upper_first_handles_empty_and_non_ascii() {
        assert_eq!(upper_first(""), "");
        assert_eq!(upper_first("éa"), "Éa");
        assert_eq!(upper_first("aB"), "AB");
    }
}
