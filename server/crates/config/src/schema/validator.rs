//! A small JSON-schema validator that behaves like the framework's ajv 8 (`allErrors: true`,
//! `coerceTypes: 'array'`), for the parts of the framework's schema written as [`Schema`]
//! values (function properties, the provider's IAM settings, `resources`). What matters:
//!
//! - the errors come in ajv's order: a type error first (or the coercion that avoids it), then
//!   `const`, `enum`, `anyOf`, `oneOf`, `allOf`, then the number, string, array and object
//!   keywords (`required`, `additionalProperties` in the order the keys are written, then
//!   `properties` in the schema's order, then `patternProperties`);
//! - coercion changes the value in place, also inside an `anyOf` variant that then fails;
//! - `anyOf` stops at the first variant that passes and forgets the errors of the others;
//! - a key holding null was removed before validation, so it is absent;
//! - a string still holding a variable (`${...}`) is not checked (its value is unknown yet).
//!
//! The errors are raw ajv errors; [`super::normalize`] turns them into the framework's lines.

use sls_text::TextRange;

use super::ajv;
use crate::js::number_to_string;
use crate::{MapEntry, Mapping, Value, ValueKind};

/// A JSON type, as in `type: 'integer'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Number => "number",
            Type::Integer => "integer",
            Type::Boolean => "boolean",
            Type::Object => "object",
            Type::Array => "array",
        }
    }

    fn matches(self, value: &Value) -> bool {
        match (&value.kind, self) {
            (ValueKind::String(_), Type::String)
            | (ValueKind::Number(_), Type::Number)
            | (ValueKind::Bool(_), Type::Boolean)
            | (ValueKind::Mapping(_), Type::Object)
            | (ValueKind::Sequence(_), Type::Array) => true,
            // `!(data % 1) && !isNaN(data)`: Infinity passes.
            (ValueKind::Number(n), Type::Integer) => {
                !n.is_nan() && (n.is_infinite() || n.fract() == 0.0)
            }
            _ => false,
        }
    }
}

/// A literal of `const` or `enum`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Literal {
    Str(&'static str),
    Num(f64),
}

impl Literal {
    fn equals(self, value: &Value) -> bool {
        match (self, &value.kind) {
            (Literal::Str(s), ValueKind::String(v)) => s == v,
            (Literal::Num(n), ValueKind::Number(v)) => n == *v,
            _ => false,
        }
    }
}

/// A `pattern`: its source (for the message) and a test equal to `new RegExp(source, 'u')`'s.
#[derive(Clone, Copy)]
pub(crate) struct Pattern {
    pub source: &'static str,
    pub test: fn(&str) -> bool,
}

impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.source)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) enum Additional {
    #[default]
    Allowed,
    Forbidden,
}

#[derive(Debug, Clone)]
pub(crate) enum Items {
    All(Box<Schema>),
    /// `items: [a, b]` with `additionalItems: false`.
    Tuple(Vec<Schema>),
}

/// One schema node. Built with the constructors and `with_*` methods below.
#[derive(Debug, Clone, Default)]
pub(crate) struct Schema {
    pub ty: Option<Type>,
    pub constant: Option<Literal>,
    pub allowed: Option<Vec<Literal>>,
    pub any_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub all_of: Vec<Schema>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<Pattern>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub items: Option<Items>,
    pub required: Vec<&'static str>,
    pub additional: Additional,
    pub properties: Vec<(&'static str, Schema)>,
    pub pattern_properties: Vec<(Pattern, Schema)>,
    /// Checked elsewhere (a function's `events`): neither validated nor coerced here.
    pub external: bool,
}

impl Schema {
    /// `{}`: anything.
    pub fn any() -> Schema {
        Schema::default()
    }

    pub fn of_type(ty: Type) -> Schema {
        Schema {
            ty: Some(ty),
            ..Schema::default()
        }
    }

    pub fn string() -> Schema {
        Schema::of_type(Type::String)
    }

    pub fn boolean() -> Schema {
        Schema::of_type(Type::Boolean)
    }

    pub fn integer() -> Schema {
        Schema::of_type(Type::Integer)
    }

    pub fn number() -> Schema {
        Schema::of_type(Type::Number)
    }

    pub fn array() -> Schema {
        Schema::of_type(Type::Array)
    }

    /// `{type: 'object'}`: any mapping.
    pub fn object() -> Schema {
        Schema::of_type(Type::Object)
    }

    /// `{type: 'object', properties, additionalProperties: false}`.
    pub fn closed_object(properties: Vec<(&'static str, Schema)>) -> Schema {
        Schema {
            ty: Some(Type::Object),
            properties,
            additional: Additional::Forbidden,
            ..Schema::default()
        }
    }

    pub fn array_of(items: Schema) -> Schema {
        Schema::array().with_items(items)
    }

    pub fn constant(literal: Literal) -> Schema {
        Schema {
            constant: Some(literal),
            ..Schema::default()
        }
    }

    /// `{enum: [...]}` of strings.
    pub fn one_of_strings(values: &[&'static str]) -> Schema {
        Schema {
            allowed: Some(values.iter().map(|v| Literal::Str(v)).collect()),
            ..Schema::default()
        }
    }

    pub fn any_of(variants: Vec<Schema>) -> Schema {
        Schema {
            any_of: variants,
            ..Schema::default()
        }
    }

    pub fn one_of(variants: Vec<Schema>) -> Schema {
        Schema {
            one_of: variants,
            ..Schema::default()
        }
    }

    pub fn external() -> Schema {
        Schema {
            external: true,
            ..Schema::default()
        }
    }

    pub fn with_range(mut self, minimum: Option<f64>, maximum: Option<f64>) -> Schema {
        self.minimum = minimum;
        self.maximum = maximum;
        self
    }

    pub fn with_min_length(mut self, n: usize) -> Schema {
        self.min_length = Some(n);
        self
    }

    pub fn with_max_length(mut self, n: usize) -> Schema {
        self.max_length = Some(n);
        self
    }

    pub fn with_pattern(mut self, source: &'static str, test: fn(&str) -> bool) -> Schema {
        self.pattern = Some(Pattern { source, test });
        self
    }

    pub fn with_items(mut self, items: Schema) -> Schema {
        self.items = Some(Items::All(Box::new(items)));
        self
    }

    pub fn with_tuple(mut self, items: Vec<Schema>) -> Schema {
        self.items = Some(Items::Tuple(items));
        self
    }

    pub fn with_item_count(mut self, min: Option<usize>, max: Option<usize>) -> Schema {
        self.min_items = min;
        self.max_items = max;
        self
    }

    pub fn with_enum(mut self, values: Vec<Literal>) -> Schema {
        self.allowed = Some(values);
        self
    }

    pub fn with_required(mut self, required: &[&'static str]) -> Schema {
        self.required = required.to_vec();
        self
    }

    pub fn with_properties(mut self, properties: Vec<(&'static str, Schema)>) -> Schema {
        self.properties = properties;
        self
    }

    pub fn with_pattern_property(
        mut self,
        source: &'static str,
        test: fn(&str) -> bool,
        schema: Schema,
    ) -> Schema {
        self.pattern_properties
            .push((Pattern { source, test }, schema));
        self
    }

    pub fn with_additional(mut self, additional: Additional) -> Schema {
        self.additional = additional;
        self
    }

    fn has_rules_for(&self, ty: Type) -> bool {
        match ty {
            Type::Object => {
                !self.required.is_empty()
                    || !matches!(self.additional, Additional::Allowed)
                    || !self.properties.is_empty()
                    || !self.pattern_properties.is_empty()
            }
            Type::Array => {
                self.items.is_some() || self.min_items.is_some() || self.max_items.is_some()
            }
            _ => false,
        }
    }

    /// What the framework's normalizer calls the schema's type (`parentSchema.const ? 'const' :
    /// parentSchema.type`).
    fn kind_name(&self) -> Option<&'static str> {
        if self.constant.is_some() {
            Some("const")
        } else {
            self.ty.map(Type::name)
        }
    }
}

/// What failed, with ajv's `params`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Keyword {
    Type(Type),
    Const,
    /// The allowed values, when they are all strings (the framework lists them then).
    Enum(Option<Vec<&'static str>>),
    AnyOf,
    OneOf,
    Minimum(f64),
    Maximum(f64),
    MinLength(usize),
    MaxLength(usize),
    Pattern(&'static str),
    MinItems(usize),
    MaxItems(usize),
    Required(&'static str),
    AdditionalProperty(String),
}

/// One ajv error.
#[derive(Debug, Clone)]
pub(crate) struct RawError {
    pub keyword: Keyword,
    /// JSON pointer of the data: `/functions/a/memorySize`.
    pub instance_path: String,
    /// JSON pointer of the keyword in the schema: `#/.../anyOf/1/properties/arn/anyOf`.
    pub schema_path: String,
    /// The text at fault.
    pub range: TextRange,
    /// See [`Schema::kind_name`].
    pub parent_kind: Option<&'static str>,
    /// Set by the normalizer: the type every variant of a failed `anyOf` expected.
    pub common_type: Option<&'static str>,
}

/// Validates (and coerces) `value` against `schema`; `instance_path` and `schema_path` locate
/// them. Errors are appended to `errors`.
pub(crate) fn validate(
    schema: &Schema,
    value: &mut Value,
    instance_path: &str,
    schema_path: &str,
    errors: &mut Vec<RawError>,
) {
    // Sized for a function: most have a few `anyOf` variants that fail before one passes, and
    // their errors' paths (a schema path is long) would otherwise grow the buffer several times.
    let with = |capacity: usize, start: &str| {
        let mut path = String::with_capacity(capacity.max(start.len()));
        path.push_str(start);
        path
    };
    let mut validation = Validation {
        errors: Vec::with_capacity(16),
        paths: String::with_capacity(4096),
        ipath: with(128, instance_path),
        spath: with(512, schema_path),
        slots: Vec::with_capacity(16),
    };
    validation.node(schema, value);
    let paths = &validation.paths;
    errors.extend(validation.errors.into_iter().map(|e| RawError {
        keyword: e.keyword,
        instance_path: paths[e.start..e.middle].to_owned(),
        schema_path: paths[e.middle..e.end].to_owned(),
        range: e.range,
        parent_kind: e.parent_kind,
        common_type: None,
    }));
}

/// One walk. The two paths are buffers that each step into a child extends and then cuts back,
/// so a node costs no allocation. An error's paths are copied into one more buffer: most errors
/// are those of `anyOf` variants that are forgotten when another variant passes.
struct Validation {
    errors: Vec<PendingError>,
    /// The paths of `errors`, one after the other.
    paths: String,
    ipath: String,
    spath: String,
    /// The objects being validated's (property, key) index pairs, one object after the other
    /// (see `object_keywords`).
    slots: Vec<(usize, usize)>,
}

/// A [`RawError`] whose paths are `paths[start..middle]` and `paths[middle..end]`.
struct PendingError {
    keyword: Keyword,
    start: usize,
    middle: usize,
    end: usize,
    range: TextRange,
    parent_kind: Option<&'static str>,
}

impl Validation {
    fn push(&mut self, keyword: Keyword, schema: &Schema, spath_tail: &str, range: TextRange) {
        let start = self.paths.len();
        self.paths.push_str(&self.ipath);
        let middle = self.paths.len();
        self.paths.push_str(&self.spath);
        self.paths.push('/');
        self.paths.push_str(spath_tail);
        self.errors.push(PendingError {
            keyword,
            start,
            middle,
            end: self.paths.len(),
            range,
            parent_kind: schema.kind_name(),
        });
    }

    /// Forgets the errors after the first `count`.
    fn forget_errors_after(&mut self, count: usize) {
        if let Some(first) = self.errors.get(count) {
            self.paths.truncate(first.start);
            self.errors.truncate(count);
        }
    }

    fn node(&mut self, schema: &Schema, value: &mut Value) {
        if schema.external || ajv::is_unresolved(value) {
            return;
        }
        // The type first: coerced where ajv can, else an error (for an object or array schema
        // with keywords of its own, ajv reports it where those keywords run).
        let mut deferred_type_error = None;
        if let Some(ty) = schema.ty {
            if !ty.matches(value) {
                if let Some(kind) = coerced(ty, value) {
                    value.kind = kind;
                } else if ty == Type::Object && schema.has_rules_for(ty) {
                    deferred_type_error = Some(ty);
                } else {
                    self.push(Keyword::Type(ty), schema, "type", value.range);
                }
            }
        }

        self.untyped_keywords(schema, value);
        if let ValueKind::Number(n) = value.kind {
            self.number_keywords(schema, n, value.range);
        }
        if let ValueKind::String(s) = &value.kind {
            self.string_keywords(schema, s, value.range);
        }
        if matches!(value.kind, ValueKind::Sequence(_)) {
            self.array_keywords(schema, value);
        }
        if matches!(value.kind, ValueKind::Mapping(_)) {
            self.object_keywords(schema, value);
        } else if let Some(ty) = deferred_type_error {
            self.push(Keyword::Type(ty), schema, "type", value.range);
        }
    }

    /// Validates `value` against `schema`, found at `spath` + `/keyword[/index]`.
    fn variant(&mut self, schema: &Schema, value: &mut Value, keyword: &str, index: Option<usize>) {
        let spath_len = self.spath.len();
        self.spath.push('/');
        self.spath.push_str(keyword);
        if let Some(i) = index {
            push_index(&mut self.spath, i);
        }
        self.node(schema, value);
        self.spath.truncate(spath_len);
    }

    fn untyped_keywords(&mut self, schema: &Schema, value: &mut Value) {
        if let Some(constant) = schema.constant {
            if !constant.equals(value) {
                self.push(Keyword::Const, schema, "const", value.range);
            }
        }
        if let Some(allowed) = &schema.allowed {
            if !allowed.iter().any(|l| l.equals(value)) {
                let strings = allowed
                    .iter()
                    .map(|l| match l {
                        Literal::Str(s) => Some(*s),
                        Literal::Num(_) => None,
                    })
                    .collect();
                self.push(Keyword::Enum(strings), schema, "enum", value.range);
            }
        }
        if !schema.any_of.is_empty() {
            let before = self.errors.len();
            let passed = schema.any_of.iter().enumerate().any(|(i, variant)| {
                let count = self.errors.len();
                self.variant(variant, value, "anyOf", Some(i));
                self.errors.len() == count
            });
            if passed {
                self.forget_errors_after(before);
            } else {
                self.push(Keyword::AnyOf, schema, "anyOf", value.range);
            }
        }
        if !schema.one_of.is_empty() {
            // Every variant runs: ajv counts the ones that pass.
            let before = self.errors.len();
            let mut passing = 0;
            for (i, variant) in schema.one_of.iter().enumerate() {
                let count = self.errors.len();
                self.variant(variant, value, "oneOf", Some(i));
                if self.errors.len() == count {
                    passing += 1;
                }
            }
            if passing == 1 {
                self.forget_errors_after(before);
            } else {
                self.push(Keyword::OneOf, schema, "oneOf", value.range);
            }
        }
        for (i, part) in schema.all_of.iter().enumerate() {
            self.variant(part, value, "allOf", Some(i));
        }
    }

    fn number_keywords(&mut self, schema: &Schema, n: f64, range: TextRange) {
        if let Some(max) = schema.maximum.filter(|max| n > *max || n.is_nan()) {
            self.push(Keyword::Maximum(max), schema, "maximum", range);
        }
        if let Some(min) = schema.minimum.filter(|min| n < *min || n.is_nan()) {
            self.push(Keyword::Minimum(min), schema, "minimum", range);
        }
    }

    fn string_keywords(&mut self, schema: &Schema, s: &str, range: TextRange) {
        if schema.max_length.is_some() || schema.min_length.is_some() {
            let length = ajv::char_length(s);
            if let Some(max) = schema.max_length.filter(|max| length > *max) {
                self.push(Keyword::MaxLength(max), schema, "maxLength", range);
            }
            if let Some(min) = schema.min_length.filter(|min| length < *min) {
                self.push(Keyword::MinLength(min), schema, "minLength", range);
            }
        }
        if let Some(pattern) = schema.pattern.filter(|p| !(p.test)(s)) {
            self.push(Keyword::Pattern(pattern.source), schema, "pattern", range);
        }
    }

    fn array_keywords(&mut self, schema: &Schema, value: &mut Value) {
        let range = value.range;
        let ValueKind::Sequence(items) = &mut value.kind else {
            return;
        };
        if let Some(max) = schema.max_items.filter(|max| items.len() > *max) {
            self.push(Keyword::MaxItems(max), schema, "maxItems", range);
        }
        if let Some(min) = schema.min_items.filter(|min| items.len() < *min) {
            self.push(Keyword::MinItems(min), schema, "minItems", range);
        }
        match &schema.items {
            None => {}
            Some(Items::All(item_schema)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let ipath_len = self.ipath.len();
                    push_index(&mut self.ipath, i);
                    self.variant(item_schema, item, "items", None);
                    self.ipath.truncate(ipath_len);
                }
            }
            Some(Items::Tuple(schemas)) => {
                // `additionalItems: false` comes before `items` in ajv's order.
                if items.len() > schemas.len() {
                    let keyword = Keyword::MaxItems(schemas.len());
                    self.push(keyword, schema, "additionalItems", range);
                }
                for (i, (item, item_schema)) in items.iter_mut().zip(schemas).enumerate() {
                    let ipath_len = self.ipath.len();
                    push_index(&mut self.ipath, i);
                    self.variant(item_schema, item, "items", Some(i));
                    self.ipath.truncate(ipath_len);
                }
            }
        }
    }

    fn object_keywords(&mut self, schema: &Schema, value: &mut Value) {
        let range = value.range;
        let ValueKind::Mapping(mapping) = &mut value.kind else {
            return;
        };
        for name in &schema.required {
            match entry_mut(mapping, name).map(|e| &*e) {
                Some(entry) if !entry.value.is_null() => {}
                // Written as `key:` with nothing: that key; not written at all: the object.
                found => {
                    let at = found.map_or(range, |e| e.key_range);
                    self.push(Keyword::Required(name), schema, "required", at);
                }
            }
        }
        // Each key's property (a schema's index, the key's), found once: a function's schema
        // has 38 properties and a function a few keys. In the keys' order.
        let slots_start = self.slots.len();
        if !schema.properties.is_empty() {
            for (index, key) in mapping.entries.keys().enumerate() {
                if let Some(property) = schema.properties.iter().position(|(name, _)| name == key) {
                    self.slots.push((property, index));
                }
            }
        }
        if let Additional::Forbidden = schema.additional {
            let mut next_slot = slots_start;
            for (index, (key, entry)) in mapping.iter().enumerate() {
                let is_property = self
                    .slots
                    .get(next_slot)
                    .is_some_and(|(_, at)| *at == index);
                next_slot += usize::from(is_property);
                let declared =
                    is_property || schema.pattern_properties.iter().any(|(p, _)| (p.test)(key));
                if !entry.value.is_null() && !declared {
                    let keyword = Keyword::AdditionalProperty(key.to_owned());
                    self.push(keyword, schema, "additionalProperties", entry.key_range);
                }
            }
        }
        // In the schema's order.
        let slots_end = self.slots.len();
        self.slots[slots_start..slots_end].sort_unstable();
        for slot in slots_start..slots_end {
            let (property, index) = self.slots[slot];
            let (name, property) = &schema.properties[property];
            let Some((_, entry)) = mapping.entries.get_index_mut(index) else {
                continue;
            };
            if !entry.value.is_null() {
                self.property(property, &mut entry.value, name, "properties", name);
            }
        }
        self.slots.truncate(slots_start);
        for (pattern, property) in &schema.pattern_properties {
            for (key, entry) in mapping.entries.iter_mut() {
                if !entry.value.is_null() && (pattern.test)(key) {
                    let source = pattern.source;
                    self.property(property, &mut entry.value, key, "patternProperties", source);
                }
            }
        }
    }

    /// Validates the value of `key` against `schema`, found at `spath/keyword/fragment`.
    fn property(
        &mut self,
        schema: &Schema,
        value: &mut Value,
        key: &str,
        keyword: &str,
        fragment: &str,
    ) {
        let (ipath_len, spath_len) = (self.ipath.len(), self.spath.len());
        self.ipath.push('/');
        push_escaped(&mut self.ipath, key);
        self.spath.push('/');
        self.spath.push_str(keyword);
        self.spath.push('/');
        push_escaped(&mut self.spath, fragment);
        self.node(schema, value);
        self.ipath.truncate(ipath_len);
        self.spath.truncate(spath_len);
    }
}

/// The entry of `key`. The mappings a schema looks up its required keys in mostly hold a few
/// keys: comparing those is cheaper than hashing `key`.
fn entry_mut<'m>(mapping: &'m mut Mapping, key: &str) -> Option<&'m mut MapEntry> {
    if mapping.entries.len() <= 8 {
        mapping
            .entries
            .iter_mut()
            .find_map(|(k, e)| (k == key).then_some(e))
    } else {
        mapping.entries.get_mut(key)
    }
}

/// `ipath/key`, the key escaped as a JSON pointer segment.
pub(crate) fn child_path(ipath: &str, key: &str) -> String {
    let mut path = String::with_capacity(ipath.len() + 1 + key.len());
    path.push_str(ipath);
    path.push('/');
    push_escaped(&mut path, key);
    path
}

/// Appends `/i`.
fn push_index(path: &mut String, i: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(path, "/{i}");
}

/// Appends a JSON pointer segment (also a schema path's: `/` must not look like a separator).
fn push_escaped(path: &mut String, segment: &str) {
    // Both escaped characters are ASCII: the text between them is copied a slice at a time.
    let mut rest = segment;
    while let Some(i) = rest.bytes().position(|b| b == b'~' || b == b'/') {
        path.push_str(&rest[..i]);
        path.push_str(if rest.as_bytes()[i] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[i + 1..];
    }
    path.push_str(rest);
}

/// What ajv's `coerceTypes: 'array'` makes of `value` for `ty`; `None` when it cannot.
fn coerced(ty: Type, value: &Value) -> Option<ValueKind> {
    // Nothing becomes an object (not even a one-item array holding one).
    if ty == Type::Object {
        return None;
    }
    // A one-item array stands for its item.
    let (value, unwrapped) = match &value.kind {
        ValueKind::Sequence(items) if items.len() == 1 => (&items[0], true),
        _ => (value, false),
    };
    if unwrapped && ty.matches(value) {
        return Some(value.kind.clone());
    }
    match (ty, &value.kind) {
        (Type::String, ValueKind::Number(n)) => Some(ValueKind::String(number_to_string(*n))),
        (Type::String, ValueKind::Bool(b)) => Some(ValueKind::String(b.to_string())),
        (Type::String, ValueKind::Null) => Some(ValueKind::String(String::new())),
        (Type::Number | Type::Integer, ValueKind::Bool(b)) => {
            Some(ValueKind::Number(if *b { 1.0 } else { 0.0 }))
        }
        (Type::Number | Type::Integer, ValueKind::Null) => Some(ValueKind::Number(0.0)),
        (Type::Number | Type::Integer, ValueKind::String(s)) => {
            // `data && data == +data` (and `!(data % 1)` for an integer).
            let n = crate::variables::js::string_to_number(s);
            let integral = n.is_infinite() || n.fract() == 0.0;
            (!s.is_empty() && !n.is_nan() && (ty == Type::Number || integral))
                .then_some(ValueKind::Number(n))
        }
        (Type::Boolean, _) => ajv::coerced_bool(value).map(ValueKind::Bool),
        (Type::Array, ValueKind::String(_) | ValueKind::Number(_) | ValueKind::Bool(_))
        | (Type::Array, ValueKind::Null) => Some(ValueKind::Sequence(vec![value.clone()])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_escaped_as_json_pointers() {
        assert_eq!(child_path("/functions", "plain"), "/functions/plain");
        assert_eq!(child_path("/a", "x/y~z"), "/a/x~1y~0z");
        assert_eq!(child_path("", "~/~"), "/~0~1~0");
        assert_eq!(child_path("/a", "ü/"), "/a/ü~1");
    }
}
