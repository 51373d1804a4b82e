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
    /// How many entries each template section has (the first entries, in `Section::ALL`
    /// order): what an update from this table checks first.
    template_counts: [usize; 3],
    /// Bytes of `names` that no entry uses any more (renamed by updates).
    unused_names: usize,
    /// Made by updating an earlier table (see [`LogicalIds::new_reusing`]).
    updated: bool,
    /// For each name of the provenance, in its order: the one entry it was noted on, or
    /// `NOT_ONE` (on none, or on several). An update finds the same names there.
    noted: Vec<u32>,
}

/// In `LogicalIds::noted`: not on exactly one entry.
const NOT_ONE: u32 = u32::MAX;

/// A span of a buffer, as stored in an [`Entry`].
fn span(start: usize, end: usize) -> (u32, u32) {
    let at = |n: usize| u32::try_from(n).expect("logical IDs fit in 4 GiB");
    (at(start), at(end))
}

impl LogicalIds {
    /// The IDs of `compiled` (when the compilation succeeded) and of the user's `resources`
    /// in `config` (after variables).
    pub fn new(compiled: Option<&Compiled>, config: Option<&Value>) -> Self {
        Self::new_reusing(compiled, config, None)
    }

    /// [`LogicalIds::new`], made by updating `previous` (the table of an earlier version of
    /// the same document) where its template lists as many IDs per section: after most edits
    /// only a few names differ, at the same places (a function's version renamed), so the
    /// names are compared instead of hashed and copied one by one. What it checks makes it
    /// equal to a new table; `tests/incremental.rs` compares them after every edit.
    pub fn new_reusing(
        compiled: Option<&Compiled>,
        config: Option<&Value>,
        previous: Option<&LogicalIds>,
    ) -> Self {
        let updated = compiled.zip(previous).and_then(|(c, p)| p.updated(c));
        let mut ids = updated.unwrap_or_else(|| {
            let mut ids = LogicalIds {
                complete: compiled.is_some(),
                ..LogicalIds::default()
            };
            if let Some(compiled) = compiled {
                ids.add_generated(compiled);
            }
            ids
        });
        if let Some(resources) = config.and_then(|c| c.get("resources")) {
            ids.add_user(resources);
        }
        ids
    }

    /// Made by updating an earlier table rather than anew.
    pub fn is_updated(&self) -> bool {
        self.updated
    }

    fn add_generated(&mut self, compiled: &Compiled) {
        let sections = template_sections(compiled);
        self.template_counts = sections.map(|(_, entries)| entries.map_or(0, |e| e.len()));
        let count = self.template_counts.iter().sum();
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
        self.note_origins(compiled, &[]);
    }

    /// This table's generated IDs made those of `compiled`, or `None` where the template
    /// lists a different number of IDs in a section, or many IDs were renamed (then a new
    /// table costs less).
    fn updated(&self, compiled: &Compiled) -> Option<LogicalIds> {
        // Past this many, a new table is cheaper than renaming entries one by one.
        const MAX_RENAMED: usize = 64;
        let sections = template_sections(compiled);
        let counts = sections.map(|(_, entries)| entries.map_or(0, |e| e.len()));
        if !self.complete || counts != self.template_counts {
            return None;
        }
        let generated: usize = counts.iter().sum();
        let mut ids = LogicalIds {
            entries: self.entries[..generated].to_vec(),
            names: self.names.clone(),
            types: self.types.clone(),
            origins: Vec::with_capacity(self.origins.len()),
            index: self.index.clone(),
            hasher: self.hasher.clone(),
            complete: true,
            template_counts: counts,
            unused_names: self.unused_names,
            updated: true,
            noted: Vec::with_capacity(self.noted.len()),
        };
        // The user's own IDs are listed again after (their `resources` may have changed).
        for (at, entry) in self.entries.iter().enumerate().skip(generated) {
            ids.unindex(at, self.name_of(entry));
            ids.unused_names += self.name_of(entry).len();
        }
        let mut renamed = Vec::new();
        let mut at = 0;
        for (section, entries) in sections {
            for (name, body) in entries.into_iter().flatten() {
                if ids.name_of(&ids.entries[at]) != name {
                    if renamed.len() == MAX_RENAMED {
                        return None;
                    }
                    renamed.push(at);
                    ids.rename(at, name);
                }
                let resource_type = type_of(body);
                let kept = ids.entries[at]
                    .resource_type
                    .map(|t| &*ids.types[t as usize]);
                if kept != resource_type {
                    ids.entries[at].resource_type = resource_type.map(|t| ids.type_index(t));
                }
                // As `add_generated` pushes it; `note_origins` and `add_user` do the rest.
                let entry = &mut ids.entries[at];
                entry.generated = section != Section::Parameters;
                entry.origins = (0, 0);
                entry.user_key = None;
                at += 1;
            }
        }
        // Renamed often enough, the names are mostly unused bytes: a new table compacts them.
        if ids.unused_names > ids.names.len() / 2 {
            return None;
        }
        // A renamed entry's name on another entry too (in another section) would be missed
        // where the walk of the provenance finds a name by its earlier place.
        let shared = |at: &usize| {
            let name = ids.name_of(&ids.entries[*at]);
            let hash = ids.hasher.hash_one(name);
            let on = ids.index.iter_hash(hash);
            on.filter(|&&i| ids.name_of(&ids.entries[i as usize]) == name)
                .count()
                > 1
        };
        if renamed.iter().any(shared) {
            return None;
        }
        ids.note_origins(compiled, &self.noted);
        Some(ids)
    }

    /// Entry `at`, named `name` instead, its old name left unused in `names`.
    fn rename(&mut self, at: usize, name: &str) {
        let old = self.entries[at].name;
        let old_name = &self.names[old.0 as usize..old.1 as usize];
        let hash = self.hasher.hash_one(old_name);
        let at_u32 = u32::try_from(at).expect("fewer than 2^32 logical IDs");
        if let Ok(found) = self.index.find_entry(hash, |&i| i == at_u32) {
            found.remove();
        }
        self.unused_names += old_name.len();
        let start = self.names.len();
        self.names.push_str(name);
        self.entries[at].name = span(start, self.names.len());
        self.index_entry(at_u32);
    }

    /// Entry `at` (named `name`) taken out of the index.
    fn unindex(&mut self, at: usize, name: &str) {
        let hash = self.hasher.hash_one(name);
        let at = u32::try_from(at).expect("fewer than 2^32 logical IDs");
        if let Ok(found) = self.index.find_entry(hash, |&i| i == at) {
            found.remove();
        }
    }

    /// Each ID's origins, walking the provenance once (one hash lookup per noted name, not a
    /// search of the provenance per ID). `earlier`: the `noted` of the table this one was
    /// updated from (its entries at the same places): a name found there (compared, not
    /// hashed) is on that entry alone, as the names of the other entries differ.
    fn note_origins(&mut self, compiled: &Compiled, earlier: &[u32]) {
        self.noted.reserve(compiled.provenance.len());
        let mut next = 0;
        for (name, origins) in &compiled.provenance {
            // The same name as at the same place in the earlier walk, or after one name the
            // edit removed (a renamed ID); else looked up.
            let aligned = [next, next + 1].into_iter().find(|&k| {
                earlier.get(k).is_some_and(|&at| {
                    at != NOT_ONE
                        && self
                            .entries
                            .get(at as usize)
                            .is_some_and(|entry| self.name_of(entry) == name)
                })
            });
            if let Some(k) = aligned {
                next = k + 1;
                let at = earlier[k];
                let start = self.origins.len();
                self.origins.extend_from_slice(origins);
                self.set_origins(at as usize, span(start, self.origins.len()));
                self.noted.push(at);
                continue;
            }
            let hash = self.hasher.hash_one(name.as_str());
            // One entry per section at most (a template's keys are unique per section).
            let mut on = [NOT_ONE; Section::ALL.len()];
            let mut found = 0;
            for &at in self.index.iter_hash(hash) {
                if self.name_of(&self.entries[at as usize]) == name
                    && let Some(slot) = on.get_mut(found)
                {
                    *slot = at;
                    found += 1;
                }
            }
            if found > 0 {
                // The origins are copied once, for every section that has the name.
                let start = self.origins.len();
                self.origins.extend_from_slice(origins);
                let span = span(start, self.origins.len());
                for &at in &on[..found] {
                    self.set_origins(at as usize, span);
                }
            }
            self.noted.push(if found == 1 { on[0] } else { NOT_ONE });
        }
    }

    /// Entry `at`'s origins, and whether that makes it generated.
    fn set_origins(&mut self, at: usize, span: (u32, u32)) {
        let origins = &self.origins[span.0 as usize..span.1 as usize];
        // What only the user's `resources` touched is theirs.
        let generated = origins.is_empty() || origins.iter().any(|o| !is_user_kind(o.kind));
        let entry = &mut self.entries[at];
        entry.origins = span;
        entry.generated = entry.section != Section::Parameters && generated;
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
        self.index_entry(at);
    }

    /// Entry `at` added to the index, under its name.
    fn index_entry(&mut self, at: u32) {
        let (entries, names, hasher) = (&self.entries, &self.names, &self.hasher);
        let hash = hasher.hash_one(self.name_of(&entries[at as usize]));
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
        // Filtered before a view is made of each.
        self.entries
            .iter()
            .filter(move |entry| entry.section == section)
            .map(|entry| self.view(entry))
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

/// The template's sections whose keys are logical IDs, in `Section::ALL` order.
fn template_sections(
    compiled: &Compiled,
) -> [(Section, Option<&serde_json::Map<String, Json>>); 3] {
    Section::ALL.map(|section| {
        let entries = compiled
            .template
            .get(section.as_str())
            .and_then(Json::as_object);
        (section, entries)
    })
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
