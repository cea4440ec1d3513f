use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::RwLock;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Lease {
    pub id: i64,
    pub ttl: i64,
}

#[derive(Clone)]
pub struct LeaseClient {
    leases: Arc<RwLock<HashMap<i64, Lease>>>,
}

impl LeaseClient {
    pub fn new() -> Self {
        LeaseClient { leases: Arc::new(RwLock::new(HashMap::new())) }
    }

    async fn keep_alive_rpc(&self, id: i64) -> i64 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        id * 10
    }

    pub async fn grant(&self, id: i64, ttl: i64) {
        self.leases.write().await.insert(id, Lease { id, ttl });
    }

    pub async fn keep_alive(&self, id: i64) {
        let mut leases = self.leases.write().await;
        let ttl = self.keep_alive_rpc(id).await;
        if let Some(lease) = leases.get_mut(&id) {
            lease.ttl = ttl;
        }
    }

    pub async fn ttl(&self, id: i64) -> Option<i64> {
        self.leases.read().await.get(&id).map(|l| l.ttl)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = LeaseClient::new();
    client.grant(1, 5).await;
    client.grant(2, 5).await;
    // both keep-alives are driven concurrently on the single runtime thread
    tokio::join!(client.keep_alive(1), client.keep_alive(2));
    println!("{:?} {:?}", client.ttl(1).await, client.ttl(2).await);
}
