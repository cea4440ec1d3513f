use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::RwLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TaskId(u64);

/// In-memory distributed-task lock (reduced from reinhardt-tasks/src/locking.rs).
#[derive(Clone, Default)]
pub struct MemoryTaskLock {
    locks: Arc<RwLock<HashMap<TaskId, Instant>>>,
}

impl MemoryTaskLock {
    pub fn new() -> Self {
        Self::default()
    }

    pub async fn acquire(&self, task_id: TaskId, ttl: Duration) -> bool {
        let mut locks = self.locks.write().await;
        if let Some(expires_at) = locks.get(&task_id) {
            if *expires_at > Instant::now() {
                return false;
            }
            // stale entry: sweep every expired lock using the guard we already hold
            let now = Instant::now();
            locks.retain(|_, expires_at| *expires_at > now);
        }
        locks.insert(task_id, Instant::now() + ttl);
        true
    }

    pub async fn release(&self, task_id: TaskId) -> bool {
        self.locks.write().await.remove(&task_id).is_some()
    }
}

#[tokio::main]
async fn main() {
    let lock = MemoryTaskLock::new();
    let id = TaskId(7);
    assert!(lock.acquire(id, Duration::from_millis(10)).await);
    tokio::time::sleep(Duration::from_millis(20)).await;
    // the previous lock has expired, so this goes through cleanup_expired()
    let acquired = tokio::time::timeout(Duration::from_secs(1), lock.acquire(id, Duration::from_secs(5))).await;
    println!("re-acquire after expiry: {:?}", acquired);
    lock.release(id).await;
}
