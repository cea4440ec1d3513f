//! `textDocument/didOpen`: start tracking the buffer; its text now overrides the file on disk.

use lsp_types::DidOpenTextDocumentParams;

use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    session.open(doc.uri, &doc.language_id, doc.version, doc.text);
}
