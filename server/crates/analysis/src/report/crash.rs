//! The compiler's crash stand-ins (a `cognitoUserPool` event whose `pool` or `trigger` is
//! missing or not a string) say what the schema says about that property, and more: that the
//! framework crashes on it. The schema's violation of the same property of the same event is
//! left out, so one problem gives one diagnostic while the user is still typing the trigger.

use sls_compile::{CompileFailure, Compiled, ErrorCode};
use sls_config::{SchemaViolation, Service, TextRange, Value};

pub(crate) struct Crash {
    /// The event's item under `events:`.
    event: TextRange,
    property: &'static str,
    /// Where to report it when the compiler's range is empty (`trigger:` with nothing after
    /// it): the property's key.
    pub key: Option<TextRange>,
}

impl Crash {
    pub fn of(compiled: &Result<Compiled, CompileFailure>, resolved: &Value) -> Option<Crash> {
        let error = &compiled.as_ref().err()?.error;
        let at = *error.ranges.first()?;
        let event = Service::new(resolved)
            .functions()
            .into_iter()
            .flat_map(|f| f.events())
            .find(|e| e.value.range.contains_range(at))?;
        let property = match error.code {
            ErrorCode::CognitoPoolNotString => "pool",
            ErrorCode::CognitoTriggerNotString => "trigger",
            // The pool is looked at first.
            ErrorCode::CognitoEventMissingProperty => match event.cognito()?.pool {
                None => "pool",
                Some(_) => "trigger",
            },
            _ => return None,
        };
        let key = event
            .cognito()?
            .body
            .as_mapping()?
            .entry(property)
            .filter(|entry| entry.value.range == at && at.is_empty())
            .map(|entry| entry.key_range);
        Some(Crash {
            event: event.value.range,
            property,
            key,
        })
    }

    pub fn covers(&self, violation: &SchemaViolation) -> bool {
        let property = self.property;
        self.event.contains_range(violation.range)
            && (violation.path.ends_with(&format!(".{property}"))
                || violation.ajv_message == format!("must have required property '{property}'"))
    }
}
