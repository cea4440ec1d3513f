// Reduced from zellij (zellij-server, copy_command.rs): when the user
// configures an external clipboard command (copy_command "xclip ..."), each
// copy spawns it, writes the selection to its stdin and drops the Child
// without reaping it, so every copy leaves a zombie process.
use std::io::Write;
use std::process::{Command, Stdio};

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
        {
            let stdin = process
                .stdin
                .as_mut()
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::Other, "could not get stdin"))?;
            stdin.write_all(value.as_bytes())?;
        }
        // stdin is closed when `process` is dropped here; the child exits on
        // EOF but is never waited for
        Ok(())
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
