//! The grammar: what parse.js makes of a string, and its errors with their exact ranges.

use std::fmt::Write;

use crate::TextRange;
use crate::variables::parse::{ItemKind, Literal, Meta, Source, Variables, parse};

fn span(r: TextRange) -> String {
    format!("{}..{}", u32::from(r.start()), u32::from(r.end()))
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Null => "null".to_owned(),
        Literal::Bool(b) => b.to_string(),
        Literal::Number(n) => format!("number {n}"),
        Literal::String(s) => format!("{s:?}"),
    }
}

fn render_vars(out: &mut String, text: &str, vars: &Variables, depth: usize) {
    let pad = "  ".repeat(depth);
    for item in &vars.items {
        let r = item.range;
        let written = &text[std::ops::Range::<usize>::from(r)];
        match &item.kind {
            ItemKind::Escape(replacement) => {
                writeln!(
                    out,
                    "{pad}escape {} {written:?} -> {replacement:?}",
                    span(r)
                )
                .unwrap();
            }
            ItemKind::Variable(sources) => {
                let whole = if vars.whole { " whole" } else { "" };
                writeln!(out, "{pad}variable {}{whole} {written:?}", span(r)).unwrap();
                for source in sources {
                    match source {
                        Source::Literal(l) => {
                            writeln!(
                                out,
                                "{pad}  literal {} {}",
                                span(l.range),
                                literal(&l.value)
                            )
                            .unwrap();
                        }
                        Source::Typed(t) => {
                            writeln!(out, "{pad}  source {:?} {}", t.name, span(t.name_range))
                                .unwrap();
                            for p in t.params.iter().flatten() {
                                render_meta(out, text, "param", p, depth + 2);
                            }
                            if let Some(a) = &t.address {
                                render_meta(out, text, "address", a, depth + 2);
                            }
                        }
                    }
                }
            }
        }
    }
}

fn render_meta(out: &mut String, text: &str, what: &str, meta: &Meta, depth: usize) {
    let pad = "  ".repeat(depth);
    writeln!(
        out,
        "{pad}{what} {} {}",
        span(meta.range),
        literal(&meta.value)
    )
    .unwrap();
    if let Some(vars) = &meta.variables {
        render_vars(out, text, vars, depth + 1);
    }
}

fn render(inputs: &[&str]) -> String {
    let mut out = String::new();
    for text in inputs {
        writeln!(out, "{text}").unwrap();
        match parse(text) {
            Ok(None) => writeln!(out, "  (no variables)").unwrap(),
            Ok(Some(vars)) => render_vars(&mut out, text, &vars, 1),
            Err(e) => {
                let at = &text[std::ops::Range::<usize>::from(e.range)];
                writeln!(
                    out,
                    "  error {} {} {at:?}: {}",
                    e.code.as_str(),
                    span(e.range),
                    e.message
                )
                .unwrap();
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn sources_addresses_and_params() {
    insta::assert_snapshot!(render(&[
        "${self:custom.name}",
        "a-${opt:stage}-b",
        "${sls:stage}${aws:region}",
        "${file(./config.json):db.host}",
        "${file( 'a b.json' ):x}",
        "${strToBool(${env:FLAG})}",
        "${cf(us-east-1):stack.Output}",
        "${self:}",
        "${opt:}",
        "${env: SPACED }",
    ]));
}

#[test]
fn nesting() {
    insta::assert_snapshot!(render(&[
        "${self:custom.${sls:stage}.name}",
        "${self:custom.${self:custom.${opt:a}}}",
        "${file(${self:custom.dir}/x.json):${opt:key}}",
        "x ${env:A, ${env:B, ${self:c}}} y",
    ]));
}

#[test]
fn fallbacks_and_literals() {
    insta::assert_snapshot!(render(&[
        "${opt:stage, 'dev'}",
        "${opt:stage, \"dev\"}",
        "${opt:x, \"a,b\"}",
        "${opt:x, \"q\\\"uo\"}",
        "${opt:x,'b' }",
        "${opt:x, 5}",
        "${opt:x, -1.5}",
        "${opt:x, 0x10}",
        "${opt:x, true}",
        "${opt:x, null}",
        "${env:A, env:B, 'c'}",
        "${strToBool(0)}",
        "${file(a.json, , 3)}",
    ]));
}

#[test]
fn escapes() {
    insta::assert_snapshot!(render(&[
        "\\${self:x}",
        "\\\\${self:x}",
        "\\\\\\${self:x}",
        "\\\\\\\\${self:x}",
        "a\\b \\$x",
    ]));
}

#[test]
fn text_that_is_not_a_variable() {
    insta::assert_snapshot!(render(&[
        "plain",
        "$notvar {also} $",
        "${ self:x}",
        "${Self:x}",
        "${foo bar}",
        "{$self:custom.region}",
        "${",
        "${foo",
        "$${self:x}",
        "${self::x}",
        "Fn::Sub ${AWS::Region}",
    ]));
}

#[test]
fn broken_syntax_is_located() {
    insta::assert_snapshot!(render(&[
        "${self:custom.region",
        "a ${self:x.${opt:y}",
        "${opt:x, 'it''s'}",
        "${opt:x, 5, 6}",
        "${opt:x, abc}",
        "${opt:x, Env:Y}",
        "${opt:x, @}",
        "${file(a.json}",
        "${file(a.json) x}",
        "${file(a.json)::x}",
        "${self:a.${ x}}",
        "${opt:x, \"bad \\q\"}",
        "é ${opt:x, @}",
    ]));
}

/// Strings made of the grammar's special characters never make the parser or the resolver
/// panic, and every range it gives lies on character boundaries of the input.
#[test]
fn arbitrary_input_never_panics() {
    const PIECES: [&str; 24] = [
        "$",
        "{",
        "}",
        "${",
        "\\",
        ":",
        "(",
        ")",
        ",",
        " ",
        "'",
        "\"",
        "self",
        "opt",
        "env",
        "file",
        "a.b",
        "x",
        "1",
        "é",
        "😀",
        "sls:stage",
        "\\$",
        "strToBool",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for _ in 0..4000 {
        let len = next() % 12;
        let text: String = (0..len).map(|_| PIECES[next() % PIECES.len()]).collect();
        match parse(&text) {
            Ok(Some(vars)) => check_ranges(&text, &vars),
            Ok(None) => {}
            Err(e) => assert!(
                text.get(std::ops::Range::<usize>::from(e.range)).is_some(),
                "{text:?}"
            ),
        }
        let src = format!("out:\n  a: '{}'\n", text.replace('\'', "''"));
        let _ = super::support::run(&src);
    }
}

fn check_ranges(text: &str, vars: &Variables) {
    for item in &vars.items {
        assert!(
            text.get(std::ops::Range::<usize>::from(item.range))
                .is_some(),
            "{text:?}"
        );
        if let ItemKind::Variable(sources) = &item.kind {
            for source in sources {
                if let Source::Typed(t) = source {
                    for meta in t.params.iter().flatten().chain(&t.address) {
                        assert!(
                            text.get(std::ops::Range::<usize>::from(meta.range))
                                .is_some(),
                            "{text:?}"
                        );
                        if let Some(inner) = &meta.variables {
                            check_ranges(text, inner);
                        }
                    }
                }
            }
        }
    }
}
