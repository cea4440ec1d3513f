use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

struct TransactionStream {
    next_version: u64,
    end_version: u64,
}

impl TransactionStream {
    async fn fetch_batch(&mut self) -> Option<Vec<u64>> {
        if self.next_version >= self.end_version { return None; }
        let start = self.next_version;
        self.next_version = (start + 100).min(self.end_version);
        Some((start..self.next_version).collect())
    }
}

struct Worker {
    stream: Arc<Mutex<TransactionStream>>,
    processed: u64,
}

impl Worker {
    async fn run(&mut self) {
        loop {
            let batch = self.stream.lock().await.fetch_batch().await;
            match batch {
                Some(txns) => self.processed += txns.len() as u64,
                None => {
                    println!("caught up at {} txns, waiting for more", self.processed);
                    tokio::time::sleep(Duration::from_millis(250)).await;
                    if self.processed > 0 { break; }
                }
            }
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let stream = Arc::new(Mutex::new(TransactionStream { next_version: 0, end_version: 1_000 }));
    let health = tokio::spawn(async {
        for _ in 0..5 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            println!("health check ok");
        }
    });
    let mut worker = Worker { stream, processed: 0 };
    worker.run().await;
    health.await.unwrap();
}
