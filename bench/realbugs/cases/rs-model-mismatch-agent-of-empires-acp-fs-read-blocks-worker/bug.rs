use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone)]
pub struct FsPolicy {
    root: PathBuf,
}

mod fs_handler {
    use super::*;

    pub fn handle_read(policy: &FsPolicy, path: &Path) -> io::Result<String> {
        let full = policy.root.join(path);
        std::fs::read_to_string(full)
    }

    pub fn handle_write(policy: &FsPolicy, path: &Path, content: &str) -> io::Result<()> {
        std::fs::write(policy.root.join(path), content)
    }
}

pub struct ReadTextFileRequest {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub limit: Option<usize>,
}

pub struct AcpClient {
    policy: Arc<FsPolicy>,
}

impl AcpClient {
    /// ACP `fs/read_text_file` handler, driven by agent requests.
    pub async fn handle_read_text_file(&self, req: ReadTextFileRequest) -> io::Result<String> {
        let content = fs_handler::handle_read(&self.policy, &req.path)?;
        let start = req.line.unwrap_or(1).saturating_sub(1);
        let lines = content.lines().skip(start);
        let out: Vec<&str> = match req.limit {
            Some(n) => lines.take(n).collect(),
            None => lines.collect(),
        };
        Ok(out.join("\n"))
    }

    /// ACP `fs/write_text_file` handler.
    pub async fn handle_write_text_file(&self, path: PathBuf, content: String) -> io::Result<()> {
        fs_handler::handle_write(&self.policy, &path, &content)
    }
}

#[tokio::main]
async fn main() -> io::Result<()> {
    let dir = std::env::temp_dir();
    let client = Arc::new(AcpClient { policy: Arc::new(FsPolicy { root: dir }) });
    client.handle_write_text_file(PathBuf::from("aoe_demo.txt"), "a\nb\nc\n".into()).await?;
    let text = client
        .handle_read_text_file(ReadTextFileRequest { path: "aoe_demo.txt".into(), line: Some(2), limit: Some(1) })
        .await?;
    println!("{}", text);
    Ok(())
}
