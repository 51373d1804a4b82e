//! The open documents: each one's text, the client's version, an internal revision, and the
//! latest finished analysis.
//!
//! Staleness is judged by the *revision*, a counter the server bumps on every change to a
//! document's text or to the settings, never by the client's version: a client may send a
//! version lower than the last one (a reopened or reloaded file) and that is accepted as the
//! document's new version. Only an analysis of a document's current revision is kept or
//! published.
//!
//! At most one analysis per document runs at a time: changes made while one runs only bump the
//! revision, and the running one, now stale, stops early (after its parse) and the latest
//! snapshot is analysed next, from it. Typing faster than a large file analyses then costs
//! at most part of one extra analysis, not one per keystroke competing for the same cores.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use sls_text::{Document, PositionEncoding, Range};
use tokio::sync::watch;
use tower_lsp_server::ls_types::Uri;

pub type Revision = u64;

/// A consistent copy of one revision of a document. Cheap: the rope's nodes are shared.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub revision: Revision,
    pub document: Document,
    /// The file on disk, for analyses that resolve paths relative to it.
    pub path: Option<Arc<Path>>,
    /// The revision the document was opened at: tells this opening from a later reopening.
    pub opened: Revision,
}

/// One finished analysis of one revision.
#[derive(Debug)]
pub struct Analysis {
    pub revision: Revision,
    pub version: i32,
    /// The text that was analysed: positions of its diagnostics, and of queries answered from
    /// it, are mapped through this text, not the (maybe newer) current one.
    pub document: Document,
    /// `None` when the analysis panicked.
    pub diagnostics: Option<Vec<sls_analysis::Diagnostic>>,
    /// What completion, hover and the other features answer from (`None` for analyzers that
    /// only report diagnostics, and when the analysis panicked).
    pub result: Option<sls_analysis::Analysis>,
}

type LatestAnalysis = watch::Receiver<Option<Arc<Analysis>>>;

#[derive(Debug)]
struct OpenDocument {
    document: Document,
    version: i32,
    revision: Revision,
    path: Option<Arc<Path>>,
    opened: Revision,
    /// An analysis of this document is running (it will pick up any newer revision).
    analysing: bool,
    /// Queries wait on this for the analysis of the revision they were asked about.
    latest: watch::Sender<Option<Arc<Analysis>>>,
}

/// What becomes of a finished analysis.
#[derive(Debug)]
pub enum Finished {
    /// It was of the current revision and is now the latest; the one it replaces is given
    /// back, for the caller to drop after publishing (dropping a large analysis takes time).
    Current(Option<Arc<Analysis>>),
    /// The text or settings changed meanwhile: analyse this snapshot next.
    Superseded(Snapshot),
    /// The document was closed (or closed and reopened) meanwhile.
    Closed,
}

#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, OpenDocument>,
    last_revision: Revision,
}

impl Documents {
    /// Opens `uri` (or replaces it, if the client opens it twice).
    pub fn open(&mut self, uri: Uri, text: &str, version: i32) -> Snapshot {
        let revision = self.next_revision();
        let path = file_path(&uri);
        let open = OpenDocument {
            document: Document::new(text),
            version,
            revision,
            path,
            opened: revision,
            analysing: false,
            latest: watch::Sender::new(None),
        };
        let snapshot = snapshot(&uri, &open);
        self.open.insert(uri, open);
        snapshot
    }

    /// Applies `changes` in order and makes `version` current. `None` if `uri` is not open.
    pub fn change<'a>(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: impl IntoIterator<Item = (Option<Range>, &'a str)>,
        encoding: PositionEncoding,
    ) -> Option<Snapshot> {
        let revision = self.next_revision();
        let open = self.open.get_mut(uri)?;
        for (range, text) in changes {
            open.document.apply_change(range, text, encoding);
        }
        open.version = version;
        open.revision = revision;
        Some(snapshot(uri, open))
    }

    /// Whether `uri` was open.
    pub fn close(&mut self, uri: &Uri) -> bool {
        self.open.remove(uri).is_some()
    }

    /// A new revision of every open document, same text: the settings changed.
    pub fn revise_all(&mut self) -> Vec<Snapshot> {
        let uris: Vec<Uri> = self.open.keys().cloned().collect();
        uris.iter().filter_map(|uri| self.revise(uri)).collect()
    }

    /// A new revision of `uri`, same text: something it depends on may have changed.
    pub fn revise(&mut self, uri: &Uri) -> Option<Snapshot> {
        let revision = self.next_revision();
        let open = self.open.get_mut(uri)?;
        open.revision = revision;
        Some(snapshot(uri, open))
    }

    /// Marks an analysis of `uri` as running; `false` if one already is (it will analyse the
    /// newest revision when it finishes) or the document is not open.
    pub fn start_analysis(&mut self, uri: &Uri) -> bool {
        match self.open.get_mut(uri) {
            Some(open) if !open.analysing => {
                open.analysing = true;
                true
            }
            _ => false,
        }
    }

    /// Records the end of the running analysis of `uri`, which analysed `analysis.revision`
    /// of the opening `opened`. Keeps it as the latest if it is current.
    pub fn finish_analysis(
        &mut self,
        uri: &Uri,
        opened: Revision,
        analysis: Arc<Analysis>,
    ) -> Finished {
        let Some(open) = self.open.get_mut(uri).filter(|open| open.opened == opened) else {
            return Finished::Closed;
        };
        // A cancelled analysis is stale, or if not (it cannot be: it stops only for a newer
        // revision), still never the latest: the same revision is analysed again, from it.
        let cancelled = analysis.result.as_ref().is_some_and(|r| r.cancelled);
        if open.revision != analysis.revision || cancelled {
            return Finished::Superseded(snapshot(uri, open));
        }
        open.analysing = false;
        Finished::Current(open.latest.send_replace(Some(analysis)))
    }

    /// The revision `uri` is at; `None` once it is closed.
    pub fn current_revision(&self, uri: &Uri) -> Option<Revision> {
        Some(self.open.get(uri)?.revision)
    }

    /// The newest finished analysis of `uri` (of any revision).
    pub fn latest_analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        self.open.get(uri)?.latest.borrow().clone()
    }

    /// The current revision of `uri`, and where its analyses will appear.
    pub fn subscribe(&self, uri: &Uri) -> Option<(Revision, LatestAnalysis)> {
        let open = self.open.get(uri)?;
        Some((open.revision, open.latest.subscribe()))
    }

    fn next_revision(&mut self) -> Revision {
        self.last_revision += 1;
        self.last_revision
    }
}

fn snapshot(uri: &Uri, open: &OpenDocument) -> Snapshot {
    Snapshot {
        uri: uri.clone(),
        version: open.version,
        revision: open.revision,
        document: open.document.clone(),
        path: open.path.clone(),
        opened: open.opened,
    }
}

fn file_path(uri: &Uri) -> Option<Arc<Path>> {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    is_file.then(|| uri.to_file_path()).flatten().map(Arc::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sls_text::Position;

    fn uri(name: &str) -> Uri {
        format!("file:///w/{name}").parse().unwrap()
    }

    fn analysis_of(snapshot: &Snapshot) -> Arc<Analysis> {
        Arc::new(Analysis {
            revision: snapshot.revision,
            version: snapshot.version,
            document: snapshot.document.clone(),
            diagnostics: Some(Vec::new()),
            result: None,
        })
    }

    #[test]
    fn changes_apply_in_order_and_bump_the_revision() {
        let mut documents = Documents::default();
        let opened = documents.open(uri("serverless.yml"), "ab", 1);
        let at = |c| Some(Range::new(Position::new(0, c), Position::new(0, c)));
        let changed = documents
            .change(
                &uri("serverless.yml"),
                2,
                [(at(2), "c"), (at(0), "_")],
                PositionEncoding::Utf16,
            )
            .expect("open");
        assert_eq!(changed.document.text(), "_abc");
        assert_eq!(changed.version, 2);
        assert!(changed.revision > opened.revision);
        assert_eq!(opened.document.text(), "ab", "snapshots are unaffected");
    }

    #[test]
    fn a_version_going_backwards_is_still_a_new_revision() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        let opened = documents.open(name.clone(), "a", 5);
        let changed = documents
            .change(&name, 3, [(None, "b")], PositionEncoding::Utf8)
            .unwrap();
        assert_eq!(changed.version, 3);
        assert!(changed.revision > opened.revision);
        assert!(documents.start_analysis(&name));
        let finished = documents.finish_analysis(&name, opened.opened, analysis_of(&changed));
        assert!(matches!(finished, Finished::Current(_)), "{finished:?}");
    }

    #[test]
    fn one_analysis_at_a_time_and_only_the_current_revision_is_kept() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        let first = documents.open(name.clone(), "a", 1);
        assert!(documents.start_analysis(&name));
        assert!(!documents.start_analysis(&name), "already running");

        let second = documents.revise(&name).unwrap();
        match documents.finish_analysis(&name, first.opened, analysis_of(&first)) {
            Finished::Superseded(next) => assert_eq!(next.revision, second.revision),
            other => panic!("{other:?}"),
        }
        assert!(
            !documents.start_analysis(&name),
            "still running, on the newer revision"
        );
        let finished = documents.finish_analysis(&name, first.opened, analysis_of(&second));
        assert!(matches!(finished, Finished::Current(_)), "{finished:?}");
        let (revision, latest) = documents.subscribe(&name).unwrap();
        assert_eq!(revision, second.revision);
        assert_eq!(latest.borrow().as_ref().map(|a| a.revision), Some(revision));
        assert!(documents.start_analysis(&name), "idle again");
    }

    #[test]
    fn a_cancelled_analysis_never_becomes_the_latest() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        let text = "service: a\n";
        let opened = documents.open(name.clone(), text, 1);
        assert!(documents.start_analysis(&name));
        let settings = sls_analysis::Settings::default();
        let env = std::collections::BTreeMap::new();
        let stale = || true;
        let cancelled = sls_analysis::analyze(&sls_analysis::AnalysisInput {
            stale: Some(&stale),
            ..sls_analysis::AnalysisInput::new(text, &settings, &env)
        });
        let analysis = Arc::new(Analysis {
            revision: opened.revision,
            version: opened.version,
            document: opened.document.clone(),
            diagnostics: Some(Vec::new()),
            result: Some(cancelled),
        });
        match documents.finish_analysis(&name, opened.opened, analysis) {
            Finished::Superseded(again) => assert_eq!(again.revision, opened.revision),
            other => panic!("{other:?}"),
        }
        assert!(documents.latest_analysis(&name).is_none());
    }

    #[test]
    fn an_analysis_outliving_its_opening_is_closed() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        let first = documents.open(name.clone(), "a", 1);
        assert!(documents.start_analysis(&name));
        assert!(documents.close(&name));
        assert!(matches!(
            documents.finish_analysis(&name, first.opened, analysis_of(&first)),
            Finished::Closed
        ));
        // Reopened meanwhile: the old analysis must not take over the new opening.
        let reopened = documents.open(name.clone(), "a", 1);
        assert!(matches!(
            documents.finish_analysis(&name, first.opened, analysis_of(&reopened)),
            Finished::Closed
        ));
        assert!(documents.start_analysis(&name));
        assert!(!documents.close(&uri("other/serverless.yml")));
    }

    #[test]
    fn unknown_documents_are_none() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        assert!(
            documents
                .change(&name, 1, [(None, "x")], PositionEncoding::Utf16)
                .is_none()
        );
        assert!(documents.revise(&name).is_none());
        assert!(documents.subscribe(&name).is_none());
        assert!(!documents.start_analysis(&name));
        assert!(documents.revise_all().is_empty());
    }

    #[test]
    fn file_uris_have_a_path_others_do_not() {
        assert_eq!(
            file_path(&uri("serverless.yml")).as_deref(),
            Some(Path::new("/w/serverless.yml"))
        );
        assert_eq!(file_path(&"untitled:serverless.yml".parse().unwrap()), None);
    }
}
