//! Every error the compiler reports: the framework's codes and exact texts, in one table, plus
//! the codes of our own for the framework's crashes.

use sls_text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    CognitoMultipleUserPoolsPerFunction,
    CognitoKmsKeyNotSet,
    CognitoKmsKeyIdNotSameForSingleUserPool,
    InvalidNonSchemaCompliantConfiguration,
    ResourceExtensionNotExisting,
    ResourceExtensionUnsupportedAttribute,
    VariablesResolutionError,
    /// Ours: where the framework crashes with a TypeError on a missing `pool` or `trigger`.
    CognitoEventMissingProperty,
    /// Ours: where the framework crashes with a TypeError on a non-string `pool` (`{Ref: X}`).
    CognitoPoolNotString,
    /// Ours: where the framework crashes with a TypeError on a non-string `trigger` (`5`, `null`).
    CognitoTriggerNotString,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::CognitoMultipleUserPoolsPerFunction => {
                "COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION"
            }
            ErrorCode::CognitoKmsKeyNotSet => "COGNITO_KMS_KEY_NOT_SET",
            ErrorCode::CognitoKmsKeyIdNotSameForSingleUserPool => {
                "COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL"
            }
            ErrorCode::InvalidNonSchemaCompliantConfiguration => {
                "INVALID_NON_SCHEMA_COMPLIANT_CONFIGURATION"
            }
            ErrorCode::ResourceExtensionNotExisting => "RESOURCE_EXTENSION_NOT_EXISTING",
            ErrorCode::ResourceExtensionUnsupportedAttribute => {
                "RESOURCE_EXTENSION_UNSUPPORTED_ATTRIBUTE"
            }
            ErrorCode::VariablesResolutionError => "VARIABLES_RESOLUTION_ERROR",
            ErrorCode::CognitoEventMissingProperty => "SLS_LSP_COGNITO_EVENT_MISSING_PROPERTY",
            ErrorCode::CognitoPoolNotString => "SLS_LSP_COGNITO_POOL_NOT_STRING",
            ErrorCode::CognitoTriggerNotString => "SLS_LSP_COGNITO_TRIGGER_NOT_STRING",
        }
    }
}

/// An error that stops compilation, as the framework's `ServerlessError`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompileError {
    pub code: ErrorCode,
    /// The framework's exact message (may span lines).
    pub message: String,
    /// Where the fault is: the primary range first, then related ones (e.g. the first pool).
    pub ranges: Vec<TextRange>,
}

impl CompileError {
    pub fn new(code: ErrorCode, message: String, ranges: Vec<TextRange>) -> Self {
        CompileError {
            code,
            message,
            ranges,
        }
    }
}

/// The message texts, word for word as serverless@3.40.0 prints them.
pub mod messages {
    pub fn multiple_user_pools_per_function(
        function_name: &str,
        first: &str,
        other: &str,
    ) -> String {
        format!(
            "Only one Cognito User Pool can be configured per function. In \"{function_name}\" you're attempting to configure \"{first}\" and \"{other}\" at the same time."
        )
    }

    pub fn kms_key_not_set(pool: &str) -> String {
        format!(
            "KMS Key must be set when using a Custom Sender Source Trigger (CustomSMSSender and/or CustomEmailSender). Affected Cognito User Pool: \"{pool}\"."
        )
    }

    /// (sic: "for can" is the framework's text.)
    pub fn kms_key_not_same(pool: &str) -> String {
        format!(
            "Only one KMS Key for can be configured per Cognito User Pool. Affected Cognito User Pool: \"{pool}\"."
        )
    }

    pub fn extension_not_existing(id: &str) -> String {
        format!("Cannot extend \"{id}\" resource, as it's not found in generated stack")
    }

    pub fn extension_unsupported_attribute(id: &str, attribute: &str) -> String {
        format!(
            "Cannot extend \"{id}\" resource, as extending the \"{attribute}\" attribute at this point is not supported. Feel free to propose support for it in the Framework issue tracker: https://github.com/serverless/serverless/issues"
        )
    }

    pub fn cognito_event_missing_property(path: &str, property: &str) -> String {
        format!(
            "The cognitoUserPool event at '{path}' has no '{property}'; the framework crashes on it (TypeError: Cannot read properties of undefined (reading 'replace'))."
        )
    }

    pub fn cognito_pool_not_string(path: &str) -> String {
        format!(
            "The cognitoUserPool event at '{path}' has a 'pool' that is not a string; the framework crashes on it (TypeError: name.replace is not a function). Pools are matched by name: write the pool's name."
        )
    }

    pub fn cognito_trigger_not_string(path: &str) -> String {
        format!(
            "The cognitoUserPool event at '{path}' has a 'trigger' that is not a string; the framework crashes on it with a TypeError. Write one of the trigger names."
        )
    }
}
