//! Prints what the syntax layer makes of a file: its diagnostics, then its tree.
//!
//! `cargo run -p sls-syntax --example dump_tree -- FILE [tree|outline|events]`: `tree` (the
//! default) shows every node with its range and source text, `outline` only the keys, `events`
//! the raw `saphyr-parser` events with their char-indexed spans.
#![allow(clippy::print_stdout, clippy::print_stderr)] // printing is this tool's job

use saphyr_parser::Parser;
use sls_syntax::parse;
use sls_syntax::render::{render_diagnostics, render_outline, render_tree};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: dump_tree FILE [tree|outline|events]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
    };
    match args.next().as_deref().unwrap_or("tree") {
        "events" => print_events(&text),
        mode => {
            let parse = parse(&text);
            print!("{}", render_diagnostics(&parse.diagnostics, &text));
            if let Some(root) = &parse.root {
                if mode == "outline" {
                    print!("{}", render_outline(root));
                } else {
                    print!("{}", render_tree(root, &text));
                }
            }
        }
    }
}

fn print_events(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                let (start, end) = (span.start.index(), span.end.index());
                let source: String = chars[start.min(chars.len())..end.min(chars.len())]
                    .iter()
                    .collect();
                println!("{event:?} chars {start}..{end} {source:?}");
            }
            Err(error) => {
                let at = error.marker();
                println!(
                    "error at line {} column {}: {}",
                    at.line(),
                    at.col() + 1,
                    error.info()
                );
                break;
            }
        }
    }
}
