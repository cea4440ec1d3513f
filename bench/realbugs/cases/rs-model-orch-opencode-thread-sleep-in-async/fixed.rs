// Reduced from gabrielkoerich/orch src/engine/runner/agents/opencode.rs
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct OpencodeRunner {
    session_dir: PathBuf,
}

impl OpencodeRunner {
    async fn session_file_ready(&self) -> bool {
        tokio::fs::metadata(self.session_dir.join("session.json")).await.is_ok()
    }

    /// Wait for the opencode agent to write its session file.
    pub async fn wait_for_session(&self, timeout: Duration) -> Result<(), String> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.session_file_ready().await {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(format!("opencode session not ready after {:?}", timeout))
    }
}

async fn run_task(id: u32) {
    let runner = OpencodeRunner { session_dir: PathBuf::from(format!("/tmp/orch/{id}")) };
    match runner.wait_for_session(Duration::from_secs(2)).await {
        Ok(()) => println!("task {id}: agent started"),
        Err(e) => println!("task {id}: {e}"),
    }
}

#[tokio::main]
async fn main() {
    let mut handles = Vec::new();
    for id in 0..16 {
        handles.push(tokio::spawn(run_task(id)));
    }
    for h in handles {
        h.await.unwrap();
    }
}
