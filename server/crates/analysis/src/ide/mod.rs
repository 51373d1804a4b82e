//! The editor features: pure functions over one [`crate::Analysis`] and a byte offset.

mod at;
pub mod attributes;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod outline;
pub mod service;
pub mod triggers;
pub mod yaml;

pub use completion::{CompletionItem, CompletionKind, completion};
pub use definition::definition;
pub use hover::{Hover, hover};
