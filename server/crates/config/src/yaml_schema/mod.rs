//! From the syntax tree to [`Value`]: what the framework's loader makes of a serverless.yml.
//! The framework reads it with `js-yaml` 4.3.2 (`yaml.load` with the CloudFormation schema,
//! `lib/configuration/read.js`), then makes it plain JSON (`JSON.parse(JSON.stringify(...))`):
//! so `.inf` and `.nan` end as `null`, a timestamp as its ISO string, `-0` as `0`.
//!
//! Where js-yaml would refuse the file (an unknown tag, a duplicate key) we report it and go on
//! with the most useful value: the node without its tag, the later of two duplicate keys
//! (in the earlier one's position, as a JavaScript object would keep it).

mod scalar;
mod splice;
mod tags;

use std::collections::HashSet;

use sls_syntax::{Entry, Node, NodeKind, Scalar, ScalarStyle, Tag};
use sls_text::{TextRange, TextSize};

use crate::diagnostic::{ConfigDiagnostic, DiagnosticCode, messages};
use crate::js::{date_string, iso_string, number_to_string};
use crate::{KeyHasher, MapEntries, MapEntry, Mapping, Value, ValueKind};

pub use scalar::JsScalar;
pub use splice::{value_after_reparse, value_after_reparse_into};
use tags::{NodeShape, StandardTag, TagKind, classify, decode_base64};

/// The value the framework loads from `node`, and every problem js-yaml would have with it.
pub fn value_from_node(node: &Node) -> (Value, Vec<ConfigDiagnostic>) {
    let mut converter = Converter::default();
    let value = converter.value(node);
    (value, converter.diagnostics)
}

/// What js-yaml makes of a plain (untagged, unquoted) scalar, e.g. for completion or hover.
pub fn resolve_plain_scalar(text: &str) -> JsScalar {
    scalar::resolve_plain(text)
}

/// A scalar js-yaml built, including a `!!binary` (a `Uint8Array`).
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    Js(JsScalar),
    Bytes(Vec<u8>),
    /// `!!seq`, `!!map`... on an empty node: an empty collection.
    Empty(NodeShape),
}

#[derive(Default)]
struct Converter<'n> {
    diagnostics: Vec<ConfigDiagnostic>,
    /// For each mapping being converted, innermost last, what [`Converter::mapping`] remembers
    /// of each of its keys: one vector for the whole conversion rather than one per mapping.
    setters: Vec<Setter<'n>>,
}

impl<'n> Converter<'n> {
    fn value(&mut self, node: &'n Node) -> Value {
        let Some(tag) = &node.tag else {
            return self.untagged(node);
        };
        match classify(&tag.name) {
            TagKind::CloudFormation(function) => self.intrinsic(node, tag, function),
            TagKind::Unknown(full) => {
                self.report(
                    DiagnosticCode::UnknownTag,
                    tag.range,
                    messages::unknown_tag(&full),
                );
                self.untagged(node)
            }
            kind @ (TagKind::NonSpecific | TagKind::Standard(_)) => match &node.kind {
                NodeKind::Scalar(scalar) => match type_scalar(scalar, &kind) {
                    Ok(typed) => typed_value(typed, node.range),
                    Err((code, message)) => {
                        self.report(code, tag.range, message);
                        self.untagged(node)
                    }
                },
                _ => self.tagged_collection(node, tag, &kind),
            },
        }
    }

    fn untagged(&mut self, node: &'n Node) -> Value {
        match &node.kind {
            NodeKind::Scalar(scalar) => typed_value(untagged_scalar(scalar), node.range),
            NodeKind::Mapping(entries) => {
                Value::new(ValueKind::Mapping(self.mapping(entries)), node.range)
            }
            NodeKind::Sequence(items) => Value::new(
                ValueKind::Sequence(items.iter().map(|item| self.value(item)).collect()),
                node.range,
            ),
        }
    }

    /// `!Ref X` → `{"Ref": "X"}`: a tagged scalar is never typed (`!Ref 1` holds `"1"`),
    /// nothing at all is `null`, and `!GetAtt a.b.c` splits at the first dot (`["a", "b.c"]`).
    fn intrinsic(&mut self, node: &'n Node, tag: &Tag, function: String) -> Value {
        let inner = match &node.kind {
            NodeKind::Scalar(scalar) if scalar.style == ScalarStyle::Empty => {
                Value::null(node.range)
            }
            NodeKind::Scalar(scalar) if function == "Fn::GetAtt" => get_att_pair(node, scalar),
            NodeKind::Scalar(scalar) => Value::string(scalar.text.clone(), node.range),
            _ => self.untagged(node),
        };
        let mut object = Mapping::default();
        object.insert(function, tag.range, inner);
        Value::new(ValueKind::Mapping(object), tag.range.cover(node.range))
    }

    fn tagged_collection(&mut self, node: &'n Node, tag: &Tag, kind: &TagKind) -> Value {
        let value = self.untagged(node);
        let TagKind::Standard(standard) = *kind else {
            return value;
        };
        let shape = match node.kind {
            NodeKind::Sequence(_) => NodeShape::Sequence,
            _ => NodeShape::Mapping,
        };
        if standard.shape() != shape {
            // js-yaml looks tags up by node kind: `!!str [1]` is an unknown tag, not a mismatch.
            self.report(
                DiagnosticCode::UnknownTag,
                tag.range,
                messages::unknown_tag(&standard.full_name()),
            );
            return value;
        }
        let resolved = match standard {
            StandardTag::Set => value
                .as_mapping()
                .is_some_and(|m| m.iter().all(|(_, e)| e.value.is_null()))
                .then_some(value.clone()),
            StandardTag::Omap => omap_is_valid(&value).then_some(value.clone()),
            StandardTag::Pairs => pairs(&value),
            _ => Some(value.clone()),
        };
        resolved.unwrap_or_else(|| {
            self.report(
                DiagnosticCode::UnresolvableTag,
                tag.range,
                messages::unresolvable_tag(&standard.full_name()),
            );
            value
        })
    }

    fn mapping(&mut self, entries: &'n [Entry]) -> Mapping {
        let mut mapping = Mapping {
            entries: MapEntries::with_capacity_and_hasher(entries.len(), KeyHasher::default()),
        };
        // `self.setters[base + i]`: what the entry that set the key at position `i` of `mapping`
        // was: brought in by a `<<` merge (an explicit key may replace it), and the text its key
        // was written with (to tell the duplicates the syntax layer missed). Positions never
        // move while the map is filled; nested mappings use the stack above and leave it as is.
        let base = self.setters.len();
        for entry in entries {
            // Tags inside a key still make js-yaml fail (an untagged scalar has none).
            if entry.key.tag.is_some() || entry.key.as_scalar().is_none() {
                let _ = self.value(&entry.key);
            }
            let key = match key_string(&entry.key) {
                Ok(key) => key,
                Err(KeyError::NestedSequence) => {
                    self.report(
                        DiagnosticCode::NestedSequenceKey,
                        entry.key.range,
                        messages::nested_sequence_key(),
                    );
                    continue;
                }
            };
            if key.complex {
                self.report(
                    DiagnosticCode::ComplexKey,
                    entry.key.range,
                    messages::complex_key(&key.text),
                );
            }
            let setter = Setter {
                merged: entry.merged_from.is_some(),
                written: entry.key.as_scalar().map(|s| s.text.as_str()),
            };
            let map_entry = mapping.entries.entry(key.text);
            if let indexmap::map::Entry::Occupied(occupied) = &map_entry {
                if setter.merged {
                    // js-yaml's merge only adds keys that are not there yet.
                    continue;
                }
                let previous = self.setters[base + occupied.index()];
                let written_alike = previous.written == setter.written && setter.written.is_some();
                if !previous.merged && !written_alike {
                    self.report(
                        DiagnosticCode::DuplicateKey,
                        entry.key.range,
                        messages::duplicate_key(),
                    );
                }
            }
            let value = MapEntry {
                key_range: entry.key.range,
                value: self.value(&entry.value),
            };
            match map_entry {
                indexmap::map::Entry::Occupied(mut occupied) => {
                    self.setters[base + occupied.index()] = setter;
                    occupied.insert(value);
                }
                indexmap::map::Entry::Vacant(vacant) => {
                    self.setters.push(setter);
                    vacant.insert(value);
                }
            }
        }
        self.setters.truncate(base);
        mapping.order_like_javascript();
        mapping
    }

    fn report(&mut self, code: DiagnosticCode, range: TextRange, message: String) {
        self.diagnostics
            .push(ConfigDiagnostic::new(code, range, message));
    }
}

/// A scalar under `tag` (`NonSpecific` for `!`): the js-yaml value, or the code and message
/// of js-yaml's refusal.
fn type_scalar(scalar: &Scalar, tag: &TagKind) -> Result<Typed, (DiagnosticCode, String)> {
    // js-yaml's value for "nothing written" is null; the `!!` types resolve from that.
    let text = (scalar.style != ScalarStyle::Empty).then_some(scalar.text.as_str());
    let TagKind::Standard(standard) = *tag else {
        return Ok(Typed::Js(
            text.map_or(JsScalar::Null, |t| JsScalar::String(t.into())),
        ));
    };
    let typed = match text {
        // An empty node is looked up among the tags of every kind, so even `!!seq` applies.
        None => match standard {
            StandardTag::Str => Some(Typed::Js(JsScalar::String(String::new()))),
            StandardTag::Null | StandardTag::Merge => Some(Typed::Js(JsScalar::Null)),
            StandardTag::Seq | StandardTag::Omap | StandardTag::Pairs => {
                Some(Typed::Empty(NodeShape::Sequence))
            }
            StandardTag::Map | StandardTag::Set => Some(Typed::Empty(NodeShape::Mapping)),
            StandardTag::Bool
            | StandardTag::Int
            | StandardTag::Float
            | StandardTag::Timestamp
            | StandardTag::Binary => None,
        },
        Some(text) => match standard {
            StandardTag::Str => Some(JsScalar::String(text.to_owned())),
            StandardTag::Null => scalar::is_null(text).then_some(JsScalar::Null),
            StandardTag::Bool => scalar::bool_value(text).map(JsScalar::Bool),
            StandardTag::Int => scalar::int_value(text).map(JsScalar::Number),
            StandardTag::Float => scalar::float_value(text).map(JsScalar::Number),
            StandardTag::Timestamp => scalar::timestamp_value(text).map(JsScalar::Date),
            StandardTag::Merge => (text == "<<").then(|| JsScalar::String(text.to_owned())),
            StandardTag::Binary => {
                return decode_base64(text)
                    .map(Typed::Bytes)
                    .ok_or_else(|| unresolvable(standard));
            }
            // Registered for sequences or mappings only: js-yaml does not find them here.
            StandardTag::Seq
            | StandardTag::Map
            | StandardTag::Set
            | StandardTag::Omap
            | StandardTag::Pairs => {
                return Err((
                    DiagnosticCode::UnknownTag,
                    messages::unknown_tag(&standard.full_name()),
                ));
            }
        }
        .map(Typed::Js),
    };
    typed.ok_or_else(|| unresolvable(standard))
}

fn unresolvable(standard: StandardTag) -> (DiagnosticCode, String) {
    (
        DiagnosticCode::UnresolvableTag,
        messages::unresolvable_tag(&standard.full_name()),
    )
}

/// An untagged scalar: plain ones typed by the schema, quoted and block ones strings.
fn untagged_scalar(scalar: &Scalar) -> Typed {
    Typed::Js(match scalar.style {
        ScalarStyle::Plain => scalar::resolve_plain(&scalar.text),
        ScalarStyle::Empty => JsScalar::Null,
        _ => JsScalar::String(scalar.text.clone()),
    })
}

/// The value after the framework's JSON round trip.
fn typed_value(typed: Typed, range: TextRange) -> Value {
    let kind = match typed {
        Typed::Js(JsScalar::Null) => ValueKind::Null,
        Typed::Js(JsScalar::Bool(b)) => ValueKind::Bool(b),
        // JSON has no NaN or infinities (they become null) and no -0.
        Typed::Js(JsScalar::Number(n)) if !n.is_finite() => ValueKind::Null,
        Typed::Js(JsScalar::Number(n)) => ValueKind::Number(if n == 0.0 { 0.0 } else { n }),
        Typed::Js(JsScalar::Date(ms)) => ValueKind::String(iso_string(ms)),
        Typed::Js(JsScalar::String(s)) => ValueKind::String(s),
        // A Uint8Array stringifies as {"0": byte, "1": byte, ...}.
        Typed::Bytes(bytes) => {
            let mut mapping = Mapping::default();
            for (i, byte) in bytes.iter().enumerate() {
                mapping.insert(
                    i.to_string(),
                    range,
                    Value::new(ValueKind::Number(f64::from(*byte)), range),
                );
            }
            ValueKind::Mapping(mapping)
        }
        Typed::Empty(NodeShape::Sequence) => ValueKind::Sequence(Vec::new()),
        Typed::Empty(_) => ValueKind::Mapping(Mapping::default()),
    };
    Value::new(kind, range)
}

/// `!GetAtt a.b.c` → `["a", "b.c"]`, each part with its own range when the text is written as is.
fn get_att_pair(node: &Node, scalar: &Scalar) -> Value {
    let text = &scalar.text;
    let (first, rest) = text.split_once('.').unwrap_or((text, ""));
    let ranges = verbatim_start(node, scalar).map(|start| {
        let first_end = start + TextSize::of(first);
        let rest_start = if text.contains('.') {
            first_end + TextSize::of('.')
        } else {
            first_end
        };
        (
            TextRange::new(start, first_end),
            TextRange::new(rest_start, start + TextSize::of(text.as_str())),
        )
    });
    let (first_range, rest_range) = ranges.unwrap_or((node.range, node.range));
    Value::new(
        ValueKind::Sequence(vec![
            Value::string(first, first_range),
            Value::string(rest, rest_range),
        ]),
        node.range,
    )
}

/// Where the scalar's cooked text starts in the source, when it is written there unchanged
/// (no escapes, no folding): the range is the text, or the text in quotes.
fn verbatim_start(node: &Node, scalar: &Scalar) -> Option<TextSize> {
    let len = TextSize::of(scalar.text.as_str());
    match scalar.style {
        ScalarStyle::Plain if node.range.len() == len => Some(node.range.start()),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
            if node.range.len() == len + TextSize::from(2) =>
        {
            Some(node.range.start() + TextSize::from(1))
        }
        _ => None,
    }
}

fn omap_is_valid(value: &Value) -> bool {
    let Some(items) = value.as_sequence() else {
        return false;
    };
    let mut seen = HashSet::new();
    items.iter().all(|item| {
        item.as_mapping().is_some_and(|m| {
            m.len() == 1
                && m.iter()
                    .next()
                    .is_some_and(|(k, _)| seen.insert(k.to_owned()))
        })
    })
}

/// `!!pairs [a: 1, b: 2]` → `[["a", 1], ["b", 2]]`.
fn pairs(value: &Value) -> Option<Value> {
    let items = value.as_sequence()?;
    let pairs = items
        .iter()
        .map(|item| {
            let mapping = item.as_mapping().filter(|m| m.len() == 1)?;
            let (key, entry) = mapping.iter().next()?;
            Some(Value::new(
                ValueKind::Sequence(vec![
                    Value::string(key, entry.key_range),
                    entry.value.clone(),
                ]),
                item.range,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Value::new(ValueKind::Sequence(pairs), value.range))
}

/// What [`Converter::mapping`] remembers of the entry that set a key.
#[derive(Clone, Copy)]
struct Setter<'n> {
    merged: bool,
    written: Option<&'n str>,
}

struct Key {
    text: String,
    /// Made from a mapping or a sequence.
    complex: bool,
}

enum KeyError {
    NestedSequence,
}

/// js-yaml's key: `String(value)`, with a mapping as `[object Object]` and a sequence joined
/// by commas (`[a, b]` → `a,b`). So `1.0:` is the key `1`, `~:` is `null`, `0x1F:` is `31`.
fn key_string(node: &Node) -> Result<Key, KeyError> {
    const OBJECT: &str = "[object Object]";
    match &node.kind {
        NodeKind::Sequence(items) if !is_intrinsic(node) => {
            let parts = items
                .iter()
                .map(|item| match &item.kind {
                    NodeKind::Sequence(_) if !is_intrinsic(item) => Err(KeyError::NestedSequence),
                    NodeKind::Scalar(scalar) if !is_intrinsic(item) => {
                        Ok(match scalar_js(item, scalar) {
                            // Array#join writes null as nothing.
                            Typed::Js(JsScalar::Null) => String::new(),
                            typed => js_string(typed),
                        })
                    }
                    _ => Ok(OBJECT.to_owned()),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Key {
                text: parts.join(","),
                complex: true,
            })
        }
        NodeKind::Scalar(scalar) if !is_intrinsic(node) => Ok(Key {
            text: js_string(scalar_js(node, scalar)),
            complex: false,
        }),
        _ => Ok(Key {
            text: OBJECT.to_owned(),
            complex: true,
        }),
    }
}

fn is_intrinsic(node: &Node) -> bool {
    node.tag
        .as_ref()
        .is_some_and(|t| matches!(classify(&t.name), TagKind::CloudFormation(_)))
}

/// The js-yaml scalar for a scalar node, its tag applied when js-yaml would accept it.
fn scalar_js(node: &Node, scalar: &Scalar) -> Typed {
    let tagged = node
        .tag
        .as_ref()
        .map(|t| classify(&t.name))
        .filter(|k| matches!(k, TagKind::NonSpecific | TagKind::Standard(_)))
        .and_then(|kind| type_scalar(scalar, &kind).ok());
    tagged.unwrap_or_else(|| untagged_scalar(scalar))
}

/// `String(value)` for a scalar js-yaml built (dates in UTC).
fn js_string(typed: Typed) -> String {
    match typed {
        Typed::Js(JsScalar::Null) => "null".to_owned(),
        Typed::Js(JsScalar::Bool(b)) => b.to_string(),
        Typed::Js(JsScalar::Number(n)) => number_to_string(n),
        Typed::Js(JsScalar::Date(ms)) => date_string(ms),
        Typed::Js(JsScalar::String(s)) => s,
        Typed::Bytes(bytes) => bytes
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(","),
        Typed::Empty(NodeShape::Sequence) => String::new(),
        Typed::Empty(_) => "[object Object]".to_owned(),
    }
}

#[cfg(test)]
mod tests;
