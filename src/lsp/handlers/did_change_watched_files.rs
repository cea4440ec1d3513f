//! `workspace/didChangeWatchedFiles`: sources or configuration changed outside the editor
//! (a checkout, a formatter, a new file); the roots holding them are reloaded.

use lsp_types::DidChangeWatchedFilesParams;

use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidChangeWatchedFilesParams) {
    let uris: Vec<_> = params.changes.into_iter().map(|c| c.uri).collect();
    session.files_changed_on_disk(&uris);
}
