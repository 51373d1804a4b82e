//! The editor features: pure functions over one [`crate::Analysis`] and a byte offset.

mod at;
pub mod attributes;
pub mod code_actions;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod inlay_hints;
pub mod outline;
pub mod references;
pub mod service;
pub mod symbols;
pub mod triggers;
pub mod yaml;

pub use code_actions::{CodeAction, code_actions};
pub use completion::{CompletionItem, CompletionKind, completion};
pub use definition::definition;
pub use hover::{Hover, hover};
pub use inlay_hints::{InlayHint, inlay_hints};
pub use references::{pool_at, references, rename_pool};
pub use symbols::{Symbol, SymbolKind, symbols};
