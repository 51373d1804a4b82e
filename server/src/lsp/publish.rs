//! Running analyses off the protocol's threads and publishing their diagnostics, newest only.
//!
//! Each change spawns one task: the analysis runs on a blocking thread with the snapshot it
//! was given (text, version, revision, settings), and its diagnostics are published only if
//! that revision is still the document's current one when it finishes. An analysis that
//! starts after its revision was superseded is skipped; one that finishes late is dropped.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use tower_lsp_server::ls_types::{MessageType, Uri};
use tracing::{debug, error};

use super::convert;
use super::documents::Analysis;
use super::session::{AnalysisJob, Session};

/// A finished analysis with its diagnostics already converted for the client.
struct Outcome {
    uri: Uri,
    analysis: Arc<Analysis>,
    published: Vec<tower_lsp_server::ls_types::Diagnostic>,
}

/// Analyses `job` in the background and publishes the result if it is still current.
pub fn spawn_analysis(session: &Arc<Session>, job: AnalysisJob) {
    let session = Arc::clone(session);
    tokio::spawn(async move {
        let worker = Arc::clone(&session);
        let outcome = tokio::task::spawn_blocking(move || analyse_if_current(&worker, job)).await;
        match outcome {
            Ok(Some(outcome)) => publish_if_current(&session, outcome).await,
            Ok(None) => {}
            // Panics are caught inside; this is the runtime shutting down.
            Err(join_error) => debug!("analysis task did not finish: {join_error}"),
        }
    });
}

/// Clears the client's diagnostics for a closed document.
pub async fn clear(session: &Session, uri: Uri) {
    let _in_order = session.publishing.lock().await;
    session
        .client
        .publish_diagnostics(uri, Vec::new(), None)
        .await;
}

/// Runs on a blocking thread.
fn analyse_if_current(session: &Session, job: AnalysisJob) -> Option<Outcome> {
    let AnalysisJob {
        snapshot,
        settings,
        encoding,
    } = job;
    if !session
        .state()
        .documents
        .is_current(&snapshot.uri, snapshot.revision)
    {
        debug!(
            "skipping analysis of {} version {}: superseded before it started",
            snapshot.uri.as_str(),
            snapshot.version
        );
        return None;
    }

    let text = snapshot.document.text();
    let analyzer = &session.analyzer;
    let path = snapshot.path.as_deref();
    // The analyzer is pure (it only reads its arguments), so nothing is left half-updated
    // if it unwinds.
    let diagnostics = catch_unwind(AssertUnwindSafe(|| {
        analyzer.diagnostics(&text, path, &settings)
    }));
    let diagnostics = match diagnostics {
        Ok(diagnostics) => Some(diagnostics),
        Err(payload) => {
            error!(
                "analysis of {} version {} panicked: {}",
                snapshot.uri.as_str(),
                snapshot.version,
                panic_message(payload.as_ref())
            );
            None
        }
    };
    let published = diagnostics
        .iter()
        .flatten()
        .map(|d| convert::diagnostic_to_lsp(d, &snapshot.document, &snapshot.uri, encoding))
        .collect();
    Some(Outcome {
        uri: snapshot.uri,
        analysis: Arc::new(Analysis {
            revision: snapshot.revision,
            version: snapshot.version,
            document: snapshot.document,
            diagnostics,
        }),
        published,
    })
}

async fn publish_if_current(session: &Session, outcome: Outcome) {
    let Outcome {
        uri,
        analysis,
        published,
    } = outcome;
    let _in_order = session.publishing.lock().await;
    let version = analysis.version;
    let failed = analysis.diagnostics.is_none();
    if !session.state().documents.accept(&uri, analysis) {
        debug!(
            "dropping diagnostics of {} version {version}: superseded",
            uri.as_str()
        );
        return;
    }
    if failed {
        // The diagnostics shown stay those of the last good analysis: an empty list would
        // claim the file is fine.
        let message = format!(
            "serverless-lsp: internal error while analysing {} (version {version}); see the server's log",
            uri.as_str()
        );
        session
            .client
            .log_message(MessageType::ERROR, message)
            .await;
        return;
    }
    session
        .client
        .publish_diagnostics(uri, published, Some(version))
        .await;
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
