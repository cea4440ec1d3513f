use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct ToolError(String);

#[derive(Debug)]
pub struct ToolResult {
    pub output: String,
}

pub struct ToolContext {
    pub shells: Arc<Mutex<ShellManager>>,
}

#[derive(Default)]
pub struct ShellManager {
    finished: HashMap<String, String>,
}

impl ShellManager {
    pub fn poll(&self, id: &str) -> Option<String> {
        self.finished.get(id).cloned()
    }
}

#[async_trait]
pub trait ToolSpec: Send + Sync {
    fn name(&self) -> &'static str;
    async fn execute(&self, input: HashMap<String, String>, ctx: &ToolContext) -> Result<ToolResult, ToolError>;
}

pub struct ShellWaitTool;

#[async_trait]
impl ToolSpec for ShellWaitTool {
    fn name(&self) -> &'static str {
        "shell_wait"
    }

    async fn execute(&self, input: HashMap<String, String>, ctx: &ToolContext) -> Result<ToolResult, ToolError> {
        let id = input.get("shell_id").cloned().ok_or_else(|| ToolError("missing shell_id".into()))?;
        let timeout = Duration::from_secs(input.get("timeout_secs").and_then(|t| t.parse().ok()).unwrap_or(60));
        let started = Instant::now();
        loop {
            if let Some(output) = ctx.shells.lock().unwrap().poll(&id) {
                return Ok(ToolResult { output });
            }
            if started.elapsed() >= timeout {
                return Err(ToolError(format!("shell {} still running after {:?}", id, timeout)));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let ctx = ToolContext { shells: Arc::new(Mutex::new(ShellManager::default())) };
    let shells = Arc::clone(&ctx.shells);
    // the shell finishes from another task on the same runtime
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        shells.lock().unwrap().finished.insert("sh-1".into(), "ok".into());
    });
    let mut input = HashMap::new();
    input.insert("shell_id".to_string(), "sh-1".to_string());
    input.insert("timeout_secs".to_string(), "1".to_string());
    println!("{:?}", ShellWaitTool.execute(input, &ctx).await);
}
