//! Analysis: see the crate description.
