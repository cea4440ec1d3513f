// zeph: src/commands/knowledge.rs (knowledge ingest commands, run on the tokio runtime)
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::Mutex;

#[derive(Debug)]
pub enum IngestError {
    Io(std::io::Error),
    Parse(String),
}

impl From<std::io::Error> for IngestError {
    fn from(e: std::io::Error) -> Self {
        IngestError::Io(e)
    }
}

#[derive(Default)]
pub struct KnowledgeStore {
    chunks: Mutex<Vec<(String, String)>>,
}

impl KnowledgeStore {
    pub async fn insert(&self, source: &str, text: &str) {
        self.chunks.lock().await.push((source.to_string(), text.to_string()));
    }
}

fn session_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    };
    files.retain(|p| p.extension().map_or(false, |e| e == "jsonl"));
    files.sort();
    files
}

pub async fn handle_external_agent_ingest(
    store: Arc<KnowledgeStore>,
    sessions_dir: PathBuf,
) -> Result<usize, IngestError> {
    let mut ingested = 0;
    let files = tokio::task::spawn_blocking(move || session_files(&sessions_dir))
        .await
        .map_err(|e| IngestError::Parse(e.to_string()))?;
    for path in files {
        let content = tokio::fs::read_to_string(&path).await?;
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            if !line.starts_with('{') {
                return Err(IngestError::Parse(format!("{}: not JSONL", path.display())));
            }
            store.insert(&path.to_string_lossy(), line).await;
            ingested += 1;
        }
    }
    Ok(ingested)
}

pub async fn run_graph_ingest(
    store: Arc<KnowledgeStore>,
    transcripts: Vec<PathBuf>,
) -> Result<usize, IngestError> {
    let mut total = 0;
    for path in transcripts {
        let transcript = tokio::fs::read_to_string(&path).await?;
        store.insert("subagent", &transcript).await;
        total += transcript.len();
    }
    Ok(total)
}

pub async fn handle_ingest(store: Arc<KnowledgeStore>, root: PathBuf) -> Result<usize, IngestError> {
    let sessions = tokio::spawn(handle_external_agent_ingest(Arc::clone(&store), root.join("sessions")));
    let transcripts_dir = root.join("transcripts");
    let transcripts = tokio::task::spawn_blocking(move || session_files(&transcripts_dir))
        .await
        .map_err(|e| IngestError::Parse(e.to_string()))?;
    let graph = run_graph_ingest(Arc::clone(&store), transcripts).await?;
    let sessions = sessions.await.map_err(|e| IngestError::Parse(e.to_string()))??;
    Ok(sessions + graph)
}
