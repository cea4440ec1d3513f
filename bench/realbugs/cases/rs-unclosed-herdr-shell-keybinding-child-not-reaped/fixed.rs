//! herdr: reduction of the server's custom keybinding handler.  A
//! `type = "shell"` keybinding runs its command with `sh -c` in the
//! background; the server process is long running.

use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

pub struct Keybinding {
    pub key: String,
    pub command: String,
}

pub struct Server {
    bindings: Vec<Keybinding>,
}

impl Server {
    pub fn new(bindings: Vec<Keybinding>) -> Self {
        Self { bindings }
    }

    fn run_shell_binding(&self, command: &str) {
        let child = Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        // reap the child from a detached waiter so it never becomes a zombie
        if let Ok(mut child) = child {
            thread::spawn(move || {
                let _ = child.wait();
            });
        }
    }

    pub fn handle_key(&self, key: &str) {
        if let Some(b) = self.bindings.iter().find(|b| b.key == key) {
            self.run_shell_binding(&b.command);
        }
    }
}

fn main() {
    let server = Server::new(vec![Keybinding {
        key: "prefix+e".into(),
        command: "echo hi".into(),
    }]);
    for _ in 0..5 {
        server.handle_key("prefix+e");
        thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("sh")
        .arg("-c")
        .arg(format!("ps -o pid,stat,comm --ppid {}", std::process::id()))
        .status();
}
