//! NVMe-backed whole-block store (talon-worker).
use async_trait::async_trait;
use bytes::Bytes;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug)]
pub enum Error {
    NotFound(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Clone, Debug, Hash)]
pub struct BlockId(pub String);

static STAGING_SEQ: AtomicU64 = AtomicU64::new(0);

/// Run blocking filesystem work on Tokio's blocking pool, so a large read or
/// write-plus-fsync never stalls the async reactor thread.
async fn spawn_blocking_io<F, T>(f: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(join_error) => Err(Error::Io(std::io::Error::other(join_error))),
    }
}

#[async_trait]
pub trait ObjectStore: Send + Sync {
    async fn get_bytes(&self, id: &BlockId) -> Result<Bytes>;
    async fn put(&self, id: &BlockId, value: Bytes) -> Result<()>;
}

/// A local, file-backed store for whole blocks.
pub struct WholeBlockStore {
    root: PathBuf,
}

impl WholeBlockStore {
    /// Stable filesystem path for a block: `<root>/<shard>/<digest>.blk`.
    fn path_for(&self, id: &BlockId) -> PathBuf {
        let mut hasher = DefaultHasher::new();
        id.hash(&mut hasher);
        let hex = format!("{:016x}", hasher.finish());
        self.root.join(&hex[0..2]).join(format!("{hex}.blk"))
    }
}

#[async_trait]
impl ObjectStore for WholeBlockStore {
    async fn get_bytes(&self, id: &BlockId) -> Result<Bytes> {
        let path = self.path_for(id);
        let id = id.clone();
        spawn_blocking_io(move || match std::fs::File::open(&path) {
            Ok(mut f) => {
                let mut buf = Vec::new();
                f.read_to_end(&mut buf)?;
                Ok(Bytes::from(buf))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(Error::NotFound(format!("{:?}", id)))
            }
            Err(e) => Err(e.into()),
        })
        .await
    }

    async fn put(&self, id: &BlockId, value: Bytes) -> Result<()> {
        let path = self.path_for(id);
        spawn_blocking_io(move || {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let seq = STAGING_SEQ.fetch_add(1, Ordering::Relaxed);
            let tmp = path.with_extension(format!("blk.tmp.{}.{seq}", std::process::id()));
            {
                let mut f = std::fs::File::create(&tmp)?;
                f.write_all(&value)?;
                f.sync_all()?;
            }
            std::fs::rename(&tmp, &path)?;
            Ok(())
        })
        .await
    }
}

/// Per-connection request task in the worker's main loop.
async fn serve_block(store: Arc<dyn ObjectStore>, id: BlockId, fetched: Option<Bytes>) -> Result<Bytes> {
    match fetched {
        // commit a block fetched from the backend
        Some(value) => {
            store.put(&id, value.clone()).await?;
            Ok(value)
        }
        // cache hit
        None => store.get_bytes(&id).await,
    }
}

pub fn spawn_request(store: Arc<dyn ObjectStore>, id: BlockId, fetched: Option<Bytes>) {
    tokio::spawn(async move {
        if let Err(e) = serve_block(store, id, fetched).await {
            eprintln!("request failed: {e:?}");
        }
    });
}
