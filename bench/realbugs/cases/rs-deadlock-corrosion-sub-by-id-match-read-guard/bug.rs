// corrosion: api/public/pubsub.rs `sub_by_id` (unknown subscription id path)
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{broadcast, RwLock as TokioRwLock};

pub type Uuid = u128;
pub type QueryEventBytes = Vec<u8>;

#[derive(Clone)]
pub struct MatcherHandle {
    id: Uuid,
    hash: String,
}

impl MatcherHandle {
    pub fn hash(&self) -> &str {
        &self.hash
    }
    pub async fn cleanup(self) {
        let _ = self.id;
    }
}

#[derive(Default, Clone)]
pub struct SubsManager(Arc<Mutex<HashMap<Uuid, MatcherHandle>>>);

impl SubsManager {
    pub fn get(&self, id: &Uuid) -> Option<MatcherHandle> {
        self.0.lock().unwrap().get(id).cloned()
    }
    pub fn remove(&self, id: &Uuid) -> Option<MatcherHandle> {
        self.0.lock().unwrap().remove(id)
    }
}

pub type MatcherBroadcastCache = HashMap<Uuid, broadcast::Sender<QueryEventBytes>>;
pub type SharedMatcherBroadcastCache = Arc<TokioRwLock<MatcherBroadcastCache>>;

pub enum SubResponse {
    Ok { query_hash: String, rx: broadcast::Receiver<QueryEventBytes> },
    NotFound(String),
}

pub async fn sub_by_id(
    subs: &SubsManager,
    id: Uuid,
    bcast_cache: &SharedMatcherBroadcastCache,
) -> SubResponse {
    let (matcher, rx) = match bcast_cache.read().await.get(&id).and_then(|tx| {
        subs.get(&id).map(|matcher| (matcher, tx.subscribe()))
    }) {
        Some(matcher_rx) => matcher_rx,
        None => {
            // ensure this goes!
            let mut bcast_cache_write = bcast_cache.write().await;

            if let Some(matcher_rx) = bcast_cache_write
                .get(&id)
                .and_then(|tx| subs.get(&id).map(|matcher| (matcher, tx.subscribe())))
            {
                matcher_rx
            } else {
                bcast_cache_write.remove(&id);
                if let Some(handle) = subs.remove(&id) {
                    tokio::spawn(async move {
                        handle.cleanup().await;
                    });
                }
                return SubResponse::NotFound(format!("could not find subscription with id {id}"));
            }
        }
    };

    SubResponse::Ok { query_hash: matcher.hash().to_owned(), rx }
}
