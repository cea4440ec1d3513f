use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::RwLock;

#[derive(Debug)]
pub struct ZhangError(String);

impl From<std::io::Error> for ZhangError {
    fn from(e: std::io::Error) -> Self {
        ZhangError(e.to_string())
    }
}

pub struct Ledger {
    pub entry: PathBuf,
    pub visited_files: Vec<PathBuf>,
}

/// Reduced from zhang-server's file routes (get_file_content / update_file_content).
pub async fn get_file_content(
    ledger: Arc<RwLock<Ledger>>,
    path: String,
) -> Result<String, ZhangError> {
    let ledger = ledger.read().await;
    let full_path = ledger.entry.join(path);
    let content = tokio::fs::read_to_string(full_path).await?;
    Ok(content)
}

pub async fn update_file_content(
    ledger: Arc<RwLock<Ledger>>,
    path: String,
    content: String,
) -> Result<(), ZhangError> {
    let ledger = ledger.read().await;
    let full_path = ledger.entry.join(path);
    tokio::fs::write(full_path, content).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), ZhangError> {
    let dir = std::env::temp_dir().join("zhang-demo");
    tokio::fs::create_dir_all(&dir).await?;
    let ledger = Arc::new(RwLock::new(Ledger { entry: dir, visited_files: vec![] }));

    let mut tasks = Vec::new();
    for i in 0..8 {
        let ledger = ledger.clone();
        tasks.push(tokio::spawn(async move {
            let name = format!("main-{}.zhang", i);
            update_file_content(ledger.clone(), name.clone(), "1970-01-01 open Assets:Cash\n".into())
                .await?;
            get_file_content(ledger, name).await
        }));
    }
    for t in tasks {
        let content = t.await.expect("task panicked")?;
        println!("{} bytes", content.len());
    }
    Ok(())
}
