//! Resolving an edited document again by replaying its previous resolution, when the edit
//! provably cannot change it.
//!
//! Resolution observes the config in three ways only: the walk that finds the strings with a
//! `$` (their paths, texts, the keys and the source text of their scalars), the values it
//! reads (`self:` and the other sources' lookups, all noted in a [`Trace`]), and the context
//! (options, environment, files). When an edit changes only scalars that are no such string,
//! that nothing read, and the context is the same, a new resolution would run exactly as the
//! previous one did, with every position after the edit moved by the edit's length: its
//! result is the new config with the previous one's values placed again, moved, and its
//! problems are the previous ones, moved. Anything else resolves afresh.
//!
//! When the caller reparsed only the block the edit is in ([`Earlier::splice`]), only that
//! block's entry is compared, and with a copy of the previous config made beforehand
//! ([`Earlier::config_copy`]) the replayed config is that copy with the entry spliced in (see
//! [`super::replay_spliced`]): the replay then costs in proportion to the edit and the
//! variables, not to the document, but for one walk that moves the ranges after the edit.

use sls_syntax::Splice;
use sls_text::{common_prefix, common_suffix};

use super::context::ResolveContext;
use super::problem::VariableProblem;
use super::replay_spliced::Spliced;
use super::resolve::{Trace, related, resolve_traced, set_at};
use crate::{TextRange, TextSize, Value, ValueKind};

/// What the next resolution of the same document may reuse.
#[derive(Debug, Clone)]
pub struct Reusable {
    trace: Trace,
    problems: Vec<VariableProblem>,
    context: ContextKey,
}

/// The context a resolution ran in, but for the environment (its lookups are in the trace),
/// files (a trace that used them is never reused) and the text (the edit is looked at).
#[derive(Debug, Clone, PartialEq)]
struct ContextKey {
    /// Problems point at variables as written only with the text.
    has_source: bool,
    stage: Option<String>,
    region: Option<String>,
    params: Vec<String>,
    service_dir: std::path::PathBuf,
    config_file_name: String,
}

impl ContextKey {
    fn of(ctx: &ResolveContext<'_>) -> ContextKey {
        ContextKey {
            has_source: ctx.source.is_some(),
            stage: ctx.stage.clone(),
            region: ctx.region.clone(),
            params: ctx.params.clone(),
            service_dir: ctx.service_dir.clone(),
            config_file_name: ctx.config_file_name.clone(),
        }
    }
}

impl Reusable {
    /// The config this resolution gave for `root`, the root it resolved: what
    /// [`Earlier::config_copy`] holds, for a caller to make while it has time to spare; in
    /// `into` (an older config, which `clone_from` makes equal to `root` copying only what
    /// differs) where there is one.
    pub fn config(&self, root: &Value, into: Option<Value>) -> Value {
        let mut config = match into {
            Some(mut into) => {
                into.clone_from(root);
                into
            }
            None => root.clone(),
        };
        place(&mut config, &self.trace.placements);
        config
    }
}

/// A previous resolution of the same document: its root and text, and what it left.
#[derive(Debug, Clone)]
pub struct Earlier<'a> {
    pub root: &'a Value,
    pub text: &'a str,
    pub reusable: &'a Reusable,
    /// The block parsed again, when the new root is what [`crate::value_after_reparse`] made
    /// of `root` with it (after [`sls_syntax::reparse`]): only that block's entry is compared
    /// then, the rest being `root` moved by construction.
    pub splice: Option<&'a Splice>,
    /// [`Reusable::config`] of `root`, copied beforehand (while the editor was idle): with
    /// `splice`, the replayed config is this copy with the edit spliced in, instead of a copy of
    /// the new root made now.
    pub config_copy: Option<Value>,
}

impl<'a> Earlier<'a> {
    /// An earlier resolution, nothing known of the edit since.
    pub fn new(root: &'a Value, text: &'a str, reusable: &'a Reusable) -> Self {
        Earlier {
            root,
            text,
            reusable,
            splice: None,
            config_copy: None,
        }
    }
}

/// A resolution: what [`super::resolve()`] returns, and what the next one may reuse.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: Value,
    pub problems: Vec<VariableProblem>,
    pub reusable: Reusable,
    /// The earlier resolution was replayed (for tests and timings).
    pub replayed: bool,
}

/// [`super::resolve()`], replaying `earlier` when the edit since provably changes nothing
/// but positions. The result is the same either way.
pub fn resolve_reusing(
    root: &Value,
    ctx: &ResolveContext<'_>,
    earlier: Option<Earlier<'_>>,
) -> Resolved {
    if let Some(resolved) = earlier.and_then(|earlier| replay(root, ctx, earlier)) {
        return resolved;
    }
    let (config, problems, trace) = resolve_traced(root, ctx);
    Resolved {
        reusable: Reusable {
            trace,
            problems: problems.clone(),
            context: ContextKey::of(ctx),
        },
        config,
        problems,
        replayed: false,
    }
}

fn replay(root: &Value, ctx: &ResolveContext<'_>, earlier: Earlier<'_>) -> Option<Resolved> {
    let previous = earlier.reusable;
    let text = ctx.source?;
    if previous.trace.files || previous.context != ContextKey::of(ctx) {
        return None;
    }
    if previous
        .trace
        .env
        .iter()
        .any(|(name, answer)| (ctx.env)(name) != *answer)
    {
        return None;
    }
    let shift = Shift::between(earlier.text, text)?;
    let mut changed = Vec::new();
    // Without a splice (or one that does not fit), the whole config is compared.
    let spliced = earlier
        .splice
        .and_then(|splice| Spliced::locate(earlier.root, root, splice, &shift));
    let same = match &spliced {
        Some(spliced) => spliced.same_but_plain_scalars(&shift, &mut changed),
        None => same_but_plain_scalars(earlier.root, root, &shift, &mut Vec::new(), &mut changed),
    };
    if !same {
        return None;
    }
    // `""` is the whole config; otherwise a read and a change meet when one holds the other.
    let read = |changed: &str| {
        previous
            .trace
            .reads
            .iter()
            .any(|r| r.is_empty() || related(r, changed))
    };
    if changed.iter().any(|path| read(path)) {
        return None;
    }
    let to = |p: TextSize| match &spliced {
        Some(spliced) => spliced.position(p),
        None => shift.position(p),
    };
    let mut placements = Vec::with_capacity(previous.trace.placements.len());
    for (path, value) in &previous.trace.placements {
        let mut moved = value.clone();
        move_value(&mut moved, &to)?;
        placements.push((path.clone(), moved));
    }
    let mut problems = previous.problems.clone();
    for problem in &mut problems {
        problem.range = move_range(problem.range, &to)?;
    }
    let config = match (&spliced, earlier.config_copy) {
        (Some(spliced), Some(copy)) => spliced.splice_into(copy, &placements)?,
        _ => {
            let mut config = root.clone();
            place(&mut config, &placements);
            config
        }
    };
    Some(Resolved {
        config,
        reusable: Reusable {
            trace: Trace {
                reads: previous.trace.reads.clone(),
                env: previous.trace.env.clone(),
                files: false,
                placements,
            },
            problems: problems.clone(),
            context: previous.context.clone(),
        },
        problems,
        replayed: true,
    })
}

/// Places each value at its path (keys joined by `\0`), in order.
fn place(config: &mut Value, placements: &[(String, Value)]) {
    let mut keys = Vec::new();
    for (path, value) in placements {
        keys.clear();
        keys.extend(path.split('\0'));
        set_at(config, &keys, value.clone());
    }
}

/// How positions move from the old text to the new one: the bytes `start..old_end` were
/// replaced; before them nothing moves, after them everything moves by `delta`; a position
/// inside them has no counterpart.
pub(super) struct Shift {
    pub start: usize,
    pub old_end: usize,
    pub delta: i64,
}

impl Shift {
    /// `None` when the edit is at the very start: `0..0` is also the range of what has
    /// none, which must not move.
    fn between(old: &str, new: &str) -> Option<Shift> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let start = common_prefix(a, b);
        let room = a.len().min(b.len()) - start;
        let suffix = common_suffix(&a[start..], &b[start..]).min(room);
        (start > 0).then_some(Shift {
            start,
            old_end: a.len() - suffix,
            delta: b.len() as i64 - a.len() as i64,
        })
    }

    pub fn position(&self, p: TextSize) -> Option<TextSize> {
        let p = usize::from(p);
        if p < self.start {
            return Some(TextSize::from(p as u32));
        }
        if p < self.old_end {
            return None;
        }
        u32::try_from(p as i64 + self.delta)
            .ok()
            .map(TextSize::from)
    }

    pub fn range(&self, r: TextRange) -> Option<TextRange> {
        move_range(r, &|p| self.position(p))
    }

    /// `r` is wholly before the edit or wholly after it.
    pub fn untouched(&self, r: TextRange) -> bool {
        usize::from(r.end()) < self.start || usize::from(r.start()) >= self.old_end
    }
}

/// `r` with both ends moved by `to`; `None` where an end has no counterpart.
pub(super) fn move_range(
    r: TextRange,
    to: &impl Fn(TextSize) -> Option<TextSize>,
) -> Option<TextRange> {
    Some(TextRange::new(to(r.start())?, to(r.end())?))
}

/// Every range of `value` moved by `to`; `None` (the value half moved) where one cannot be.
pub(super) fn move_value(
    value: &mut Value,
    to: &impl Fn(TextSize) -> Option<TextSize>,
) -> Option<()> {
    value.range = move_range(value.range, to)?;
    match &mut value.kind {
        ValueKind::Mapping(m) => {
            for entry in m.entries.values_mut() {
                entry.key_range = move_range(entry.key_range, to)?;
                move_value(&mut entry.value, to)?;
            }
        }
        ValueKind::Sequence(items) => {
            for item in items {
                move_value(item, to)?;
            }
        }
        _ => {}
    }
    Some(())
}

/// The same scalar, bit for bit: `0` and `-0` are equal numbers but not the same value (a
/// variable that reads one prints it differently).
fn same_scalar(a: &ValueKind, b: &ValueKind) -> bool {
    match (a, b) {
        (ValueKind::Number(x), ValueKind::Number(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// A step of a path: a mapping key or a sequence index.
#[derive(Clone, Copy)]
pub(super) enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// The path of `steps`, keys joined by `\0` (as the resolver writes paths).
fn joined(steps: &[Step<'_>]) -> String {
    let parts: Vec<String> = steps
        .iter()
        .map(|step| match step {
            Step::Key(key) => (*key).to_owned(),
            Step::Index(i) => i.to_string(),
        })
        .collect();
    parts.join("\0")
}

/// True when `new` is `old` with every position moved by `shift`, but for scalars that are
/// no string with a `$` in either (their paths go to `changed`): the walk that finds the
/// strings to resolve sees the same in both.
pub(super) fn same_but_plain_scalars<'v>(
    old: &'v Value,
    new: &Value,
    shift: &Shift,
    steps: &mut Vec<Step<'v>>,
    changed: &mut Vec<String>,
) -> bool {
    let plain = |v: &Value| match &v.kind {
        ValueKind::String(s) => !s.contains('$'),
        ValueKind::Mapping(_) | ValueKind::Sequence(_) => false,
        _ => true,
    };
    match (&old.kind, &new.kind) {
        (ValueKind::Mapping(a), ValueKind::Mapping(b)) => {
            shift.range(old.range) == Some(new.range)
                && a.entries.len() == b.entries.len()
                && a.iter().zip(b.iter()).all(|((ka, ea), (kb, eb))| {
                    if ka != kb || shift.range(ea.key_range) != Some(eb.key_range) {
                        return false;
                    }
                    steps.push(Step::Key(ka));
                    let same = same_but_plain_scalars(&ea.value, &eb.value, shift, steps, changed);
                    steps.pop();
                    same
                })
        }
        (ValueKind::Sequence(a), ValueKind::Sequence(b)) => {
            shift.range(old.range) == Some(new.range)
                && a.len() == b.len()
                && a.iter().zip(b).enumerate().all(|(i, (x, y))| {
                    steps.push(Step::Index(i));
                    let same = same_but_plain_scalars(x, y, shift, steps, changed);
                    steps.pop();
                    same
                })
        }
        // A string with a `$` is found and located again: it must be away from the edit, its
        // source text the same (how it maps to its source depends on that text).
        _ if same_scalar(&old.kind, &new.kind) && shift.range(old.range) == Some(new.range) => {
            plain(old) || shift.untouched(old.range)
        }
        _ if plain(old) && plain(new) => {
            changed.push(joined(steps));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn zero_and_minus_zero_are_not_the_same_scalar() {
        use crate::ValueKind::Number;
        assert!(super::same_scalar(&Number(0.0), &Number(0.0)));
        assert!(!super::same_scalar(&Number(0.0), &Number(-0.0)));
    }
}
