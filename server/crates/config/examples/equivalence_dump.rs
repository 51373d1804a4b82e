//! Prints a digest of the full `Debug` output of `sls_syntax::parse`, `parse_with_hint` and
//! `value_from_node` for YAML files and many edited versions of each, so that a change meant
//! to be invisible (a speed-up) can be checked: the digests must be the same before and after.
//!
//! Edited versions of each file: every prefix (cut every STRIDE bytes, default 7), and for
//! each line: the line dropped, the line doubled, and each of `"`, `[`, `:`, a tab, `{`,
//! ` - `, `*q`, `&` typed at its end (parsed with and without the line as hint).
//!
//! ```sh
//! cargo build --release -p sls-config --example equivalence_dump
//! git ls-files '*.yml' '*.yaml' | xargs target/release/examples/equivalence_dump > after.txt
//! diff before.txt after.txt    # one line per file: path, bytes dumped, digest; then a total
//! ```
//! `--full` prints the dump itself instead of digests (to see where two builds differ);
//! `--stride N` changes the prefix step.
#![allow(clippy::print_stdout)] // printing is this tool's job

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write as _;

use sls_config::value_from_node;
use sls_syntax::{parse, parse_with_hint};

/// Typed at the end of each line: what a person typing commonly leaves unfinished.
const TYPED: &[&str] = &["\"", "[", ":", "\t", "{", " - ", "*q", "&"];

fn main() {
    let mut full = false;
    let mut stride = 7;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--full" => full = true,
            "--stride" => {
                stride = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .expect("--stride takes a positive number");
            }
            _ => paths.push(arg),
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut total = Digest::default();
    for path in &paths {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                writeln!(out, "{path}: unreadable ({error})").expect("stdout");
                continue;
            }
        };
        let mut digest = Digest::default();
        for (variant, hint) in variants(&text, stride) {
            let dump = dump(&variant, hint);
            if full {
                out.write_all(dump.as_bytes()).expect("stdout");
            }
            digest.add(&dump);
            total.add(&dump);
        }
        if !full {
            writeln!(
                out,
                "{path} {} {:016x}",
                digest.bytes,
                digest.hasher.finish()
            )
            .expect("stdout");
        }
    }
    if !full {
        writeln!(
            out,
            "TOTAL {} files {} {:016x}",
            paths.len(),
            total.bytes,
            total.hasher.finish()
        )
        .expect("stdout");
    }
}

#[derive(Default)]
struct Digest {
    bytes: usize,
    hasher: DefaultHasher,
}

impl Digest {
    fn add(&mut self, dump: &str) {
        self.bytes += dump.len();
        self.hasher.write(dump.as_bytes());
    }
}

/// The text itself, its prefixes, and its one-line edits (with the edited line as hint).
fn variants(text: &str, stride: usize) -> Vec<(String, Option<usize>)> {
    let mut out = vec![(text.to_owned(), None)];
    out.extend(
        (0..text.len())
            .step_by(stride)
            .filter(|cut| text.is_char_boundary(*cut))
            .map(|cut| (text[..cut].to_owned(), None)),
    );
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let edited = |i: usize, line: &str| -> String {
        let mut edited: String = lines[..i].concat();
        edited.push_str(line);
        edited.push_str(&lines[i + 1..].concat());
        edited
    };
    for (i, line) in lines.iter().enumerate() {
        out.push((edited(i, ""), None));
        out.push((edited(i, &format!("{line}{line}")), None));
        let (body, newline) = line
            .strip_suffix('\n')
            .map_or((*line, ""), |body| (body, "\n"));
        for typed in TYPED {
            let variant = edited(i, &format!("{body}{typed}{newline}"));
            out.push((variant.clone(), None));
            out.push((variant, Some(i)));
        }
    }
    out
}

fn dump(text: &str, hint: Option<usize>) -> String {
    let parsed = match hint {
        None => parse(text),
        Some(_) => parse_with_hint(text, hint),
    };
    let mut dump = format!("=== {} bytes, hint {hint:?}\n{parsed:#?}\n", text.len());
    if let Some(root) = &parsed.root {
        let _ = writeln!(dump, "{:#?}", value_from_node(root));
    }
    dump
}
