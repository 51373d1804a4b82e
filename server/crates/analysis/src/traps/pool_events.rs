//! The service's `cognitoUserPool` events as the traps read them: in the framework's walk order
//! (functions in declaration order, then their events), after variables and coercion.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use sls_compile::naming;
use sls_config::{KeyHasher, MapEntry, TextRange, Value, is_custom_sender};

pub(crate) struct PoolEvent<'a> {
    pub function: &'a str,
    /// The pool's name; `None` when missing or not a string (the compiler's crash cases).
    pub pool: Option<&'a str>,
    pub pool_range: TextRange,
    pub trigger: Option<&'a str>,
    pub trigger_range: TextRange,
    pub existing: bool,
    pub force_deploy: Option<&'a MapEntry>,
    pub kms_key_id: Option<&'a MapEntry>,
}

impl PoolEvent<'_> {
    pub fn is_custom_sender(&self) -> bool {
        self.trigger.is_some_and(is_custom_sender)
    }
}

pub(crate) struct PoolEvents<'a> {
    pub all: Vec<PoolEvent<'a>>,
}

impl<'a> PoolEvents<'a> {
    /// The events as `sls_config::Service` sees them (`Function::events`, `Event::cognito`),
    /// read in one walk: each event's few keys are looked at once instead of hashed per field.
    pub fn collect(config: &'a Value) -> Self {
        let Some(functions) = config.get("functions").and_then(Value::as_mapping) else {
            return PoolEvents { all: Vec::new() };
        };
        // About one pool event per function is usual: no copy of a growing list.
        let mut all = Vec::with_capacity(functions.len());
        for (function, entry) in functions.iter() {
            let Some(events) = entry.value.get("events").and_then(Value::as_sequence) else {
                continue;
            };
            for event in events {
                // Like the framework (`if (event.cognitoUserPool)`), any truthy
                // `cognitoUserPool` key counts, even when it is not the item's first key.
                let Some(body) = event.get("cognitoUserPool").filter(|b| b.is_truthy()) else {
                    continue;
                };
                all.push(PoolEvent::read(function, body));
            }
        }
        PoolEvents { all }
    }

    /// Events that create their pool (no truthy `existing`).
    pub fn new_pools(&self) -> impl Iterator<Item = &PoolEvent<'a>> {
        self.all.iter().filter(|e| !e.existing)
    }

    /// The events that create their pool, grouped by the pool's logical ID, where two or more
    /// give one ID: groups in order of their first event, events in order. (A pool of one
    /// event can neither collide nor lose a trigger: most services have only those.)
    pub fn shared_new_pool_ids(&self) -> Vec<(String, Vec<&PoolEvent<'a>>)> {
        let hasher = KeyHasher::default();
        // Each distinct ID once, by its first event; then each named event's group. A name
        // gives one ID: the ID is made and looked up once per distinct name (pools are
        // usually shared by name), the name's group found by the name after that.
        let mut ids: Vec<(String, usize)> = Vec::with_capacity(self.all.len());
        let mut table: HashTable<usize> = HashTable::with_capacity(self.all.len());
        let mut names: HashTable<(&'a str, usize)> = HashTable::with_capacity(self.all.len());
        let mut group_of: Vec<(usize, &PoolEvent<'a>)> = Vec::with_capacity(self.all.len());
        for event in self.new_pools() {
            let Some(pool) = event.pool else {
                continue;
            };
            let name_hash = hasher.hash_one(pool);
            let group = match names.find(name_hash, |&(n, _)| n == pool) {
                Some(&(_, group)) => group,
                None => {
                    let id = naming::cognito_user_pool(pool);
                    let hash = hasher.hash_one(id.as_str());
                    let group = match table.find(hash, |&g| ids[g].0 == id) {
                        Some(&group) => group,
                        None => {
                            ids.push((id, 0));
                            let group = ids.len() - 1;
                            table.insert_unique(hash, group, |&g| {
                                hasher.hash_one(ids[g].0.as_str())
                            });
                            group
                        }
                    };
                    names.insert_unique(name_hash, (pool, group), |&(n, _)| hasher.hash_one(n));
                    group
                }
            };
            ids[group].1 += 1;
            group_of.push((group, event));
        }
        let mut slots: Vec<Option<usize>> = vec![None; ids.len()];
        let mut shared: Vec<(String, Vec<&PoolEvent<'a>>)> = Vec::new();
        for (group, event) in group_of {
            if ids[group].1 < 2 {
                continue;
            }
            let slot = *slots[group].get_or_insert_with(|| {
                shared.push((std::mem::take(&mut ids[group].0), Vec::new()));
                shared.len() - 1
            });
            shared[slot].1.push(event);
        }
        shared
    }
}

impl<'a> PoolEvent<'a> {
    /// `body`'s fields: its keys are few (and unique), so one look along them.
    fn read(function: &'a str, body: &'a Value) -> Self {
        let (mut pool, mut trigger, mut existing) = (None, None, None);
        let (mut force_deploy, mut kms_key_id) = (None, None);
        for (key, entry) in body.as_mapping().into_iter().flat_map(|m| m.iter()) {
            match key {
                "pool" => pool = Some(&entry.value),
                "trigger" => trigger = Some(&entry.value),
                "existing" => existing = Some(&entry.value),
                "forceDeploy" => force_deploy = Some(entry),
                "kmsKeyId" => kms_key_id = Some(entry),
                _ => {}
            }
        }
        let value_range = |v: Option<&Value>| v.map_or(body.range, |v| v.range);
        PoolEvent {
            function,
            pool: pool.and_then(Value::as_str),
            pool_range: value_range(pool),
            trigger: trigger.and_then(Value::as_str),
            trigger_range: value_range(trigger),
            existing: existing.is_some_and(Value::is_truthy),
            force_deploy,
            kms_key_id,
        }
    }
}
