//! `serverless-lsp compile PATH`: the template `serverless package` writes, on stdout. Where the
//! framework fails, this fails the same way: exit 1 and stderr ending with `Error: <message>`
//! and `Code: <CODE>`, with the location of the fault just before them.

use super::args::CompileArgs;
use super::{exit, files};
use sls_compile::{CompileError, CompileOptions};
use sls_text::{Document, PositionEncoding, TextRange};
use std::io::Write;
use std::path::Path;

pub fn run(args: &CompileArgs) -> i32 {
    let file = match files::resolve_service_file(&args.path) {
        Ok(file) => file,
        Err(message) => return usage_error(&message),
    };
    let text = match files::read_text(&file) {
        Ok(text) => text,
        Err(message) => return usage_error(&message),
    };
    let options = CompileOptions {
        stage: args.settings.stage.clone(),
        region: args.settings.region.clone(),
        params: args.settings.params.clone(),
        normalize: args.normalize,
        env: std::env::vars().collect(),
        service_dir: file.parent().map(Path::to_path_buf),
        source: Some(text.clone()),
        // As `serverless package` without AWS access: a variable that needs AWS fails.
        fail_on_offline_variables: true,
        ..CompileOptions::default()
    };
    let document = Document::new(&text);
    let location = |range: TextRange| {
        let p = document.offset_to_position(range.start(), PositionEncoding::Utf32);
        format!("{}:{}:{}", file.display(), p.line + 1, p.character + 1)
    };

    let result = sls_compile::compile_text(&text, &options);
    let mut stderr = std::io::stderr().lock();
    let warnings = match &result {
        Ok(compiled) => &compiled.warnings,
        Err(failure) => &failure.warnings,
    };
    for warning in warnings {
        let _ = writeln!(stderr, "Warning: {}", warning.message);
        for range in &warning.ranges {
            let _ = writeln!(stderr, "  --> {}", location(*range));
        }
    }
    match result {
        Ok(compiled) => {
            let rendered = sls_compile::render(&compiled.template);
            // A closed pipe (`| head`) is not worth a panic.
            let _ = std::io::stdout().lock().write_all(rendered.as_bytes());
            exit::OK
        }
        Err(failure) => {
            print_error(&mut stderr, &failure.error, &location);
            exit::PROBLEMS
        }
    }
}

fn print_error(out: &mut impl Write, error: &CompileError, location: &dyn Fn(TextRange) -> String) {
    for (i, range) in error.ranges.iter().enumerate() {
        let what = if i == 0 { "here" } else { "see also" };
        let _ = writeln!(out, "  --> {} ({what})", location(*range));
    }
    let _ = writeln!(out, "Error: {}", error.message);
    let _ = writeln!(out, "Code: {}", error.code.as_str());
}

fn usage_error(message: &str) -> i32 {
    eprintln!("serverless-lsp: {message}");
    exit::USAGE
}
