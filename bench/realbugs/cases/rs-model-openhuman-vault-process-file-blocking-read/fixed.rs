// Reduction of src/openhuman/vault/sync.rs (process_file / sync_vault)
// after the review fix in PR #2243.
use std::path::PathBuf;

use futures::stream::{self, StreamExt};

struct FileToProcess {
    path: PathBuf,
    rel_path: String,
}

enum IngestFileResult {
    Ingested { rel_path: String, chunks: usize },
    Failed { rel_path: String, error: String },
}

async fn ingest_chunks(rel_path: &str, content: &str) -> usize {
    // Embeds and stores chunks via the memory client in the real code.
    let _ = rel_path;
    content.len() / 512 + 1
}

/// This runs inside `buffer_unordered` so multiple files are in flight at once.
async fn process_file(file: FileToProcess) -> IngestFileResult {
    let content = match tokio::fs::read_to_string(&file.path).await {
        Ok(c) => c,
        Err(err) => {
            return IngestFileResult::Failed {
                rel_path: file.rel_path,
                error: format!("read failed: {err}"),
            };
        }
    };
    let chunks = ingest_chunks(&file.rel_path, &content).await;
    IngestFileResult::Ingested { rel_path: file.rel_path, chunks }
}

async fn sync_vault(files: Vec<FileToProcess>) -> (usize, usize) {
    let results: Vec<IngestFileResult> = stream::iter(files)
        .map(process_file)
        .buffer_unordered(8)
        .collect()
        .await;
    let mut ok = 0;
    let mut failed = 0;
    for r in results {
        match r {
            IngestFileResult::Ingested { .. } => ok += 1,
            IngestFileResult::Failed { rel_path, error } => {
                eprintln!("{rel_path}: {error}");
                failed += 1;
            }
        }
    }
    (ok, failed)
}

#[tokio::main]
async fn main() {
    let files = (0..64)
        .map(|i| FileToProcess {
            path: PathBuf::from(format!("/tmp/vault/note-{i}.md")),
            rel_path: format!("note-{i}.md"),
        })
        .collect();
    let (ok, failed) = sync_vault(files).await;
    println!("ingested {ok}, failed {failed}");
}
