//! Reduction of selfware's src/tools/file.rs (FileRead / FileDelete tools), selfware#44.
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
        let metadata = fs::metadata(&path)?;
        if metadata.len() > self.max_bytes {
            return Err(ToolError(format!("{} is too large", path.display())));
        }
        let content = fs::read_to_string(&path)?;
        Ok(content)
    }
}

pub struct FileDelete;

impl Tool for FileDelete {
    fn name(&self) -> &'static str {
        "file_delete"
    }

    async fn execute(&self, path: PathBuf) -> Result<String, ToolError> {
        fs::remove_file(&path)?;
        Ok(format!("deleted {}", path.display()))
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
