//! Reduction of exarrow-rs src/import/csv.rs (import_from_file / import_from_files)
//! as reported in exarrow-rs#68.
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum ImportError {
    Io(std::io::Error),
}

impl From<std::io::Error> for ImportError {
    fn from(e: std::io::Error) -> Self {
        ImportError::Io(e)
    }
}

pub struct Connection {
    sent_bytes: usize,
}

impl Connection {
    async fn send_import_chunk(&mut self, table: &str, data: Vec<u8>) -> Result<u64, ImportError> {
        tokio::task::yield_now().await;
        self.sent_bytes += data.len();
        let _ = table;
        Ok(data.len() as u64)
    }
}

/// Stand-in for the gzip step (CPU-only, cheap for the reduced inputs).
fn compress_data(data: &[u8]) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::with_capacity(data.len());
    for chunk in data.chunk_by(|a, b| a == b) {
        out.push(chunk.len().min(255) as u8);
        out.push(chunk[0]);
    }
    Ok(out)
}

pub async fn import_from_file(conn: &mut Connection, table: &str, path: &Path) -> Result<u64, ImportError> {
    let data = std::fs::read(path)?;
    let compressed = compress_data(&data)?;
    conn.send_import_chunk(table, compressed).await
}

pub async fn import_from_files(conn: &mut Connection, table: &str, paths: &[PathBuf]) -> Result<u64, ImportError> {
    let mut total = 0;
    for path in paths {
        let data = std::fs::read(path)?;
        let compressed = compress_data(&data)?;
        total += conn.send_import_chunk(table, compressed).await?;
    }
    Ok(total)
}

#[tokio::main]
async fn main() -> Result<(), ImportError> {
    let dir = std::env::temp_dir();
    let path = dir.join("exarrow_import.csv");
    tokio::fs::write(&path, "id,name\n1,a\n2,b\n").await?;

    let mut conn = Connection { sent_bytes: 0 };
    let n = import_from_file(&mut conn, "T", &path).await?;
    let m = import_from_files(&mut conn, "T", &[path.clone(), path.clone()]).await?;
    println!("imported {} + {} compressed bytes", n, m);
    Ok(())
}
