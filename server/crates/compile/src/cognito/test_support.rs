//! Services for the tests: built from JSON, every node given its own range so a test can tell
//! which value an error points at.

use serde_json::{Map, Value as Json};
use sls_config::{Service, TextRange, TextSize, Value, ValueKind};

use crate::{CompileError, CompileOptions, Ctx};

pub(super) struct Fixture {
    pub root: Value,
    pub options: CompileOptions,
}

impl Fixture {
    pub fn new(json: Json) -> Self {
        let mut root = Value::from_json(&json, TextRange::default());
        let mut next = 0;
        number_ranges(&mut root, &mut next);
        Fixture {
            root,
            options: CompileOptions::default(),
        }
    }

    pub fn with_options(mut self, options: CompileOptions) -> Self {
        self.options = options;
        self
    }

    /// A context as the pipeline would hand it over (only the Resources the test puts there).
    pub fn ctx(&self) -> Ctx<'_> {
        let mut ctx = Ctx::new(Service::new(&self.root), &self.options).expect("a service name");
        ctx.template
            .insert("Resources".to_owned(), Json::Object(Map::new()));
        ctx
    }

    pub fn compile(&self) -> Result<Ctx<'_>, CompileError> {
        let mut ctx = self.ctx();
        super::compile_cognito_events(&mut ctx)?;
        Ok(ctx)
    }

    /// The generated Resources, as the oracle prints them (normalized).
    pub fn resources(&self) -> String {
        let ctx = self.compile().expect("compiles");
        let mut template = Json::Object(ctx.template);
        crate::js::drop_undefined(&mut template);
        crate::normalize::normalize(&mut template);
        serde_json::to_string_pretty(&template["Resources"]).expect("serializes")
    }

    pub fn error(&self) -> CompileError {
        match self.compile() {
            Ok(_) => panic!("expected a compile error"),
            Err(e) => e,
        }
    }

    /// The range of the value at a `/`-separated path (`functions/users/events/0/...`).
    pub fn range(&self, path: &str) -> TextRange {
        let mut node = &self.root;
        for step in path.split('/') {
            node = match &node.kind {
                ValueKind::Sequence(items) => &items[step.parse::<usize>().expect("an index")],
                _ => node
                    .get(step)
                    .unwrap_or_else(|| panic!("no {step} in {path}")),
            };
        }
        node.range
    }
}

fn number_ranges(value: &mut Value, next: &mut u32) {
    value.range = TextRange::at(TextSize::new(*next), TextSize::new(1));
    *next += 1;
    match &mut value.kind {
        ValueKind::Sequence(items) => items.iter_mut().for_each(|v| number_ranges(v, next)),
        ValueKind::Mapping(mapping) => {
            for entry in mapping.entries.values_mut() {
                entry.key_range = TextRange::at(TextSize::new(*next), TextSize::new(1));
                *next += 1;
                number_ranges(&mut entry.value, next);
            }
        }
        _ => {}
    }
}

/// The resource IDs in template order.
pub(super) fn ids(ctx: &Ctx<'_>) -> Vec<String> {
    ctx.resources()
        .map(|r| r.keys().cloned().collect())
        .unwrap_or_default()
}
