//! One long-lived thread per open document, on which its analyses run.
//!
//! Why not tokio's blocking pool: each analysis landed on whichever pool thread was idle, and
//! every thread the allocator saw allocate keeps memory of its own; a 10,000-line service then
//! held several analyses' worth of freed memory per thread. On its own thread a document's
//! analyses reuse the same memory, and one document's slow analysis still never waits for
//! another's.

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};

use tokio::sync::oneshot;
use tower_lsp_server::ls_types::Uri;
use tracing::{debug, warn};

type Work = Box<dyn FnOnce() + Send>;

#[derive(Debug, Default)]
pub struct Workers {
    threads: Mutex<HashMap<Uri, mpsc::Sender<Work>>>,
}

impl Workers {
    /// Runs `work` on `uri`'s thread (started if need be) and gives its result; `None` if the
    /// work could not run to the end (it panicked, or no thread could be started).
    pub async fn run<T: Send + 'static>(
        &self,
        uri: &Uri,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (reply, result) = oneshot::channel();
        self.submit(
            uri,
            Box::new(move || {
                // The receiver may be gone (the server shutting down): nothing to tell.
                let _ = reply.send(work());
            }),
        );
        result.await.ok()
    }

    /// Runs `work` on `uri`'s thread after what is queued there, without waiting for it.
    pub fn queue(&self, uri: &Uri, work: impl FnOnce() + Send + 'static) {
        self.submit(uri, Box::new(work));
    }

    /// The thread of a closed document ends once its queued work is done.
    pub fn close(&self, uri: &Uri) {
        self.threads().remove(uri);
    }

    fn submit(&self, uri: &Uri, work: Work) {
        let mut threads = self.threads();
        // A thread that is gone (it could not be started again, say) is replaced.
        let work = match threads.get(uri) {
            Some(sender) => match sender.send(work) {
                Ok(()) => return,
                Err(mpsc::SendError(work)) => work,
            },
            None => work,
        };
        match start(uri) {
            Some(sender) => {
                if let Err(mpsc::SendError(work)) = sender.send(work) {
                    warn!("the analysis thread of {} stopped at once", uri.as_str());
                    drop(work);
                }
                threads.insert(uri.clone(), sender);
            }
            // No thread to be had (the system is out of them): run it here rather than never.
            None => {
                threads.remove(uri);
                drop(threads);
                work();
            }
        }
    }

    fn threads(&self) -> std::sync::MutexGuard<'_, HashMap<Uri, mpsc::Sender<Work>>> {
        self.threads.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn start(uri: &Uri) -> Option<mpsc::Sender<Work>> {
    let (sender, queue) = mpsc::channel::<Work>();
    let spawned = std::thread::Builder::new()
        .name("analysis".to_owned())
        .spawn(move || {
            for work in queue {
                // Work that panics (its reply dropped: the caller sees `None`) does not take
                // the thread, nor the work queued behind it, down with it.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            }
        });
    match spawned {
        Ok(_) => {
            debug!("analysis thread started for {}", uri.as_str());
            Some(sender)
        }
        Err(err) => {
            warn!(
                "cannot start an analysis thread for {}: {err}",
                uri.as_str()
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(name: &str) -> Uri {
        format!("file:///w/{name}").parse().unwrap()
    }

    fn thread_id() -> std::thread::ThreadId {
        std::thread::current().id()
    }

    #[tokio::test]
    async fn a_document_keeps_its_thread_until_it_is_closed() {
        let workers = Workers::default();
        let (a, b) = (uri("a/serverless.yml"), uri("b/serverless.yml"));
        let first = workers.run(&a, thread_id).await.unwrap();
        assert_eq!(workers.run(&a, thread_id).await, Some(first));
        assert_ne!(workers.run(&b, thread_id).await.unwrap(), first);
        assert_ne!(first, thread_id(), "not the caller's thread");
        workers.close(&a);
        assert_ne!(workers.run(&a, thread_id).await.unwrap(), first);
    }

    #[tokio::test]
    async fn queued_work_runs_on_the_documents_thread_in_order() {
        let workers = Workers::default();
        let a = uri("serverless.yml");
        let thread = workers.run(&a, thread_id).await.unwrap();
        let (sender, received) = std::sync::mpsc::channel();
        let queued = sender.clone();
        workers.queue(&a, move || queued.send(("queued", thread_id())).unwrap());
        let after = workers
            .run(&a, move || sender.send(("after", thread_id())).unwrap())
            .await;
        assert_eq!(after, Some(()));
        let order: Vec<_> = received.try_iter().collect();
        assert_eq!(order, [("queued", thread), ("after", thread)]);
    }

    #[tokio::test]
    async fn work_that_panics_gives_none_and_the_thread_goes_on() {
        let workers = Workers::default();
        let a = uri("serverless.yml");
        let before = workers.run(&a, thread_id).await.unwrap();
        let panicked: Option<()> = workers.run(&a, || panic!("analysis bug")).await;
        assert_eq!(panicked, None);
        assert_eq!(workers.run(&a, thread_id).await, Some(before));
    }
}
