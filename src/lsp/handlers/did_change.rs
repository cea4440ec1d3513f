//! `textDocument/didChange`: apply full or incremental edits to the tracked buffer.

use lsp_types::DidChangeTextDocumentParams;

use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidChangeTextDocumentParams) {
    let doc = params.text_document;
    session.change(&doc.uri, doc.version, params.content_changes);
}
