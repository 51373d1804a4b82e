//! Resolution, as serverless@3.40.0's `resolve.js` does it for `serverless package`: every
//! string with variables is a property to resolve; a property's value may refer to other
//! properties (`self:`), which are resolved first, cycles being errors; a resolved string is
//! parsed again for the variables it may bring. The framework resolves in steps, adding sources
//! as it learns more (`param:` once the stage is known, the AWS sources last) and stopping at
//! the first step with errors; the steps are kept so [`super::framework_error`] can tell which
//! errors it would report. Sources that need AWS, the Dashboard or running code are never
//! fetched: their variables stay as written, with an info problem.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use indexmap::{IndexMap, IndexSet};

use super::codes::VariableCode;
use super::context::ResolveContext;
use super::file::{self, FileLoad};
use super::js;
use super::lint;
use super::parse::{self, ItemKind, Literal, Source, Variables};
use super::problem::VariableProblem;
use super::slots::SlotMap;
use super::source_map::{SourceMap, style_of};
use crate::{KeyHasher, Severity};
use crate::{MapEntry, Mapping, TextRange, Value, ValueKind};

/// The options `serverless package` accepts: an `${opt:...}` of another name is undefined
/// (and until the options are final, pending).
const SUPPORTED_OPTIONS: [&str; 14] = [
    "region",
    "aws-profile",
    "app",
    "org",
    "use-local-credentials",
    "config",
    "stage",
    "param",
    "help",
    "version",
    "verbose",
    "debug",
    "package",
    "minify-template",
];

/// How deep resolved values may keep bringing variables (the framework's limit).
const NEST_LIMIT: u32 = 10;

/// Resolves every variable of `root`. Unresolvable variables stay as written; every problem is
/// located. See [`super::framework_error`] for the error `serverless` would print.
pub fn resolve(root: &Value, ctx: &ResolveContext<'_>) -> (Value, Vec<VariableProblem>) {
    let mut resolver = Resolver::new(root, ctx);
    resolver.run();
    (resolver.config, resolver.problems)
}

/// [`resolve`], also returning what a later resolution of an edited `root` may reuse (see
/// [`super::replay`]).
pub(super) fn resolve_traced(
    root: &Value,
    ctx: &ResolveContext<'_>,
) -> (Value, Vec<VariableProblem>, Trace) {
    let mut resolver = Resolver::new(root, ctx);
    resolver.trace = Some(Trace::default());
    resolver.run();
    let trace = resolver.trace.unwrap_or_default();
    (resolver.config, resolver.problems, trace)
}

/// What a resolution observed outside the strings with variables, and what it changed: all a
/// later resolution needs to tell whether an edit could change the outcome, and to replay it.
#[derive(Debug, Clone, Default)]
pub(super) struct Trace {
    /// Every path read from the config (keys joined by `\0`; `""` is the whole config).
    pub reads: FastSet<String>,
    /// Every environment variable asked for, and the answer.
    pub env: Vec<(String, Option<String>)>,
    /// A `file` source was asked: files may change without the config changing.
    pub files: bool,
    /// Every value placed into the config, in order, at its path (keys joined by `\0`).
    pub placements: Vec<(String, Value)>,
}

type ErrId = usize;

/// The resolver's maps and sets hash paths, which are short strings: foldhash, as mappings do.
/// None of them is ever iterated, so the hasher never changes an order.
type FastMap<K, V> = HashMap<K, V, KeyHasher>;
pub(super) type FastSet<K> = HashSet<K, KeyHasher>;

/// Where a variable's problems point: the variable as written, and its scalar.
#[derive(Debug, Clone, Copy)]
struct Loc {
    var: TextRange,
    scalar: TextRange,
}

#[derive(Debug, Clone)]
enum VarKind {
    Escape(String),
    Variable {
        sources: Vec<SourceMeta>,
        value: Option<Value>,
        error: Option<ErrId>,
    },
}

#[derive(Debug, Clone)]
struct VarMeta {
    loc: Loc,
    /// Where the variable is in its meta's text (byte offsets).
    span: (usize, usize),
    kind: VarKind,
}

impl VarMeta {
    fn is_unresolved(&self) -> bool {
        matches!(&self.kind, VarKind::Variable { sources, .. } if !sources.is_empty())
    }
}

#[derive(Debug, Clone)]
enum SourceMeta {
    Typed {
        name: String,
        name_loc: Loc,
        params: Option<Vec<Meta>>,
        address: Option<Meta>,
    },
    Literal(Value),
}

/// A string being resolved (a property's value, a param, an address): the framework's
/// `{ value, variables, error, sourceValues }`.
#[derive(Debug, Clone)]
struct Meta {
    value: Value,
    vars: Option<Vec<VarMeta>>,
    whole: bool,
    source_values: Option<Vec<String>>,
    error: Option<ErrId>,
}

impl Meta {
    /// What a busy property holds while its meta is being resolved.
    fn stand_in() -> Meta {
        Meta {
            value: Value::null(TextRange::default()),
            vars: None,
            whole: false,
            source_values: None,
            error: None,
        }
    }
}

#[derive(Debug, Clone)]
struct Property {
    meta: Meta,
    /// Set while this property is being resolved: asking for it again is a cycle.
    busy: bool,
    scalar: TextRange,
}

struct ErrorRecord {
    code: VariableCode,
    message: String,
    range: TextRange,
    property: String,
}

/// Why a source gave no value now.
enum Fail {
    /// It depends on something not resolved yet (the framework's MISSING_VARIABLE_DEPENDENCY).
    Dependency,
    Error(ErrId),
}

enum Outcome {
    Value(Value),
    /// No value; the next fallback is tried. The text replaces "Value not found at ...".
    Null(Option<String>),
    /// Not available at this step.
    Pending,
    /// Never available here (AWS, the Dashboard, running code).
    Offline(String),
}

/// A source's own failure, before the resolver prefixes the property.
enum SourceFail {
    Fail(Fail),
    Message(VariableCode, String),
}

impl From<Fail> for SourceFail {
    fn from(fail: Fail) -> Self {
        SourceFail::Fail(fail)
    }
}

/// Which sources the framework has registered at a step.
#[derive(Debug, Clone, Copy, Default)]
struct Step {
    env_fulfilled: bool,
    opt_fulfilled: bool,
    instance: bool,
    param: bool,
    aws: bool,
}

fn humanize(path: &str) -> String {
    path.replace('\0', ".")
}

fn keys_of(path: &str) -> Vec<&str> {
    path.split('\0').collect()
}

/// `p` and `k` are the same property, or one holds the other.
pub(super) fn related(p: &str, k: &str) -> bool {
    // `k` is `p`, or one is a path under the other: the longer one continues with `\0`.
    let under = |long: &str, short: &str| {
        long.strip_prefix(short)
            .is_some_and(|rest| rest.starts_with('\0'))
    };
    k == p || under(p, k) || under(k, p)
}

/// A key JavaScript treats as an array index (a canonical `u32` below `u32::MAX`): such keys
/// come first in an object's key order.
fn is_index_key(k: &str) -> bool {
    // Most keys do not start with a digit: those are no index, without parsing and printing.
    k.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && k.parse::<u32>()
            .is_ok_and(|n| n != u32::MAX && n.to_string() == k)
}

/// Object entries in JavaScript's key order: integer-like keys first, ascending. `None` when
/// that is the insertion order (no integer-like key: almost every mapping).
fn js_entry_order(mapping: &Mapping) -> Option<Vec<(&str, &MapEntry)>> {
    if !mapping.iter().any(|(k, _)| is_index_key(k)) {
        return None;
    }
    let mut indices: Vec<(&str, &MapEntry)> =
        mapping.iter().filter(|(k, _)| is_index_key(k)).collect();
    indices.sort_by_key(|(k, _)| k.parse::<u32>().unwrap_or(0));
    indices.extend(mapping.iter().filter(|(k, _)| !is_index_key(k)));
    Some(indices)
}

/// `value[key]` as JavaScript reads it (mappings, array indices and `length`, string chars).
fn js_index<'v>(value: &'v Value, key: &str) -> Option<Cow<'v, Value>> {
    let index = || key.parse::<usize>().ok().filter(|n| n.to_string() == key);
    let number = |n: usize| Cow::Owned(Value::new(ValueKind::Number(n as f64), value.range));
    match &value.kind {
        ValueKind::Mapping(m) => m.get(key).map(Cow::Borrowed),
        ValueKind::Sequence(items) if key == "length" => Some(number(items.len())),
        ValueKind::Sequence(items) => index().and_then(|i| items.get(i)).map(Cow::Borrowed),
        ValueKind::String(s) => {
            let units: Vec<u16> = s.encode_utf16().collect();
            if key == "length" {
                return Some(number(units.len()));
            }
            let unit = *units.get(index()?)?;
            Some(Cow::Owned(Value::string(
                String::from_utf16_lossy(&[unit]),
                value.range,
            )))
        }
        _ => None,
    }
}

/// The value at `keys`, borrowed where it can be.
fn js_get<'v>(root: &'v Value, keys: &[&str]) -> Option<Cow<'v, Value>> {
    let mut value = Cow::Borrowed(root);
    for key in keys {
        value = match value {
            Cow::Borrowed(v) => js_index(v, key)?,
            Cow::Owned(v) => Cow::Owned(js_index(&v, key)?.into_owned()),
        };
    }
    Some(value)
}

pub(super) fn set_at(root: &mut Value, keys: &[&str], new: Value) {
    let Some((last, parents)) = keys.split_last() else {
        *root = new;
        return;
    };
    let mut target = root;
    for key in parents {
        target = match &mut target.kind {
            ValueKind::Mapping(m) => match m.entries.get_mut(*key) {
                Some(entry) => &mut entry.value,
                None => return,
            },
            ValueKind::Sequence(items) => {
                match key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                    Some(item) => item,
                    None => return,
                }
            }
            _ => return,
        };
    }
    match &mut target.kind {
        ValueKind::Mapping(m) => {
            if let Some(entry) = m.entries.get_mut(*last) {
                entry.value = new;
            }
        }
        ValueKind::Sequence(items) => {
            if let Some(item) = last.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                *item = new;
            }
        }
        _ => {}
    }
}

/// JSON.parse(JSON.stringify(value)): what a source's result becomes.
fn json_normalize(value: Value) -> Value {
    let range = value.range;
    match value.kind {
        ValueKind::Number(n) if !n.is_finite() => Value::null(range),
        ValueKind::Sequence(items) => Value::new(
            ValueKind::Sequence(items.into_iter().map(json_normalize).collect()),
            range,
        ),
        ValueKind::Mapping(mut m) => {
            for entry in m.entries.values_mut() {
                entry.value =
                    json_normalize(std::mem::replace(&mut entry.value, Value::null(range)));
            }
            Value::new(ValueKind::Mapping(m), range)
        }
        kind => Value::new(kind, range),
    }
}

fn literal_value(literal: &Literal, range: TextRange) -> Value {
    let kind = match literal {
        Literal::Null => ValueKind::Null,
        Literal::Bool(b) => ValueKind::Bool(*b),
        Literal::Number(n) => ValueKind::Number(*n),
        Literal::String(s) => ValueKind::String(s.clone()),
    };
    Value::new(kind, range)
}

/// `type/lib/to-short-string`, as the framework's "Received: ..." messages print a value.
fn short_string(value: &Value) -> String {
    let s = js::to_js_string(value);
    let s: String = if s.encode_utf16().count() > 100 {
        let mut units: Vec<u16> = s.encode_utf16().take(99).collect();
        units.extend("…".encode_utf16());
        String::from_utf16_lossy(&units)
    } else {
        s
    };
    s.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `type/string/ensure` on an optional argument: `Ok(None)` when absent.
fn ensure_string(value: Option<&Value>, message: &str) -> Result<Option<String>, SourceFail> {
    match value {
        None => Ok(None),
        Some(v) if v.is_null() => Ok(None),
        Some(v) => match js::coerce_string(v) {
            Some(s) => Ok(Some(s)),
            None => Err(SourceFail::Message(
                VariableCode::SourceFailed,
                message.replace("%v", &short_string(v)),
            )),
        },
    }
}

/// The `--param` regular expression, `/(?<key>[^=]+)=(?<value>.+)/`, unanchored.
fn split_cli_param(item: &str) -> Option<(String, String)> {
    for (start, c) in item.char_indices() {
        if c == '=' {
            continue;
        }
        let eq = start + item[start..].find('=')?;
        let value: String = item[eq + 1..]
            .chars()
            .take_while(|c| !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            .collect();
        if !value.is_empty() {
            return Some((
                item[start..eq].to_owned(),
                value.trim_end_matches(js::is_js_whitespace).to_owned(),
            ));
        }
    }
    None
}

struct Resolver<'a, 'c> {
    ctx: &'a ResolveContext<'c>,
    config: Value,
    props: SlotMap<String, Property>,
    errors: Vec<ErrorRecord>,
    reported: FastSet<ErrId>,
    problems: Vec<VariableProblem>,
    deps: FastMap<String, IndexSet<String, KeyHasher>>,
    nest_depth: FastMap<String, u32>,
    attempted: FastSet<(u32, String)>,
    offline_seen: FastSet<(String, TextRange)>,
    batch: u32,
    step: Step,
    step_number: u32,
    /// Kept only when a later resolution may replay this one ([`resolve_traced`]).
    trace: Option<Trace>,
    path_buffer: String,
}

impl<'a, 'c> Resolver<'a, 'c> {
    fn new(root: &Value, ctx: &'a ResolveContext<'c>) -> Self {
        Resolver {
            ctx,
            config: root.clone(),
            props: SlotMap::new(),
            errors: Vec::new(),
            reported: FastSet::default(),
            problems: Vec::new(),
            deps: FastMap::default(),
            nest_depth: FastMap::default(),
            attempted: FastSet::default(),
            offline_seen: FastSet::default(),
            batch: 0,
            step: Step::default(),
            step_number: 0,
            trace: None,
            path_buffer: String::new(),
        }
    }

    // ----- the framework's steps (scripts/serverless.js) -----

    fn run(&mut self) {
        self.collect_properties();
        if self.props.is_empty() {
            return;
        }
        // Syntax errors stop the framework here; we go on, so an editor sees the rest too
        // (later steps' problems are not part of the framework's error).
        self.report_errors();
        self.ensure_resolved(&["disabledDeprecations", "deprecationNotificationMode"]);

        // Core properties: `provider.stage` and `useDotenv` decide which .env file is loaded.
        let core = ["provider\0name", "provider\0stage", "useDotenv"];
        self.run_step(Some(&core));
        self.report_errors();
        self.step.env_fulfilled = true;
        self.run_step(Some(&["provider\0stage", "useDotenv"]));
        self.report_errors();
        self.ensure_resolved(&["provider\0stage", "useDotenv"]);
        self.ensure_resolved(&["provider\0name"]);

        self.run_step(None);
        self.report_errors();
        let mut needed = vec![
            "plugins",
            "package\0path",
            "frameworkVersion",
            "app",
            "org",
            "dashboard",
            "service",
        ];
        if self.dashboard_enabled() {
            needed.push("provider\0region");
        }
        self.ensure_resolved(&needed);

        // The Serverless instance exists: options are final, `param:` is known.
        self.step.opt_fulfilled = true;
        self.step.instance = true;
        self.step.param = true;
        self.run_step(None);
        self.report_errors();
        self.ensure_resolved(&[
            "provider\0credentials",
            "provider\0deploymentBucket\0serverSideEncryption",
            "provider\0profile",
            "provider\0region",
        ]);

        self.step.aws = true;
        self.run_step(None);
        self.report_errors();
        self.report_leftovers();
    }

    /// Notes that the value at `path` (keys joined by `\0`) was read.
    fn read(&mut self, path: &str) {
        if let Some(trace) = &mut self.trace
            && !trace.reads.contains(path)
        {
            trace.reads.insert(path.to_owned());
        }
    }

    /// Notes that the value at `keys` was read (joined in a buffer kept for this: the same
    /// few paths are read again and again).
    fn read_keys(&mut self, keys: &[&str]) {
        if self.trace.is_none() {
            return;
        }
        let mut path = std::mem::take(&mut self.path_buffer);
        path.clear();
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                path.push('\0');
            }
            path.push_str(key);
        }
        self.read(&path);
        self.path_buffer = path;
    }

    /// The value at `keys`, noted as read.
    fn read_path(&mut self, keys: &[&str]) -> Option<&Value> {
        self.read_keys(keys);
        self.config.get_path(keys.iter().copied())
    }

    fn dashboard_enabled(&mut self) -> bool {
        for path in ["org", "app", "dashboard\0disableMonitoring"] {
            self.read(path);
        }
        let truthy = |k: &str| self.config.get(k).is_some_and(Value::is_truthy);
        truthy("org")
            && truthy("app")
            && !self
                .config
                .get_path(["dashboard", "disableMonitoring"])
                .is_some_and(Value::is_truthy)
    }

    fn next_batch(&mut self) -> u32 {
        self.batch += 1;
        self.batch
    }

    fn run_step(&mut self, paths: Option<&[&str]>) {
        let batch = self.next_batch();
        let targets: Vec<Option<&str>> = match paths {
            Some(paths) => paths.iter().map(|p| Some(*p)).collect(),
            None => vec![None],
        };
        for target in targets {
            // The framework visits the first property not visited yet, again and again, while
            // resolving adds and removes properties. Additions go last and removals leave
            // positions as they are, so every property before the one just visited has been
            // visited: the scan resumes there.
            // A property the step does not target is skipped without being visited: visiting
            // it would do nothing.
            let mut visited = FastSet::default();
            let mut from = 0;
            while let Some(index) = (from..self.props.positions()).find(|&i| {
                self.props.key_at(i).is_some_and(|k| {
                    target.is_none_or(|p| related(p, k)) && !visited.contains(k.as_str())
                })
            }) {
                let key = self.props.key_at(index).cloned().unwrap_or_default();
                self.resolve_property(batch, &key);
                // Only this loop reads `visited`: noting the key after resolving is the same.
                visited.insert(key);
                from = index;
            }
        }
    }

    /// Reports the errors not reported yet, in the properties' order. True if there were any.
    fn report_errors(&mut self) -> bool {
        self.step_number += 1;
        let ids: Vec<ErrId> = self.props.values().filter_map(|p| p.meta.error).collect();
        let mut any = false;
        for id in ids {
            if self.reported.insert(id) {
                any = true;
                let e = &self.errors[id];
                self.problems.push(VariableProblem {
                    code: e.code,
                    severity: e.code.severity(),
                    range: e.range,
                    message: e.message.clone(),
                    property: e.property.clone(),
                    step: Some(self.step_number),
                });
            }
        }
        any
    }

    /// `isPropertyResolved`: neither the property, a parent nor a child still has variables.
    fn is_resolved(&self, path: &str) -> bool {
        !self.props.keys().any(|k| related(path, k))
    }

    /// The framework stops when a property it needs now is still behind a variable.
    fn ensure_resolved(&mut self, paths: &[&str]) {
        self.step_number += 1;
        let Some(path) = paths.iter().find(|p| !self.is_resolved(p)) else {
            return;
        };
        // One already reported as an error needs no second problem.
        let pending: Vec<&Property> = self
            .props
            .iter()
            .filter(|(k, _)| related(path, k))
            .map(|(_, p)| p)
            .collect();
        if pending.iter().any(|p| p.meta.error.is_some()) {
            return;
        }
        let range = pending.first().map_or(TextRange::default(), |p| p.scalar);
        let message = format!(
            "Cannot resolve {}: \"{}\" property is not accessible (configured behind variables which cannot be resolved at this stage)",
            self.ctx.config_file_name,
            humanize(path)
        );
        self.problems.push(VariableProblem {
            code: VariableCode::InaccessibleProperty,
            severity: Severity::Error,
            range,
            message,
            property: humanize(path),
            step: Some(self.step_number),
        });
    }

    /// Variables left unresolved at the end: sources nothing defines.
    fn report_leftovers(&mut self) {
        self.step_number += 1;
        self.read("plugins");
        let has_plugins = self.config.get("plugins").is_some();
        let dashboard = self.dashboard_enabled();
        let mut found: Vec<(String, Loc, String)> = Vec::new();
        for (path, prop) in self.props.iter() {
            if let Some(vars) = &prop.meta.vars {
                unknown_sources(vars, dashboard, path, &mut found);
            }
        }
        for (name, loc, path) in found {
            let (code, message) = if name == "output" {
                (
                    VariableCode::DashboardSourceMisuse,
                    "\"Cannot resolve configuration: \"output\" variable can only be used in services deployed with Serverless Dashboard (with \"org\" setting configured)".to_owned(),
                )
            } else {
                (
                    VariableCode::UnknownSource,
                    format!("Unrecognized configuration variable sources: \"{name}\""),
                )
            };
            // A plugin may define the source: then it is only a warning.
            let severity = if has_plugins {
                Severity::Warning
            } else {
                Severity::Error
            };
            self.problems.push(VariableProblem {
                code,
                severity,
                range: loc.var,
                message,
                property: humanize(&path),
                step: Some(self.step_number),
            });
        }
    }

    // ----- problems and errors -----

    fn new_error(
        &mut self,
        code: VariableCode,
        message: String,
        range: TextRange,
        path: &str,
    ) -> ErrId {
        self.errors.push(ErrorRecord {
            code,
            message,
            range,
            property: humanize(path),
        });
        self.errors.len() - 1
    }

    fn warn(&mut self, code: VariableCode, range: TextRange, message: String, path: &str) {
        self.problems.push(VariableProblem {
            code,
            severity: code.severity(),
            range,
            message,
            property: humanize(path),
            step: None,
        });
    }

    // ----- building the properties (resolve-meta.js) -----

    fn collect_properties(&mut self) {
        let mut found = Vec::new();
        collect_strings(
            &self.config,
            String::new(),
            &mut found,
            &mut |key, range| {
                if lint::is_brace_dollar_key(key) {
                    Some(range)
                } else {
                    None
                }
            },
        );
        for (path, text, scalar, key_typo) in found {
            if let Some(range) = key_typo {
                self.warn(
                    VariableCode::DollarBraceTypo,
                    range,
                    brace_dollar_message(),
                    &path,
                );
                continue;
            }
            let map = self.source_map(scalar, &text);
            for typo in lint::brace_dollar_typos(&text) {
                self.warn(
                    VariableCode::DollarBraceTypo,
                    map.map(typo),
                    brace_dollar_message(),
                    &path,
                );
            }
            self.add_property(path, text, scalar, Some(&map), 0);
        }
    }

    fn source_map(&self, scalar: TextRange, cooked: &str) -> SourceMap {
        match self
            .ctx
            .source
            .and_then(|s| s.get(std::ops::Range::<usize>::from(scalar)))
        {
            Some(slice) => SourceMap::new(slice, style_of(slice), cooked, scalar),
            None => SourceMap::whole(scalar),
        }
    }

    /// Registers `text` at `path` if it has variables (or broken syntax).
    fn add_property(
        &mut self,
        path: String,
        text: String,
        scalar: TextRange,
        map: Option<&SourceMap>,
        depth: u32,
    ) {
        let locate = |r: TextRange| Loc {
            var: map.map_or(scalar, |m| m.map(r)),
            scalar,
        };
        match parse::parse(&text) {
            Ok(None) => {}
            Ok(Some(vars)) => {
                if map.is_some() {
                    for (colon, meant) in lint::self_address_colons(&vars) {
                        let message = format!(
                            "\"self\" addresses separate keys with \".\", not \":\": probably meant \"{meant}\""
                        );
                        self.warn(
                            VariableCode::SelfAddressColon,
                            locate(colon).var,
                            message,
                            &path,
                        );
                    }
                }
                let meta = meta_from(Value::string(text, scalar), &vars, &locate);
                if depth > 0 {
                    self.nest_depth.insert(path.clone(), depth);
                }
                self.props.insert(
                    path,
                    Property {
                        meta,
                        busy: false,
                        scalar,
                    },
                );
            }
            Err(error) => {
                let message = format!(
                    "Variable syntax error at \"{}\": {}",
                    humanize(&path),
                    error.message
                );
                let id = self.new_error(error.code, message, locate(error.range).var, &path);
                let meta = Meta {
                    value: Value::string(text, scalar),
                    vars: None,
                    whole: false,
                    source_values: None,
                    error: Some(id),
                };
                self.props.insert(
                    path,
                    Property {
                        meta,
                        busy: false,
                        scalar,
                    },
                );
            }
        }
    }

    // ----- resolution (resolve.js) -----

    fn resolve_property(&mut self, batch: u32, path: &str) {
        if self.attempted.insert((batch, path.to_owned())) {
            self.resolve_property_now(batch, path);
        }
    }

    fn resolve_property_now(&mut self, batch: u32, path: &str) {
        let Some(prop) = self.props.get_mut(path) else {
            return;
        };
        if prop.busy || prop.meta.vars.is_none() {
            return;
        }
        prop.busy = true;
        // Moved out, not copied: while busy, the property is only asked for its error (see
        // `pending_or_error`), and a property with variables has none, as the stand-in.
        let mut meta = std::mem::replace(&mut prop.meta, Meta::stand_in());
        let scalar = prop.scalar;
        self.resolve_variables(batch, path, &mut meta);
        let done = meta.vars.is_none() && meta.error.is_none();
        // A resolved property's value is never read from it again (only its error is): moved.
        let resolved = done.then(|| {
            let value = std::mem::replace(&mut meta.value, Value::null(scalar));
            (value, meta.source_values.take())
        });
        if let Some(prop) = self.props.get_mut(path) {
            prop.meta = meta;
            prop.busy = false;
        }
        let Some((value, source_values)) = resolved else {
            return;
        };
        let keys = keys_of(path);
        let mut found: Vec<(String, String, TextRange)> = Vec::new();
        let mut reparse_self = false;
        if let ValueKind::String(text) = &value.kind {
            let parsed = match &source_values {
                Some(parts) => parse_parts(parts),
                None => parse::parse(text),
            };
            match parsed {
                Err(error) => {
                    let message = format!(
                        "Cannot resolve variable at \"{}\": Approached variable syntax error in resolved value \"{text}\": {}",
                        humanize(path),
                        error.message
                    );
                    let id = self.new_error(error.code, message, scalar, path);
                    if let Some(prop) = self.props.get_mut(path) {
                        prop.meta.error = Some(id);
                    }
                    return;
                }
                Ok(Some(vars)) => {
                    reparse_self = true;
                    let locate = |_: TextRange| Loc {
                        var: scalar,
                        scalar,
                    };
                    let meta = meta_from(value.clone(), &vars, &locate);
                    self.props.insert(
                        path.to_owned(),
                        Property {
                            meta,
                            busy: false,
                            scalar,
                        },
                    );
                }
                Ok(None) => {}
            }
        } else {
            let mut strings = Vec::new();
            collect_strings(&value, path.to_owned(), &mut strings, &mut |_, _| None);
            for (sub, text, range, _) in strings {
                if matches!(parse::parse(&text), Ok(None)) {
                    continue;
                }
                found.push((sub, text, range));
            }
        }
        if reparse_self || !found.is_empty() {
            let depth = self.nest_depth.get(path).copied().unwrap_or(0) + 1;
            if depth > NEST_LIMIT {
                let message = format!(
                    "Cannot resolve variable at \"{}\": Excessive property variables nest depth",
                    humanize(path)
                );
                let id = self.new_error(VariableCode::ExcessiveNesting, message, scalar, path);
                if let Some(prop) = self.props.get_mut(path) {
                    prop.meta.vars = None;
                    prop.meta.error = Some(id);
                }
                return;
            }
            if reparse_self {
                self.nest_depth.insert(path.to_owned(), depth);
            }
            for (sub, text, range) in &found {
                self.add_property(sub.clone(), text.clone(), *range, None, depth);
            }
        }
        if !reparse_self {
            self.props.remove(path);
        }
        let mut placed = value;
        placed.range = scalar;
        if let Some(trace) = &mut self.trace {
            trace.placements.push((path.to_owned(), placed.clone()));
        }
        set_at(&mut self.config, &keys, placed);
        if reparse_self {
            self.resolve_property_now(batch, path);
        } else if !found.is_empty() {
            let batch = self.next_batch();
            for (sub, _, _) in found {
                self.resolve_property(batch, &sub);
            }
        }
    }

    /// `resolveVariables`: resolves what it can of `meta`'s variables, then builds its value.
    fn resolve_variables(&mut self, batch: u32, path: &str, meta: &mut Meta) {
        let Some(mut vars) = meta.vars.take() else {
            return;
        };
        let mut first_error = None;
        for var in vars.iter_mut() {
            if var.is_unresolved() {
                self.resolve_variable(batch, path, var);
            }
            if let VarKind::Variable {
                error: Some(id), ..
            } = &var.kind
            {
                first_error.get_or_insert(*id);
            }
        }
        if let Some(id) = first_error {
            meta.error = Some(id);
            return;
        }
        if vars.iter().any(VarMeta::is_unresolved) {
            meta.vars = Some(vars);
            return;
        }
        let value_of = |var: &VarMeta| match &var.kind {
            VarKind::Escape(text) => Value::string(text.clone(), var.loc.scalar),
            VarKind::Variable { value, .. } => value.clone().unwrap_or(Value::null(var.loc.scalar)),
        };
        if meta.whole && vars.len() == 1 {
            meta.value = value_of(&vars[0]);
            return;
        }
        let ValueKind::String(raw) = &meta.value.kind else {
            return;
        };
        let raw = raw.clone();
        let mut parts = Vec::new();
        let mut last = 0;
        for var in &vars {
            let Some(text) = js::coerce_string(&value_of(var)) else {
                let message = format!(
                    "Cannot resolve variable at \"{}\": String value consist of variable which resolve with non-string value",
                    humanize(path)
                );
                meta.error = Some(self.new_error(
                    VariableCode::NonStringInterpolation,
                    message,
                    var.loc.var,
                    path,
                ));
                return;
            };
            let (start, end) = var.span;
            parts.push(raw.get(last..start).unwrap_or("").to_owned());
            parts.push(text);
            last = end;
        }
        parts.push(raw.get(last..).unwrap_or("").to_owned());
        meta.value = Value::string(parts.concat(), meta.value.range);
        meta.source_values = Some(parts);
    }

    /// `resolveVariable`: the first source with a value wins; `null` moves to the next.
    fn resolve_variable(&mut self, batch: u32, path: &str, var: &mut VarMeta) {
        let loc = var.loc;
        let VarKind::Variable {
            sources,
            value,
            error,
        } = &mut var.kind
        else {
            return;
        };
        while let Some(source) = sources.first_mut() {
            let name = match source {
                SourceMeta::Literal(literal) => {
                    *value = Some(literal.clone());
                    sources.clear();
                    return;
                }
                SourceMeta::Typed { name, .. } => name.clone(),
            };
            if !self.is_registered(&name) {
                return;
            }
            match self.resolve_variable_source(batch, path, source, loc) {
                Err(Fail::Dependency) | Ok(Outcome::Pending) => return,
                Err(Fail::Error(id)) => {
                    *error = Some(id);
                    sources.clear();
                    return;
                }
                Ok(Outcome::Offline(reason)) => {
                    if self.offline_seen.insert((path.to_owned(), loc.var)) {
                        let message =
                            format!("\"{name}\" variables cannot be resolved offline: {reason}");
                        self.warn(VariableCode::Offline, loc.var, message, path);
                    }
                    return;
                }
                Ok(Outcome::Value(v)) if !v.is_null() => {
                    *value = Some(v);
                    sources.clear();
                    return;
                }
                Ok(Outcome::Value(_)) | Ok(Outcome::Null(None)) => {
                    sources.remove(0);
                    if sources.is_empty() {
                        let message = format!("Value not found at \"{name}\" source");
                        *error = Some(self.not_found(path, message, loc));
                    }
                }
                Ok(Outcome::Null(Some(message))) => {
                    sources.remove(0);
                    if sources.is_empty() {
                        *error = Some(self.not_found(path, message, loc));
                    }
                }
            }
        }
    }

    fn not_found(&mut self, path: &str, detail: String, loc: Loc) -> ErrId {
        let message = format!(
            "Cannot resolve variable at \"{}\": {detail}",
            humanize(path)
        );
        self.new_error(VariableCode::NotFound, message, loc.var, path)
    }

    fn is_registered(&mut self, name: &str) -> bool {
        match name {
            "env" | "file" | "opt" | "self" | "strToBool" | "sls" => true,
            "param" => self.step.param,
            "output" => self.step.param && self.dashboard_enabled(),
            "cf" | "s3" | "ssm" | "aws" => self.step.aws,
            _ => false,
        }
    }

    /// `resolveVariableSource`: resolves the params and address, then asks the source.
    fn resolve_variable_source(
        &mut self,
        batch: u32,
        path: &str,
        source: &mut SourceMeta,
        loc: Loc,
    ) -> Result<Outcome, Fail> {
        let SourceMeta::Typed {
            name,
            params,
            address,
            ..
        } = source
        else {
            return Ok(Outcome::Pending);
        };
        let mut first_fail = None;
        for meta in params.iter_mut().flatten().chain(address.iter_mut()) {
            if meta.vars.is_some() {
                self.resolve_variables(batch, path, meta);
                if let Err(fail) = self.resolve_internal_result(batch, path, meta, NEST_LIMIT) {
                    first_fail.get_or_insert(fail);
                }
            }
        }
        if let Some(fail) = first_fail {
            return Err(fail);
        }
        let params: Option<Vec<Value>> = params
            .as_ref()
            .map(|ps| ps.iter().map(|p| p.value.clone()).collect());
        let address = address
            .as_ref()
            .map(|a| a.value.clone())
            .filter(|a| !a.is_null());
        let name = name.clone();
        match self.call_source(batch, path, &name, params.as_deref(), address.as_ref(), loc) {
            Ok(Outcome::Value(v)) => Ok(Outcome::Value(json_normalize(v))),
            Ok(outcome) => Ok(outcome),
            Err(SourceFail::Fail(fail)) => Err(fail),
            Err(SourceFail::Message(code, detail)) => {
                let message = format!(
                    "Cannot resolve variable at \"{}\": {detail}",
                    humanize(path)
                );
                Err(Fail::Error(self.new_error(code, message, loc.var, path)))
            }
        }
    }

    /// `resolveInternalResult`: a param's or address's value may hold variables again.
    fn resolve_internal_result(
        &mut self,
        batch: u32,
        path: &str,
        meta: &mut Meta,
        nest: u32,
    ) -> Result<(), Fail> {
        if let Some(id) = meta.error {
            return Err(Fail::Error(id));
        }
        if meta.vars.is_some() {
            return Err(Fail::Dependency);
        }
        let scalar = meta.value.range;
        if nest == 0 {
            let message = format!(
                "Cannot resolve variable at \"{}\": Excessive variables nest depth",
                humanize(path)
            );
            return Err(Fail::Error(self.new_error(
                VariableCode::ExcessiveNesting,
                message,
                scalar,
                path,
            )));
        }
        match &meta.value.kind {
            ValueKind::String(text) => {
                let parsed = match &meta.source_values {
                    Some(parts) => parse_parts(parts),
                    None => parse::parse(text),
                };
                let vars = match parsed {
                    Ok(None) => return Ok(()),
                    Ok(Some(vars)) => vars,
                    Err(error) => {
                        let message = format!(
                            "Cannot resolve variable at \"{}\": Approached variable syntax error in resolved value \"{text}\": {}",
                            humanize(path),
                            error.message
                        );
                        let id = self.new_error(error.code, message, scalar, path);
                        meta.error = Some(id);
                        return Err(Fail::Error(id));
                    }
                };
                let locate = |_: TextRange| Loc {
                    var: scalar,
                    scalar,
                };
                *meta = meta_from(meta.value.clone(), &vars, &locate);
                self.resolve_variables(batch, path, meta);
                self.resolve_internal_result(batch, path, meta, nest - 1)
            }
            ValueKind::Mapping(_) | ValueKind::Sequence(_) => {
                let mut strings = Vec::new();
                collect_strings(&meta.value, String::new(), &mut strings, &mut |_, _| None);
                for (sub, text, range, _) in strings {
                    let vars = match parse::parse(&text) {
                        Ok(None) => continue,
                        Ok(Some(vars)) => vars,
                        Err(error) => {
                            let message = format!(
                                "Variable syntax error at \"{}\": {}",
                                humanize(&sub),
                                error.message
                            );
                            return Err(Fail::Error(
                                self.new_error(error.code, message, scalar, path),
                            ));
                        }
                    };
                    let locate = |_: TextRange| Loc {
                        var: scalar,
                        scalar,
                    };
                    let mut sub_meta = meta_from(Value::string(text, range), &vars, &locate);
                    self.resolve_variables(batch, path, &mut sub_meta);
                    self.resolve_internal_result(batch, path, &mut sub_meta, nest - 1)?;
                    let keys: Vec<&str> = keys_of(&sub).into_iter().skip(1).collect();
                    set_at(&mut meta.value, &keys, sub_meta.value);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    // ----- dependencies between properties -----

    fn validate_dependency(
        &self,
        dependent: &str,
        dependency: &str,
        seen: &mut FastSet<String>,
    ) -> Result<(), String> {
        if dependent == dependency {
            return Err(format!(
                "Circular reference. \"{}\" refers to itself",
                humanize(dependent)
            ));
        }
        if !seen.insert(dependency.to_owned()) {
            return Ok(());
        }
        let Some(deps) = self.deps.get(dependency) else {
            return Ok(());
        };
        if deps.contains(dependent) {
            return Err(format!(
                "Circular reference among \"{}\" and \"{}\" properties",
                humanize(dependent),
                humanize(dependency)
            ));
        }
        for dep in deps {
            self.validate_dependency(dependent, dep, seen)?;
        }
        Ok(())
    }

    fn register_dependency(&mut self, dependent: &str, dependency: &str) -> Result<(), SourceFail> {
        self.validate_dependency(dependent, dependency, &mut FastSet::default())
            .map_err(|message| SourceFail::Message(VariableCode::Circular, message))?;
        self.deps
            .entry(dependent.to_owned())
            .or_default()
            .insert(dependency.to_owned());
        Ok(())
    }

    fn pending_or_error(&self, path: &str) -> Option<Fail> {
        let prop = self.props.get(path)?;
        Some(match prop.meta.error {
            Some(id) => Fail::Error(id),
            None => Fail::Dependency,
        })
    }

    /// `resolveDependentProperty`: the value at `keys`, once every variable on the way and
    /// inside it is resolved.
    fn resolve_dependent_property(
        &mut self,
        batch: u32,
        dependent: &str,
        keys: &[&str],
    ) -> Result<Value, SourceFail> {
        self.read_keys(keys);
        let mut dep = String::new();
        for (i, key) in keys.iter().enumerate() {
            if js_get(&self.config, &keys[..i]).is_none_or(|v| v.is_null()) {
                return Ok(Value::null(TextRange::default()));
            }
            // `keys[..=i]` joined with `\0`, one key more each time.
            if i > 0 {
                dep.push('\0');
            }
            dep.push_str(key);
            // No property there (the usual case): nothing to resolve, nothing pending.
            if !self.props.contains_key(&dep) {
                continue;
            }
            self.register_dependency(dependent, &dep)?;
            self.resolve_property(batch, &dep);
            if let Some(fail) = self.pending_or_error(&dep) {
                return Err(fail.into());
            }
        }
        let value =
            js_get(&self.config, keys).map_or(Value::null(TextRange::default()), Cow::into_owned);
        if !matches!(value.kind, ValueKind::Mapping(_) | ValueKind::Sequence(_)) {
            return Ok(value);
        }
        let prefix = if keys.is_empty() {
            String::new()
        } else {
            format!("{}\0", keys.join("\0"))
        };
        let inside: Vec<String> = self
            .props
            .keys()
            .filter(|k| k.starts_with(&prefix))
            .cloned()
            .collect();
        // The framework registers every dependency before its first `await`: a cycle found
        // while registering fails first, whatever resolving the others brings.
        let mut first_fail = None;
        let mut registered = Vec::new();
        for key in inside {
            match self.register_dependency(dependent, &key) {
                Ok(()) => registered.push(key),
                Err(fail) => {
                    first_fail.get_or_insert(fail);
                }
            }
        }
        for key in registered {
            self.resolve_property(batch, &key);
            if let Some(fail) = self.pending_or_error(&key) {
                first_fail.get_or_insert(fail.into());
            }
        }
        match first_fail {
            Some(fail) => Err(fail),
            None => Ok(js_get(&self.config, keys).map_or(value, Cow::into_owned)),
        }
    }

    // ----- the sources -----

    fn call_source(
        &mut self,
        batch: u32,
        path: &str,
        name: &str,
        params: Option<&[Value]>,
        address: Option<&Value>,
        loc: Loc,
    ) -> Result<Outcome, SourceFail> {
        match name {
            "self" => {
                let keys: Vec<String> = match address {
                    None => Vec::new(),
                    Some(Value {
                        kind: ValueKind::String(s),
                        ..
                    }) => s.split('.').map(str::to_owned).collect(),
                    Some(_) => {
                        return Err(SourceFail::Message(
                            VariableCode::SourceFailed,
                            "TypeError: address.split is not a function".to_owned(),
                        ));
                    }
                };
                let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                Ok(Outcome::Value(
                    self.resolve_dependent_property(batch, path, &keys)?,
                ))
            }
            "sls" => {
                let address = ensure_string(
                    address,
                    "Non-string address argument in variable \"sls\" source: %v",
                )?
                .filter(|a| !a.is_empty())
                .ok_or_else(|| missing_source("address", "sls"))?;
                match address.as_str() {
                    "instanceId" if self.step.instance => Ok(Outcome::Offline(
                        "the instance id is random for each run".to_owned(),
                    )),
                    "instanceId" => Ok(Outcome::Pending),
                    "stage" => Ok(Outcome::Value(Value::string(
                        self.stage(batch, path)?,
                        loc.scalar,
                    ))),
                    _ => Err(SourceFail::Message(
                        VariableCode::SourceFailed,
                        format!(
                            "Unsupported \"{address}\" address argument in variable \"sls\" source"
                        ),
                    )),
                }
            }
            "opt" => {
                let address = ensure_string(
                    address,
                    "Non-string address argument in variable \"opt\" source: %v",
                )?;
                let options = self.options(loc.scalar);
                let Some(address) = address else {
                    return Ok(if self.step.opt_fulfilled {
                        Outcome::Value(options)
                    } else {
                        Outcome::Pending
                    });
                };
                match options.get(&address) {
                    Some(v) => Ok(Outcome::Value(v.clone())),
                    None if self.step.opt_fulfilled => Ok(Outcome::Null(None)),
                    None => Ok(Outcome::Pending),
                }
            }
            "env" => {
                let address = ensure_string(
                    address,
                    "Non-string address argument in variable \"env\" source: %v",
                )?
                .filter(|a| !a.is_empty())
                .ok_or_else(|| missing_source("address", "env"))?;
                let found = (self.ctx.env)(&address);
                if let Some(trace) = &mut self.trace {
                    trace.env.push((address.clone(), found.clone()));
                }
                match found {
                    Some(v) => Ok(Outcome::Value(Value::string(v, loc.scalar))),
                    None if self.step.env_fulfilled => Ok(Outcome::Null(None)),
                    None => Ok(Outcome::Pending),
                }
            }
            "param" => self.param(address, loc),
            "strToBool" => {
                let input = params
                    .and_then(|p| p.first())
                    .filter(|v| !v.is_null())
                    .ok_or_else(|| {
                        SourceFail::Message(
                            VariableCode::SourceFailed,
                            "Missing \"strToBool\" input".to_owned(),
                        )
                    })?;
                let text =
                    ensure_string(Some(input), "Non-string \"strToBool\" input:. Received: %v")?
                        .unwrap_or_default();
                match text
                    .trim_matches(js::is_js_whitespace)
                    .to_lowercase()
                    .as_str()
                {
                    "true" | "1" => Ok(Outcome::Value(Value::new(
                        ValueKind::Bool(true),
                        loc.scalar,
                    ))),
                    "false" | "0" => Ok(Outcome::Value(Value::new(
                        ValueKind::Bool(false),
                        loc.scalar,
                    ))),
                    _ => Err(SourceFail::Message(
                        VariableCode::SourceFailed,
                        format!(
                            "Invalid \"strToBool\" input: Expected either \"true\", \"false\", \"0\", or \"1\". Received: {}",
                            short_string(input)
                        ),
                    )),
                }
            }
            "file" => self.file(batch, path, params, address, loc),
            "aws" => {
                let address = ensure_string(
                    address,
                    // (sic) "sls": the framework's get-aws.js reuses the sls source's text.
                    "Non-string address argument in variable \"sls\" source: %v",
                )?
                .filter(|a| !a.is_empty())
                .ok_or_else(|| missing_source("address", "aws"))?;
                match address.as_str() {
                    "accountId" => Ok(Outcome::Offline("the account id comes from AWS".to_owned())),
                    "region" => {
                        let region = match self.ctx.region.clone().filter(|r| !r.is_empty()) {
                            Some(region) => region,
                            None => {
                                let v = self.resolve_dependent_property(
                                    batch,
                                    path,
                                    &["provider", "region"],
                                )?;
                                if v.is_truthy() {
                                    js::to_js_string(&v)
                                } else {
                                    "us-east-1".to_owned()
                                }
                            }
                        };
                        Ok(Outcome::Value(Value::string(region, loc.scalar)))
                    }
                    _ => Err(SourceFail::Message(
                        VariableCode::SourceFailed,
                        format!(
                            "Unsupported \"{address}\" address argument in variable \"aws\" source"
                        ),
                    )),
                }
            }
            "ssm" => Ok(Outcome::Offline(
                "SSM parameters are read from AWS".to_owned(),
            )),
            "cf" => Ok(Outcome::Offline(
                "stack outputs are read from AWS".to_owned(),
            )),
            "s3" => Ok(Outcome::Offline("objects are read from AWS S3".to_owned())),
            "output" => Ok(Outcome::Offline(
                "outputs are read from Serverless Dashboard".to_owned(),
            )),
            _ => Ok(Outcome::Pending),
        }
    }

    /// `${sls:stage}`: `--stage`, else `provider.stage` (itself maybe a variable), else `dev`.
    fn stage(&mut self, batch: u32, path: &str) -> Result<String, SourceFail> {
        if let Some(stage) = self.ctx.stage.clone().filter(|s| !s.is_empty()) {
            return Ok(stage);
        }
        let v = self.resolve_dependent_property(batch, path, &["provider", "stage"])?;
        Ok(if v.is_truthy() {
            js::to_js_string(&v)
        } else {
            "dev".to_owned()
        })
    }

    /// The options object the framework passes to sources: every supported option, `null`
    /// when not given.
    fn options(&self, range: TextRange) -> Value {
        let mut m = Mapping::default();
        for name in SUPPORTED_OPTIONS {
            let value = match name {
                "stage" => self.ctx.stage.clone().map(|s| Value::string(s, range)),
                "region" => self.ctx.region.clone().map(|s| Value::string(s, range)),
                "param" if !self.ctx.params.is_empty() => Some(Value::new(
                    ValueKind::Sequence(
                        self.ctx
                            .params
                            .iter()
                            .map(|p| Value::string(p.clone(), range))
                            .collect(),
                    ),
                    range,
                )),
                _ => None,
            };
            m.insert(name, range, value.unwrap_or(Value::null(range)));
        }
        Value::new(ValueKind::Mapping(m), range)
    }

    /// `${param:x}`: `--param x=...`, then `params.<stage>.x`, then `params.default.x`.
    fn param(&mut self, address: Option<&Value>, loc: Loc) -> Result<Outcome, SourceFail> {
        let address = ensure_string(
            address,
            "Non-string address argument in variable \"param\" source: %v",
        )?
        .filter(|a| !a.is_empty())
        .ok_or_else(|| missing_source("address", "param"))?;
        let mut cli: IndexMap<String, String> = IndexMap::new();
        for item in &self.ctx.params {
            let Some((key, value)) = split_cli_param(item) else {
                return Err(SourceFail::Message(
                    VariableCode::SourceFailed,
                    format!(
                        "Encountered invalid \"--param\" CLI option value: \"{item}\". Supported format: \"--param='<key>=<val>'\""
                    ),
                ));
            };
            cli.insert(key, value);
        }
        if let Some(value) = cli.get(&address) {
            return Ok(Outcome::Value(Value::string(value.clone(), loc.scalar)));
        }
        let stage = match self.ctx.stage.clone().filter(|s| !s.is_empty()) {
            Some(stage) => stage,
            None => match self.read_path(&["provider", "stage"]) {
                Some(v) if v.is_truthy() => js::to_js_string(v),
                _ => "dev".to_owned(),
            },
        };
        for group in [stage.as_str(), "default"] {
            self.read(&format!("params\0{group}\0{address}"));
            let found = self.config.get_path(["params", group, address.as_str()]);
            if let Some(v) = found.filter(|v| !v.is_null()) {
                return Ok(Outcome::Value(v.clone()));
            }
        }
        self.read("org");
        self.read("app");
        let truthy = |k: &str| self.config.get(k).is_some_and(Value::is_truthy);
        if truthy("org") && truthy("app") {
            return Ok(Outcome::Offline(
                "Serverless Dashboard parameters are read online".to_owned(),
            ));
        }
        Ok(Outcome::Null(Some(format!(
            "The param \"{address}\" cannot be resolved from CLI options or stage params. If you are using Serverless Framework Compose, make sure to run commands via Compose so that all parameters can be resolved"
        ))))
    }

    fn file(
        &mut self,
        batch: u32,
        path: &str,
        params: Option<&[Value]>,
        address: Option<&Value>,
        loc: Loc,
    ) -> Result<Outcome, SourceFail> {
        if let Some(trace) = &mut self.trace {
            trace.files = true;
        }
        let written = params
            .and_then(|p| p.first())
            .filter(|v| v.is_truthy())
            .ok_or_else(|| {
                SourceFail::Message(
                    VariableCode::SourceFailed,
                    "Missing path argument in variable \"file\" source".to_owned(),
                )
            })?;
        let written = ensure_string(
            Some(written),
            "Non-string path argument in variable \"file\" source: %v",
        )?
        .unwrap_or_default();
        let address = ensure_string(
            address,
            "Non-string address argument for variable \"file\" source: %v",
        )?;
        let content = match file::load(self.ctx, &written, loc.scalar) {
            FileLoad::Content(v) => v,
            FileLoad::Missing => return Ok(Outcome::Value(Value::null(loc.scalar))),
            FileLoad::Offline(reason) => return Ok(Outcome::Offline(reason)),
            FileLoad::Failed { code, message } => return Err(SourceFail::Message(code, message)),
        };
        let Some(address) = address.filter(|a| !a.is_empty()) else {
            return Ok(Outcome::Value(content));
        };
        let mut result = content;
        for key in address.split('.') {
            if let ValueKind::String(s) = &result.kind {
                result = self.resolve_variables_in_string(batch, path, s.clone(), loc)?;
            }
            match js_index(&result, key).map(Cow::into_owned) {
                Some(v) if !v.is_null() => result = v,
                _ => return Ok(Outcome::Value(Value::null(loc.scalar))),
            }
        }
        Ok(Outcome::Value(result))
    }

    fn resolve_variables_in_string(
        &mut self,
        batch: u32,
        path: &str,
        text: String,
        loc: Loc,
    ) -> Result<Value, SourceFail> {
        let vars = match parse::parse(&text) {
            Ok(None) => return Ok(Value::string(text, loc.scalar)),
            Ok(Some(vars)) => vars,
            Err(error) => return Err(SourceFail::Message(error.code, error.message)),
        };
        let locate = |_: TextRange| loc;
        let mut meta = meta_from(Value::string(text, loc.scalar), &vars, &locate);
        self.resolve_variables(batch, path, &mut meta);
        self.resolve_internal_result(batch, path, &mut meta, NEST_LIMIT)?;
        Ok(meta.value)
    }
}

fn missing_source(what: &str, source: &str) -> SourceFail {
    SourceFail::Message(
        VariableCode::SourceFailed,
        format!("Missing {what} argument in variable \"{source}\" source"),
    )
}

fn brace_dollar_message() -> String {
    "\"{$\" does not start a variable, so this is plain text: did you mean \"${\"?".to_owned()
}

/// The framework's `resolveSourceValuesVariables`: each part of an interpolated result parsed
/// on its own, so joining parts never makes a new variable.
fn parse_parts(parts: &[String]) -> Result<Option<Variables>, parse::SyntaxError> {
    let mut items = Vec::new();
    let mut base = 0usize;
    for part in parts {
        if let Some(vars) = parse::parse(part)? {
            for mut item in vars.items {
                item.range = TextRange::new(
                    item.range.start() + crate::TextSize::from(base as u32),
                    item.range.end() + crate::TextSize::from(base as u32),
                );
                items.push(item);
            }
        }
        base += part.len();
    }
    Ok((!items.is_empty()).then_some(Variables {
        items,
        whole: false,
    }))
}

/// Every string of `value` that may hold a variable (has a `$`: no other string parses to
/// variables or to a syntax error) with its path (keys joined by `\0`), in JavaScript's key
/// order. `key_check` may flag a mapping key; such an entry is returned with the flag's range.
fn collect_strings(
    value: &Value,
    path: String,
    out: &mut Vec<(String, String, TextRange, Option<TextRange>)>,
    key_check: &mut dyn FnMut(&str, TextRange) -> Option<TextRange>,
) {
    let mut path = path;
    collect_strings_at(value, &mut path, out, key_check);
}

/// [`collect_strings`] with one path buffer for the whole walk: a path is allocated only for
/// what is returned.
fn collect_strings_at(
    value: &Value,
    path: &mut String,
    out: &mut Vec<(String, String, TextRange, Option<TextRange>)>,
    key_check: &mut dyn FnMut(&str, TextRange) -> Option<TextRange>,
) {
    let push_key = |path: &mut String, key: &str| {
        if !path.is_empty() {
            path.push('\0');
        }
        path.push_str(key);
    };
    let len = path.len();
    match &value.kind {
        ValueKind::String(s) if !path.is_empty() && s.contains('$') => {
            out.push((path.clone(), s.clone(), value.range, None))
        }
        ValueKind::Mapping(m) => {
            let mut visit = |key: &str, entry: &MapEntry| {
                push_key(path, key);
                if let Some(range) = key_check(key, entry.key_range) {
                    out.push((path.clone(), String::new(), entry.key_range, Some(range)));
                }
                collect_strings_at(&entry.value, path, out, key_check);
                path.truncate(len);
            };
            match js_entry_order(m) {
                None => m.iter().for_each(|(key, entry)| visit(key, entry)),
                Some(ordered) => ordered
                    .into_iter()
                    .for_each(|(key, entry)| visit(key, entry)),
            }
        }
        ValueKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                if !path.is_empty() {
                    path.push('\0');
                }
                push_decimal(path, i);
                collect_strings_at(item, path, out, key_check);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Appends `n` in decimal, as `n.to_string()` would, without allocating.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(char::from(d)));
}

/// Converts parsed variables into resolution state; `locate` maps a parsed range to the document.
fn meta_from(value: Value, vars: &Variables, locate: &dyn Fn(TextRange) -> Loc) -> Meta {
    Meta {
        vars: Some(
            vars.items
                .iter()
                .map(|item| var_meta(item, 0, locate))
                .collect(),
        ),
        whole: vars.whole,
        value,
        source_values: None,
        error: None,
    }
}

/// `base`: where the meta's text starts in the parsed string.
fn var_meta(item: &parse::Item, base: usize, locate: &dyn Fn(TextRange) -> Loc) -> VarMeta {
    let loc = locate(item.range);
    let span = (
        usize::from(item.range.start()).saturating_sub(base),
        usize::from(item.range.end()).saturating_sub(base),
    );
    let kind = match &item.kind {
        ItemKind::Escape(text) => VarKind::Escape(text.clone()),
        ItemKind::Variable(sources) => VarKind::Variable {
            sources: sources
                .iter()
                .map(|s| source_meta(s, loc, locate))
                .collect(),
            value: None,
            error: None,
        },
    };
    VarMeta { loc, span, kind }
}

fn source_meta(source: &Source, loc: Loc, locate: &dyn Fn(TextRange) -> Loc) -> SourceMeta {
    match source {
        Source::Literal(literal) => SourceMeta::Literal(literal_value(&literal.value, loc.scalar)),
        Source::Typed(typed) => {
            let meta = |m: &parse::Meta| Meta {
                value: literal_value(&m.value, loc.scalar),
                vars: m.variables.as_ref().map(|v| {
                    let base = usize::from(m.range.start());
                    v.items
                        .iter()
                        .map(|item| var_meta(item, base, locate))
                        .collect()
                }),
                whole: m.variables.as_ref().is_some_and(|v| v.whole),
                source_values: None,
                error: None,
            };
            SourceMeta::Typed {
                name: typed.name.clone(),
                name_loc: locate(typed.name_range),
                params: typed
                    .params
                    .as_ref()
                    .map(|ps| ps.iter().map(meta).collect()),
                address: typed.address.as_ref().map(meta),
            }
        }
    }
}

/// Variables still waiting on a source nothing defines: the first source of each, and the
/// sources inside its params and address (`resolve-unresolved-source-types.js`).
fn unknown_sources(
    vars: &[VarMeta],
    dashboard: bool,
    path: &str,
    out: &mut Vec<(String, Loc, String)>,
) {
    for var in vars {
        let VarKind::Variable { sources, .. } = &var.kind else {
            continue;
        };
        let Some(SourceMeta::Typed {
            name,
            name_loc,
            params,
            address,
        }) = sources.first()
        else {
            continue;
        };
        for meta in params.iter().flatten().chain(address.iter()) {
            if let Some(inner) = &meta.vars {
                unknown_sources(inner, dashboard, path, out);
            }
        }
        let known = matches!(
            name.as_str(),
            "env"
                | "file"
                | "opt"
                | "self"
                | "strToBool"
                | "sls"
                | "param"
                | "cf"
                | "s3"
                | "ssm"
                | "aws"
        ) || (name == "output" && dashboard);
        if !known {
            out.push((name.clone(), *name_loc, path.to_owned()));
        }
    }
}
