//! Property tests: whatever the text, `compile_text` returns (no panic) and an error points
//! inside the text. Inputs: random YAML-ish documents built from the framework's own keys, and
//! random mutations of the recorded oracle fixtures. `PROPTEST_CASES=N` runs more.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use sls_compile::{CompileOptions, compile_text};

fn fixtures() -> &'static [String] {
    static FIXTURES: OnceLock<Vec<String>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let cases = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases");
        let mut texts: Vec<String> = std::fs::read_dir(&cases)
            .unwrap_or_else(|e| panic!("{}: {e}", cases.display()))
            .filter_map(|entry| {
                std::fs::read_to_string(entry.ok()?.path().join("serverless.yml")).ok()
            })
            .collect();
        texts.sort();
        assert!(texts.len() > 20, "the oracle fixtures are found");
        texts
    })
}

/// Fragments that reach deep into the compiler: its keys, variables, tags, anchors.
const WORDS: &[&str] = &[
    "service",
    "provider",
    "name",
    "aws",
    "stage",
    "region",
    "functions",
    "handler",
    "events",
    "cognitoUserPool",
    "pool",
    "trigger",
    "PreSignUp",
    "CustomMessage",
    "existing",
    "true",
    "forceDeploy",
    "resources",
    "Resources",
    "Outputs",
    "custom",
    "kmsKeyId",
    "runtime",
    "${self:custom.x}",
    "${opt:stage, 'dev'}",
    "${env:HOME}",
    "${file(x.yml)}",
    "${sls:stage}",
    "!Ref",
    "!GetAtt",
    "!Sub",
    "&a",
    "*a",
    "<<",
    "null",
    "~",
    "0x1F",
    "1e3",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "'",
    "\"",
    "#",
    "|",
    ">",
    "\t",
    "😀",
    "\r",
    "\0",
    "\u{feff}",
];

/// A random document: lines of indentation and words.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-zA-Z0-9 :\\-]{0,6}",
    ];
    let line = (0usize..6, proptest::collection::vec(token, 0..5))
        .prop_map(|(indent, tokens)| format!("{}{}", "  ".repeat(indent), tokens.join(" ")));
    proptest::collection::vec(line, 0..25).prop_map(|lines| lines.join("\n"))
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_owned),
        "[ -~\n]{0,8}",
        "\\PC{0,4}",
    ];
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), text).prop_map(|(at, text)| Mutation::Insert { at, text }),
        (any::<usize>(), 0usize..80).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

/// The nearest char boundary at or before `at` (mod the length).
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut text = text.to_owned();
    for mutation in mutations {
        match mutation {
            Mutation::Delete { at, len } => {
                let start = boundary(&text, *at);
                let end = boundary(&text, (start + len).min(text.len()));
                text.replace_range(start..end.max(start), "");
            }
            Mutation::Insert { at, text: inserted } => {
                let at = boundary(&text, *at);
                text.insert_str(at, inserted);
            }
            Mutation::Duplicate { at, len } => {
                let start = boundary(&text, *at);
                let end = boundary(&text, (start + len).min(text.len())).max(start);
                let copy = text[start..end].to_owned();
                text.insert_str(end, &copy);
            }
        }
    }
    text
}

/// Compiles `text`; an error's ranges must lie inside it.
fn compiles_or_points_inside(text: &str) -> Result<(), TestCaseError> {
    let options = CompileOptions::default();
    if let Err(failure) = compile_text(text, &options) {
        let len = text.len();
        for range in &failure.error.ranges {
            let (start, end) = (usize::from(range.start()), usize::from(range.end()));
            prop_assert!(
                end <= len && text.is_char_boundary(start) && text.is_char_boundary(end),
                "{:?} ({}) points at {start}..{end}, outside the {len}-byte text",
                failure.error.code,
                failure.error.message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_compile_or_fail_inside_the_text(text in yamlish()) {
        compiles_or_points_inside(&text)?;
    }

    #[test]
    fn mutated_fixtures_compile_or_fail_inside_the_text(
        fixture in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(fixture.get::<String>(fixtures()), &mutations);
        compiles_or_points_inside(&text)?;
    }

    #[test]
    fn arbitrary_text_compiles_or_fails_inside_the_text(text in "\\PC{0,200}") {
        compiles_or_points_inside(&text)?;
    }
}

/// Found by the properties above; kept as plain regressions.
#[test]
fn regressions() {
    for text in ["\0\n\t", "\n[ \r"] {
        compiles_or_points_inside(text).unwrap();
    }
}
