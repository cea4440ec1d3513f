// Reduction of crates/pikachat-sidecar/src/daemon.rs (SendMediaBatch handler)
// after the fix for issue #434.
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::{mpsc, Mutex};

enum DaemonCmd {
    SendMedia { chat_id: String, path: PathBuf },
    SendMediaBatch { chat_id: String, paths: Vec<PathBuf> },
}

struct Uploader {
    uploaded: Vec<(String, usize)>,
}

impl Uploader {
    async fn upload(&mut self, chat_id: &str, bytes: Vec<u8>) {
        // Encrypts and uploads to the blossom server in the real daemon.
        self.uploaded.push((chat_id.to_string(), bytes.len()));
    }
}

async fn handle_cmd(cmd: DaemonCmd, uploader: Arc<Mutex<Uploader>>) -> Result<(), String> {
    match cmd {
        DaemonCmd::SendMedia { chat_id, path } => {
            let bytes = tokio::fs::read(&path).await.map_err(|e| e.to_string())?;
            uploader.lock().await.upload(&chat_id, bytes).await;
        }
        DaemonCmd::SendMediaBatch { chat_id, paths } => {
            let mut blobs = Vec::with_capacity(paths.len());
            for path in &paths {
                let bytes = tokio::fs::read(path).await.map_err(|e| format!("read {path:?}: {e}"))?;
                blobs.push(bytes);
            }
            let mut up = uploader.lock().await;
            for bytes in blobs {
                up.upload(&chat_id, bytes).await;
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let uploader = Arc::new(Mutex::new(Uploader { uploaded: Vec::new() }));
    let (tx, mut rx) = mpsc::channel::<DaemonCmd>(16);

    let worker = {
        let uploader = uploader.clone();
        tokio::spawn(async move {
            while let Some(cmd) = rx.recv().await {
                if let Err(e) = handle_cmd(cmd, uploader.clone()).await {
                    eprintln!("command failed: {e}");
                }
            }
        })
    };

    let paths = (0..8).map(|i| PathBuf::from(format!("/tmp/media-{i}.jpg"))).collect();
    tx.send(DaemonCmd::SendMediaBatch { chat_id: "group-1".into(), paths }).await.unwrap();
    drop(tx);
    worker.await.unwrap();
    println!("uploaded {}", uploader.lock().await.uploaded.len());
}
