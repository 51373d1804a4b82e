//! `${file(...)}` through the server: only files inside the service's folder are read
//! (`..`, absolute paths and symlinks pointing out are refused), and JavaScript is never run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::request::{HoverRequest, InlayHintRequest};
use tower_lsp_server::ls_types::{
    HoverParams, InlayHintParams, Position, Range, TextDocumentIdentifier,
    TextDocumentPositionParams, Uri, WorkDoneProgressParams,
};

use crate::client::{ClientOptions, TestClient};

const SECRET: &str = "s3cr3t-outside-the-service";

/// `root/svc` (the service) next to `root/outside` (a secret), with links from one to the other.
fn workspace() -> PathBuf {
    let unique = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let root = std::env::temp_dir().join(format!("slsp-file-vars-{}-{unique}", std::process::id()));
    let (svc, outside) = (root.join("svc"), root.join("outside"));
    std::fs::create_dir_all(&svc).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        outside.join("secret.json"),
        format!("{{\"a\": \"{SECRET}\"}}"),
    )
    .unwrap();
    std::fs::write(outside.join("secret.txt"), SECRET).unwrap();
    std::fs::write(svc.join("inside.json"), "{\"a\": \"inside-value\"}").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.json"), svc.join("link.json")).unwrap();
    std::os::unix::fs::symlink(&outside, svc.join("linkdir")).unwrap();
    for (name, ext) in [("run", "js"), ("run", "cjs"), ("run", "ts")] {
        let marker = root.join(format!("ran-{ext}"));
        let code = format!(
            "require('fs').writeFileSync({:?}, '1'); module.exports = () => ({{ a: 1 }});",
            marker.display().to_string()
        );
        std::fs::write(svc.join(format!("{name}.{ext}")), code).unwrap();
    }
    root
}

fn file_uri(path: &Path) -> Uri {
    format!("file://{}", path.display())
        .parse()
        .expect("a file URI")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_variables_stay_inside_the_service_and_never_run_code() {
    let root = workspace();
    let secret = root.join("outside/secret.json");
    let text = format!(
        "service: s\nprovider:\n  name: aws\n  stage: ${{file(inside.json):a}}\ncustom:\n  up: ${{file(../outside/secret.json):a}}\n  absolute: ${{file({}):a}}\n  link: ${{file(link.json):a}}\n  linkdir: ${{file(linkdir/secret.txt)}}\n  js: ${{file(run.js)}}\n  cjs: ${{file(run.cjs)}}\n  ts: ${{file(run.ts)}}\n",
        secret.display()
    );
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let file = file_uri(&root.join("svc/serverless.yml"));
    let v = client.open(&file, &text);
    let published = client.diagnostics(&file, v).await;

    // Everything the server says about the document: diagnostics, hovers on each line, hints.
    let mut said: Vec<String> = published
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d.range.start.line, d.range.start.character, d.message
            )
        })
        .collect();
    for line in 0..text.lines().count() as u32 {
        let hover = client
            .request::<HoverRequest>(HoverParams {
                text_document_position_params: TextDocumentPositionParams::new(
                    TextDocumentIdentifier::new(file.clone()),
                    Position::new(line, 14),
                ),
                work_done_progress_params: WorkDoneProgressParams::default(),
            })
            .await
            .expect("hover answers");
        said.push(format!("{hover:?}"));
    }
    let hints = client
        .request::<InlayHintRequest>(InlayHintParams {
            text_document: TextDocumentIdentifier::new(file.clone()),
            range: Range::new(Position::new(0, 0), Position::new(99, 0)),
            work_done_progress_params: WorkDoneProgressParams::default(),
        })
        .await
        .expect("inlay hints answer");
    said.push(format!("{hints:?}"));
    let said = said.join("\n");

    // The file inside is read (hover shows its value): the refusals below are not a blanket one.
    assert!(said.contains("inside-value"), "{said}");

    assert!(
        !said.contains(SECRET),
        "a secret from outside leaked:\n{said}"
    );
    for ext in ["js", "cjs", "ts"] {
        assert!(
            !root.join(format!("ran-{ext}")).exists(),
            "run.{ext} was run"
        );
    }
    // Each way out is reported on its own line.
    let messages: Vec<(u32, &str)> = published
        .diagnostics
        .iter()
        .map(|d| (d.range.start.line, d.message.as_str()))
        .collect();
    for line in [5, 6, 7, 8] {
        assert!(
            messages
                .iter()
                .any(|(l, m)| *l == line && m.contains("outside the service directory")),
            "line {line} refused: {messages:#?}"
        );
    }
    std::fs::remove_dir_all(root).unwrap();
}
