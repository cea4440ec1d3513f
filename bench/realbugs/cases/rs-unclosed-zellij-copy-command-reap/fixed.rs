// Reduced from zellij (zellij-server, copy_command.rs) after zellij#4298: the
// external clipboard command is reaped after the selection is written; the
// wait (with a 1 second timeout, then kill + wait) runs on a separate thread so
// the copy itself does not block.
use std::io::Write;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

pub struct CopyCommand {
    command: String,
    args: Vec<String>,
}

impl CopyCommand {
    pub fn new(cmd: String) -> Self {
        let mut parts = cmd.split_whitespace().map(String::from);
        let command = parts.next().expect("missing copy command");
        let args = parts.collect();
        CopyCommand { command, args }
    }

    pub fn set(&self, value: String) -> std::io::Result<()> {
        let mut process = Command::new(&self.command)
            .args(&self.args)
            .stdin(Stdio::piped())
            .spawn()?;
        let written = match process.stdin.take() {
            Some(mut stdin) => stdin.write_all(value.as_bytes()),
            None => Err(std::io::Error::new(std::io::ErrorKind::Other, "could not get stdin")),
        };
        // stdin was dropped above, so the child sees EOF; reap it off-thread
        thread::spawn(move || {
            let started = Instant::now();
            loop {
                match process.try_wait() {
                    Ok(Some(_)) => break,
                    Ok(None) if started.elapsed() < Duration::from_secs(1) => {
                        thread::sleep(Duration::from_millis(10));
                    },
                    _ => {
                        let _ = process.kill();
                        let _ = process.wait();
                        break;
                    },
                }
            }
        });
        written
    }
}

fn main() {
    let copy_command = CopyCommand::new("cat".to_string());
    for i in 0..5 {
        copy_command
            .set(format!("selection {}\n", i))
            .expect("copy failed");
    }
}
