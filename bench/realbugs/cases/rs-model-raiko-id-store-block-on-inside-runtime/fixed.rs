// tasks/src/mem_db.rs + lib/src/prover.rs (taikoxyz/raiko), reduced.
use std::{
    collections::HashMap,
    sync::{Arc, Once},
};

use tokio::sync::Mutex;

pub type ProofKey = (u64, [u8; 32], u8);

#[derive(Debug)]
pub enum ProverError {
    StoreError(String),
}

impl From<std::io::Error> for ProverError {
    fn from(e: std::io::Error) -> Self {
        ProverError::StoreError(e.to_string())
    }
}

pub type ProverResult<T> = Result<T, ProverError>;

#[async_trait::async_trait]
pub trait IdWrite: Send {
    async fn store_id(&mut self, key: ProofKey, id: String) -> ProverResult<()>;
    async fn remove_id(&mut self, key: ProofKey) -> ProverResult<()>;
}

#[derive(Debug)]
pub struct InMemoryTaskDb {
    store: HashMap<ProofKey, String>,
}

impl InMemoryTaskDb {
    fn store_id(&mut self, key: ProofKey, id: String) -> Result<(), String> {
        self.store.insert(key, id);
        Ok(())
    }

    fn remove_id(&mut self, key: ProofKey) -> Result<(), String> {
        self.store.remove(&key);
        Ok(())
    }
}

#[derive(Debug)]
pub struct InMemoryTaskManager {
    db: Arc<Mutex<InMemoryTaskDb>>,
}

impl InMemoryTaskManager {
    pub fn new() -> Self {
        static INIT: Once = Once::new();
        static mut SHARED_TASK_MANAGER: Option<Arc<Mutex<InMemoryTaskDb>>> = None;

        INIT.call_once(|| {
            let db = InMemoryTaskDb { store: HashMap::new() };
            unsafe { SHARED_TASK_MANAGER = Some(Arc::new(Mutex::new(db))) };
        });

        #[allow(static_mut_refs)]
        InMemoryTaskManager { db: unsafe { SHARED_TASK_MANAGER.clone().unwrap() } }
    }
}

#[async_trait::async_trait]
impl IdWrite for InMemoryTaskManager {
    async fn store_id(&mut self, key: ProofKey, id: String) -> ProverResult<()> {
        let mut db = self.db.lock().await;
        db.store_id(key, id).map_err(ProverError::StoreError)
    }

    async fn remove_id(&mut self, key: ProofKey) -> ProverResult<()> {
        let mut db = self.db.lock().await;
        db.remove_id(key).map_err(ProverError::StoreError)
    }
}

/// A remote prover (e.g. the SP1 network prover) records its request id so the
/// proof can be cancelled later; it runs as a task on the host's tokio runtime.
pub async fn run_remote_prover(key: ProofKey, id_store: &mut dyn IdWrite) -> ProverResult<Vec<u8>> {
    let request_id = format!("req-{}", key.0);
    id_store.store_id(key, request_id).await?;
    let proof = tokio::task::yield_now().await;
    let _ = proof;
    id_store.remove_id(key).await?;
    Ok(vec![])
}

pub async fn handle_proof_request(key: ProofKey) -> ProverResult<Vec<u8>> {
    let mut manager = InMemoryTaskManager::new();
    tokio::spawn(async move { run_remote_prover(key, &mut manager).await })
        .await
        .map_err(|e| ProverError::StoreError(e.to_string()))?
}
