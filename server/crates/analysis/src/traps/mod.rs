//! The traps: configs the framework accepts without a word that do not do what they say. Each
//! is a Warning with its own code (see `codes.rs`); each module is one trap.
//!
//! They read the config after variables and coercion (what the framework compiles) and, for
//! what depends on the generated IDs, the compiled template and its provenance. When the
//! compilation failed those are unknown, and the traps that need them stay silent.

mod depends_on;
mod ignored_settings;
mod near_generated;
mod pool_collision;
mod pool_events;
mod top_level;
mod trigger_overwritten;
mod unknown_ids;
mod user_pool_name;

use sls_compile::{CompileOptions, Compiled};
use std::collections::HashMap;

use sls_config::{KeyHasher, TextRange, Value};

use crate::Diagnostic;
use crate::ids::LogicalIds;
use pool_events::PoolEvents;

pub(crate) struct TrapContext<'a> {
    pub text: &'a str,
    /// What the compiler was given (the config as written, or as resolved when that compiles
    /// the same): a second compilation starts from it.
    pub compile_root: &'a Value,
    /// `compile_root` is `config` (resolved, checked and coerced already): a second
    /// compilation may start after those steps.
    pub compile_root_is_config: bool,
    /// After variables and coercion.
    pub config: &'a Value,
    /// The compilation, when it succeeded.
    pub compiled: Option<&'a Compiled>,
    pub options: &'a CompileOptions,
    pub ids: &'a LogicalIds,
}

pub(crate) fn run(cx: &TrapContext<'_>, out: &mut Vec<Diagnostic>) {
    let events = PoolEvents::collect(cx.config);
    let shared = events.shared_new_pool_ids();
    pool_collision::check(&shared, out);
    trigger_overwritten::check(&events, &shared, out);
    ignored_settings::check(&events, out);
    top_level::check(cx, out);
    let same_name = user_pool_name::check(cx, &events, out);
    if let Some(compiled) = cx.compiled {
        near_generated::check(cx, &events, &same_name, out);
        depends_on::check(cx, compiled, out);
        unknown_ids::check(cx, compiled, out);
    }
}

/// The user's `resources.Resources` entries: key, key range, body.
fn user_resources(config: &Value) -> impl Iterator<Item = (&str, TextRange, &Value)> {
    config
        .get_path(["resources", "Resources"])
        .and_then(Value::as_mapping)
        .into_iter()
        .flat_map(|m| m.iter())
        .map(|(key, entry)| (key, entry.key_range, &entry.value))
}

/// `items` grouped by `key`, groups in order of first appearance, items in order.
fn group_in_order<K, T>(items: impl IntoIterator<Item = (K, T)>) -> Vec<(K, Vec<T>)>
where
    K: std::hash::Hash + Eq + Clone,
{
    // The groups are usually few (a pool's triggers, its names): a look along them is cheaper
    // than hashing each key; past this many, they are indexed.
    const LOOK_ALONG: usize = 8;
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    let mut index: Option<HashMap<K, usize, KeyHasher>> = None;
    for (key, item) in items {
        let found = match &index {
            Some(index) => index.get(&key).copied(),
            None => groups.iter().position(|(k, _)| *k == key),
        };
        let at = found.unwrap_or_else(|| {
            groups.push((key, Vec::new()));
            let at = groups.len() - 1;
            match &mut index {
                Some(index) => {
                    index.insert(groups[at].0.clone(), at);
                }
                None if groups.len() > LOOK_ALONG => {
                    let keys = groups.iter().enumerate().map(|(i, (k, _))| (k.clone(), i));
                    index = Some(keys.collect());
                }
                None => {}
            }
            at
        });
        groups[at].1.push(item);
    }
    groups
}

/// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`.
fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
