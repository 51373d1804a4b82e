fn main() {
    std::process::exit(serverless_lsp::cli::main());
}
