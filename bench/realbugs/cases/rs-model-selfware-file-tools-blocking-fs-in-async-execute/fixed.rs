//! Reduction of selfware's src/tools/file.rs (FileRead / FileDelete tools), with the selfware#44 fix (spawn_blocking).
use std::fs;
use std::path::PathBuf;

#[derive(Debug)]
pub struct ToolError(String);

impl From<std::io::Error> for ToolError {
    fn from(e: std::io::Error) -> Self {
        ToolError(e.to_string())
    }
}

pub trait Tool {
    fn name(&self) -> &'static str;
    async fn execute(&self, path: PathBuf) -> Result<String, ToolError>;
}

pub struct FileRead {
    pub max_bytes: u64,
}

impl Tool for FileRead {
    fn name(&self) -> &'static str {
        "file_read"
    }

    async fn execute(&self, path: PathBuf) -> Result<String, ToolError> {
        let max_bytes = self.max_bytes;
        tokio::task::spawn_blocking(move || {
            let metadata = fs::metadata(&path)?;
            if metadata.len() > max_bytes {
                return Err(ToolError(format!("{} is too large", path.display())));
            }
            let content = fs::read_to_string(&path)?;
            Ok(content)
        })
        .await
        .map_err(|e| ToolError(e.to_string()))?
    }
}

pub struct FileDelete;

impl Tool for FileDelete {
    fn name(&self) -> &'static str {
        "file_delete"
    }

    async fn execute(&self, path: PathBuf) -> Result<String, ToolError> {
        tokio::task::spawn_blocking(move || {
            fs::remove_file(&path)?;
            Ok::<String, ToolError>(format!("deleted {}", path.display()))
        })
        .await
        .map_err(|e| ToolError(e.to_string()))?
    }
}

#[tokio::main]
async fn main() -> Result<(), ToolError> {
    let path = std::env::temp_dir().join("selfware_tool_demo.txt");
    tokio::fs::write(&path, "hello from the agent").await?;

    let reader = FileRead { max_bytes: 1 << 20 };
    let (a, b) = tokio::join!(reader.execute(path.clone()), reader.execute(path.clone()));
    println!("{}: {:?} {:?}", reader.name(), a?, b?);

    let deleter = FileDelete;
    println!("{}: {}", deleter.name(), deleter.execute(path).await?);
    Ok(())
}
