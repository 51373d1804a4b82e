//! The previous template patched instead of built again. A keystroke in the editor changes one
//! function at most, and usually only what that function's own resources hold (its handler,
//! environment, memory, ...). Then every other step makes what it made before, at places moved
//! by the edit: the previous template, with that function's resources and outputs swapped for
//! the new ones and every range moved, is the template a full compilation would build. Building
//! it again costs about as much as the whole rest of the analysis.
//!
//! The patch is taken only where that is provably so, else the compilation runs in full:
//! - everything outside `functions` is the same up to a move (a [`Fingerprint`] of it, ranges
//!   relative to the root entry holding them), and so are the stage, region and names;
//! - the same functions, in the same order;
//! - in each function compiled again (its fingerprint changed), what the other steps read of a
//!   function ([`READ_BY_OTHER_STEPS`]) is the same up to a move, its parts (old and new) have
//!   no error or warning and grant the same statements, and nothing but its own parts made or
//!   changed its resources and outputs (their provenance says so);
//! - every range of the previous provenance and warnings lies in something that moved whole.
//!
//! `tests/template_patch.rs` compiles every recorded service, edited, both ways.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::Value as Json;
use sls_config::{Function, MapEntry, Service, Value};
use sls_text::TextRange;

use crate::context::{Ctx, Origin, Provenance};
use crate::fingerprint::Fingerprint;
use crate::package::function_parts::{Anchors, FunctionParts};
use crate::package::{FunctionCache, active_functions};
use crate::pipeline::Compiled;
use crate::template_copy::TemplateCopy;
use crate::warning::CompileWarning;
use crate::{finalize, js};

mod delta;
mod moves;

pub(crate) use delta::PatchDelta;
use delta::Replacement;
use moves::Moves;

/// A function's settings that steps other than its own compilation read: the event plugins
/// (`events`, the alias settings), the execution role and log groups (`name`, `role`, `vpc`,
/// the log settings). Keep in step with `package/iam_role.rs`, `events.rs`, `cognito/`.
const READ_BY_OTHER_STEPS: [&str; 9] = [
    "events",
    "name",
    "role",
    "vpc",
    "disableLogs",
    "logRetentionInDays",
    "logDataProtectionPolicy",
    "snapStart",
    "provisionedConcurrency",
];

/// An earlier compilation of the same service, for this one to reuse what the edit left alone.
pub struct Previous<'a> {
    /// Its compiled functions (a compilation that failed has some too).
    pub functions: &'a FunctionCache,
    /// When it succeeded: what its template may be patched from.
    pub base: Option<PatchBase<'a>>,
    /// Where the edit since is, when the caller knows (see [`Edited`]).
    pub edited: Option<Edited>,
}

/// The caller's word on an edit: the config is the one compiled before but for what lies in
/// `after` (of the new text; `before` in the old one), the rest moved whole by the edit. The
/// functions outside it are then reused without their fingerprints being taken, and ranges
/// outside it are moved without a search.
#[derive(Debug, Clone, Copy)]
pub struct Edited {
    pub before: TextRange,
    pub after: TextRange,
}

/// A successful compilation, the config it compiled, and a copy of its template and
/// provenance for this compilation to patch, made beforehand where the caller had the time
/// (copying them costs a third of building them); without one, the patch copies them once
/// it knows it applies.
pub struct PatchBase<'a> {
    pub config: &'a Value,
    pub compiled: &'a Compiled,
    pub copy: Option<TemplateCopy>,
}

/// What a compilation notes for the next one to patch its template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    /// [`rest_fingerprint`] of the config it compiled.
    rest: u128,
    /// How many of its warnings are the schema's (the rest are the steps').
    schema_warnings: usize,
    /// Its template is a patched one.
    pub patched: bool,
    /// Tells this compilation from every other of this process.
    pub(crate) id: u64,
}

impl Layout {
    pub(crate) fn new(rest: u128, schema_warnings: usize) -> Self {
        static COMPILATIONS: AtomicU64 = AtomicU64::new(1);
        Layout {
            rest,
            schema_warnings,
            patched: false,
            id: COMPILATIONS.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// The template, provenance and step warnings `ctx` would compile, patched from `base`, or
/// `None` where that is not provably the same. `parts` are this compilation's function parts;
/// `previous` the cache the earlier one left (its unchanged parts are the same objects).
pub(crate) fn patch(
    ctx: &Ctx<'_>,
    layout: Layout,
    base: PatchBase<'_>,
    edited: Option<Edited>,
    parts: &[(Arc<FunctionParts>, Anchors)],
    previous: &FunctionCache,
) -> Option<(Json, Provenance, Vec<CompileWarning>, PatchDelta)> {
    let PatchBase {
        config: old_config,
        compiled,
        copy,
    } = base;
    if ctx.options.normalize || layout.rest != compiled.layout.rest {
        return None;
    }
    let old_service = Service::new(old_config);
    let old_functions = old_service.functions();
    let new_functions = ctx.service.functions();
    let same_functions = old_functions.len() == new_functions.len()
        && old_functions
            .iter()
            .zip(&new_functions)
            .all(|(o, n)| o.key == n.key && o.value.is_null() == n.value.is_null());
    if !same_functions {
        return None;
    }

    let active = active_functions(&ctx.service);
    let old_active = active_functions(&old_service);
    let mut changed = Vec::new();
    for ((new, now), (function, old_function)) in parts.iter().zip(active.iter().zip(&old_active)) {
        let old = previous.get(function.key)?;
        if Arc::ptr_eq(old, new) {
            continue;
        }
        let clean = |p: &FunctionParts| p.reusable && p.parts().iter().all(|part| part.is_clean());
        let same_grants =
            old.first.grants == new.first.grants && old.second.grants == new.second.grants;
        let same_outside = outside_print(old_function) == outside_print(function);
        if !(clean(old) && clean(new) && same_grants && same_outside) {
            return None;
        }
        let then = Anchors::of(&old_service, old_function);
        changed.push(Changed {
            key: function.key,
            old: Arc::clone(old),
            then,
            new: Arc::clone(new),
            now: *now,
        });
    }

    let changed_keys: HashSet<&str> = changed.iter().map(|c| c.key).collect();
    let moves = Moves::between(old_config, ctx.service.root, &changed_keys, edited)?;
    let mut removed = Vec::new();
    for change in &changed {
        removed.extend(
            change
                .own_ids(&compiled.provenance)?
                .into_iter()
                .map(str::to_owned),
        );
    }
    let prefix = finalize::export_name_prefix(ctx);
    let mut added = Vec::new();
    let mut replacements = Vec::new();
    for change in &changed {
        added.extend(change.new_origins());
        for (old, new) in change.old.parts().into_iter().zip(change.new.parts()) {
            // What the finalize steps do to a function's resources and outputs.
            replacements.push(Replacement::of(
                "Resources",
                &old.resources,
                &new.resources,
                |_, resource| {
                    finalize::strip_null_props(resource);
                    js::drop_undefined(resource);
                },
            ));
            if old.outputs.is_empty() && new.outputs.is_empty() {
                continue;
            }
            replacements.push(Replacement::of(
                "Outputs",
                &old.outputs,
                &new.outputs,
                |id, output| {
                    finalize::add_export_name(&prefix, id, output);
                    js::drop_undefined(output);
                },
            ));
        }
    }
    let delta = PatchDelta {
        base: compiled.layout.id,
        moves,
        removed,
        added,
        replacements,
    };
    let copy = copy.unwrap_or_else(|| TemplateCopy::of(compiled));
    let TemplateCopy {
        template,
        provenance,
        ..
    } = delta.apply(copy)?;
    let mut warnings = compiled
        .warnings
        .get(compiled.layout.schema_warnings..)?
        .to_vec();
    for warning in &mut warnings {
        for range in &mut warning.ranges {
            *range = delta.moves.map(*range)?;
        }
    }
    Some((template, provenance, warnings, delta))
}

/// What the compilation reads of the config besides the functions: every root entry but
/// `functions`, its ranges relative to the entry that holds them, and the names `Ctx::new`
/// resolved.
pub(crate) fn rest_fingerprint(ctx: &Ctx<'_>) -> u128 {
    let Some(root) = ctx.service.root.as_mapping() else {
        return 0;
    };
    let entries: Vec<(&str, &MapEntry)> = root.iter().collect();
    let anchors: Vec<TextRange> = entries.iter().map(|(_, e)| e.range()).collect();
    let mut print = Fingerprint::new(&anchors);
    for (key, entry) in entries {
        std::hash::Hash::hash(key, &mut print);
        print.range(entry.key_range);
        if key != "functions" {
            print.value(Some(&entry.value));
        }
    }
    for name in [
        &ctx.service_name,
        &ctx.stage,
        &ctx.region,
        &ctx.artifact_directory_name,
    ] {
        std::hash::Hash::hash(name, &mut print);
    }
    print.finish128()
}

/// A function's [`READ_BY_OTHER_STEPS`] settings, ranges relative to their entries.
fn outside_print(function: &Function<'_>) -> Option<u128> {
    let mapping = function.value.as_mapping()?;
    let entries: Vec<&MapEntry> = READ_BY_OTHER_STEPS
        .iter()
        .filter_map(|key| mapping.entry(key))
        .collect();
    let anchors: Vec<TextRange> = entries.iter().map(|e| e.range()).collect();
    let mut print = Fingerprint::new(&anchors);
    for key in READ_BY_OTHER_STEPS {
        let entry = mapping.entry(key);
        if let Some(entry) = entry {
            print.range(entry.key_range);
        }
        print.value(entry.map(|e| &e.value));
    }
    Some(print.finish128())
}

/// A function compiled again, and its parts before.
struct Changed<'a> {
    key: &'a str,
    old: Arc<FunctionParts>,
    /// Where the function was in the earlier config.
    then: Anchors,
    new: Arc<FunctionParts>,
    now: Anchors,
}

impl Changed<'_> {
    /// The IDs of the old parts, whose provenance the new parts' replaces: `None` unless
    /// those parts alone made them.
    fn own_ids(&self, provenance: &Provenance) -> Option<Vec<&str>> {
        let mut expected: Vec<(&str, Vec<Origin>)> = Vec::new();
        for part in self.old.parts() {
            for (id, origin) in &part.origins {
                let origin = Origin {
                    range: self.old.at.moved(origin.range, &self.then),
                    ..*origin
                };
                match expected.iter_mut().find(|(known, _)| known == id) {
                    Some((_, origins)) => origins.push(origin),
                    None => expected.push((id, vec![origin])),
                }
            }
        }
        for part in self.old.parts() {
            let ids = part.resources.iter().chain(&part.outputs);
            if ids.into_iter().any(|(id, _)| {
                !expected.iter().any(|(known, _)| known == id) && provenance.contains_key(id)
            }) {
                return None;
            }
        }
        for (id, origins) in &expected {
            if provenance.get(*id)? != origins {
                return None;
            }
        }
        Some(expected.into_iter().map(|(id, _)| id).collect())
    }

    /// The new parts' provenance, in the order their compilation noted it.
    fn new_origins(&self) -> Vec<(String, Origin)> {
        let mut origins = Vec::new();
        for part in self.new.parts() {
            for (id, origin) in &part.origins {
                let range = self.new.at.moved(origin.range, &self.now);
                origins.push((id.clone(), Origin { range, ..*origin }));
            }
        }
        origins
    }
}
