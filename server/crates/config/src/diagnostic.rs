//! Every problem the config layer reports: its code, its default severity and its text, in one
//! table. Texts marked "framework" are word for word what serverless@3.40.0 (js-yaml 4.3.2, ajv
//! 8 through the framework's error normalizer) prints; the others are ours.

use sls_text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticCode {
    // YAML loading: js-yaml refuses the whole file (`Cannot parse "serverless.yml": ...`).
    /// A tag the CloudFormation schema does not know (`!Foo`), or a standard tag on a node kind
    /// it does not apply to (`!!str [1]`).
    UnknownTag,
    /// A standard tag whose node does not fit it (`!!int abc`, `!!set {a: 1}`).
    UnresolvableTag,
    /// Two keys that differ in the text but are the same string for js-yaml (`1:` and `"1":`).
    /// (Keys written identically are reported by the syntax layer.)
    DuplicateKey,
    /// A sequence key holding a sequence (`[[a]]: x`).
    NestedSequenceKey,
    // YAML loading: accepted, but surely not meant.
    /// A mapping or sequence used as a key: js-yaml turns it into a string.
    ComplexKey,

    // The framework's checks before the schema (errors that stop it).
    /// The document is not a mapping (`INVALID_CONFIGURATION_EXPORT`).
    ConfigNotObject,
    /// `functions:` is a scalar (`NON_OBJECT_FUNCTIONS_CONFIGURATION`).
    FunctionsNotObject,
    /// A function's value is a scalar (`NON_OBJECT_FUNCTION_CONFIGURATION_ERROR`).
    FunctionNotObject,

    // Schema violations (ajv): warnings in the default `configValidationMode: warn`.
    /// A function key outside `^[a-zA-Z0-9-_]+$`.
    FunctionNameInvalid,
    /// A function's value is a sequence.
    FunctionIsSequence,
    /// `events:` is a mapping.
    EventsNotArray,
    /// An `events:` item that is not a mapping.
    EventNotObject,
    /// An `events:` item with no key the framework knows.
    UnsupportedEvent,
    /// An `events:` item with more keys than its event kind.
    EventUnrecognizedProperty,
    /// `cognitoUserPool:` holding something else than a mapping.
    CognitoEventNotObject,
    /// `pool` or `trigger` missing.
    CognitoMissingProperty,
    /// A key the `cognitoUserPool` schema does not list (`lambdaVersion` among them).
    CognitoUnrecognizedProperty,
    UnknownTrigger,
    PoolNotString,
    PoolTooLong,
    PoolPattern,
    /// `existing` or `forceDeploy` that is not a boolean (nor `"true"`/`"false"`/`0`/`1`).
    NotBoolean,
    /// `kmsKeyId` neither a KMS ARN nor an intrinsic function.
    KmsKeyFormat,
    // The same, elsewhere (function properties, provider, resources), by ajv keyword.
    /// A value of another type than the schema's, and not coercible to it.
    WrongType,
    /// A key the schema does not list.
    UnrecognizedProperty,
    /// A key the schema requires.
    MissingProperty,
    /// A value outside an `enum` or other than a `const`.
    NotAllowedValue,
    /// A number below the `minimum` or above the `maximum`.
    OutOfRange,
    /// A string or list too short or too long.
    BadLength,
    /// A string that does not match the schema's pattern.
    PatternMismatch,
    /// A value that fits none of the forms the schema allows.
    UnsupportedFormat,
}

impl DiagnosticCode {
    /// The stable code users see.
    pub fn as_str(self) -> &'static str {
        use DiagnosticCode::*;
        match self {
            UnknownTag => "yaml-unknown-tag",
            UnresolvableTag => "yaml-unresolvable-tag",
            DuplicateKey => "yaml-duplicate-key",
            NestedSequenceKey => "yaml-nested-sequence-key",
            ComplexKey => "yaml-complex-key",
            ConfigNotObject => "config-not-object",
            FunctionsNotObject => "functions-not-object",
            FunctionNotObject => "function-not-object",
            FunctionNameInvalid => "function-name-invalid",
            FunctionIsSequence => "function-is-sequence",
            EventsNotArray => "events-not-array",
            EventNotObject => "event-not-object",
            UnsupportedEvent => "unsupported-event",
            EventUnrecognizedProperty => "event-unrecognized-property",
            CognitoEventNotObject => "cognito-event-not-object",
            CognitoMissingProperty => "cognito-missing-property",
            CognitoUnrecognizedProperty => "cognito-unrecognized-property",
            UnknownTrigger => "unknown-trigger",
            PoolNotString => "pool-not-string",
            PoolTooLong => "pool-too-long",
            PoolPattern => "pool-pattern",
            NotBoolean => "not-boolean",
            KmsKeyFormat => "kms-key-format",
            WrongType => "wrong-type",
            UnrecognizedProperty => "unrecognized-property",
            MissingProperty => "missing-property",
            NotAllowedValue => "not-allowed-value",
            OutOfRange => "out-of-range",
            BadLength => "bad-length",
            PatternMismatch => "pattern-mismatch",
            UnsupportedFormat => "unsupported-format",
        }
    }

    /// The severity when nothing (like `configValidationMode: error`) changes it.
    pub fn severity(self) -> Severity {
        use DiagnosticCode::*;
        match self {
            // The framework stops on these.
            UnknownTag | UnresolvableTag | DuplicateKey | NestedSequenceKey | ConfigNotObject
            | FunctionsNotObject | FunctionNotObject => Severity::Error,
            // The framework only warns (`configValidationMode: warn`), then crashes on these
            // (a missing pool or trigger, a pool that is not a string) ...
            CognitoMissingProperty | PoolNotString => Severity::Error,
            // ... or compiles them into a template CloudFormation rejects: `LambdaConfig` has no
            // such trigger, and `UserPoolName` has Cognito's own pattern and length limit.
            UnknownTrigger | PoolPattern | PoolTooLong => Severity::Error,
            // Other schema violations: the framework warns and the deploy still works.
            _ => Severity::Warning,
        }
    }

    /// True for the codes of ajv's schema violations (what `configValidationMode` governs).
    pub fn is_schema(self) -> bool {
        use DiagnosticCode::*;
        !matches!(
            self,
            UnknownTag
                | UnresolvableTag
                | DuplicateKey
                | NestedSequenceKey
                | ComplexKey
                | ConfigNotObject
                | FunctionsNotObject
                | FunctionNotObject
        )
    }
}

/// A problem found in the config layer, at exactly the text at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigDiagnostic {
    pub range: TextRange,
    pub code: DiagnosticCode,
    pub message: String,
    /// What to write instead (`did you mean 'PreSignUp'?`), or why the framework still works.
    pub hint: Option<String>,
}

impl ConfigDiagnostic {
    pub fn new(code: DiagnosticCode, range: TextRange, message: String) -> Self {
        ConfigDiagnostic {
            range,
            code,
            message,
            hint: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// The texts. Functions named after a [`DiagnosticCode`] build that code's message.
pub mod messages {
    use crate::js::inspect_scalar;
    use crate::{COGNITO_TRIGGERS, Value};

    // --- js-yaml (framework: the reason before js-yaml's ` (line:column)` and snippet) ---

    /// `tag` as js-yaml spells it: `!Foo` for a local tag, `tag:yaml.org,2002:str` for `!!str`.
    pub fn unknown_tag(tag: &str) -> String {
        format!("unknown tag !<{tag}>")
    }

    pub fn unresolvable_tag(tag: &str) -> String {
        format!("cannot resolve a node with !<{tag}> explicit tag")
    }

    pub fn duplicate_key() -> String {
        "duplicated mapping key".to_owned()
    }

    pub fn nested_sequence_key() -> String {
        "nested arrays are not supported inside keys".to_owned()
    }

    /// An alias (`*name`) naming no anchor.
    pub fn unidentified_alias(name: &str) -> String {
        format!("unidentified alias \"{name}\"")
    }

    pub fn tab_indentation() -> String {
        "tab characters must not be used in indentation".to_owned()
    }

    /// A `<<` merge key whose value is not a mapping (or a list of them).
    pub fn unacceptable_merge() -> String {
        "cannot merge mappings; the provided source object is unacceptable".to_owned()
    }

    /// Ours.
    pub fn complex_key(key: &str) -> String {
        format!("a key that is not a scalar: the framework reads it as the string '{key}'")
    }

    /// Framework (`Cannot parse "<file>": <reason>`), for a js-yaml reason above.
    pub fn cannot_parse(file_name: &str, reason: &str) -> String {
        format!("Cannot parse \"{file_name}\": {reason}")
    }

    // --- the framework's checks before the schema ---

    pub fn config_not_object(file_name: &str) -> String {
        format!("Invalid configuration at \"{file_name}\": Plain object expected")
    }

    pub fn functions_not_object(value: &Value) -> String {
        format!(
            "Unexpected \"functions\" configuration: Expected object received: {}",
            inspect_scalar(value)
        )
    }

    /// (sic: the framework's text ends with a lone `)`.)
    pub fn function_not_object(name: &str, value: &Value) -> String {
        format!(
            "Unexpected \"{name}\" function configuration: Expected object received {})",
            inspect_scalar(value)
        )
    }

    // --- ajv, after the framework's normalizer (the text after `at '<path>': `) ---

    pub fn function_name_invalid(name: &str) -> String {
        format!("name '{name}' must be alphanumeric")
    }

    pub fn must_be_object() -> String {
        must_be("object")
    }

    pub fn must_be_array() -> String {
        must_be("array")
    }

    pub fn must_be_string() -> String {
        must_be("string")
    }

    pub fn must_be_boolean() -> String {
        must_be("boolean")
    }

    /// `type` (`must be integer`).
    pub fn must_be(type_name: &str) -> String {
        format!("must be {type_name}")
    }

    /// `const`.
    pub fn must_be_constant() -> String {
        "must be equal to constant".to_owned()
    }

    /// `enum`; the framework lists the allowed values when they are all strings.
    pub fn not_allowed_value(strings: Option<&[&str]>) -> String {
        match strings {
            Some(values) => format!(
                "must be equal to one of the allowed values [{}]",
                values.join(", ")
            ),
            None => "must be equal to one of the allowed values".to_owned(),
        }
    }

    /// `minimum` (the limit as JavaScript prints it).
    pub fn at_least(limit: &str) -> String {
        format!("must be >= {limit}")
    }

    /// `maximum`.
    pub fn at_most(limit: &str) -> String {
        format!("must be <= {limit}")
    }

    pub fn too_short(limit: usize) -> String {
        format!("must NOT have fewer than {limit} characters")
    }

    pub fn too_few_items(limit: usize) -> String {
        format!("must NOT have fewer than {limit} items")
    }

    pub fn too_many_items(limit: usize) -> String {
        format!("must NOT have more than {limit} items")
    }

    /// A failed `anyOf`/`oneOf` whose variants all expected `common_type` (`const` for
    /// constants), or had nothing in common.
    pub fn unsupported_format(common_type: Option<&str>) -> String {
        match common_type {
            Some("const") => "unsupported value".to_owned(),
            Some(type_name) => format!("unsupported {type_name} format"),
            None => unsupported_configuration_format(),
        }
    }

    pub fn unsupported_function_event() -> String {
        "unsupported function event".to_owned()
    }

    pub fn unrecognized_property(name: &str) -> String {
        format!("unrecognized property '{name}'")
    }

    pub fn missing_property(name: &str) -> String {
        format!("must have required property '{name}'")
    }

    pub fn unknown_trigger() -> String {
        format!(
            "must be equal to one of the allowed values [{}]",
            COGNITO_TRIGGERS.join(", ")
        )
    }

    pub fn too_long(limit: usize) -> String {
        format!("must NOT have more than {limit} characters")
    }

    pub fn must_match_pattern(pattern: &str) -> String {
        format!("must match pattern \"{pattern}\"")
    }

    /// A string that fits no variant of an `anyOf` of objects and a string pattern.
    pub fn unsupported_string_format() -> String {
        unsupported_format(Some("string"))
    }

    /// Something that fits no variant of an `anyOf` and is not even a string.
    pub fn unsupported_configuration_format() -> String {
        "unsupported configuration format".to_owned()
    }

    // --- hints (ours) ---

    pub fn did_you_mean(candidate: &str) -> String {
        format!("did you mean '{candidate}'?")
    }

    pub fn lambda_version_still_read() -> String {
        "not in the framework's schema, but it still uses the value as the trigger's LambdaVersion"
            .to_owned()
    }

    pub fn kms_key_format() -> String {
        "expected a KMS key ARN (arn:aws:kms:...) or an intrinsic function such as {Ref: ...} or {Fn::GetAtt: [...]}"
            .to_owned()
    }
}
