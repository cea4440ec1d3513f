// Reduced from stellar/stellar-cli (soroban-cli src/rpc/mod.rs, Client)
use std::time::{Duration, Instant};

#[derive(Debug)]
enum Error {
    TransactionSubmissionTimeout,
    TransactionFailed(String),
}

struct GetTransactionStatusResponse {
    status: String,
}

struct Client {
    base_url: String,
    polls: std::sync::atomic::AtomicU32,
}

impl Client {
    async fn get_transaction_status(&self, tx_id: &str) -> Result<GetTransactionStatusResponse, Error> {
        // stands in for the JSON-RPC request
        let n = self.polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _ = (&self.base_url, tx_id);
        let status = if n < 3 { "pending" } else { "success" };
        Ok(GetTransactionStatusResponse { status: status.to_string() })
    }

    async fn send_transaction(&self, tx_id: &str) -> Result<(), Error> {
        // Poll the transaction status until it is done or timeout is reached.
        let start = Instant::now();
        loop {
            let response = self.get_transaction_status(tx_id).await?;
            match response.status.as_str() {
                "success" => return Ok(()),
                "error" => return Err(Error::TransactionFailed(tx_id.to_string())),
                _ => {}
            }
            if start.elapsed() > Duration::from_secs(10) {
                return Err(Error::TransactionSubmissionTimeout);
            }
            // Blocks the tokio worker thread between polls.
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

#[tokio::main]
async fn main() {
    let client = Client {
        base_url: "http://localhost:8000/soroban/rpc".into(),
        polls: std::sync::atomic::AtomicU32::new(0),
    };
    let heartbeat = tokio::spawn(async {
        for _ in 0..5 {
            println!("tick");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    client.send_transaction("abc123").await.unwrap();
    heartbeat.await.unwrap();
}
