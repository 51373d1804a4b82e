//! One function's share of `compileFunctions`, compiled on its own and kept for the next
//! compilation. The editor compiles after every keystroke, and a keystroke changes one
//! function at most: every other function, its config and what it reads of the service
//! unchanged, makes the same resources, so they are added again without being computed again
//! (a function's version hash is most of what compiling it costs).
//!
//! A function's parts are reused when its fingerprint is the same: its key, its config, and what
//! a function's compilation reads of the rest of the service ([`context_fingerprint`]), the
//! ranges inside the function's entry, the provider or `package` taken relative to the start of
//! the one that holds them (so that an edit above them, which only moves them, keeps them); the
//! ranges of the parts move with them. A function that looks up another one
//! (a destination) or fails is compiled again every time.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

use serde_json::Value as Json;
use sls_config::{Function, Service, Value};
use sls_text::TextRange;

use super::{Grant, function_url, functions, grant, versions};
use crate::context::{Ctx, Origin};
use crate::error::CompileError;
use crate::fingerprint::Fingerprint;
use crate::warning::CompileWarning;

/// Every function's parts from one compilation, by function key: what the next one reuses.
/// Cloning it is cheap (the analysis of a text and the one after it share it).
#[derive(Debug, Clone, Default)]
pub struct FunctionCache {
    kept: Arc<Kept>,
    reused: usize,
}

impl FunctionCache {
    /// How many functions' parts are kept.
    pub fn len(&self) -> usize {
        self.kept.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.kept.by_key.is_empty()
    }

    /// How many functions the compilation that made it took from the previous one's.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// The parts kept of function `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Arc<FunctionParts>> {
        self.kept.by_key.get(key)
    }
}

/// The kept parts, by function key, and the context they were compiled in; shared by clones.
#[derive(Debug, Default)]
struct Kept {
    by_key: HashMap<String, Arc<FunctionParts>>,
    /// The [`context_fingerprint`] of the compilation that made it.
    context: u128,
}

/// What one function adds to the template, in the two passes of `compileFunctions`.
#[derive(Debug)]
pub(crate) struct FunctionParts {
    fingerprint: u128,
    /// Where the function was when it was compiled: the ranges of the parts inside it move with
    /// it.
    pub(crate) at: Anchors,
    /// Added with the function: its resource (then its URL and invoke config if unversioned).
    pub(crate) first: Part,
    /// Added after every function's first part: its version, output, aliases, URL, invoke config.
    pub(crate) second: Part,
    /// Its parts depend only on what the fingerprint covers.
    pub(crate) reusable: bool,
}

/// Logical IDs and what they hold, in the order they were added.
type Entries = Vec<(String, Json)>;

#[derive(Debug, Default)]
pub(crate) struct Part {
    pub(crate) resources: Entries,
    pub(crate) outputs: Entries,
    pub(crate) origins: Vec<(String, Origin)>,
    pub(crate) grants: Vec<Grant>,
    warnings: Vec<CompileWarning>,
    /// Where the framework stops, after what comes before it in this part.
    error: Option<CompileError>,
}

impl Part {
    /// It warns of nothing and does not stop the compilation.
    pub(crate) fn is_clean(&self) -> bool {
        self.warnings.is_empty() && self.error.is_none()
    }
}

/// A function's parts, and where the function is.
pub type CompiledFunction = (Arc<FunctionParts>, Anchors);

/// The parts of each function, reused from `previous` where the fingerprint is unchanged, in
/// the functions' order; and the cache the next compilation reuses. `edited`: where the edit
/// since `previous` is, when the caller knows (see `Previous::edited`): a function outside it,
/// with the same context, is reused as it is.
pub fn parts_of(
    ctx: &Ctx<'_>,
    functions: &[Function<'_>],
    previous: Option<&FunctionCache>,
    edited: Option<TextRange>,
) -> (Vec<CompiledFunction>, FunctionCache) {
    let context = context_fingerprint(ctx, Anchors::of_service(&ctx.service));
    // The functions' ranges moved, nothing else changed: what made the earlier fingerprint
    // is what would make this one.
    let untouched = |at: &Anchors| {
        let entry = at.0[0];
        edited.is_some_and(|e| entry.end() <= e.start() || entry.start() >= e.end())
            && previous.is_some_and(|p| p.kept.context == context)
    };
    let mut cache = HashMap::with_capacity(functions.len());
    let mut reused = 0;
    let parts = functions
        .iter()
        .map(|function| {
            let at = Anchors::of(&ctx.service, function);
            let previous = previous.and_then(|p| p.kept.by_key.get(function.key));
            let (kept, fingerprint) = match previous {
                Some(parts) if untouched(&at) => (Some(parts), parts.fingerprint),
                _ => {
                    let fingerprint = function_fingerprint(context, function, at);
                    (
                        previous.filter(|p| p.fingerprint == fingerprint),
                        fingerprint,
                    )
                }
            };
            reused += usize::from(kept.is_some());
            let parts = kept
                .cloned()
                .unwrap_or_else(|| Arc::new(compile_parts(ctx, function, fingerprint, at)));
            if parts.reusable {
                cache.insert(function.key.to_owned(), Arc::clone(&parts));
            }
            (parts, at)
        })
        .collect();
    let cache = FunctionCache {
        kept: Arc::new(Kept {
            by_key: cache,
            context,
        }),
        reused,
    };
    (parts, cache)
}

/// Where a function's entry (its key to the end of its value), the provider's settings and
/// the service's `package` are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Anchors([TextRange; 3]);

impl Anchors {
    /// Where `function` of `service` is.
    pub(crate) fn of(service: &Service<'_>, function: &Function<'_>) -> Anchors {
        let [provider, package] = Anchors::of_service(service);
        Anchors([function.entry_range(), provider, package])
    }

    fn of_service(service: &Service<'_>) -> [TextRange; 2] {
        let range_of = |value: Option<&Value>| value.map_or_else(TextRange::default, |v| v.range);
        [
            range_of(service.provider().value),
            range_of(service.root.get("package")),
        ]
    }

    /// `range`, found at `self`, where it is once the anchors are at `now`.
    pub(crate) fn moved(&self, range: TextRange, now: &Anchors) -> TextRange {
        for (then, now) in self.0.into_iter().zip(now.0) {
            if then.contains_range(range) {
                return TextRange::at(now.start() + (range.start() - then.start()), range.len());
            }
        }
        range
    }
}

impl FunctionParts {
    pub(crate) fn parts(&self) -> [&Part; 2] {
        [&self.first, &self.second]
    }

    pub(crate) fn add_first(&self, ctx: &mut Ctx<'_>, now: &Anchors) -> Result<(), CompileError> {
        self.first.add_to(ctx, |range| self.at.moved(range, now))
    }

    pub(crate) fn add_second(&self, ctx: &mut Ctx<'_>, now: &Anchors) -> Result<(), CompileError> {
        self.second.add_to(ctx, |range| self.at.moved(range, now))
    }
}

impl Part {
    fn add_to(
        &self,
        ctx: &mut Ctx<'_>,
        moved: impl Fn(TextRange) -> TextRange,
    ) -> Result<(), CompileError> {
        // Only when there is something to add: asking for `Outputs` makes an empty one.
        if !self.resources.is_empty() {
            let resources = ctx.resources_mut();
            for (id, resource) in &self.resources {
                resources.insert(id.clone(), resource.clone());
            }
        }
        if !self.outputs.is_empty() {
            let outputs = ctx.outputs_mut();
            for (id, output) in &self.outputs {
                outputs.insert(id.clone(), output.clone());
            }
        }
        for (id, origin) in &self.origins {
            ctx.note_origin(id, origin.kind, moved(origin.range));
        }
        for g in &self.grants {
            grant(ctx, g.clone());
        }
        for warning in &self.warnings {
            let mut warning = warning.clone();
            warning.ranges.iter_mut().for_each(|r| *r = moved(*r));
            ctx.warnings.push(warning);
        }
        match &self.error {
            Some(error) => Err(error.clone()),
            None => Ok(()),
        }
    }
}

/// The function compiled alone, as `compileFunctions` compiles it, on a template of its own.
fn compile_parts(
    ctx: &Ctx<'_>,
    function: &Function<'_>,
    fingerprint: u128,
    at: Anchors,
) -> FunctionParts {
    let mut alone = ctx.scratch();
    let versioned = versions::should_version(ctx, function);
    let first = functions::compile_first_part(&mut alone, function, versioned);
    let first_ends = Ends::of(&alone);
    let second = match &first {
        Ok(()) if versioned => versions::compile_version(&mut alone, function)
            .and_then(|()| function_url::compile_function_extras(&mut alone, function)),
        _ => Ok(()),
    };
    let reusable = first.is_ok() && second.is_ok() && !alone.looked_up_functions.get();
    let (first, second) = first_ends.split(alone, first.err(), second.err());
    FunctionParts {
        fingerprint,
        at,
        first,
        second,
        reusable,
    }
}

/// How much the first part had added when it ended: the rest is the second's.
struct Ends {
    resources: usize,
    outputs: usize,
    grants: usize,
    warnings: usize,
    origins: HashMap<String, usize>,
}

impl Ends {
    fn of(ctx: &Ctx<'_>) -> Ends {
        let count = |key: &str| {
            ctx.template
                .get(key)
                .and_then(Json::as_object)
                .map_or(0, serde_json::Map::len)
        };
        Ends {
            resources: count("Resources"),
            outputs: count("Outputs"),
            grants: ctx.recorded_grants.as_ref().map_or(0, Vec::len),
            warnings: ctx.warnings.len(),
            origins: ctx
                .provenance
                .iter()
                .map(|(id, origins)| (id.clone(), origins.len()))
                .collect(),
        }
    }

    fn split(
        self,
        mut ctx: Ctx<'_>,
        first_error: Option<CompileError>,
        second_error: Option<CompileError>,
    ) -> (Part, Part) {
        let mut first = Part {
            error: first_error,
            ..Part::default()
        };
        let mut second = Part {
            error: second_error,
            ..Part::default()
        };
        let mut entries = |key: &str, at: usize| -> (Entries, Entries) {
            let Some(Json::Object(map)) = ctx.template.remove(key) else {
                return (Vec::new(), Vec::new());
            };
            let mut all: Vec<(String, Json)> = map.into_iter().collect();
            let later = all.split_off(at.min(all.len()));
            (all, later)
        };
        (first.resources, second.resources) = entries("Resources", self.resources);
        (first.outputs, second.outputs) = entries("Outputs", self.outputs);
        let mut grants = ctx.recorded_grants.take().unwrap_or_default();
        second.grants = grants.split_off(self.grants.min(grants.len()));
        first.grants = grants;
        second.warnings = ctx
            .warnings
            .split_off(self.warnings.min(ctx.warnings.len()));
        first.warnings = ctx.warnings;
        for (id, origins) in ctx.provenance {
            let at = self
                .origins
                .get(&id)
                .copied()
                .unwrap_or(0)
                .min(origins.len());
            for (i, origin) in origins.into_iter().enumerate() {
                let part = if i < at { &mut first } else { &mut second };
                part.origins.push((id.clone(), origin));
            }
        }
        (first, second)
    }
}

/// What a function's compilation reads besides the function itself (`package/functions.rs`,
/// `versions.rs`, `function_url.rs`): the provider's settings, the service's `package`, and the
/// names the compilation resolved. Keep it in step with what they read.
fn context_fingerprint(ctx: &Ctx<'_>, anchors: [TextRange; 2]) -> u128 {
    let mut print = Fingerprint::new(&anchors);
    print.value(ctx.service.provider().value);
    print.value(ctx.service.root.get("package"));
    for name in [
        &ctx.service_name,
        &ctx.stage,
        &ctx.region,
        &ctx.artifact_directory_name,
    ] {
        name.hash(&mut print);
    }
    print.finish128()
}

fn function_fingerprint(context: u128, function: &Function<'_>, at: Anchors) -> u128 {
    let mut print = Fingerprint::new(&at.0);
    context.hash(&mut print);
    function.key.hash(&mut print);
    print.range(function.key_range);
    print.value(Some(function.value));
    print.finish128()
}
