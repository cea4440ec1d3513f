//! Reduction of pi_agent_rust `src/extension_dispatcher.rs` exec hostcall
//! (Dicklesworthstone/pi_agent_rust#41).
use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub enum HostcallError {
    Spawn(std::io::Error),
    Timeout { cmd: String, timeout_ms: u64 },
    Wait(std::io::Error),
}

pub struct ExecOutput {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
}

pub struct ExecRequest {
    pub cmd: String,
    pub args: Vec<String>,
    pub timeout_ms: u64,
}

pub fn dispatch_hostcall_exec(req: &ExecRequest) -> Result<ExecOutput, HostcallError> {
    let mut child = Command::new(&req.cmd)
        .args(&req.args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(HostcallError::Spawn)?;

    let deadline = Instant::now() + Duration::from_millis(req.timeout_ms);
    loop {
        match child.try_wait().map_err(HostcallError::Wait)? {
            Some(status) => {
                let mut stdout = Vec::new();
                if let Some(mut out) = child.stdout.take() {
                    out.read_to_end(&mut stdout).map_err(HostcallError::Wait)?;
                }
                return Ok(ExecOutput { status, stdout });
            }
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(HostcallError::Timeout { cmd: req.cmd.clone(), timeout_ms: req.timeout_ms });
            }
            None => thread::sleep(Duration::from_millis(10)),
        }
    }
}
