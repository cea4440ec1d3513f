use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use std::process;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::Duration;

mod gc {
    /// Run `f` outside the collector's running set: a thread parked here does
    /// not hold up a collection.
    pub fn blocking<R>(f: impl FnOnce() -> R) -> R {
        f()
    }
}

struct ProcResult {
    code: i64,
    stdout: String,
    stderr: String,
}

thread_local! {
    static PROCESS_LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn process_registry() -> &'static Mutex<HashMap<i64, ProcResult>> {
    static REGISTRY: OnceLock<Mutex<HashMap<i64, ProcResult>>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(HashMap::new()))
}

fn process_next_id() -> i64 {
    static NEXT: AtomicI64 = AtomicI64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn process_set_error(msg: String) {
    PROCESS_LAST_ERROR.with(|e| *e.borrow_mut() = msg);
}

/// Spawn `program` with its args (joined by NUL), feed `stdin_data` to the
/// child's stdin, wait for it, and capture stdout, stderr and the exit code
/// into a registry entry. Returns the entry id, or 0 on a spawn failure.
pub fn raven_process_run(program: &str, args_joined: &str, stdin_data: &str) -> i64 {
    let args: Vec<&str> = if args_joined.is_empty() { Vec::new() } else { args_joined.split('\0').collect() };

    let mut command = process::Command::new(program);
    command.args(&args);
    command.stdin(process::Stdio::piped());
    command.stdout(process::Stdio::piped());
    command.stderr(process::Stdio::piped());

    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) => {
            process_set_error(e.to_string());
            return 0;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(stdin_data.as_bytes());
    }
    let output = match gc::blocking(|| child.wait_with_output()) {
        Ok(o) => o,
        Err(e) => {
            process_set_error(e.to_string());
            return 0;
        }
    };

    let code = output.status.code().map(|c| c as i64).unwrap_or(-1);
    let result = ProcResult {
        code,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    let id = process_next_id();
    process_registry().lock().unwrap().insert(id, result);
    id
}

fn main() {
    // `process.run("cat", [], big_string)` in Raven: more input than the pipes hold.
    let big = "x".repeat(1 << 20);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(raven_process_run("cat", "", &big)).unwrap());
    match rx.recv_timeout(Duration::from_secs(3)) {
        Ok(id) => {
            let reg = process_registry().lock().unwrap();
            let r = &reg[&id];
            println!("exit {} with {} bytes of output ({} on stderr)", r.code, r.stdout.len(), r.stderr.len());
        }
        Err(_) => println!("process.run deadlocked: parent blocked writing stdin, cat blocked writing stdout"),
    }
    std::process::exit(0);
}
