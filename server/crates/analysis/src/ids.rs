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

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogicalId<'a> {
    pub name: &'a str,
    pub section: Section,
    /// Made by the compiler (the user may change it too: see `user_key`).
    pub generated: bool,
    /// `Type` in the compiled template, or as the user wrote it when nothing compiled.
    pub resource_type: Option<&'a str>,
    /// The config that made or changed it, in the order it acted (the compiler's provenance).
    pub origins: &'a [Origin],
    /// Where the user wrote it: its key under `resources.<section>`.
    pub user_key: Option<TextRange>,
}

impl<'a> LogicalId<'a> {
    /// The first place that generated it (a function, an event, provider settings).
    pub fn generated_by(&self) -> Option<&'a Origin> {
        self.origins.iter().find(|o| !is_user_kind(o.kind))
    }
}

/// One ID as the table stores it: its strings and origins are spans of buffers shared by all
/// IDs, so a table of thousands of IDs is a few allocations, not three per ID.
#[derive(Clone)]
struct Entry {
    /// Bytes of `LogicalIds::names`.
    name: (u32, u32),
    section: Section,
    generated: bool,
    /// Index in `LogicalIds::types`.
    resource_type: Option<u32>,
    /// Items of `LogicalIds::origins`.
    origins: (u32, u32),
    user_key: Option<TextRange>,
}

#[derive(Clone, Default)]
pub struct LogicalIds {
    entries: Vec<Entry>,
    /// Every ID's name, one after the other.
    names: String,
    /// The distinct types (a template has a handful).
    types: Vec<Box<str>>,
    /// Every ID's origins, one ID's after the other.
    origins: Vec<Origin>,
    /// Places in `entries`, hashed by name: a name may be in several sections, so an entry is
    /// found by its name and section.
    index: HashTable<u32>,
    hasher: KeyHasher,
    /// The compilation succeeded, so every generated ID is known. When it did not, only the
    /// user's IDs are listed, and "no such ID" cannot be told.
    pub complete: bool,
}

/// A span of a buffer, as stored in an [`Entry`].
fn span(start: usize, end: usize) -> (u32, u32) {
    let at = |n: usize| u32::try_from(n).expect("logical IDs fit in 4 GiB");
    (at(start), at(end))
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
        self.entries.reserve(count);
        self.index.reserve(count, |_| 0);
        // Generated names are about this long: one growth of the buffer at most, usually.
        self.names.reserve(count * 32);
        self.origins.reserve(count * 2);
        for (section, entries) in sections {
            for (name, body) in entries.into_iter().flatten() {
                let resource_type = type_of(body).map(|t| self.type_index(t));
                // What nothing noted was made by the compiler's fixed template (the
                // deployment bucket's output): see `note_origins`.
                self.push(
                    name,
                    section,
                    section != Section::Parameters,
                    resource_type,
                    None,
                );
            }
        }
        self.note_origins(compiled);
    }

    /// Each ID's origins, walking the provenance once (one hash lookup per noted name, not a
    /// search of the provenance per ID).
    fn note_origins(&mut self, compiled: &Compiled) {
        for (name, origins) in &compiled.provenance {
            let hash = self.hasher.hash_one(name.as_str());
            // The origins are copied once, for every section that has the name.
            let mut copied: Option<(u32, u32)> = None;
            for &at in self.index.iter_hash(hash) {
                let entry = &self.entries[at as usize];
                if &self.names[entry.name.0 as usize..entry.name.1 as usize] != name {
                    continue;
                }
                let span = *copied.get_or_insert_with(|| {
                    let start = self.origins.len();
                    self.origins.extend_from_slice(origins);
                    span(start, self.origins.len())
                });
                let entry = &mut self.entries[at as usize];
                entry.origins = span;
                // What only the user's `resources` touched is theirs.
                entry.generated = entry.section != Section::Parameters
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
                    Some(at) => self.entries[at].user_key = Some(entry.key_range),
                    None => {
                        let resource_type = entry
                            .value
                            .get("Type")
                            .and_then(Value::as_str)
                            .map(|t| self.type_index(t));
                        self.push(name, section, false, resource_type, Some(entry.key_range));
                    }
                }
            }
        }
    }

    /// `resource_type`'s place in `types`, added if new: a look along the few distinct types
    /// (the last one found first: templates list a function's resources together).
    fn type_index(&mut self, resource_type: &str) -> u32 {
        let found = self
            .types
            .iter()
            .rposition(|t| **t == *resource_type)
            .unwrap_or_else(|| {
                self.types.push(resource_type.into());
                self.types.len() - 1
            });
        u32::try_from(found).expect("fewer than 2^32 types")
    }

    /// Adds an ID that is not in the table yet (without origins).
    fn push(
        &mut self,
        name: &str,
        section: Section,
        generated: bool,
        resource_type: Option<u32>,
        user_key: Option<TextRange>,
    ) {
        let at = u32::try_from(self.entries.len()).expect("fewer than 2^32 logical IDs");
        let hash = self.hasher.hash_one(name);
        let start = self.names.len();
        self.names.push_str(name);
        self.entries.push(Entry {
            name: span(start, self.names.len()),
            section,
            generated,
            resource_type,
            origins: (0, 0),
            user_key,
        });
        let (entries, names, hasher) = (&self.entries, &self.names, &self.hasher);
        self.index.insert_unique(hash, at, |&i| {
            let (start, end) = entries[i as usize].name;
            hasher.hash_one(&names[start as usize..end as usize])
        });
    }

    fn name_of(&self, entry: &Entry) -> &str {
        &self.names[entry.name.0 as usize..entry.name.1 as usize]
    }

    fn view<'a>(&'a self, entry: &'a Entry) -> LogicalId<'a> {
        LogicalId {
            name: self.name_of(entry),
            section: entry.section,
            generated: entry.generated,
            resource_type: entry.resource_type.map(|t| &*self.types[t as usize]),
            origins: &self.origins[entry.origins.0 as usize..entry.origins.1 as usize],
            user_key: entry.user_key,
        }
    }

    fn find(&self, name: &str, matches: impl Fn(Section) -> bool) -> Option<usize> {
        let hash = self.hasher.hash_one(name);
        self.index
            .find(hash, |&at| {
                let entry = &self.entries[at as usize];
                matches(entry.section) && self.name_of(entry) == name
            })
            .map(|&at| at as usize)
    }

    fn position(&self, section: Section, name: &str) -> Option<usize> {
        self.find(name, |s| s == section)
    }

    pub fn get(&self, section: Section, name: &str) -> Option<LogicalId<'_>> {
        self.position(section, name)
            .map(|at| self.view(&self.entries[at]))
    }

    pub fn resource(&self, name: &str) -> Option<LogicalId<'_>> {
        self.get(Section::Resources, name)
    }

    /// Every ID, generated ones first in template order, then the user's new ones.
    pub fn iter(&self) -> impl Iterator<Item = LogicalId<'_>> {
        self.entries.iter().map(|entry| self.view(entry))
    }

    pub fn in_section(&self, section: Section) -> impl Iterator<Item = LogicalId<'_>> {
        self.iter().filter(move |id| id.section == section)
    }

    /// What `Ref` may name: a resource or a parameter (pseudo parameters aside).
    pub fn is_ref_target(&self, name: &str) -> bool {
        self.find(name, |s| s != Section::Outputs).is_some()
    }
}

/// The index is derived from the IDs (and its hasher is seeded at random), the buffers are
/// how they are stored: equal tables have equal IDs.
impl PartialEq for LogicalIds {
    fn eq(&self, other: &Self) -> bool {
        self.complete == other.complete && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for LogicalIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogicalIds")
            .field("ids", &self.iter().collect::<Vec<_>>())
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
