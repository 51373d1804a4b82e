//! The state shared by the protocol handlers and the analysis tasks they spawn.
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at once, in no fixed order
//! once they are waiting), so every mutation happens synchronously under one short-lived
//! lock, before a handler's first `.await`: the first poll of each handler happens in the
//! order messages arrived, which keeps edits in order. The lock is never held across an
//! `.await`.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use sls_analysis::Settings;
use sls_text::{PositionEncoding, TextSize};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::analyzer::Analyzer;
use super::convert;
use super::documents::{Analysis, Documents, Snapshot};
use super::workers::Workers;

pub struct Session {
    pub client: Client,
    pub analyzer: Arc<dyn Analyzer>,
    state: Mutex<State>,
    /// Held from the "is this still current?" check to the end of sending the notification,
    /// so a stale result can never be sent after a newer one (or after a close's clear).
    pub publishing: tokio::sync::Mutex<()>,
    /// Where each document's analyses run.
    pub workers: Workers,
}

#[derive(Debug, Default)]
pub struct State {
    pub documents: Documents,
    pub encoding: PositionEncoding,
    pub settings: Arc<Settings>,
    /// From `initializationOptions`: the fallback when the client's configuration has none.
    pub initial_settings: Settings,
    pub client_support: ClientSupport,
    /// The reload that set `settings`; an older one finishing later must not overwrite them.
    pub settings_ticket: u64,
}

/// What the client said it can do, as far as the server cares.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClientSupport {
    /// `workspace/configuration` requests.
    pub configuration: bool,
    /// Registering for `workspace/didChangeConfiguration` at run time.
    pub configuration_change_registration: bool,
}

/// Everything one analysis needs, taken under the lock together so that the text, the
/// settings and the encoding agree with the revision.
#[derive(Debug, Clone)]
pub struct AnalysisJob {
    pub snapshot: Snapshot,
    pub settings: Arc<Settings>,
    pub encoding: PositionEncoding,
    /// The newest finished analysis of the document, if any: what the edits since did not
    /// touch is reused from it.
    pub previous: Option<Arc<Analysis>>,
}

impl State {
    /// The job analysing `snapshot`, unless an analysis of that document is already running
    /// (it will analyse the newest revision next).
    pub fn schedule(&mut self, snapshot: Snapshot) -> Option<AnalysisJob> {
        let start = self.documents.start_analysis(&snapshot.uri);
        start.then(|| {
            let previous = self.documents.latest_analysis(&snapshot.uri);
            self.job(snapshot, previous)
        })
    }

    /// The job analysing `snapshot`, reusing what it can of `previous`.
    pub fn job(&self, snapshot: Snapshot, previous: Option<Arc<Analysis>>) -> AnalysisJob {
        AnalysisJob {
            snapshot,
            settings: Arc::clone(&self.settings),
            encoding: self.encoding,
            previous,
        }
    }
}

/// A query's document and the byte offset its position resolved to.
#[derive(Debug, Clone)]
pub struct QueryPoint {
    pub analysis: Arc<Analysis>,
    pub offset: TextSize,
}

impl Session {
    pub fn new(client: Client, analyzer: Arc<dyn Analyzer>) -> Self {
        Session {
            client,
            analyzer,
            state: Mutex::new(State::default()),
            publishing: tokio::sync::Mutex::new(()),
            workers: Workers::default(),
        }
    }

    /// The state, even if a panic poisoned the lock: every mutation leaves it consistent
    /// before anything that could panic.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The analysis of the revision of `uri` that is current now, once it has finished (a
    /// newer one if the text changes meanwhile). `None` for a document that is not open, is
    /// closed while waiting, or whose analysis failed.
    ///
    /// This is where completion, hover and definition will get their snapshot.
    pub async fn current_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let (revision, mut latest) = self.state().documents.subscribe(uri)?;
        let analysis = latest
            .wait_for(|analysis| analysis.as_ref().is_some_and(|a| a.revision >= revision))
            .await
            .ok()?
            .clone()?;
        analysis.diagnostics.is_some().then_some(analysis)
    }

    /// [`Session::current_analysis`] and `position` resolved in its text; a position past the
    /// end of a line or of the document is clamped, never an error.
    pub async fn query_point(&self, uri: &Uri, position: lsp::Position) -> Option<QueryPoint> {
        let analysis = self.current_analysis(uri).await?;
        let encoding = self.state().encoding;
        let offset = analysis
            .document
            .position_to_offset(convert::position_from_lsp(position), encoding);
        Some(QueryPoint { analysis, offset })
    }
}
