// rustfs: crates/audit/src/system.rs - AuditSystem status snapshot vs. target reload
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};
use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct AuditRegistry {
    targets: HashMap<String, TargetEntry>,
}

pub struct TargetEntry {
    pub enabled: bool,
    pub queued: usize,
}

#[derive(Default)]
pub struct ReplayWorkerManager {
    cancellers: HashMap<String, CancellationToken>,
}

pub struct RuntimeStatus {
    pub targets: usize,
    pub enabled: usize,
    pub replay_workers: usize,
}

pub struct AuditSystem {
    registry: Arc<Mutex<AuditRegistry>>,
    stream_cancellers: Arc<RwLock<ReplayWorkerManager>>,
}

impl AuditSystem {
    pub fn new() -> Self {
        Self {
            registry: Arc::new(Mutex::new(AuditRegistry::default())),
            stream_cancellers: Arc::new(RwLock::new(ReplayWorkerManager::default())),
        }
    }

    /// Polled by the admin console / health check.
    pub async fn runtime_status_snapshot(&self) -> RuntimeStatus {
        // Global lock order: registry -> stream_cancellers.
        let registry = self.registry.lock().await;
        let cancellers = self.stream_cancellers.read().await;
        RuntimeStatus {
            targets: registry.targets.len(),
            enabled: registry.targets.values().filter(|t| t.enabled).count(),
            replay_workers: cancellers.cancellers.len(),
        }
    }

    /// Called on config reload and on shutdown.
    pub async fn clear_runtime_targets(&self) {
        let mut registry = self.registry.lock().await;
        let mut cancellers = self.stream_cancellers.write().await;
        for (_, token) in cancellers.cancellers.drain() {
            token.cancel();
        }
        registry.targets.clear();
    }

    pub async fn add_target(&self, id: String, token: CancellationToken) {
        let mut registry = self.registry.lock().await;
        let mut cancellers = self.stream_cancellers.write().await;
        registry.targets.insert(id.clone(), TargetEntry { enabled: true, queued: 0 });
        cancellers.cancellers.insert(id, token);
    }
}
