//! One handler per message the server acts on. Notification handlers update the session's
//! document state and say whether the diagnostics need recomputing (checking and publishing
//! happen in the main loop, after a short pause in which later edits are folded in); request
//! handlers answer from the session as it is.

use lsp_server::{ErrorCode, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};

use super::session::Session;

mod code_action;
mod did_change;
mod did_change_watched_files;
mod did_change_workspace_folders;
mod did_close;
mod did_open;
mod did_save;
mod hover;

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

/// Answers a request; an unknown method or malformed parameters get an error response.
pub(crate) fn request(session: &Session, req: Request) -> Response {
    let id = req.id.clone();
    let result = match req.method.as_str() {
        CodeActionRequest::METHOD => {
            request_params(req).map(|p| serde_json::to_value(code_action::handle(session, p)))
        }
        HoverRequest::METHOD => {
            request_params(req).map(|p| serde_json::to_value(hover::handle(session, p)))
        }
        method => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("knot does not handle `{method}`"),
            )
        }
    };
    match result {
        Ok(Ok(value)) => Response {
            id,
            result: Some(value),
            error: None,
        },
        Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
        Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
    }
}

fn request_params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, String> {
    let method = req.method.clone();
    serde_json::from_value(req.params).map_err(|e| format!("invalid `{method}` parameters: {e}"))
}
