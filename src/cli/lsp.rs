//! `knot lsp`: serve the language server on stdin/stdout until the client exits.

pub fn run() -> anyhow::Result<u8> {
    crate::lsp::serve()
}
