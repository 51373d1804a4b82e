//! Compiler: see the crate description.
