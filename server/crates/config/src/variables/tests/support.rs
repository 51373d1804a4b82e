//! Test support: a tiny block-YAML reader (mappings by indentation, `- ` items, one-line
//! scalars) giving `Value`s with real ranges, until the real `value_from_node` lands; and a
//! renderer for snapshots.

use std::collections::HashMap;
use std::fmt::Write;
use std::io;
use std::path::{Path, PathBuf};

use crate::variables::{FileReader, ResolveContext, VariableProblem, framework_error, resolve};
use crate::{Mapping, TextRange, TextSize, Value, ValueKind};

fn range(start: usize, end: usize) -> TextRange {
    TextRange::new(TextSize::from(start as u32), TextSize::from(end as u32))
}

fn scalar(raw: &str, start: usize) -> Value {
    let r = range(start, start + raw.len());
    let kind = if let Some(inner) = raw.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        ValueKind::String(inner.replace("''", "'"))
    } else if raw.starts_with('"') {
        ValueKind::String(serde_json::from_str(raw).expect("test scalar: JSON-compatible escapes"))
    } else {
        match raw {
            "" | "null" | "~" => ValueKind::Null,
            "true" => ValueKind::Bool(true),
            "false" => ValueKind::Bool(false),
            _ => match raw.parse::<f64>() {
                Ok(n)
                    if raw
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".-+e".contains(c)) =>
                {
                    ValueKind::Number(n)
                }
                _ => ValueKind::String(raw.to_owned()),
            },
        }
    };
    Value::new(kind, r)
}

struct Line<'a> {
    indent: usize,
    start: usize,
    text: &'a str,
}

/// Reads `src` (see the module doc) into a `Value`.
pub fn doc(src: &str) -> Value {
    let mut lines = Vec::new();
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let indent = body.len() - trimmed.len();
            lines.push(Line {
                indent,
                start: offset + indent,
                text: trimmed.trim_end(),
            });
        }
        offset += line.len();
    }
    let mut i = 0;
    block(&lines, &mut i, 0)
}

fn block(lines: &[Line<'_>], i: &mut usize, indent: usize) -> Value {
    let first = &lines[*i];
    let start = first.start;
    if first.text.starts_with("- ") {
        let mut items = Vec::new();
        while *i < lines.len() && lines[*i].indent == indent && lines[*i].text.starts_with("- ") {
            let line = &lines[*i];
            items.push(scalar(&line.text[2..], line.start + 2));
            *i += 1;
        }
        let end = items
            .last()
            .map_or(start, |v: &Value| usize::from(v.range.end()));
        return Value::new(ValueKind::Sequence(items), range(start, end));
    }
    let mut m = Mapping::default();
    let mut end = start;
    while *i < lines.len() && lines[*i].indent == indent {
        let line = &lines[*i];
        let (key, rest) = match line.text.split_once(": ") {
            Some((k, r)) => (k, Some(r.trim())),
            None => (line.text.trim_end_matches(':'), None),
        };
        let key_range = range(line.start, line.start + key.len());
        let key = key.trim_matches(['"', '\'']).to_owned();
        *i += 1;
        let value = match rest {
            Some(raw) => {
                let at = line.start + line.text.find(": ").unwrap_or(0) + 2;
                scalar(raw, at)
            }
            None if *i < lines.len() && lines[*i].indent > indent => {
                let nested = lines[*i].indent;
                block(lines, i, nested)
            }
            None => Value::null(range(
                line.start + line.text.len(),
                line.start + line.text.len(),
            )),
        };
        end = usize::from(value.range.end());
        m.insert(key, key_range, value);
    }
    Value::new(ValueKind::Mapping(m), range(start, end))
}

/// Files served from memory, as the language server will serve unsaved buffers.
#[derive(Default)]
pub struct MemFiles {
    pub files: HashMap<PathBuf, String>,
}

impl FileReader for MemFiles {
    fn read(&self, path: &Path) -> io::Result<String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.files.contains_key(path) || path == Path::new("/svc") {
            Ok(path.to_owned())
        } else {
            Err(io::Error::from(io::ErrorKind::NotFound))
        }
    }
}

/// The resolved config as JSON, then each problem with the text it points at, then the error
/// `serverless` would stop with.
pub fn render(src: &str, value: &Value, problems: &[VariableProblem]) -> String {
    let mut out = serde_json::to_string_pretty(&value.to_json()).unwrap();
    out.push('\n');
    for p in problems {
        let at = src
            .get(std::ops::Range::<usize>::from(p.range))
            .unwrap_or("?");
        let step = p.step.map_or("-".to_owned(), |s| s.to_string());
        writeln!(
            out,
            "\n[{} {:?} step {step}] {at:?} at {}\n  {}",
            p.code.as_str(),
            p.severity,
            p.property,
            p.message
        )
        .unwrap();
    }
    if let Some(e) = framework_error(problems, "serverless.yml") {
        write!(out, "\nframework error {}:\n{}\n", e.code, e.message).unwrap();
    }
    out
}

/// Resolves `src` with `env` and the given CLI options; files from `files` under `/svc`.
pub fn run_with(
    src: &str,
    env: &[(&str, &str)],
    setup: impl FnOnce(&mut ResolveContext<'_>),
    files: &MemFiles,
) -> String {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let lookup = move |k: &str| env.get(k).cloned();
    let mut ctx = ResolveContext::new("/svc", &lookup, files);
    ctx.source = Some(src);
    setup(&mut ctx);
    let root = doc(src);
    let (value, problems) = resolve(&root, &ctx);
    render(src, &value, &problems)
}

pub fn run(src: &str) -> String {
    run_with(src, &[], |_| {}, &MemFiles::default())
}

/// Resolves an already loaded `value` whose ranges point into `src`.
pub fn resolve_value(src: &str, value: &Value) -> String {
    let lookup = |_: &str| None;
    let files = MemFiles::default();
    let mut ctx = ResolveContext::new("/svc", &lookup, &files);
    ctx.source = Some(src);
    let (resolved, problems) = resolve(value, &ctx);
    render(src, &resolved, &problems)
}
