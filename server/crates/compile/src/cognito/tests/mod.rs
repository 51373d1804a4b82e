//! Behaviour tests: services written as JSON (already resolved and coerced, as the pipeline
//! hands them over, unless a test says otherwise) and the Resources they compile to.

mod errors;
mod existing_pools;
mod new_pools;
mod provenance;

use serde_json::{Value as Json, json};

/// A service `cup-test` with these functions.
fn service(functions: Json) -> Json {
    json!({
        "service": "cup-test",
        "provider": { "name": "aws", "runtime": "nodejs18.x", "region": "us-east-1" },
        "functions": functions,
    })
}

/// One function `key` with these `cognitoUserPool` event bodies.
fn function(handler: &str, events: &[Json]) -> Json {
    let events: Vec<Json> = events
        .iter()
        .map(|body| json!({ "cognitoUserPool": body }))
        .collect();
    json!({ "handler": format!("{handler}.handler"), "events": events })
}
