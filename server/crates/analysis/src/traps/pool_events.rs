//! The service's `cognitoUserPool` events as the traps read them: in the framework's walk order
//! (functions in declaration order, then their events), after variables and coercion.

use sls_config::{MapEntry, Service, TextRange, Value, is_custom_sender};

pub(crate) struct PoolEvent<'a> {
    pub function: &'a str,
    pub body: &'a Value,
    /// The pool's name; `None` when missing or not a string (the compiler's crash cases).
    pub pool: Option<&'a str>,
    pub pool_range: TextRange,
    pub trigger: Option<&'a str>,
    pub trigger_range: TextRange,
    pub existing: bool,
}

impl<'a> PoolEvent<'a> {
    pub fn entry(&self, key: &str) -> Option<&'a MapEntry> {
        self.body.as_mapping()?.entry(key)
    }

    pub fn is_custom_sender(&self) -> bool {
        self.trigger.is_some_and(is_custom_sender)
    }
}

pub(crate) struct PoolEvents<'a> {
    pub all: Vec<PoolEvent<'a>>,
}

impl<'a> PoolEvents<'a> {
    pub fn collect(config: &'a Value) -> Self {
        let mut all = Vec::new();
        for function in Service::new(config).functions() {
            for event in function.events() {
                let Some(cognito) = event.cognito() else {
                    continue;
                };
                let value_range = |v: Option<&Value>| v.map_or(cognito.body.range, |v| v.range);
                all.push(PoolEvent {
                    function: function.key,
                    body: cognito.body,
                    pool: cognito.pool.and_then(Value::as_str),
                    pool_range: value_range(cognito.pool),
                    trigger: cognito.trigger.and_then(Value::as_str),
                    trigger_range: value_range(cognito.trigger),
                    existing: cognito.is_existing(),
                });
            }
        }
        PoolEvents { all }
    }

    /// Events that create their pool (no truthy `existing`).
    pub fn new_pools(&self) -> impl Iterator<Item = &PoolEvent<'a>> {
        self.all.iter().filter(|e| !e.existing)
    }
}
