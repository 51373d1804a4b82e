//! Behaviour tests of the pipeline around the event plugins, on configs written as JSON (the
//! oracle test covers the same ground from YAML against the real framework's output).

mod finalize;
mod functions;
mod provider;

use serde_json::Value as Json;
use sls_config::Value;

use crate::{CompileFailure, CompileOptions, Compiled, compile, render};

pub fn config(json: Json) -> Value {
    Value::from_json(&json, Default::default())
}

pub fn options() -> CompileOptions {
    CompileOptions {
        normalize: true,
        now_ms: Some(1_795_675_293_773),
        ..CompileOptions::default()
    }
}

pub fn compiled(json: Json) -> Compiled {
    compile(&config(json), &options()).unwrap_or_else(|f| panic!("{}", f.error.message))
}

pub fn failed(json: Json) -> CompileFailure {
    match compile(&config(json), &options()) {
        Ok(_) => panic!("expected an error"),
        Err(failure) => failure,
    }
}

pub fn rendered(json: Json) -> String {
    render(&compiled(json).template)
}

/// `Resources.<id>` of a compiled template.
pub fn resource(compiled: &Compiled, id: &str) -> Json {
    compiled.template["Resources"][id].clone()
}

pub fn keys(value: &Json) -> Vec<&str> {
    value
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
