//! The open documents: each one's text, the client's version, an internal revision, and the
//! latest finished analysis.
//!
//! Staleness is judged by the *revision*, a counter the server bumps on every change to a
//! document's text or to the settings, never by the client's version: a client may send a
//! version lower than the last one (a reopened or reloaded file) and that is accepted as the
//! document's new version. Only an analysis of a document's current revision is kept or
//! published.

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
}

type LatestAnalysis = watch::Receiver<Option<Arc<Analysis>>>;

#[derive(Debug)]
struct OpenDocument {
    document: Document,
    version: i32,
    revision: Revision,
    path: Option<Arc<Path>>,
    /// Queries wait on this for the analysis of the revision they were asked about.
    latest: watch::Sender<Option<Arc<Analysis>>>,
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

    pub fn is_current(&self, uri: &Uri, revision: Revision) -> bool {
        self.open
            .get(uri)
            .is_some_and(|open| open.revision == revision)
    }

    /// Keeps `analysis` as the latest of `uri` if it is of the current revision; `false`
    /// (and nothing kept) when it is stale or the document was closed meanwhile.
    pub fn accept(&mut self, uri: &Uri, analysis: Arc<Analysis>) -> bool {
        match self.open.get(uri) {
            Some(open) if open.revision == analysis.revision => {
                open.latest.send_replace(Some(analysis));
                true
            }
            _ => false,
        }
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
        let opened = documents.open(uri("serverless.yml"), "a", 5);
        let changed = documents
            .change(
                &uri("serverless.yml"),
                3,
                [(None, "b")],
                PositionEncoding::Utf8,
            )
            .unwrap();
        assert_eq!(changed.version, 3);
        assert!(documents.is_current(&uri("serverless.yml"), changed.revision));
        assert!(!documents.is_current(&uri("serverless.yml"), opened.revision));
    }

    #[test]
    fn only_the_current_revision_is_accepted() {
        let mut documents = Documents::default();
        let name = uri("serverless.yml");
        let first = documents.open(name.clone(), "a", 1);
        let second = documents.revise(&name).unwrap();
        assert!(!documents.accept(&name, analysis_of(&first)));
        assert!(documents.accept(&name, analysis_of(&second)));
        let (revision, latest) = documents.subscribe(&name).unwrap();
        assert_eq!(revision, second.revision);
        assert_eq!(latest.borrow().as_ref().map(|a| a.revision), Some(revision));

        assert!(documents.close(&name));
        assert!(!documents.accept(&name, analysis_of(&second)), "closed");
        assert!(!documents.close(&name));
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
