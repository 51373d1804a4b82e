//! Document symbols: functions and their events, resources, outputs.

use sls_config::{Service, TextRange, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Function,
    Event,
    Resource,
    Output,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The key and its value.
    pub range: TextRange,
    /// The key.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

pub fn symbols(root: &Value) -> Vec<Symbol> {
    let mut out = Vec::new();
    for function in Service::new(root).functions() {
        let events = function
            .events()
            .into_iter()
            .filter_map(|event| {
                let (kind, kind_range) = event.kind?;
                let detail = event
                    .cognito()
                    .map(|c| format!("{} / {}", text_or_what(c.pool), text_or_what(c.trigger)));
                Some(Symbol {
                    name: kind.to_owned(),
                    detail,
                    kind: SymbolKind::Event,
                    range: event.value.range.cover(kind_range),
                    selection: kind_range,
                    children: Vec::new(),
                })
            })
            .collect();
        out.push(Symbol {
            name: function.key.to_owned(),
            detail: function
                .get("handler")
                .and_then(Value::as_str)
                .map(str::to_owned),
            kind: SymbolKind::Function,
            range: function.key_range.cover(function.value.range),
            selection: function.key_range,
            children: events,
        });
    }
    let resources = root.get("resources");
    for (section, kind) in [
        ("Resources", SymbolKind::Resource),
        ("Outputs", SymbolKind::Output),
    ] {
        let Some(entries) = resources
            .and_then(|r| r.get(section))
            .and_then(Value::as_mapping)
        else {
            continue;
        };
        for (name, entry) in entries.iter() {
            out.push(Symbol {
                name: name.to_owned(),
                detail: entry
                    .value
                    .get("Type")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                kind,
                range: entry.key_range.cover(entry.value.range),
                selection: entry.key_range,
                children: Vec::new(),
            });
        }
    }
    out
}

fn text_or_what(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("?")
}
