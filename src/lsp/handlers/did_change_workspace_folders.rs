//! `workspace/didChangeWorkspaceFolders`: folders added to or removed from the editor's
//! workspace become or stop being roots.

use lsp_types::DidChangeWorkspaceFoldersParams;

use crate::lsp::convert;
use crate::lsp::session::Session;

pub(crate) fn handle(session: &mut Session, params: DidChangeWorkspaceFoldersParams) {
    for folder in params.event.removed {
        if let Some(dir) = convert::uri_to_path(&folder.uri) {
            session.remove_root(&dir);
        }
    }
    for folder in params.event.added {
        if let Some(dir) = convert::uri_to_path(&folder.uri) {
            session.add_root(dir);
        }
    }
}
