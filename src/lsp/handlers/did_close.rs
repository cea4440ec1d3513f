//! `textDocument/didClose`: stop tracking the buffer; the next publish clears its diagnostics
//! and the file is read from disk again.

use lsp_types::DidCloseTextDocumentParams;

use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidCloseTextDocumentParams) {
    session.close(&params.text_document.uri);
}
