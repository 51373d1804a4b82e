//! Copies of an analysis's tree, value and resolved config, made while the editor is idle,
//! that the next analysis splices its edit into. A reparse changes one block but needs a tree
//! and a value of its own (the old analysis keeps answering requests until the new one replaces
//! it), and a replayed resolution a config of its own: copying them is most of what reusing
//! the parse and the resolution costs on a large file, and it need not happen while the user
//! waits for the keystroke's diagnostics. Likewise a copy of the compiled template, which the
//! next compilation patches.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use sls_config::Value;
use sls_syntax::Node;

/// Taken at most once; clones of an [`crate::Analysis`] share it.
pub struct Spare<T>(Arc<Mutex<Option<T>>>);

/// Equal to the analysis's `parse.root` and `value`, and the config its resolution of the
/// variables gave (before the schema's coercions), which the next resolution splices its edit
/// into when it replays this one.
pub struct SpareCopy {
    pub(crate) root: Node,
    pub(crate) value: Value,
    pub(crate) config: Option<Value>,
}

impl<T> Clone for Spare<T> {
    fn clone(&self) -> Self {
        Spare(Arc::clone(&self.0))
    }
}

impl<T> Default for Spare<T> {
    fn default() -> Self {
        Spare(Arc::new(Mutex::new(None)))
    }
}

impl<T> Spare<T> {
    pub(crate) fn fill(&self, make: impl FnOnce() -> Option<T>) {
        if self.slot().is_some() {
            return;
        }
        // Made outside the lock: the copy of a large tree takes milliseconds.
        let copy = make();
        let mut slot = self.slot();
        if slot.is_none() {
            *slot = copy;
        }
    }

    pub(crate) fn take(&self) -> Option<T> {
        self.slot().take()
    }

    pub fn is_ready(&self) -> bool {
        self.slot().is_some()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<T>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T> fmt::Debug for Spare<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.is_ready() { "ready" } else { "none" };
        f.debug_tuple("Spare").field(&state).finish()
    }
}
