// Reduced from pulsar (pulsar/src/summary.rs, SummaryFile::update): update()
// parses the summary under one lock of the file mutex, releases it, and then
// takes the mutex again to write back the modified copy.
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::fs::{File, OpenOptions};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};
use tokio::sync::Mutex;

#[derive(Deserialize, Serialize, Default, Debug, Clone, Copy)]
pub struct Summary {
    pub initial_plotting_finished: bool,
    pub authored_count: u64,
    pub last_processed_block_num: u32,
}

#[derive(Default, Debug)]
pub struct SummaryUpdateFields {
    pub is_plotting_finished: bool,
    pub new_authored_count: u64,
    pub new_parsed_blocks: u32,
}

#[derive(Debug, Clone)]
pub struct SummaryFile {
    inner: Arc<Mutex<File>>,
}

impl SummaryFile {
    pub async fn parse(&self) -> std::io::Result<Summary> {
        let mut guard = self.inner.lock().await;
        let mut contents = String::new();
        guard.read_to_string(&mut contents).await?;
        guard.seek(std::io::SeekFrom::Start(0)).await?;
        Ok(toml::from_str(&contents).unwrap_or_default())
    }

    pub async fn update(&self, fields: SummaryUpdateFields) -> std::io::Result<Summary> {
        let mut summary = self.parse().await?;
        if fields.is_plotting_finished {
            summary.initial_plotting_finished = true;
        }
        summary.authored_count += fields.new_authored_count;
        summary.last_processed_block_num += fields.new_parsed_blocks;
        let serialized_summary = toml::to_string(&summary).expect("serialize Summary");

        let mut guard = self.inner.lock().await;
        guard.set_len(0).await?;
        guard.write_all(serialized_summary.as_bytes()).await?;
        guard.flush().await?;
        guard.seek(std::io::SeekFrom::Start(0)).await?;
        Ok(summary)
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let path = std::env::temp_dir().join("pulsar-summary.toml");
    let file = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&path).await?;
    let summary_file = SummaryFile { inner: Arc::new(Mutex::new(file)) };

    let mut handles = Vec::new();
    for _ in 0..8 {
        let summary_file = summary_file.clone();
        handles.push(tokio::spawn(async move {
            let fields = SummaryUpdateFields { new_authored_count: 1, new_parsed_blocks: 1, ..Default::default() };
            summary_file.update(fields).await
        }));
    }
    for handle in handles {
        handle.await.expect("task panicked")?;
    }
    println!("{:?}", summary_file.parse().await?);
    Ok(())
}
