//! `knot lsp`: a language server over stdio. One main loop (lsp-server, as rust-analyzer and
//! ruff use) keeps the open documents, re-checks the whole program of each workspace root with
//! the unsaved buffers overlaid once edits pause, and pushes `textDocument/publishDiagnostics`.
//! The only module that knows lsp-types; findings become diagnostics in `convert` only.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{LogMessage, Notification as _, PublishDiagnostics};
use lsp_types::request::{RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, LogMessageParams, MessageType, OneOf,
    PositionEncodingKind, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

mod convert;
mod handlers;
mod session;

use convert::ClientSupport;
use handlers::Effect;
use session::Session;

/// How long the server waits after a change for the next one before checking: typing stays
/// responsive and a burst of edits costs one check.
const DEBOUNCE: Duration = Duration::from_millis(75);

/// Exit code after `shutdown` then `exit`, as the protocol asks.
const EXIT_AFTER_SHUTDOWN: u8 = 0;
/// Exit code after `exit` without `shutdown` (or the client closing the pipe).
const EXIT_WITHOUT_SHUTDOWN: u8 = 1;

/// Runs the server on stdin/stdout until the client says `exit`; returns the process exit code.
pub fn serve() -> anyhow::Result<u8> {
    let (connection, io_threads) = Connection::stdio();
    let code = run(&connection)?;
    // The writer thread ends when every sender is gone.
    drop(connection);
    io_threads.join()?;
    Ok(code)
}

/// The handshake and the main loop over any connection.
pub fn run(connection: &Connection) -> anyhow::Result<u8> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|e| {
        log(
            connection,
            MessageType::WARNING,
            format!("knot: invalid `initialize` parameters, using defaults: {e}"),
        );
        InitializeParams::default()
    });
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "knot".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    connection.initialize_finish(id, result)?;
    // Some clients accept related information but never show it (Neovim's float); the
    // `relatedInMessage` initialization option writes the related locations into the message.
    let related_in_message = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("relatedInMessage"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let client = ClientSupport {
        related_information: !related_in_message
            && params
                .capabilities
                .text_document
                .as_ref()
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
    };
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if watch {
        connection.sender.send(watch_files_request().into())?;
    }
    let mut session = Session::new(roots(&params), client);
    main_loop(connection, &mut session)
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// The workspace folders, else the deprecated root URI or path. None: every document is
/// checked on its own.
#[allow(deprecated)]
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders
            .iter()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .collect();
    }
    if let Some(uri) = &params.root_uri {
        return convert::uri_to_path(uri).into_iter().collect();
    }
    params.root_path.iter().map(PathBuf::from).collect()
}

/// Asks the client to report changes to sources and configuration files made outside the
/// editor, so closed files that open ones depend on are read again.
fn watch_files_request() -> Request {
    let watchers = [
        "**/*.py",
        "**/*.pyi",
        "**/*.rs",
        "**/pyproject.toml",
        "**/knot.toml",
        "**/.gitignore",
    ]
    .iter()
    .map(|glob| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    })
    .collect();
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "knot-watched-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    Request::new(
        "knot/register-watched-files".to_string().into(),
        RegisterCapability::METHOD.to_string(),
        params,
    )
}

fn main_loop(connection: &Connection, session: &mut Session) -> anyhow::Result<u8> {
    let mut dirty = false;
    let mut shutdown = false;
    loop {
        let msg = if dirty {
            match connection.receiver.recv_timeout(DEBOUNCE) {
                Ok(msg) => msg,
                Err(e) if e.is_timeout() => {
                    dirty = false;
                    publish(connection, session)?;
                    continue;
                }
                Err(_) => return Ok(EXIT_WITHOUT_SHUTDOWN),
            }
        } else {
            match connection.receiver.recv() {
                Ok(msg) => msg,
                Err(_) => return Ok(EXIT_WITHOUT_SHUTDOWN),
            }
        };
        match msg {
            Message::Request(req) => {
                let response = if req.method == "shutdown" {
                    shutdown = true;
                    Response::new_ok(req.id, ())
                } else if shutdown {
                    Response::new_err(
                        req.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".to_string(),
                    )
                } else {
                    let id = req.id.clone();
                    let method = req.method.clone();
                    catch_unwind(AssertUnwindSafe(|| handlers::request(session, req)))
                        .unwrap_or_else(|_| {
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                format!("knot: internal error while handling `{method}`; please report it"),
                            )
                        })
                };
                connection.sender.send(response.into())?;
            }
            Message::Notification(n) if n.method == "exit" => {
                return Ok(if shutdown {
                    EXIT_AFTER_SHUTDOWN
                } else {
                    EXIT_WITHOUT_SHUTDOWN
                });
            }
            Message::Notification(_) if shutdown => {}
            Message::Notification(n) => {
                let method = n.method.clone();
                match catch_unwind(AssertUnwindSafe(|| handlers::notification(session, n))) {
                    Ok(Ok(Effect::Recheck)) => dirty = true,
                    Ok(Ok(Effect::None)) => {}
                    Ok(Err(message)) => {
                        log(connection, MessageType::ERROR, format!("knot: {message}"))
                    }
                    Err(_) => log(
                        connection,
                        MessageType::ERROR,
                        format!("knot: internal error while handling `{method}`; please report it"),
                    ),
                }
            }
            // Only the answer to the watcher registration; nothing to do with it.
            Message::Response(_) => {}
        }
    }
}

/// Checks and sends the diagnostics that changed. A panic here (the pipeline already turns
/// panics in lowering and rules into KN004 findings) is logged and the server keeps running.
fn publish(connection: &Connection, session: &mut Session) -> anyhow::Result<()> {
    let published = catch_unwind(AssertUnwindSafe(|| session.publish()));
    for message in session.take_log() {
        log(connection, MessageType::WARNING, message);
    }
    let Ok(notifications) = published else {
        log(
            connection,
            MessageType::ERROR,
            "knot: internal error while checking; please report it".to_string(),
        );
        return Ok(());
    };
    for params in notifications {
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        connection.sender.send(n.into())?;
    }
    Ok(())
}

fn log(connection: &Connection, typ: MessageType, message: String) {
    let n = Notification::new(
        LogMessage::METHOD.to_string(),
        LogMessageParams { typ, message },
    );
    // Only fails when the client is gone, which the main loop notices on its own.
    let _ = connection.sender.send(n.into());
}
