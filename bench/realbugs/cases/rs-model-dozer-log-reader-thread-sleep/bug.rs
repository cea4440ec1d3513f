//! Reduction of dozer `dozer-log/src/reader.rs` (getdozer/dozer#1413).
use std::fs::File;
use std::io::{BufRead, BufReader, Seek, SeekFrom};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum ExecutorOperation {
    Insert { new: String },
    Delete { old: String },
    Commit { epoch: u64 },
}

fn parse_op(line: &str) -> Option<ExecutorOperation> {
    let (kind, rest) = line.split_once(' ')?;
    match kind {
        "I" => Some(ExecutorOperation::Insert { new: rest.to_string() }),
        "D" => Some(ExecutorOperation::Delete { old: rest.to_string() }),
        "C" => rest.trim().parse().ok().map(|epoch| ExecutorOperation::Commit { epoch }),
        _ => None,
    }
}

pub struct LogReaderOptions {
    pub endpoint: String,
    pub buffer_size: usize,
    pub poll_interval: Duration,
}

pub struct LogReader {
    pub name: String,
    options: LogReaderOptions,
    reader: BufReader<File>,
    pos: u64,
}

impl LogReader {
    pub fn new(path: PathBuf, options: LogReaderOptions) -> std::io::Result<Self> {
        let file = File::open(&path)?;
        Ok(LogReader {
            name: options.endpoint.clone(),
            options,
            reader: BufReader::new(file),
            pos: 0,
        })
    }

    pub async fn next_op(&mut self) -> std::io::Result<(ExecutorOperation, u64)> {
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line)?;
            if read > 0 && line.ends_with('\n') {
                self.pos += read as u64;
                if let Some(op) = parse_op(line.trim_end()) {
                    return Ok((op, self.pos));
                }
                continue;
            }
            self.reader.seek(SeekFrom::Start(self.pos))?;
            std::thread::sleep(self.options.poll_interval);
        }
    }
}

/// The API server consumes every endpoint's log on the shared tokio runtime.
pub async fn serve_endpoints(readers: Vec<LogReader>) {
    let mut tasks = Vec::new();
    for mut reader in readers {
        tasks.push(tokio::spawn(async move {
            let mut count = 0usize;
            while let Ok((op, _pos)) = reader.next_op().await {
                count += 1;
                if let ExecutorOperation::Commit { epoch } = op {
                    println!("{}: epoch {} after {} ops", reader.name, epoch, count);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}
