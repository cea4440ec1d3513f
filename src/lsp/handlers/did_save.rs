//! `textDocument/didSave`: the file on disk changed, so its root is reloaded before the next
//! check (closed files importing it see the new text too).

use lsp_types::DidSaveTextDocumentParams;

use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidSaveTextDocumentParams) {
    session.files_changed_on_disk(&[params.text_document.uri]);
}
