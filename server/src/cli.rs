//! The command line: `check`, `compile`, and the language server (no arguments or `--stdio`).

pub fn main() -> i32 {
    0
}
