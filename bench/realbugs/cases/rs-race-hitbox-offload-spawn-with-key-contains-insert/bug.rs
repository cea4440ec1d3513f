//! Reduction of hitbox's hitbox/src/offload/manager.rs (OffloadManager) before the fix
//! for #208: background cache revalidation is deduplicated by key.
use dashmap::DashMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::task::JoinHandle;

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct OffloadKey(String);

#[derive(Default)]
struct Inner {
    active_tasks: DashMap<OffloadKey, JoinHandle<()>>,
    spawned: AtomicUsize,
}

/// Runs cache revalidation work off the request path, at most once per key.
#[derive(Clone, Default)]
pub struct OffloadManager {
    inner: Arc<Inner>,
}

impl OffloadManager {
    /// Spawn `future` unless a task for `key` is already running.
    /// Returns false when the work was deduplicated.
    pub fn spawn_with_key<F>(&self, key: OffloadKey, future: F) -> bool
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if self.inner.active_tasks.contains_key(&key) {
            return false;
        }
        let handle = self.spawn_tracked(key.clone(), future);
        self.inner.active_tasks.insert(key, handle);
        true
    }

    fn spawn_tracked<F>(&self, key: OffloadKey, future: F) -> JoinHandle<()>
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let inner = self.inner.clone();
        inner.spawned.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(async move {
            future.await;
            inner.active_tasks.remove(&key);
        })
    }

    pub fn spawned(&self) -> usize {
        self.inner.spawned.load(Ordering::Relaxed)
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let manager = OffloadManager::default();
    let mut requests = Vec::new();
    for _ in 0..64 {
        let manager = manager.clone();
        requests.push(tokio::spawn(async move {
            // every stale hit on the same cache key asks for one revalidation
            manager.spawn_with_key(OffloadKey("GET /users/1".into()), async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            })
        }));
    }
    for r in requests {
        r.await.unwrap();
    }
    println!("revalidations spawned for one key: {}", manager.spawned());
}
