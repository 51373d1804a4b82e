//! The service model: typed views over the [`Value`] tree. A view borrows the values it reads,
//! so every field still has its range, and a value the framework would accept in `warn` mode
//! (an invalid trigger, `existing: "true"`) is still there for the compiler to use as-is.

use crate::{TextRange, Value};

/// The 12 triggers of the event schema's enum, in the framework's order.
pub const COGNITO_TRIGGERS: [&str; 12] = [
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
    "CustomSMSSender",
    "CustomEmailSender",
];

/// Triggers whose LambdaConfig entry carries `LambdaVersion` and needs a pool-level `KMSKeyID`.
pub fn is_custom_sender(trigger: &str) -> bool {
    matches!(trigger, "CustomSMSSender" | "CustomEmailSender")
}

#[derive(Debug, Clone, Copy)]
pub struct Service<'a> {
    pub root: &'a Value,
}

impl<'a> Service<'a> {
    pub fn new(root: &'a Value) -> Self {
        Service { root }
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.root.get(key)
    }

    /// `service:` (a string, or the legacy `{name: ...}` form).
    pub fn name(&self) -> Option<&'a Value> {
        let service = self.get("service")?;
        match service.get("name") {
            Some(name) => Some(name),
            None => Some(service),
        }
    }

    pub fn provider(&self) -> Provider<'a> {
        Provider {
            value: self.get("provider"),
        }
    }

    pub fn custom(&self) -> Option<&'a Value> {
        self.get("custom")
    }

    pub fn params(&self) -> Option<&'a Value> {
        self.get("params")
    }

    pub fn resources(&self) -> Option<&'a Value> {
        self.get("resources")
    }

    /// The functions in declaration order. Entries whose value is not a mapping are kept (the
    /// framework tolerates `null` bodies in warn mode until it needs a handler).
    pub fn functions(&self) -> Vec<Function<'a>> {
        let Some(functions) = self.get("functions").and_then(Value::as_mapping) else {
            return Vec::new();
        };
        functions
            .iter()
            .map(|(key, entry)| Function {
                key,
                key_range: entry.key_range,
                value: &entry.value,
            })
            .collect()
    }

    pub fn function(&self, key: &str) -> Option<Function<'a>> {
        self.functions().into_iter().find(|f| f.key == key)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Provider<'a> {
    pub value: Option<&'a Value>,
}

impl<'a> Provider<'a> {
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.value?.get(key)
    }

    pub fn get_path(&self, path: &[&str]) -> Option<&'a Value> {
        self.value?.get_path(path.iter().copied())
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Function<'a> {
    /// The key under `functions:`: every logical ID is made from it.
    pub key: &'a str,
    pub key_range: TextRange,
    pub value: &'a Value,
}

impl<'a> Function<'a> {
    /// The function's entry, from its key to the end of its value.
    pub fn entry_range(&self) -> TextRange {
        crate::value::entry_range(self.key_range, self.value)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.value.get(key)
    }

    pub fn events(&self) -> Vec<Event<'a>> {
        let Some(events) = self.get("events").and_then(Value::as_sequence) else {
            return Vec::new();
        };
        events
            .iter()
            .enumerate()
            .map(|(index, value)| Event::new(index, value))
            .collect()
    }
}

/// One item of a function's `events:` list: a mapping with one key, the event kind.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub index: usize,
    pub value: &'a Value,
    /// The event kind (`cognitoUserPool`, `http`, ...) and its key's range.
    pub kind: Option<(&'a str, TextRange)>,
    /// What the kind key holds.
    pub body: Option<&'a Value>,
}

impl<'a> Event<'a> {
    fn new(index: usize, value: &'a Value) -> Self {
        let first = value.as_mapping().and_then(|m| m.iter().next());
        Event {
            index,
            value,
            kind: first.map(|(k, e)| (k, e.key_range)),
            body: first.map(|(_, e)| &e.value),
        }
    }

    pub fn kind_name(&self) -> Option<&'a str> {
        self.kind.map(|(k, _)| k)
    }

    /// The item's `cognitoUserPool` body. Like the framework (`if (event.cognitoUserPool)`), any
    /// truthy `cognitoUserPool` key counts, even when it is not the item's first key.
    pub fn cognito(&self) -> Option<CognitoEvent<'a>> {
        let body = self
            .value
            .get("cognitoUserPool")
            .filter(|body| body.is_truthy())?;
        Some(CognitoEvent {
            body,
            pool: body.get("pool"),
            trigger: body.get("trigger"),
            existing: body.get("existing"),
            force_deploy: body.get("forceDeploy"),
            kms_key_id: body.get("kmsKeyId"),
            lambda_version: body.get("lambdaVersion"),
        })
    }
}

/// A `cognitoUserPool` event's fields, as written (after variables and coercion when the
/// compiler builds it; raw when `check` does).
#[derive(Debug, Clone, Copy)]
pub struct CognitoEvent<'a> {
    pub body: &'a Value,
    pub pool: Option<&'a Value>,
    pub trigger: Option<&'a Value>,
    pub existing: Option<&'a Value>,
    pub force_deploy: Option<&'a Value>,
    pub kms_key_id: Option<&'a Value>,
    /// Not in the schema (a warning) but read by the compiler.
    pub lambda_version: Option<&'a Value>,
}

impl CognitoEvent<'_> {
    /// `existing` tested for truthiness, as the compiler does after coercion.
    pub fn is_existing(&self) -> bool {
        self.existing.is_some_and(Value::is_truthy)
    }
}
