// Reduced from NLnetLabs/routinator src/collector/rsync.rs: an rsync run
// that exceeds the configured timeout is abandoned by just dropping the
// tokio Child, which neither kills nor reaps the rsync process.
use std::process::ExitStatus;
use std::time::Duration;
use tokio::process::Command;
use tokio::time::timeout;

#[derive(Debug)]
struct Failed;

struct RsyncCommand {
    command: String,
    timeout: Option<Duration>,
}

impl RsyncCommand {
    async fn update(&self, source: &str, destination: &str) -> Result<ExitStatus, Failed> {
        let mut cmd = Command::new(&self.command);
        cmd.arg("-rltz").arg("--delete").arg(source).arg(destination);
        let mut child = cmd.spawn().map_err(|_| Failed)?;
        match self.timeout {
            Some(limit) => match timeout(limit, child.wait()).await {
                Ok(res) => res.map_err(|_| Failed),
                Err(_) => {
                    eprintln!("rsync {}: timed out after {:?}", source, limit);
                    Err(Failed)
                }
            },
            None => child.wait().await.map_err(|_| Failed),
        }
    }
}

#[tokio::main]
async fn main() {
    let rsync = RsyncCommand {
        command: "rsync".into(),
        timeout: Some(Duration::from_secs(300)),
    };
    let res = rsync.update("rsync://rpki.example.net/repo/", "/tmp/repo").await;
    println!("{:?}", res);
}
