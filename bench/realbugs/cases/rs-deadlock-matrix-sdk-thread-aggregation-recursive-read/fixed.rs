//! matrix-rust-sdk: reduction of crates/matrix-sdk/src/event_cache
//! (thread aggregation).  The room event cache state sits behind a
//! write-preferring tokio RwLock.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

#[derive(Default)]
struct RoomEventCacheState {
    events: HashMap<String, String>,
    thread_roots: Vec<String>,
}

#[derive(Clone, Default)]
struct RoomEventCache {
    state: Arc<RwLock<RoomEventCacheState>>,
}

impl RoomEventCache {
    async fn find_event(&self, event_id: &str) -> Option<String> {
        let state = self.state.read().await;
        state.events.get(event_id).cloned()
    }

    async fn add_event(&self, id: &str, body: &str) {
        let mut state = self.state.write().await;
        state.events.insert(id.to_owned(), body.to_owned());
        state.thread_roots.push(id.to_owned());
    }
}

async fn aggregate_timeline_for_threads(room: &RoomEventCache) -> Vec<String> {
    // copy what is needed and release the guard before calling find_event
    let thread_roots = room.state.read().await.thread_roots.clone();
    let mut summaries = Vec::new();
    for root in thread_roots.iter() {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if let Some(ev) = room.find_event(root).await {
            summaries.push(ev);
        }
    }
    summaries
}

#[tokio::main]
async fn main() {
    let room = RoomEventCache::default();
    room.add_event("$root1", "hello").await;
    room.add_event("$root2", "world").await;
    let writer = {
        let room = room.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(2)).await;
            room.add_event("$root3", "sync").await;
        })
    };
    let summaries = aggregate_timeline_for_threads(&room).await;
    writer.await.unwrap();
    println!("{summaries:?}");
}
