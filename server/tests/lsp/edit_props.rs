//! Property test: random edit sequences sent through the server, on the oracle fixtures and on
//! random text, leave the server's text equal to a reference copy edited alongside. Checked
//! through the protocol only: the last version's diagnostics and compiled template are those
//! of the reference text opened fresh, and every published range lies inside the document.
//! `PROPTEST_CASES=N` runs more cases (the default keeps the suite fast in debug).

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};
use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::Request;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::client::{ClientOptions, TestClient, full_text, replace, uri};
use crate::hostile::assert_inside;

/// Per case: a hang fails the case instead of blocking the suite.
const CASE_BOUND: Duration = Duration::from_secs(20);

enum CompiledTemplate {}

impl Request for CompiledTemplate {
    type Params = Value;
    type Result = String;
    const METHOD: &'static str = "serverless/compiledTemplate";
}

fn fixtures() -> &'static [String] {
    static FIXTURES: OnceLock<Vec<String>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let cases = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/cases");
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

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// One edit, positioned relative to the text it applies to (fractions of its length), so it
/// stays meaningful whatever the earlier edits did.
#[derive(Debug, Clone)]
enum Edit {
    Replace { at: u16, len: u8, text: String },
    Whole(String),
}

fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "",
                "\n",
                "\r\n",
                "\r",
                "  ",
                "- ",
                ": ",
                "😀",
                "é",
                "\t",
                "${self:",
                "}",
                "&a ",
                "*a",
                "functions:\n  f:\n    handler: h.h\n",
                "cognitoUserPool",
                "pool: P",
            ][..]
        )
        .prop_map(str::to_owned),
        "[ -~\n]{0,10}",
        "\\PC{0,3}",
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        12 => (any::<u16>(), any::<u8>(), inserted())
            .prop_map(|(at, len, text)| Edit::Replace { at, len, text }),
        1 => inserted().prop_map(Edit::Whole),
    ]
}

/// A byte offset of `text` that is a valid LSP position: a char boundary, not between `\r`
/// and `\n`.
fn valid_offset(text: &str, wanted: usize) -> usize {
    let mut at = wanted.min(text.len());
    while !text.is_char_boundary(at)
        || (at > 0 && text.as_bytes()[at - 1] == b'\r' && text.as_bytes().get(at) == Some(&b'\n'))
    {
        at -= 1;
    }
    at
}

/// The LSP position (UTF-16) of byte `offset`.
fn position(text: &str, offset: usize) -> Position {
    let (mut line, mut character) = (0u32, 0u32);
    let mut chars = text[..offset].chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => {
                line += 1;
                character = 0;
            }
            c => character += c.len_utf16() as u32,
        }
    }
    Position::new(line, character)
}

/// Applies `edit` to the reference `text`; the change the client sends for it.
fn apply(text: &mut String, edit: &Edit) -> TextDocumentContentChangeEvent {
    match edit {
        Edit::Whole(new) => {
            *text = new.clone();
            full_text(new)
        }
        Edit::Replace { at, len, text: new } => {
            let start = valid_offset(text, usize::from(*at) * text.len() / usize::from(u16::MAX));
            let end = valid_offset(text, start + usize::from(*len) % 64).max(start);
            let range = Range::new(position(text, start), position(text, end));
            text.replace_range(start..end, new);
            replace(range, new)
        }
    }
}

/// What the protocol shows of a document's current version: its diagnostics (range, code,
/// message) and its compiled template or the error instead.
async fn observe(
    client: &mut TestClient,
    file: &tower_lsp_server::ls_types::Uri,
    version: i32,
    text: &str,
) -> Value {
    let published = client.diagnostics(file, version).await;
    assert_inside(&published.diagnostics, text);
    let params = json!({"textDocument": {"uri": file.as_str()}});
    let compiled = client.request::<CompiledTemplate>(params).await;
    json!({
        "diagnostics": published.diagnostics.iter().map(|d| json!([d.range, d.code, d.message])).collect::<Vec<_>>(),
        "compiled": match compiled { Ok(t) => json!({"ok": t}), Err(e) => json!({"err": e["message"]}) },
    })
}

/// Set once a case of each property hangs: shrinking it would cost `CASE_BOUND` per step
/// (minutes of an idle test), so every later run passes and proptest reports the case that
/// hung as it was.
static FIXTURE_HUNG: AtomicBool = AtomicBool::new(false);
static RANDOM_HUNG: AtomicBool = AtomicBool::new(false);

/// Sends `batches` of edits to `start`; checks the server ends at the reference text.
fn check_sequence(
    hung: &'static AtomicBool,
    start: &str,
    batches: &[Vec<Edit>],
) -> Result<(), TestCaseError> {
    if hung.load(Ordering::SeqCst) {
        return Ok(());
    }
    let start = start.to_owned();
    let batches = batches.to_vec();
    runtime().block_on(async move {
        let work = async {
            let mut client = TestClient::start(
                std::sync::Arc::new(CompilerAnalyzer),
                ClientOptions::default(),
            )
            .await;
            let file = uri("serverless.yml");
            let mut reference = start.clone();
            let mut version = client.open(&file, &start);
            for batch in &batches {
                let changes = batch
                    .iter()
                    .map(|edit| apply(&mut reference, edit))
                    .collect();
                version = client.change(&file, changes);
            }
            let edited = observe(&mut client, &file, version, &reference).await;
            client.close(&file);
            let fresh_version = client.open_at(&file, &reference, version + 1);
            let fresh = observe(&mut client, &file, fresh_version, &reference).await;
            (edited, fresh, reference)
        };
        let (edited, fresh, reference) =
            tokio::time::timeout(CASE_BOUND, work).await.map_err(|_| {
                hung.store(true, Ordering::SeqCst);
                TestCaseError::fail(format!("no answer within {CASE_BOUND:?}"))
            })?;
        prop_assert_eq!(edited, fresh, "edited vs. fresh open of {:?}", reference);
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn edited_fixtures_match_their_reference_text(
        fixture in any::<prop::sample::Index>(),
        batches in proptest::collection::vec(proptest::collection::vec(edit(), 1..4), 1..12),
    ) {
        check_sequence(&FIXTURE_HUNG, fixture.get::<String>(fixtures()), &batches)?;
    }

    #[test]
    fn edited_random_text_matches_its_reference_text(
        start in "\\PC{0,60}",
        batches in proptest::collection::vec(proptest::collection::vec(edit(), 1..4), 1..12),
    ) {
        check_sequence(&RANDOM_HUNG, &start, &batches)?;
    }
}
