use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

#[derive(Clone, Debug)]
pub struct TransactionResponse {
    pub hash: String,
    pub ledger: u32,
}

type TxsMap = HashMap<u32, Vec<TransactionResponse>>;

#[derive(Clone)]
pub struct Watcher {
    txs: Arc<RwLock<TxsMap>>,
    last_cursor: Arc<RwLock<u32>>,
}

impl Watcher {
    pub fn new() -> Self {
        Watcher { txs: Arc::new(RwLock::new(HashMap::new())), last_cursor: Arc::new(RwLock::new(0)) }
    }

    async fn fetch_page(&self, cursor: u32) -> Vec<TransactionResponse> {
        tokio::time::sleep(Duration::from_millis(5)).await;
        vec![TransactionResponse { hash: format!("{:x}", cursor), ledger: cursor }]
    }

    pub async fn watch_slot(&self) {
        let cursor = *self.last_cursor.read().await;
        let page = self.fetch_page(cursor).await;
        for tx in page {
            self.txs.write().await.entry(tx.ledger).or_default().push(tx);
        }
        let mut cursor_w = self.last_cursor.write().await;
        *cursor_w += 1;
    }

    pub async fn get_txs(&self, ledger: u32) -> Option<Vec<TransactionResponse>> {
        self.txs.read().await.get(&ledger).cloned()
    }
}

#[tokio::main]
async fn main() {
    let watcher = Watcher::new();
    let w = watcher.clone();
    let task = tokio::spawn(async move {
        for _ in 0..3 {
            w.watch_slot().await;
        }
    });
    let res = tokio::time::timeout(Duration::from_secs(2), task).await;
    println!("watcher finished: {}", res.is_ok());
    println!("{:?}", watcher.get_txs(0).await);
}
