//! Reduced from eclipse-zenoh/zenoh plugins/zenoh-plugin-storage-manager/src/storages_mgt/service.rs
//! (1.0.0-beta): StorageService::process_sample for a History::Latest storage.
use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::{Mutex, RwLock};

pub type Timestamp = u64;
pub type OwnedKeyExpr = String;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum History {
    Latest,
    All,
}

#[derive(Clone, Debug)]
pub struct Event {
    key: Option<OwnedKeyExpr>,
    timestamp: Timestamp,
}

impl Event {
    pub fn new(key: Option<OwnedKeyExpr>, timestamp: Timestamp) -> Self {
        Event { key, timestamp }
    }
    pub fn timestamp(&self) -> &Timestamp {
        &self.timestamp
    }
}

pub type LatestUpdates = HashMap<Option<OwnedKeyExpr>, Event>;

pub enum StorageInsertionResult {
    Inserted,
    Outdated,
}

#[derive(Default)]
pub struct MemoryStorage {
    map: HashMap<Option<OwnedKeyExpr>, (Vec<u8>, Timestamp)>,
}

impl MemoryStorage {
    async fn put(&mut self, key: Option<OwnedKeyExpr>, value: Vec<u8>, ts: Timestamp) -> StorageInsertionResult {
        self.map.insert(key, (value, ts));
        StorageInsertionResult::Inserted
    }

    async fn get(&mut self, key: Option<OwnedKeyExpr>) -> Vec<Timestamp> {
        self.map.get(&key).map(|(_, ts)| vec![*ts]).unwrap_or_default()
    }
}

pub struct Sample {
    pub key_expr: OwnedKeyExpr,
    pub payload: Vec<u8>,
    pub timestamp: Timestamp,
}

pub struct CacheLatest {
    pub latest_updates: Arc<RwLock<LatestUpdates>>,
}

pub struct StorageService {
    name: String,
    history: History,
    storage: Arc<Mutex<MemoryStorage>>,
    cache_latest: CacheLatest,
}

impl StorageService {
    pub async fn process_sample(&self, sample: Sample) {
        let stripped_key = Some(sample.key_expr.clone());
        let sample_timestamp = sample.timestamp;

        // If the Storage was declared as only keeping the Latest value, we ensure that, for
        // each received Sample, it is indeed the Latest value that is processed.
        if self.history == History::Latest && !self.is_latest(&stripped_key, &sample_timestamp).await {
            tracing::trace!("Skipping outdated Sample < {} >", sample.key_expr);
            return;
        }

        let mut storage = self.storage.lock().await;
        let storage_result = storage
            .put(stripped_key.clone(), sample.payload, sample_timestamp)
            .await;
        drop(storage);

        match storage_result {
            StorageInsertionResult::Outdated => {
                tracing::trace!("Ignoring `Outdated` sample < {} >", sample.key_expr);
            }
            StorageInsertionResult::Inserted => {
                if self.history == History::Latest {
                    self.cache_latest.latest_updates.write().await.insert(
                        stripped_key.clone(),
                        Event::new(stripped_key, sample_timestamp),
                    );
                }
            }
        }
    }

    async fn is_latest(&self, stripped_key: &Option<OwnedKeyExpr>, received_ts: &Timestamp) -> bool {
        if let Some(event) = self.cache_latest.latest_updates.read().await.get(stripped_key) {
            return received_ts > event.timestamp();
        }

        let mut storage = self.storage.lock().await;
        for ts in storage.get(stripped_key.clone()).await {
            if ts > *received_ts {
                return false;
            }
        }
        true
    }
}

pub async fn run(service: Arc<StorageService>) {
    let mut tasks = Vec::new();
    for ts in [10u64, 30, 20] {
        let service = service.clone();
        tasks.push(tokio::spawn(async move {
            service
                .process_sample(Sample { key_expr: "demo/a".into(), payload: ts.to_le_bytes().to_vec(), timestamp: ts })
                .await;
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    tracing::debug!("storage '{}' processed samples", service.name);
}
