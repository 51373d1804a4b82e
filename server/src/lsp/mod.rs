//! The language server: `serverless.yml` documents synced incrementally, analysed with the
//! compiler on every change, diagnostics published with the version they belong to.
//!
//! - `server`: the protocol handlers (tower-lsp-server).
//! - `session` / `documents`: the shared state; each open document's rope, version, revision
//!   and latest analysis.
//! - `publish`: analyses on the document's own thread (`workers`), one at a time; only the
//!   current revision's result is published, a stale one stops early and the newest text is
//!   analysed next, from it.
//! - `convert`, `settings`, `service_file`: LSP ↔ text/analysis types, the editor's settings,
//!   which files the server attaches to.

mod analyzer;
mod convert;
mod documents;
mod features;
mod logging;
mod publish;
mod server;
mod service_file;
mod session;
mod settings;
mod workers;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::LspService;

pub use analyzer::{Analyzer, CompilerAnalyzer};
pub use convert::DIAGNOSTIC_SOURCE;
pub use features::COMPLETION_LIMIT;
pub use logging::LOG_ENV;

/// Runs the server on stdin/stdout until `exit` or the end of input; returns the exit code.
pub fn run_stdio() -> i32 {
    logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            tracing::error!("cannot start the async runtime: {err}");
            return 1;
        }
    };
    let analyzer = Arc::new(CompilerAnalyzer);
    let code = runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), analyzer));
    // The thread reading stdin may still be blocked in `read`; do not wait for it.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

/// Serves one client over `input`/`output` until `exit` or the end of input. Returns the exit
/// code the LSP asks for: 0 if `shutdown` came first, 1 otherwise.
pub async fn serve<I, O>(input: I, output: O, analyzer: Arc<dyn Analyzer>) -> i32
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let shutdown_requested = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&shutdown_requested);
    let (service, socket) =
        LspService::build(move |client| server::Server::new(client, analyzer, flag))
            .custom_method(server::COMPILED_TEMPLATE, server::Server::compiled_template)
            .finish();
    tower_lsp_server::Server::new(input, output, socket)
        .serve(service)
        .await;
    if shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
