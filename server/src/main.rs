/// mimalloc rather than the system's malloc: a parse allocates a block for every scalar and
/// collection, and glibc's malloc and free cost about a fifth of a parse + model
/// (docs/PERFORMANCE.md, section 2).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(serverless_lsp::cli::main());
}
