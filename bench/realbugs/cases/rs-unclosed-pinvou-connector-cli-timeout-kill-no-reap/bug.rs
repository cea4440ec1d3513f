// pinvou-agent: connectors::connector_cli::run_with_timeout (before #520), reduced.
use std::io;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const POLL_INTERVAL: Duration = Duration::from_millis(50);

#[derive(Debug)]
pub enum ConnectorError {
    Spawn(io::Error),
    Timeout { program: String, after: Duration, hint: &'static str },
    Failed(ExitStatus),
}

mod platform {
    pub mod process {
        use std::io;
        use std::process::{Child, ExitStatus};
        use std::time::{Duration, Instant};

        /// Wait for the child up to `timeout`; `Ok(None)` when it is still running.
        pub fn wait_deadline(child: &mut Child, timeout: Duration) -> io::Result<Option<ExitStatus>> {
            let deadline = Instant::now() + timeout;
            loop {
                if let Some(status) = child.try_wait()? {
                    return Ok(Some(status));
                }
                if Instant::now() >= deadline {
                    return Ok(None);
                }
                std::thread::sleep(super::super::POLL_INTERVAL);
            }
        }
    }
}

fn network_hint() -> &'static str {
    "check the network connection or the HTTPS_PROXY setting"
}

/// Run a connector's CLI installer and give up after `timeout`.
pub fn run_with_timeout(program: &str, args: &[&str], timeout: Duration) -> Result<(), ConnectorError> {
    let mut child: Child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(ConnectorError::Spawn)?;

    match platform::process::wait_deadline(&mut child, timeout) {
        Ok(Some(status)) if status.success() => Ok(()),
        Ok(Some(status)) => Err(ConnectorError::Failed(status)),
        Ok(None) | Err(_) => {
            // the installer hung (usually on the network): stop it
            let _ = child.kill();
            Err(ConnectorError::Timeout { program: program.to_string(), after: timeout, hint: network_hint() })
        }
    }
}

fn install_connector_cli(name: &str) -> Result<(), ConnectorError> {
    let started = Instant::now();
    let result = run_with_timeout("sh", &["-c", "sleep 30"], Duration::from_millis(300));
    println!("{name}: {:?} after {:?}", result, started.elapsed());
    result
}

fn main() {
    for name in ["feishu", "wecom", "dingtalk"] {
        let _ = install_connector_cli(name);
    }
    // the three killed installers are now <defunct> children of this process
    let me = std::process::id();
    let ps = Command::new("ps").args(["-o", "pid,stat,comm", "--ppid", &me.to_string()]).output();
    if let Ok(out) = ps {
        print!("{}", String::from_utf8_lossy(&out.stdout));
    }
    thread::sleep(Duration::from_millis(10));
}
