//! `knot lsp` end to end: the built binary spoken to in JSON-RPC over its stdin/stdout, on temp
//! projects. Every wait has a timeout, so a hung server fails the test instead of blocking.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(60);

/// A running `knot lsp` and the messages it has sent that no one has looked at yet.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    unread: Vec<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_knot"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("knot lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let stdin = child.stdin.take();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming,
            unread: Vec::new(),
            next_id: 1,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (other messages are kept for later).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to `{method}`"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// The first message (already received or still to come) matching `pred`.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&pred) {
            return self.unread.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(msg) if pred(&msg) => return msg,
                Ok(msg) => self.unread.push(msg),
                Err(_) => panic!(
                    "timed out waiting for {what}; unread messages: {:#?}",
                    self.unread
                ),
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn initialize(&mut self, root: &Path) {
        self.initialize_with(root, Value::Null);
    }

    fn initialize_with(&mut self, root: &Path, options: Value) {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "project"}],
                "capabilities": {
                    "textDocument": {"publishDiagnostics": {"relatedInformation": true}},
                },
                "initializationOptions": options,
            }),
        );
        let caps = &response["result"]["capabilities"];
        assert_eq!(caps["textDocumentSync"]["openClose"], true, "{response}");
        assert_eq!(
            caps["textDocumentSync"]["change"], 2,
            "incremental sync: {response}"
        );
        assert_eq!(caps["positionEncoding"], "utf-16", "{response}");
        assert_eq!(response["result"]["serverInfo"]["name"], "knot");
        self.notify("initialized", json!({}));
    }

    fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri(path), "languageId": "python", "version": 1, "text": text,
            }}),
        );
    }

    /// `shutdown` then `exit`; the process must end with status 0.
    fn shut_down(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "knot lsp exited with {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "knot lsp did not exit after `exit`"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Takes the locks in the order A then B.
const WORKER: &str = "import threading

A = threading.Lock()
B = threading.Lock()


def one():
    with A:
        with B:
            pass
";

/// The open buffer takes them in the order B then A: an inversion with `worker.py`. The
/// emoji (two UTF-16 units, four bytes) and the `é` (one unit, two bytes) before `A` on line 6
/// make the UTF-16 column differ from both the byte and the character column.
const APP_BUGGY: &str = "from worker import A, B


def two():
    with B:
        with open(\"\u{1F512} \u{e9}\") as f, A:
            f.read()
";

/// What is saved on disk: the same order as `worker.py`.
const APP_SAVED: &str = "from worker import A, B


def two():
    with A:
        with open(\"\u{1F512} \u{e9}\") as f, B:
            f.read()
";

fn range(line: u64, start: u64, end: u64) -> Value {
    json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}})
}

#[test]
fn lsp_publishes_cross_file_findings_for_unsaved_buffers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    write(&root, "worker.py", WORKER);
    write(&root, "app.py", APP_SAVED);
    let app = root.join("app.py");
    let app_uri = uri(&app);
    let worker_uri = uri(&root.join("worker.py"));

    let mut server = Server::start();
    server.initialize(&root);
    server.open(&app, APP_BUGGY);

    let diagnostics = server.diagnostics(&app_uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "KN201", "{d:#}");
    assert_eq!(d["source"], "knot");
    assert_eq!(d["severity"], 1, "error: {d:#}");
    // `A` on line 6: 32 UTF-16 units in (31 characters, 34 bytes).
    assert_eq!(d["range"], range(5, 32, 33), "{d:#}");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("lock-order inversion")),
        "{d:#}"
    );
    let related: Vec<(String, Value, String)> = d["relatedInformation"]
        .as_array()
        .expect("relatedInformation")
        .iter()
        .map(|r| {
            (
                r["location"]["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                r["location"]["range"].clone(),
                r["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // Both halves of the cycle: the buffer's B then A, and worker.py's A then B on disk.
    let expected = [
        (
            &app_uri,
            range(5, 32, 33),
            "`worker.A` acquired here while `worker.B` is held",
        ),
        (&app_uri, range(4, 9, 10), "`worker.B` acquired here"),
        (&worker_uri, range(7, 9, 10), "`worker.A` acquired here"),
        (
            &worker_uri,
            range(8, 13, 14),
            "`worker.B` acquired here while `worker.A` is held",
        ),
    ];
    for (uri, range, message) in &expected {
        assert!(
            related
                .iter()
                .any(|(u, r, m)| u == *uri && r == range && m == message),
            "missing related {uri} {range} {message:?} in {related:#?}"
        );
    }

    // A quick fix that suppresses it on its line, and the rule's page on hover.
    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": app_uri},
            "range": d["range"],
            "context": {"diagnostics": [d]},
        }),
    );
    let action = &actions["result"][0];
    assert_eq!(
        action["title"], "Ignore `KN201` on this line",
        "{actions:#}"
    );
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][app_uri.as_str()][0];
    assert_eq!(edit["newText"], "  # knot: ignore[KN201]", "{actions:#}");
    assert_eq!(
        edit["range"],
        range(5, 34, 34),
        "end of line 6: {actions:#}"
    );
    let hover = server.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": app_uri}, "position": {"line": 5, "character": 32}}),
    );
    let page = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        page.starts_with("# KN201 lock-order-inversion"),
        "{hover:#}"
    );

    // The file on disk that holds the other half, once opened, shows hints at its part of the
    // cycle that lead back to the finding.
    let worker = root.join("worker.py");
    server.open(&worker, WORKER);
    let hints = server.diagnostics(&worker_uri);
    let ranges: Vec<&Value> = hints.iter().map(|h| &h["range"]).collect();
    assert_eq!(ranges, [&range(7, 9, 10), &range(8, 13, 14)], "{hints:#?}");
    for hint in &hints {
        assert_eq!(hint["severity"], 4, "{hint:#}");
        assert_eq!(hint["code"], "KN201");
        assert_eq!(
            hint["relatedInformation"][0]["location"]["uri"], app_uri,
            "{hint:#}"
        );
    }

    // Swap the buffer's locks with two incremental edits (the second one after the emoji, so
    // its UTF-16 range must be read as such): the inversion is gone.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": app_uri, "version": 2},
            "contentChanges": [
                {"range": range(4, 9, 10), "text": "A"},
                {"range": range(5, 32, 33), "text": "B"},
            ],
        }),
    );
    let diagnostics = server.diagnostics(&app_uri);
    assert_eq!(
        diagnostics,
        Vec::<Value>::new(),
        "fixed buffer still reported"
    );
    assert_eq!(server.diagnostics(&worker_uri), Vec::<Value>::new());

    // A buffer that does not parse (and is not on disk yet) gets KN001, not a crash.
    let broken = root.join("broken.py");
    server.open(&broken, "def f(:\n    pass\n");
    let diagnostics = server.diagnostics(&uri(&broken));
    assert!(
        diagnostics.iter().any(|d| d["code"] == "KN001"),
        "{diagnostics:#?}"
    );
    assert!(diagnostics.iter().all(|d| d["range"]["start"]["line"] == 0));

    // Closing a document clears what it showed.
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&broken)}}),
    );
    assert_eq!(server.diagnostics(&uri(&broken)), Vec::<Value>::new());

    server.shut_down();
}

#[test]
fn lsp_respects_configuration_and_suppressions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    write(&root, "worker.py", WORKER);
    write(
        &root,
        "knot.toml",
        "bogus = 1\n\n[per-file-ignores]\n\"legacy.py\" = [\"KN201\"]\n",
    );
    let mut server = Server::start();
    server.initialize(&root);

    // Per-file ignores apply to unsaved buffers, and the configuration's own problem (an
    // unknown key) is shown on the configuration file even though it is not open.
    let legacy = root.join("legacy.py");
    server.open(&legacy, APP_BUGGY);
    assert_eq!(server.diagnostics(&uri(&legacy)), Vec::<Value>::new());
    let config = server.diagnostics(&uri(&root.join("knot.toml")));
    assert_eq!(config.len(), 1, "{config:#?}");
    assert_eq!(config[0]["code"], "KN003");
    assert_eq!(config[0]["range"]["start"]["line"], 0);
    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri(&legacy)}}),
    );

    // A suppression comment in the buffer silences the finding; removing it (a full-text
    // change) brings the finding back.
    let app = root.join("app.py");
    let suppressed = APP_BUGGY.replace(", A:\n", ", A:  # knot: ignore[KN201]\n");
    assert_ne!(suppressed, APP_BUGGY);
    server.open(&app, &suppressed);
    assert_eq!(server.diagnostics(&uri(&app)), Vec::<Value>::new());
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&app), "version": 2},
            "contentChanges": [{"text": APP_BUGGY}],
        }),
    );
    let diagnostics = server.diagnostics(&uri(&app));
    let codes: Vec<&Value> = diagnostics.iter().map(|d| &d["code"]).collect();
    assert_eq!(codes, [&json!("KN201")], "{diagnostics:#?}");

    server.shut_down();
}

#[test]
fn lsp_survives_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    let mut server = Server::start();
    server.initialize(&root);
    let app = root.join("app.py");

    // Malformed parameters, edits to documents that are not open, edits far outside the text,
    // files knot does not check and unknown requests are logged or answered with an error.
    server.notify("textDocument/didOpen", json!(42));
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&root.join("never_opened.py")), "version": 2},
            "contentChanges": [{"range": range(9, 0, 9), "text": "x"}],
        }),
    );
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {
            "uri": "untitled:Untitled-1", "languageId": "python", "version": 1, "text": "def (",
        }}),
    );
    server.open(&root.join("notes.txt"), "def (");
    // An unsaved buffer that is not a file yet is checked on its own.
    let untitled = server.diagnostics("untitled:Untitled-1");
    assert!(
        untitled.iter().any(|d| d["code"] == "KN001"),
        "{untitled:#?}"
    );
    let unknown = server.request("knot/unknown", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bad_hover = server.request("textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(bad_hover["error"]["code"], -32602, "{bad_hover}");

    // A document edited with ranges past its end (the edit lands at the end), inside a
    // surrogate pair and reversed still ends up as text knot checks.
    server.open(
        &app,
        "import threading\n\nlock = threading.Lock()\ns = \"\u{1F512}\"\n",
    );
    assert_eq!(server.diagnostics(&uri(&app)), Vec::<Value>::new());
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&app), "version": 2},
            "contentChanges": [
                {"range": range(3, 6, 5), "text": ""},
                {"range": range(3, 5, 6), "text": "\u{e9}"},
                {"range": range(40, 0, 0), "text": "\ndef f(:\n"},
            ],
        }),
    );
    let diagnostics = server.diagnostics(&uri(&app));
    assert!(
        diagnostics.iter().any(|d| d["code"] == "KN001"),
        "{diagnostics:#?}"
    );
    let logged: Vec<&str> = server
        .unread
        .iter()
        .filter(|m| m["method"] == "window/logMessage")
        .filter_map(|m| m["params"]["message"].as_str())
        .collect();
    assert!(
        logged
            .iter()
            .any(|m| m.contains("invalid `textDocument/didOpen` parameters")),
        "{logged:#?}"
    );
    assert!(
        !logged.iter().any(|m| m.contains("internal error")),
        "{logged:#?}"
    );

    server.shut_down();
}

#[test]
fn lsp_reloads_files_changed_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    write(&root, "worker.py", WORKER);
    let app = root.join("app.py");
    let mut server = Server::start();
    server.initialize(&root);
    server.open(&app, APP_BUGGY);
    let diagnostics = server.diagnostics(&uri(&app));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");

    // Another tool rewrites worker.py to take B before A, like the buffer: no inversion left.
    write(
        &root,
        "worker.py",
        &WORKER
            .replace("with A:", "with X:")
            .replace("with B:", "with A:")
            .replace("with X:", "with B:"),
    );
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join("worker.py")), "type": 2}]}),
    );
    assert_eq!(server.diagnostics(&uri(&app)), Vec::<Value>::new());

    // Saving a file reloads too: worker.py back to A before B.
    write(&root, "worker.py", WORKER);
    server.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri(&root.join("worker.py"))}}),
    );
    assert_eq!(server.diagnostics(&uri(&app)).len(), 1);

    // A file created on disk after the last load, with no file event from the client, is
    // checked once opened (it is new, not excluded).
    write(&root, "late.py", "def f(:\n");
    let late = root.join("late.py");
    server.open(&late, "def f(:\n");
    let diagnostics = server.diagnostics(&uri(&late));
    assert!(
        diagnostics.iter().any(|d| d["code"] == "KN001"),
        "{diagnostics:#?}"
    );

    // A file excluded by .gitignore stays unchecked even when opened, as in `knot check`.
    write(&root, ".gitignore", "generated/\n");
    write(&root, "generated/out.py", "def f(:\n");
    let generated = root.join("generated/out.py");
    server.open(&generated, "def f(:\n");
    assert_eq!(server.diagnostics(&uri(&generated)), Vec::<Value>::new());

    server.shut_down();
}

#[test]
fn lsp_writes_related_locations_into_the_message_on_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical temp dir");
    write(&root, "worker.py", WORKER);
    let app = root.join("app.py");
    let mut server = Server::start();
    server.initialize_with(&root, json!({"relatedInMessage": true}));
    server.open(&app, APP_BUGGY);
    let diagnostics = server.diagnostics(&uri(&app));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert!(d.get("relatedInformation").is_none(), "{d:#}");
    let message = d["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("\nworker.py:8:10: `worker.A` acquired here\n"),
        "{message}"
    );
    assert!(message.contains("\nhelp: "), "{message}");
    server.shut_down();
}
