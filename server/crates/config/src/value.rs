//! A JSON-like value that remembers where it was written.

use indexmap::IndexMap;
use sls_text::TextRange;

/// A config value. `range` is the text that produced it; for a value brought in through an
/// alias it is the anchored text, for a value resolved from a variable it is the variable's
/// scalar, for a value made by the framework (a default) it is empty.
#[derive(Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    /// JavaScript numbers are doubles; so are these.
    Number(f64),
    String(String),
    Sequence(Vec<Value>),
    Mapping(Mapping),
}

/// An insertion-ordered mapping, as a JavaScript object keeps its keys.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping {
    pub entries: MapEntries,
}

/// The entries of a [`Mapping`], by key.
pub type MapEntries = IndexMap<String, MapEntry, KeyHasher>;

/// How mapping keys are hashed: foldhash, much cheaper than std's SipHash on short keys (a
/// large file has tens of thousands of them), randomly seeded per map like std's. The hasher
/// never shows: an `IndexMap` iterates in insertion order.
pub type KeyHasher = foldhash::fast::RandomState;

#[derive(Debug, PartialEq)]
pub struct MapEntry {
    pub key_range: TextRange,
    pub value: Value,
}

impl MapEntry {
    /// The entry from its key to the end of its value: what moves whole when an edit is
    /// elsewhere.
    pub fn range(&self) -> TextRange {
        entry_range(self.key_range, &self.value)
    }
}

/// A map entry from its key (at `key_range`) to the end of its `value`.
pub(crate) fn entry_range(key_range: TextRange, value: &Value) -> TextRange {
    TextRange::new(key_range.start(), key_range.end().max(value.range.end()))
}

// `clone_from` copies only what differs: an older version of a value, made equal to a newer
// one, is a copy of it for much less than a copy costs (the spare copies made while the
// editor is idle, `sls_analysis::Analysis::prepare_next_from`). `IndexMap::clone_from` keeps
// the entries it can and calls `clone_from` on them.
impl Clone for Value {
    fn clone(&self) -> Self {
        Value {
            kind: self.kind.clone(),
            range: self.range,
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.range = source.range;
        match (&mut self.kind, &source.kind) {
            (ValueKind::String(kept), ValueKind::String(source)) => kept.clone_from(source),
            (ValueKind::Sequence(kept), ValueKind::Sequence(source)) => kept.clone_from(source),
            (ValueKind::Mapping(kept), ValueKind::Mapping(source)) => {
                kept.entries.clone_from(&source.entries);
            }
            (kind, source) => *kind = source.clone(),
        }
    }
}

impl Clone for MapEntry {
    fn clone(&self) -> Self {
        MapEntry {
            key_range: self.key_range,
            value: self.value.clone(),
        }
    }

    fn clone_from(&mut self, source: &Self) {
        self.key_range = source.key_range;
        self.value.clone_from(&source.value);
    }
}

impl Mapping {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&MapEntry> {
        self.entries.get(key)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &MapEntry)> {
        self.entries.iter().map(|(k, e)| (k.as_str(), e))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Puts the keys in the order a JavaScript object iterates them: array indices (`"0"`,
    /// `"31"`, below 2^32 - 1) first in numeric order, then the others in insertion order.
    pub fn order_like_javascript(&mut self) {
        fn index(key: &str) -> Option<u32> {
            let canonical = key == "0" || (!key.starts_with('0') && !key.is_empty());
            key.parse::<u32>()
                .ok()
                .filter(|n| canonical && *n != u32::MAX && key.bytes().all(|b| b.is_ascii_digit()))
        }
        if self.entries.keys().any(|k| index(k).is_some()) {
            // A stable sort: the other keys keep their order.
            self.entries
                .sort_by(|a, _, b, _| match (index(a), index(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                });
        }
    }

    /// Inserts or replaces `key`; a replaced key keeps its position, as in a JavaScript object.
    pub fn insert(&mut self, key: impl Into<String>, key_range: TextRange, value: Value) {
        self.entries
            .insert(key.into(), MapEntry { key_range, value });
    }
}

impl Value {
    pub fn new(kind: ValueKind, range: TextRange) -> Self {
        Value { kind, range }
    }

    pub fn null(range: TextRange) -> Self {
        Value::new(ValueKind::Null, range)
    }

    pub fn string(s: impl Into<String>, range: TextRange) -> Self {
        Value::new(ValueKind::String(s.into()), range)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            ValueKind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            ValueKind::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            ValueKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_mapping_mut(&mut self) -> Option<&mut Mapping> {
        match &mut self.kind {
            ValueKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// Whether every range of the value, its keys' too, lies in `range`.
    pub fn ranges_within(&self, range: TextRange) -> bool {
        range.contains_range(self.range)
            && match &self.kind {
                ValueKind::Sequence(items) => items.iter().all(|item| item.ranges_within(range)),
                ValueKind::Mapping(mapping) => mapping.entries.values().all(|entry| {
                    range.contains_range(entry.key_range) && entry.value.ranges_within(range)
                }),
                _ => true,
            }
    }

    pub fn as_sequence(&self) -> Option<&[Value]> {
        match &self.kind {
            ValueKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, ValueKind::Null)
    }

    /// `self[key]` when `self` is a mapping.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_mapping()?.get(key)
    }

    /// Follows a path of mapping keys (`["provider", "iam", "role"]`).
    pub fn get_path<'a>(&self, path: impl IntoIterator<Item = &'a str>) -> Option<&Value> {
        path.into_iter().try_fold(self, |v, k| v.get(k))
    }

    /// JavaScript truthiness, as the framework tests `existing` or `forceDeploy`.
    pub fn is_truthy(&self) -> bool {
        match &self.kind {
            ValueKind::Null => false,
            ValueKind::Bool(b) => *b,
            ValueKind::Number(n) => *n != 0.0 && !n.is_nan(),
            ValueKind::String(s) => !s.is_empty(),
            ValueKind::Sequence(_) | ValueKind::Mapping(_) => true,
        }
    }

    /// The value as `JSON.parse(JSON.stringify(value))` would give it: integral numbers stay
    /// integers, NaN and infinities become `null`.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.kind {
            ValueKind::Null => serde_json::Value::Null,
            ValueKind::Bool(b) => serde_json::Value::Bool(*b),
            ValueKind::Number(n) => js_number_to_json(*n),
            ValueKind::String(s) => serde_json::Value::String(s.clone()),
            ValueKind::Sequence(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            ValueKind::Mapping(m) => serde_json::Value::Object(
                m.iter()
                    .map(|(k, e)| (k.to_owned(), e.value.to_json()))
                    .collect(),
            ),
        }
    }

    /// Sets every range in the value (keys' too) to `range`: for a value brought in from
    /// another file, whose text is not the one the ranges point into.
    pub fn relocate(&mut self, range: TextRange) {
        self.range = range;
        match &mut self.kind {
            ValueKind::Sequence(items) => items.iter_mut().for_each(|v| v.relocate(range)),
            ValueKind::Mapping(m) => {
                for entry in m.entries.values_mut() {
                    entry.key_range = range;
                    entry.value.relocate(range);
                }
            }
            _ => {}
        }
    }

    /// A value made from JSON (a `${file(x.json)}` or a test), every range set to `range`.
    pub fn from_json(json: &serde_json::Value, range: TextRange) -> Value {
        let kind = match json {
            serde_json::Value::Null => ValueKind::Null,
            serde_json::Value::Bool(b) => ValueKind::Bool(*b),
            serde_json::Value::Number(n) => ValueKind::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => ValueKind::String(s.clone()),
            serde_json::Value::Array(items) => {
                ValueKind::Sequence(items.iter().map(|v| Value::from_json(v, range)).collect())
            }
            serde_json::Value::Object(obj) => {
                let mut m = Mapping::default();
                for (k, v) in obj {
                    m.insert(k.clone(), range, Value::from_json(v, range));
                }
                ValueKind::Mapping(m)
            }
        };
        Value::new(kind, range)
    }
}

/// A JavaScript number as `JSON.stringify` writes it: integral values without a fraction
/// (`1.0` is `1`), non-finite values as `null`.
pub fn js_number_to_json(n: f64) -> serde_json::Value {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !n.is_finite() {
        serde_json::Value::Null
    } else if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        // -0 prints as 0 in JSON.stringify.
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}
