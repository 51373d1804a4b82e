//! Every error the compiler reports: the framework's codes and exact texts, in one table, plus
//! the codes of our own for the framework's crashes.

use sls_text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// js-yaml refused the file (a syntax error, a duplicate key, an unknown tag).
    ConfigurationParseError,
    /// The file holds something else than a mapping (or nothing). Its text is the config
    /// layer's (`messages::config_not_object`).
    InvalidConfigurationExport,
    CognitoMultipleUserPoolsPerFunction,
    CognitoKmsKeyNotSet,
    CognitoKmsKeyIdNotSameForSingleUserPool,
    InvalidNonSchemaCompliantConfiguration,
    ResourceExtensionNotExisting,
    ResourceExtensionUnsupportedAttribute,
    VariablesResolutionError,
    ServiceNameMissing,
    ServiceObjectNotation,
    NonObjectFunctionsConfiguration,
    NonObjectFunctionConfiguration,
    FunctionNeitherHandlerNorImageDefined,
    FunctionBothHandlerAndImageDefined,
    FunctionBothProvisionedConcurrencyAndSnapStartEnabled,
    LambdaFileSystemConfigMissingVpc,
    LegacyConfigurationPropertyMergeInvalidInput,
    UnrecognizedFunctionAddress,
    UnsupportedCliOptions,
    UnsupportedDestinationTarget,
    /// An error of variable resolution, with the code the config layer's resolver gives it
    /// (`VARIABLES_RESOLUTION_ERROR`, `UNRECOGNIZED_VARIABLE_SOURCES`, ...); its texts live there.
    Variables(&'static str),
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
            ErrorCode::ConfigurationParseError => "CONFIGURATION_PARSE_ERROR",
            ErrorCode::InvalidConfigurationExport => "INVALID_CONFIGURATION_EXPORT",
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
            ErrorCode::Variables(code) => code,
            ErrorCode::ServiceNameMissing => "SERVICE_NAME_MISSING",
            ErrorCode::ServiceObjectNotation => "SERVICE_OBJECT_NOTATION",
            ErrorCode::NonObjectFunctionsConfiguration => "NON_OBJECT_FUNCTIONS_CONFIGURATION",
            ErrorCode::NonObjectFunctionConfiguration => "NON_OBJECT_FUNCTION_CONFIGURATION_ERROR",
            ErrorCode::FunctionNeitherHandlerNorImageDefined => {
                "FUNCTION_NEITHER_HANDLER_NOR_IMAGE_DEFINED_ERROR"
            }
            ErrorCode::FunctionBothHandlerAndImageDefined => {
                "FUNCTION_BOTH_HANDLER_AND_IMAGE_DEFINED_ERROR"
            }
            ErrorCode::FunctionBothProvisionedConcurrencyAndSnapStartEnabled => {
                "FUNCTION_BOTH_PROVISIONED_CONCURRENCY_AND_SNAPSTART_ENABLED_ERROR"
            }
            ErrorCode::LambdaFileSystemConfigMissingVpc => "LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC",
            ErrorCode::UnrecognizedFunctionAddress => "UNRECOGNIZED_FUNCTION_ADDRESS",
            ErrorCode::UnsupportedCliOptions => "UNSUPPORTED_CLI_OPTIONS",
            ErrorCode::UnsupportedDestinationTarget => "UNSUPPORTED_DESTINATION_TARGET",
            ErrorCode::LegacyConfigurationPropertyMergeInvalidInput => {
                "LEGACY_CONFIGURATION_PROPERTY_MERGE_INVALID_INPUT"
            }
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

    /// `configValidationMode: error`: one violation inline, several each on a line of its own
    /// (the space after `Configuration error:` is the framework's).
    pub fn invalid_configuration(lines: &[String], learn_more: &str) -> String {
        match lines {
            [single] => format!("Configuration error {single}\n\n{learn_more}"),
            _ => format!(
                "Configuration error: \n     {}\n\n{learn_more}",
                lines.join("\n     ")
            ),
        }
    }

    pub fn service_name_missing(config_file: &str) -> String {
        format!("\"service\" property is missing in {config_file}")
    }

    pub fn service_object_notation() -> String {
        "Object notation for \"service\" property is not supported. Set \"service\" property directly with service name.".to_owned()
    }

    /// `received` is what `util.inspect` shows of the value.
    pub fn non_object_functions_configuration(received: &str) -> String {
        format!("Unexpected \"functions\" configuration: Expected object received: {received}")
    }

    /// (sic: the unbalanced `)` is the framework's.)
    pub fn non_object_function_configuration(function_key: &str, received: &str) -> String {
        format!(
            "Unexpected \"{function_key}\" function configuration: Expected object received {received})"
        )
    }

    pub fn function_neither_handler_nor_image(function_key: &str) -> String {
        format!(
            "Either \"handler\" or \"image\" property needs to be set on function \"{function_key}\""
        )
    }

    pub fn function_both_handler_and_image(function_key: &str) -> String {
        format!(
            "Either \"handler\" or \"image\" property (not both) needs to be set on function \"{function_key}\"."
        )
    }

    pub fn function_both_provisioned_concurrency_and_snap_start(function_key: &str) -> String {
        format!(
            "Functions with enabled SnapStart does not support provisioned concurrency. Please remove at least one of the settings on function \"{function_key}\"."
        )
    }

    pub fn file_system_config_missing_vpc(function_key: &str) -> String {
        format!(
            "Function \"{function_key}\": when using fileSystemConfig, ensure that function has vpc configured on function or provider level"
        )
    }

    /// `value` as a template literal shows it.
    pub fn legacy_merge_invalid_input(section: &str, value: &str) -> String {
        format!("Non-object value specified in {section} array: {value}")
    }

    /// (The trailing newline is the framework's.)
    pub fn unsupported_cli_options(names: &[String]) -> String {
        format!(
            "Detected unrecognized CLI options: \"--{}\".\n",
            names.join("\", \"--")
        )
    }

    pub fn unrecognized_function_address(address: &str) -> String {
        format!("Unrecognized function address {address}")
    }

    pub fn unsupported_destination_target(target: &str) -> String {
        format!("Unsupported destination target {target}")
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
