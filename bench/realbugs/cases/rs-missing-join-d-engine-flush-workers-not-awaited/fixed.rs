use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, Mutex};
use tokio::task::JoinHandle;

struct FlushWorkers {
    sender: Option<mpsc::Sender<Vec<u64>>>,
    worker_handles: Vec<JoinHandle<()>>,
}

pub struct BufferedRaftLog {
    durable_index: Arc<AtomicU64>,
    flush_workers: FlushWorkers,
}

impl BufferedRaftLog {
    pub fn start(workers: usize) -> Self {
        let (tx, rx) = mpsc::channel::<Vec<u64>>(64);
        let rx = Arc::new(Mutex::new(rx));
        let durable_index = Arc::new(AtomicU64::new(0));
        let mut worker_handles = Vec::new();
        for _ in 0..workers {
            let rx = rx.clone();
            let durable = durable_index.clone();
            worker_handles.push(tokio::spawn(async move {
                loop {
                    let batch = rx.lock().await.recv().await;
                    let Some(indexes) = batch else { break };
                    tokio::time::sleep(Duration::from_millis(300)).await; // persist_entries + fsync
                    if let Some(max) = indexes.iter().max() {
                        durable.fetch_max(*max, Ordering::AcqRel);
                    }
                }
            }));
        }
        BufferedRaftLog { durable_index, flush_workers: FlushWorkers { sender: Some(tx), worker_handles } }
    }

    pub async fn persist_entries(&self, indexes: Vec<u64>) {
        if let Some(sender) = &self.flush_workers.sender {
            let _ = sender.send(indexes).await;
        }
    }

    pub async fn shutdown(&mut self) {
        // signal the workers: with the sender gone their recv() returns None
        self.flush_workers.sender.take();
        for handle in self.flush_workers.worker_handles.drain(..) {
            match tokio::time::timeout(Duration::from_secs(2), handle).await {
                Ok(_) => {}
                Err(_) => { /* timed out */ }
            }
        }
    }
}

#[tokio::main]
async fn main() {
    let mut log = BufferedRaftLog::start(2);
    log.persist_entries(vec![1, 2, 3]).await;
    log.persist_entries(vec![4, 5]).await;
    log.shutdown().await;
    println!("durable index after shutdown: {}", log.durable_index.load(Ordering::Acquire));
}
