use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

#[derive(Clone, Default)]
pub struct GraphStore {
    edges: Arc<Mutex<Vec<(String, String)>>>,
}

impl GraphStore {
    pub async fn insert_edge(&self, from: &str, to: &str) {
        self.edges.lock().await.push((from.to_owned(), to.to_owned()));
    }
}

pub struct GraphExtractionConfig {
    pub timeout: Duration,
}

async fn extract_entities(content: &str) -> Vec<String> {
    tokio::time::sleep(Duration::from_millis(50)).await; // LLM call
    content.split_whitespace().filter(|w| w.len() > 4).map(str::to_owned).collect()
}

pub struct SemanticMemory {
    graph: GraphStore,
    config: GraphExtractionConfig,
    graph_cancel: CancellationToken,
    graph_tasks: std::sync::Mutex<JoinSet<()>>,
}

impl SemanticMemory {
    pub fn new(config: GraphExtractionConfig) -> Self {
        Self {
            graph: GraphStore::default(),
            config,
            graph_cancel: CancellationToken::new(),
            graph_tasks: std::sync::Mutex::new(JoinSet::new()),
        }
    }

    pub async fn remember(&self, message_id: i64, content: String) -> i64 {
        // the message row itself is persisted synchronously ...
        self.spawn_graph_extraction(message_id, content);
        message_id
    }

    /// Fire-and-forget: entity/edge extraction for the knowledge graph.
    fn spawn_graph_extraction(&self, message_id: i64, content: String) {
        let graph = self.graph.clone();
        let timeout = self.config.timeout;
        let cancel = self.graph_cancel.clone();
        self.graph_tasks.lock().unwrap().spawn(async move {
            let entities = tokio::select! {
                _ = cancel.cancelled() => return,
                r = tokio::time::timeout(timeout, extract_entities(&content)) => match r {
                    Ok(entities) => entities,
                    Err(_) => return,
                },
            };
            for entity in entities {
                graph.insert_edge(&format!("msg:{message_id}"), &entity).await;
            }
        });
    }

    pub fn cancel_graph_extraction(&self) {
        self.graph_cancel.cancel();
    }

    pub async fn shutdown(&self) {
        self.cancel_graph_extraction();
        let mut tasks = std::mem::take(&mut *self.graph_tasks.lock().unwrap());
        while tasks.join_next().await.is_some() {}
        // flush and close the stores
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let memory = SemanticMemory::new(GraphExtractionConfig { timeout: Duration::from_secs(5) });
    memory.remember(1, "Alice deployed the staging cluster".into()).await;
    memory.shutdown().await;
    println!("edges: {}", memory.graph.edges.lock().await.len());
}
