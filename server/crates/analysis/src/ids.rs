//! Every logical ID of a document: the ones the compiler generated (with the config that made
//! them) and the ones the user wrote under `resources`, so diagnostics, completion, hover and
//! go to definition all ask one table.

use serde_json::Value as Json;
use sls_compile::{Compiled, Origin, OriginKind};
use sls_config::{TextRange, Value};

/// The template sections whose keys are logical IDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Resources,
    Outputs,
    Parameters,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Resources, Section::Outputs, Section::Parameters];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Resources => "Resources",
            Section::Outputs => "Outputs",
            Section::Parameters => "Parameters",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogicalId {
    pub name: String,
    pub section: Section,
    /// Made by the compiler (the user may change it too: see `user_key`).
    pub generated: bool,
    /// `Type` in the compiled template, or as the user wrote it when nothing compiled.
    pub resource_type: Option<String>,
    /// The config that made or changed it, in the order it acted (the compiler's provenance).
    pub origins: Vec<Origin>,
    /// Where the user wrote it: its key under `resources.<section>`.
    pub user_key: Option<TextRange>,
}

impl LogicalId {
    /// The first place that generated it (a function, an event, provider settings).
    pub fn generated_by(&self) -> Option<&Origin> {
        self.origins.iter().find(|o| !is_user_kind(o.kind))
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogicalIds {
    ids: Vec<LogicalId>,
    /// Places in `ids`, by name then section: found by binary search (no copy of the names).
    sorted: Vec<usize>,
    /// The compilation succeeded, so every generated ID is known. When it did not, only the
    /// user's IDs are listed, and "no such ID" cannot be told.
    pub complete: bool,
}

impl LogicalIds {
    /// The IDs of `compiled` (when the compilation succeeded) and of the user's `resources`
    /// in `config` (after variables).
    pub fn new(compiled: Option<&Compiled>, config: Option<&Value>) -> Self {
        let mut ids = LogicalIds {
            complete: compiled.is_some(),
            ..LogicalIds::default()
        };
        if let Some(compiled) = compiled {
            ids.add_generated(compiled);
        }
        ids.sort();
        if let Some(resources) = config.and_then(|c| c.get("resources")) {
            ids.add_user(resources);
        }
        ids
    }

    fn sort(&mut self) {
        let ids = &self.ids;
        self.sorted = (0..ids.len()).collect();
        self.sorted
            .sort_by(|&a, &b| (&ids[a].name, ids[a].section).cmp(&(&ids[b].name, ids[b].section)));
    }

    fn add_generated(&mut self, compiled: &Compiled) {
        for section in [Section::Resources, Section::Outputs, Section::Parameters] {
            let Some(entries) = compiled
                .template
                .get(section.as_str())
                .and_then(Json::as_object)
            else {
                continue;
            };
            for (name, body) in entries {
                let origins = compiled.provenance.get(name).cloned().unwrap_or_default();
                // What only the user's `resources` touched is theirs; what nothing noted was
                // made by the compiler's fixed template (the deployment bucket's output).
                let generated = section != Section::Parameters
                    && (origins.is_empty() || origins.iter().any(|o| !is_user_kind(o.kind)));
                self.ids.push(LogicalId {
                    name: name.clone(),
                    section,
                    generated,
                    resource_type: body.get("Type").and_then(Json::as_str).map(str::to_owned),
                    origins,
                    user_key: None,
                });
            }
        }
    }

    fn add_user(&mut self, resources: &Value) {
        for section in Section::ALL {
            let Some(entries) = resources.get(section.as_str()).and_then(Value::as_mapping) else {
                continue;
            };
            for (name, entry) in entries.iter() {
                match self.position(section, name) {
                    Some(at) => self.ids[at].user_key = Some(entry.key_range),
                    None => self.ids.push(LogicalId {
                        name: name.to_owned(),
                        section,
                        generated: false,
                        resource_type: entry
                            .value
                            .get("Type")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        origins: Vec::new(),
                        user_key: Some(entry.key_range),
                    }),
                }
            }
        }
        // The user's new IDs are few: one more sort keeps lookups simple.
        if self.sorted.len() != self.ids.len() {
            self.sort();
        }
    }

    fn position(&self, section: Section, name: &str) -> Option<usize> {
        let ids = &self.ids;
        self.sorted
            .binary_search_by(|&at| (ids[at].name.as_str(), ids[at].section).cmp(&(name, section)))
            .ok()
            .map(|found| self.sorted[found])
    }

    pub fn get(&self, section: Section, name: &str) -> Option<&LogicalId> {
        self.position(section, name).map(|at| &self.ids[at])
    }

    pub fn resource(&self, name: &str) -> Option<&LogicalId> {
        self.get(Section::Resources, name)
    }

    /// Every ID, generated ones first in template order, then the user's new ones.
    pub fn iter(&self) -> impl Iterator<Item = &LogicalId> {
        self.ids.iter()
    }

    pub fn in_section(&self, section: Section) -> impl Iterator<Item = &LogicalId> {
        self.ids.iter().filter(move |id| id.section == section)
    }

    /// What `Ref` may name: a resource or a parameter (pseudo parameters aside).
    pub fn is_ref_target(&self, name: &str) -> bool {
        self.resource(name).is_some() || self.get(Section::Parameters, name).is_some()
    }
}

fn is_user_kind(kind: OriginKind) -> bool {
    matches!(kind, OriginKind::Override | OriginKind::Extension)
}

/// CloudFormation's pseudo parameters: `Ref` targets that no template defines.
pub const PSEUDO_PARAMETERS: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];
