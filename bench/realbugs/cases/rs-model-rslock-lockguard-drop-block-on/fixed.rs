use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

#[derive(Clone)]
struct LockManager {
    server: Arc<Mutex<HashSet<Vec<u8>>>>,
}

struct Lock {
    resource: Vec<u8>,
    lock_manager: LockManager,
}

impl LockManager {
    async fn lock(&self, resource: &[u8]) -> Option<Lock> {
        let mut held = self.server.lock().await;
        if !held.insert(resource.to_vec()) { return None; }
        Some(Lock { resource: resource.to_vec(), lock_manager: self.clone() })
    }

    async fn acquire(&self, resource: &[u8]) -> Lock {
        loop {
            if let Some(lock) = self.lock(resource).await { return lock; }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    async fn unlock(&self, lock: &Lock) {
        self.server.lock().await.remove(&lock.resource);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rl = LockManager { server: Arc::new(Mutex::new(HashSet::new())) };
    let other = rl.clone();
    let holder = tokio::spawn(async move {
        let _guard = other.server.lock().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    });
    {
        let lock = rl.acquire(b"mutex").await;
        tokio::task::yield_now().await;
        lock.lock_manager.unlock(&lock).await;
    }
    holder.await.unwrap();
    println!("released");
}
