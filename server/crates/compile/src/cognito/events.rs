//! The `cognitoUserPool` events of a service, in the framework's walk order: functions in
//! declaration order, then each function's events in order.

use sls_config::{Function, Service, TextRange, Value, is_custom_sender};

use super::coerce::{PoolName, coerced_truthy};

/// One `cognitoUserPool` event, with its values as the compiler reads them.
#[derive(Debug, Clone)]
pub(super) struct CognitoEventRef<'a> {
    pub function: Function<'a>,
    pub index: usize,
    /// The whole item under `events:` (what provenance points at).
    pub range: TextRange,
    /// What `cognitoUserPool:` holds.
    pub body: &'a Value,
    pub pool: PoolName<'a>,
    pub pool_value: Option<&'a Value>,
    pub trigger: Option<&'a Value>,
    pub kms_key_id: Option<&'a Value>,
    /// Not in the schema, but read (case 21).
    pub lambda_version: Option<&'a Value>,
    pub existing: bool,
    pub force_deploy: bool,
}

impl<'a> CognitoEventRef<'a> {
    pub fn trigger_str(&self) -> Option<&'a str> {
        self.trigger.and_then(Value::as_str)
    }

    pub fn is_custom_sender(&self) -> bool {
        self.trigger_str().is_some_and(is_custom_sender)
    }

    /// `functions.<key>.events.<i>.cognitoUserPool`, as the framework's schema messages name it.
    pub fn path(&self) -> String {
        format!(
            "functions.{}.events.{}.cognitoUserPool",
            self.function.key, self.index
        )
    }

    pub fn pool_range(&self) -> TextRange {
        self.pool_value.map_or(self.body.range, |v| v.range)
    }

    pub fn trigger_range(&self) -> TextRange {
        self.trigger.map_or(self.body.range, |v| v.range)
    }
}

/// Every event whose `cognitoUserPool` is truthy (any key of the item, as the framework tests
/// `if (event.cognitoUserPool)`).
pub(super) fn collect<'a>(service: &Service<'a>) -> Vec<CognitoEventRef<'a>> {
    let mut found = Vec::new();
    for function in service.functions() {
        for event in function.events() {
            let Some(cognito) = event.cognito() else {
                continue;
            };
            found.push(CognitoEventRef {
                function,
                index: event.index,
                range: event.value.range,
                body: cognito.body,
                pool: PoolName::new(cognito.pool),
                pool_value: cognito.pool,
                trigger: cognito.trigger,
                kms_key_id: cognito.kms_key_id,
                lambda_version: cognito.lambda_version,
                existing: coerced_truthy(cognito.existing),
                force_deploy: coerced_truthy(cognito.force_deploy),
            });
        }
    }
    found
}

/// `value || 'V1_0'` for a custom sender's `LambdaVersion`.
pub(super) fn lambda_version_json(event: &CognitoEventRef<'_>) -> serde_json::Value {
    match event.lambda_version {
        Some(v) if v.is_truthy() => v.to_json(),
        _ => serde_json::Value::String("V1_0".to_owned()),
    }
}
