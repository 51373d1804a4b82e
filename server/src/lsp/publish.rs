//! Running analyses off the protocol's threads and publishing their diagnostics, newest only.
//!
//! One task per document analyses on the document's own thread (`workers.rs`), from a snapshot (text, version,
//! revision, settings), and publishes only if that revision is still current when it finishes.
//! Otherwise the result is dropped and the task goes on with the newest snapshot, so at most
//! one analysis per document runs at a time (see `documents.rs`).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, MessageType, Uri};
use tracing::{debug, error};

use super::analyzer::Analyzer;
use super::convert;
use super::documents::{Analysis, Finished, Revision};
use super::session::{AnalysisJob, Session};

/// A finished analysis with its diagnostics already converted for the client.
struct Outcome {
    uri: Uri,
    opened: Revision,
    analysis: Arc<Analysis>,
    published: Vec<lsp::Diagnostic>,
}

/// Analyses `job` in the background, then whatever newer revision its document has by then,
/// until the result is current; publishes that one.
pub fn spawn_analysis(session: &Arc<Session>, job: AnalysisJob) {
    let session = Arc::clone(session);
    tokio::spawn(async move {
        let mut job = job;
        loop {
            let analyzing = Arc::clone(&session);
            let uri = job.snapshot.uri.clone();
            let outcome = session
                .workers
                .run(&uri, move || analyse(&analyzing, job))
                .await;
            // Panics are caught inside: this is the server shutting down.
            let Some(outcome) = outcome else {
                debug!("the analysis of {} did not finish", uri.as_str());
                return;
            };
            match publish_if_current(&session, outcome).await {
                Some(newer) => job = newer,
                None => return,
            }
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

/// Runs on the document's analysis thread (`workers.rs`).
fn analyse(session: &Session, job: AnalysisJob) -> Outcome {
    let analyzer: &dyn Analyzer = session.analyzer.as_ref();
    let AnalysisJob {
        snapshot,
        settings,
        encoding,
        previous,
    } = job;
    let text = snapshot.document.text();
    let path = snapshot.path.as_deref();
    let previous = previous.as_ref().and_then(|p| p.result.as_ref());
    // A newer revision (an edit, a settings change, a close) makes this one stale.
    let stale =
        || session.state().documents.current_revision(&snapshot.uri) != Some(snapshot.revision);
    // The analyzer only reads its arguments, so nothing is left half-updated if it unwinds.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        analyzer.analyze(&text, path, &settings, previous, &stale)
    }));
    let (diagnostics, result) = match outcome {
        Ok((diagnostics, result)) => (Some(diagnostics), result),
        Err(payload) => {
            error!(
                "analysis of {} version {} panicked: {}",
                snapshot.uri.as_str(),
                snapshot.version,
                panic_message(payload.as_ref())
            );
            (None, None)
        }
    };
    let published = diagnostics
        .iter()
        .flatten()
        .map(|d| convert::diagnostic_to_lsp(d, &snapshot.document, &snapshot.uri, encoding))
        .collect();
    Outcome {
        uri: snapshot.uri,
        opened: snapshot.opened,
        analysis: Arc::new(Analysis {
            revision: snapshot.revision,
            version: snapshot.version,
            document: snapshot.document,
            diagnostics,
            result,
        }),
        published,
    }
}

/// Publishes `outcome` if it is of its document's current revision; otherwise returns the job
/// for the newest revision (`None` if the document was closed).
async fn publish_if_current(session: &Arc<Session>, outcome: Outcome) -> Option<AnalysisJob> {
    let Outcome {
        uri,
        opened,
        analysis,
        published,
    } = outcome;
    // Held until the notification is sent: nothing stale can be sent after something newer.
    let _in_order = session.publishing.lock().await;
    let version = analysis.version;
    let failed = analysis.diagnostics.is_none();
    let finished = {
        let mut state = session.state();
        match state
            .documents
            .finish_analysis(&uri, opened, Arc::clone(&analysis))
        {
            // Stale, but newer than the latest: the next analysis starts from it.
            Finished::Superseded(newer) => return Some(state.job(newer, Some(analysis))),
            finished => finished,
        }
    };
    let replaced = match finished {
        Finished::Current(replaced) => replaced,
        // (Superseded returned above.)
        Finished::Superseded(_) | Finished::Closed => {
            debug!(
                "dropping diagnostics of {} version {version}: closed",
                uri.as_str()
            );
            return None;
        }
    };
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
        return None;
    }
    session
        .client
        .publish_diagnostics(uri.clone(), published, Some(version))
        .await;
    prepare_next(session, uri, analysis, replaced);
    None
}

/// Once the diagnostics are out, while the user is between keystrokes: the copies of the tree,
/// value and template that the next analysis splices its edit into and patches (see
/// `sls_analysis::Spare`), made on the document's thread unless a newer analysis got there
/// first. They are made from the analysis this one `replaced` where nothing else holds it
/// (`Analysis::prepare_next_from`: only what differs is copied).
fn prepare_next(
    session: &Arc<Session>,
    uri: Uri,
    analysis: Arc<Analysis>,
    replaced: Option<Arc<Analysis>>,
) {
    let preparing = Arc::clone(session);
    let on = uri.clone();
    let runtime = tokio::runtime::Handle::current();
    session.workers.queue(&on, move || {
        let latest = preparing.state().documents.latest_analysis(&uri);
        let mut older = replaced
            .and_then(|replaced| Arc::try_unwrap(replaced).ok())
            .and_then(|older| older.result);
        if latest.is_some_and(|latest| Arc::ptr_eq(&latest, &analysis))
            && let Some(result) = &analysis.result
        {
            match older.take() {
                Some(whole) => older = Some(result.prepare_next_from(whole)),
                None => result.prepare_next(),
            }
        }
        // Not on the document's thread, where the next keystroke's analysis would wait
        // behind it: freeing a large analysis is not the user's wait.
        if older.is_some() {
            runtime.spawn_blocking(move || drop(older));
        }
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}
