//! `Ref`, `Fn::GetAtt`, `DependsOn` and `${X}` in `Fn::Sub` naming a logical ID that neither the
//! user nor the compiler defines: the framework passes it on, and CloudFormation rejects the
//! template at deploy time. Pseudo parameters (`AWS::Region`, ...) and `Parameters` are fine.
//!
//! Plugins and the event kinds this compiler does not compile (`http` makes
//! `ApiGatewayRestApi`, ...) add IDs we cannot see: in a service with either, an unknown ID is
//! only a hint.

use sls_compile::{Compiled, WarningKind};
use sls_config::variables::{SourceMap, style_of};
use sls_config::{TextRange, TextSize, Value, ValueKind};

use super::TrapContext;
use crate::ids::PSEUDO_PARAMETERS;
use crate::ids::Section;
use crate::near::NearIndex;
use crate::{AnalysisCode, Diagnostic, Severity};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// `Ref`, a `Fn::Sub` variable: a resource, a parameter or a pseudo parameter.
    RefTarget,
    /// `Fn::GetAtt`, `DependsOn`: a resource.
    Resource,
}

struct Reference<'a> {
    name: &'a str,
    place: Place<'a>,
    wanted: Wanted,
}

/// Where a reference is written: found only for the unknown ones (most are known, and mapping
/// a part of a string to the source is not free).
enum Place<'a> {
    Range(TextRange),
    /// Byte offsets in a string scalar: see `narrow`.
    Part(&'a Value, std::ops::Range<usize>),
}

impl Place<'_> {
    fn range(&self, text: &str) -> TextRange {
        match self {
            Place::Range(range) => *range,
            Place::Part(value, part) => narrow(text, value, part.clone()),
        }
    }
}

pub(super) fn check(cx: &TrapContext<'_>, compiled: &Compiled, out: &mut Vec<Diagnostic>) {
    let mut unknown = Unknown {
        cx,
        references: Vec::new(),
    };
    collect_intrinsics(cx.config, &mut unknown);
    collect_depends_on(cx.config, &mut unknown);
    let unknown = unknown.references;
    if unknown.is_empty() {
        return;
    }
    let soft = has_plugins(cx.config)
        || compiled
            .warnings
            .iter()
            .any(|w| matches!(w.kind, WarningKind::UnsupportedEvents { .. }));
    let mut known: Vec<&str> = cx
        .ids
        .in_section(Section::Resources)
        .chain(cx.ids.in_section(Section::Parameters))
        .map(|id| id.name)
        .collect();
    known.extend(PSEUDO_PARAMETERS);
    let index = NearIndex::new(known);
    for reference in unknown {
        let what = match reference.wanted {
            Wanted::RefTarget => "no resource or parameter",
            Wanted::Resource => "no resource",
        };
        let mut message = format!(
            "'{}' is not a logical ID of this stack: {what} has it",
            reference.name
        );
        if let Some((near, _)) = index.nearest(reference.name) {
            message.push_str(&format!(". Did you mean {near}?"));
        }
        let mut diagnostic = Diagnostic::of(
            AnalysisCode::UnknownLogicalId,
            reference.place.range(cx.text),
            message,
        );
        if soft {
            diagnostic.severity = Severity::Hint;
            diagnostic.message.push_str(
                " (unless a plugin, or an event kind this compiler leaves out, generates it)",
            );
        }
        out.push(diagnostic);
    }
}

/// The references found that name no ID, in the order found (most name one: each is looked up
/// as it is found, and only these are kept).
struct Unknown<'c, 'a> {
    cx: &'c TrapContext<'c>,
    references: Vec<Reference<'a>>,
}

impl<'a> Unknown<'_, 'a> {
    fn push(&mut self, reference: Reference<'a>) {
        if !is_defined(self.cx, reference.name, reference.wanted) {
            self.references.push(reference);
        }
    }
}

fn is_defined(cx: &TrapContext<'_>, name: &str, wanted: Wanted) -> bool {
    match wanted {
        Wanted::RefTarget => PSEUDO_PARAMETERS.contains(&name) || cx.ids.is_ref_target(name),
        Wanted::Resource => cx.ids.resource(name).is_some(),
    }
}

fn has_plugins(config: &Value) -> bool {
    match config.get("plugins").map(|p| &p.kind) {
        Some(ValueKind::Sequence(items)) => !items.is_empty(),
        Some(ValueKind::Mapping(m)) => m
            .get("modules")
            .and_then(Value::as_sequence)
            .is_some_and(|items| !items.is_empty()),
        _ => false,
    }
}

/// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` in the config (a one-key mapping), walked without
/// recursion. Scalars (most values) never go on the stack: nothing is found in them.
fn collect_intrinsics<'a>(root: &'a Value, out: &mut Unknown<'_, 'a>) {
    let is_collection =
        |v: &&Value| matches!(v.kind, ValueKind::Mapping(_) | ValueKind::Sequence(_));
    let mut stack = Vec::with_capacity(64);
    stack.push(root);
    while let Some(value) = stack.pop() {
        match &value.kind {
            ValueKind::Mapping(mapping) => {
                if mapping.len() == 1
                    && let Some((function, entry)) = mapping.iter().next()
                {
                    intrinsic(function, &entry.value, out);
                }
                stack.extend(mapping.iter().map(|(_, e)| &e.value).filter(is_collection));
            }
            ValueKind::Sequence(items) => stack.extend(items.iter().filter(is_collection)),
            _ => {}
        }
    }
}

fn intrinsic<'a>(function: &str, argument: &'a Value, out: &mut Unknown<'_, 'a>) {
    match function {
        "Ref" => {
            if let Some(name) = argument.as_str() {
                out.push(Reference {
                    name,
                    place: Place::Range(argument.range),
                    wanted: Wanted::RefTarget,
                });
            }
        }
        "Fn::GetAtt" => match &argument.kind {
            ValueKind::Sequence(items) => {
                if let Some(first) = items.first()
                    && let Some(name) = first.as_str()
                {
                    out.push(Reference {
                        name,
                        place: Place::Range(first.range),
                        wanted: Wanted::Resource,
                    });
                }
            }
            ValueKind::String(dotted) => {
                let name = dotted.split('.').next().unwrap_or_default();
                out.push(Reference {
                    name,
                    place: Place::Part(argument, 0..name.len()),
                    wanted: Wanted::Resource,
                });
            }
            _ => {}
        },
        "Fn::Sub" => match &argument.kind {
            ValueKind::String(_) => sub_variables(argument, &[], out),
            ValueKind::Sequence(items) => {
                if let Some(template) = items.first() {
                    let locals: Vec<&str> = items
                        .get(1)
                        .and_then(Value::as_mapping)
                        .map(|m| m.iter().map(|(k, _)| k).collect())
                        .unwrap_or_default();
                    sub_variables(template, &locals, out);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// The logical IDs `${X}` and `${X.Attr}` of a `Fn::Sub` string name (`${!X}` is literal text;
/// what is no CloudFormation name, such as a framework variable left unresolved, is skipped).
fn sub_variables<'a>(template: &'a Value, locals: &[&str], out: &mut Unknown<'_, 'a>) {
    let Some(string) = template.as_str() else {
        return;
    };
    let mut rest = 0;
    while let Some(open) = string[rest..].find("${").map(|i| rest + i) {
        let start = open + 2;
        let Some(close) = string[start..].find('}').map(|i| start + i) else {
            break;
        };
        rest = close + 1;
        let inside = &string[start..close];
        if inside.starts_with('!') {
            continue;
        }
        let name = inside.split('.').next().unwrap_or_default();
        let is_name = !name.is_empty()
            && (name.bytes().all(|b| b.is_ascii_alphanumeric())
                || name
                    .strip_prefix("AWS::")
                    .is_some_and(|p| p.bytes().all(|b| b.is_ascii_alphanumeric())));
        if !is_name || locals.contains(&name) {
            continue;
        }
        let wanted = if inside.contains('.') {
            Wanted::Resource
        } else {
            Wanted::RefTarget
        };
        out.push(Reference {
            name,
            place: Place::Part(template, start..start + name.len()),
            wanted,
        });
    }
}

/// The source range of `part` (byte offsets in `value`'s string), or the whole scalar when the
/// string is not written as it reads (escapes, a value from a variable).
fn narrow(text: &str, value: &Value, part: std::ops::Range<usize>) -> TextRange {
    let (Some(cooked), Some(slice)) = (
        value.as_str(),
        text.get(std::ops::Range::<usize>::from(value.range)),
    ) else {
        return value.range;
    };
    let map = SourceMap::new(slice, style_of(slice), cooked, value.range);
    if !map.is_exact() {
        return value.range;
    }
    let to_size = |n: usize| TextSize::try_from(n).unwrap_or_default();
    map.map(TextRange::new(to_size(part.start), to_size(part.end)))
}

/// `DependsOn` of the user's resources and extensions: resource IDs.
fn collect_depends_on<'a>(config: &'a Value, out: &mut Unknown<'_, 'a>) {
    for section in ["Resources", "extensions"] {
        let Some(resources) = config
            .get_path(["resources", section])
            .and_then(Value::as_mapping)
        else {
            continue;
        };
        for (_, entry) in resources.iter() {
            let Some(depends_on) = entry.value.get("DependsOn") else {
                continue;
            };
            let items = match &depends_on.kind {
                ValueKind::Sequence(items) => items.iter().collect(),
                _ => vec![depends_on],
            };
            for item in items {
                if let Some(name) = item.as_str() {
                    out.push(Reference {
                        name,
                        place: Place::Range(item.range),
                        wanted: Wanted::Resource,
                    });
                }
            }
        }
    }
}
