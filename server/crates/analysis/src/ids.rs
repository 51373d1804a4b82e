//! Every logical ID of a document: the ones the compiler generated (with the config that made
//! them) and the ones the user wrote under `resources`, so diagnostics, completion, hover and
//! go to definition all ask one table.

use serde_json::Value as Json;
use sls_compile::{Compiled, Origin, OriginKind};
use std::hash::BuildHasher;

use hashbrown::HashTable;
use sls_config::{KeyHasher, TextRange, Value};

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

#[derive(Clone, Default)]
pub struct LogicalIds {
    ids: Vec<LogicalId>,
    /// Places in `ids`, hashed by name (no copy of the names): a name may be in several
    /// sections, so an entry is found by its name and section.
    index: HashTable<u32>,
    hasher: KeyHasher,
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
        if let Some(resources) = config.and_then(|c| c.get("resources")) {
            ids.add_user(resources);
        }
        ids
    }

    fn add_generated(&mut self, compiled: &Compiled) {
        let sections = Section::ALL.map(|section| {
            let entries = compiled
                .template
                .get(section.as_str())
                .and_then(Json::as_object);
            (section, entries)
        });
        let count = sections
            .iter()
            .filter_map(|(_, entries)| entries.map(|e| e.len()))
            .sum();
        self.ids.reserve(count);
        self.index.reserve(count, |_| 0);
        for (section, entries) in sections {
            for (name, body) in entries.into_iter().flatten() {
                self.push(LogicalId {
                    name: name.clone(),
                    section,
                    // What nothing noted was made by the compiler's fixed template (the
                    // deployment bucket's output): see `note_origins`.
                    generated: section != Section::Parameters,
                    resource_type: type_of(body).map(str::to_owned),
                    origins: Vec::new(),
                    user_key: None,
                });
            }
        }
        self.note_origins(compiled);
    }

    /// Each ID's origins, walking the provenance once (one hash lookup per noted name, not a
    /// search of the provenance per ID).
    fn note_origins(&mut self, compiled: &Compiled) {
        for (name, origins) in &compiled.provenance {
            let hash = self.hasher.hash_one(name.as_str());
            for &at in self.index.iter_hash(hash) {
                let id = &mut self.ids[at as usize];
                if id.name != *name {
                    continue;
                }
                id.origins = origins.clone();
                // What only the user's `resources` touched is theirs.
                id.generated = id.section != Section::Parameters
                    && (origins.is_empty() || origins.iter().any(|o| !is_user_kind(o.kind)));
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
                    None => self.push(LogicalId {
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
    }

    /// Adds an ID that is not in the table yet.
    fn push(&mut self, id: LogicalId) {
        let at = u32::try_from(self.ids.len()).expect("fewer than 2^32 logical IDs");
        let hash = self.hasher.hash_one(id.name.as_str());
        self.ids.push(id);
        let (ids, hasher) = (&self.ids, &self.hasher);
        self.index.insert_unique(hash, at, |&i| {
            hasher.hash_one(ids[i as usize].name.as_str())
        });
    }

    fn position(&self, section: Section, name: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(name);
        self.index
            .find(hash, |&at| {
                let id = &self.ids[at as usize];
                id.section == section && id.name == name
            })
            .map(|&at| at as usize)
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
        let hash = self.hasher.hash_one(name);
        self.index
            .find(hash, |&at| {
                let id = &self.ids[at as usize];
                id.section != Section::Outputs && id.name == name
            })
            .is_some()
    }
}

/// The index is derived from the IDs (and its hasher is seeded at random): equal tables have
/// equal IDs.
impl PartialEq for LogicalIds {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids && self.complete == other.complete
    }
}

impl std::fmt::Debug for LogicalIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogicalIds")
            .field("ids", &self.ids)
            .field("complete", &self.complete)
            .finish()
    }
}

/// A template entry's `Type`: its body's keys are few and `Type` comes first, so a look along
/// them is cheaper than hashing the key (serde_json's maps hash with SipHash).
fn type_of(body: &Json) -> Option<&str> {
    let (_, value) = body.as_object()?.iter().find(|(key, _)| *key == "Type")?;
    value.as_str()
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
