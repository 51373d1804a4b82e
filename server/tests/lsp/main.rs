//! The language server over its protocol: a client in the same process talks JSON-RPC to the
//! real server through in-memory pipes.

mod client;
mod markers;
mod render;

mod cancellation;
mod code_actions;
mod edit_props;
mod encodings;
mod features;
mod file_variables;
mod hostile;
mod misbehaving;
mod navigation;
mod rename;
mod robustness;
mod settings;
mod sync;
mod typing;
