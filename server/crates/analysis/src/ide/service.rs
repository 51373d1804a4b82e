//! The parts of the service the editor features point at, with their ranges in the text.

use sls_config::{Service, TextRange, Value};

/// One `cognitoUserPool` event as written.
#[derive(Debug, Clone, Copy)]
pub struct WrittenCognitoEvent<'a> {
    pub function: &'a str,
    pub function_range: TextRange,
    /// The whole event item.
    pub range: TextRange,
    /// The `cognitoUserPool` key.
    pub kind_range: TextRange,
    pub body: &'a Value,
    pub pool: Option<(&'a str, TextRange)>,
    pub trigger: Option<(&'a str, TextRange)>,
}

pub fn cognito_events(root: &Value) -> impl Iterator<Item = WrittenCognitoEvent<'_>> {
    Service::new(root)
        .functions()
        .into_iter()
        .flat_map(|function| {
            function.events().into_iter().filter_map(move |event| {
                let cognito = event.cognito()?;
                Some(WrittenCognitoEvent {
                    function: function.key,
                    function_range: function.key_range,
                    range: event.value.range,
                    kind_range: event
                        .value
                        .as_mapping()?
                        .entry("cognitoUserPool")?
                        .key_range,
                    body: cognito.body,
                    pool: written_str(cognito.pool),
                    trigger: written_str(cognito.trigger),
                })
            })
        })
}

fn written_str(value: Option<&Value>) -> Option<(&str, TextRange)> {
    let value = value?;
    Some((value.as_str()?, value.range))
}
