use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

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
}

impl SemanticMemory {
    pub fn new(config: GraphExtractionConfig) -> Self {
        Self { graph: GraphStore::default(), config }
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
        tokio::spawn(async move {
            let Ok(entities) = tokio::time::timeout(timeout, extract_entities(&content)).await else {
                return;
            };
            for entity in entities {
                graph.insert_edge(&format!("msg:{message_id}"), &entity).await;
            }
        });
    }

    pub async fn shutdown(&self) {
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
