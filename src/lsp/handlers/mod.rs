//! One handler per notification the server acts on. Each updates the session's document state
//! and says whether the diagnostics need recomputing; checking and publishing happen in the
//! main loop, after a short pause in which later edits are folded in.

use lsp_server::Notification;
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};

use super::session::Session;

mod did_change;
mod did_change_watched_files;
mod did_change_workspace_folders;
mod did_close;
mod did_open;
mod did_save;

/// What handling a notification did to the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effect {
    /// Documents or files changed: check again.
    Recheck,
    /// Nothing knot acts on.
    None,
}

/// Dispatches a notification to its handler. Malformed parameters are an error message for the
/// client's log, never a panic.
pub(crate) fn notification(session: &mut Session, n: Notification) -> Result<Effect, String> {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => did_open::handle(session, params(n)?),
        DidChangeTextDocument::METHOD => did_change::handle(session, params(n)?),
        DidSaveTextDocument::METHOD => did_save::handle(session, params(n)?),
        DidCloseTextDocument::METHOD => did_close::handle(session, params(n)?),
        DidChangeWatchedFiles::METHOD => did_change_watched_files::handle(session, params(n)?),
        DidChangeWorkspaceFolders::METHOD => {
            did_change_workspace_folders::handle(session, params(n)?)
        }
        _ => return Ok(Effect::None),
    }
    Ok(Effect::Recheck)
}

fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Result<P, String> {
    let method = n.method.clone();
    serde_json::from_value(n.params).map_err(|e| format!("invalid `{method}` parameters: {e}"))
}
