// Reduced from influxdata/influxdb influxdb3_clap_blocks/src/object_store.rs (ReauthingObjectStore).
use futures::{stream::BoxStream, StreamExt};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::RwLock;

#[derive(Debug, Clone, PartialEq)]
pub struct AwsCredential {
    pub key_id: String,
    pub secret_key: String,
}

#[derive(Debug, Clone)]
pub struct ObjectMeta {
    pub location: String,
}

#[derive(Debug)]
pub enum Error {
    Unauthenticated { path: String },
    Generic { store: &'static str },
}
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub trait ObjectStore: std::fmt::Debug + Send + Sync + 'static {
    fn list(&self, prefix: Option<&str>) -> BoxStream<'static, Result<ObjectMeta>>;
}

#[derive(Clone, Debug)]
pub struct AwsCredentialReloader {
    path: PathBuf,
    current: Arc<RwLock<Arc<AwsCredential>>>,
}

impl AwsCredentialReloader {
    async fn check_and_update(&self) -> Option<u64> {
        let contents = tokio::fs::read_to_string(&self.path).await.ok()?;
        let mut parts = contents.split_whitespace();
        let credentials = AwsCredential {
            key_id: parts.next()?.to_string(),
            secret_key: parts.next()?.to_string(),
        };
        let do_update = {
            let guard = self.current.read().await;
            guard.as_ref() != &credentials
        };
        if do_update {
            let mut guard = self.current.write().await;
            *guard = Arc::new(credentials);
        }
        None
    }
}

/// futures::executor::block_on is not compatible with tokio: step out of the worker with
/// block_in_place and drive the future on the tokio runtime instead.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(f))
}

#[derive(Debug, Clone)]
struct ReauthingObjectStore {
    inner: Arc<dyn ObjectStore>,
    credential_reloader: Arc<AwsCredentialReloader>,
}

impl ObjectStore for ReauthingObjectStore {
    fn list(&self, prefix: Option<&str>) -> BoxStream<'static, Result<ObjectMeta>> {
        let inner_cloned = Arc::clone(&self.inner);
        let items: Vec<Result<ObjectMeta>> = block_on(async {
            // users of the ObjectStore API will probably expect to have to deal with
            // errors one element at a time anyway
            inner_cloned.list(prefix).collect().await
        });

        if items.is_empty() {
            return futures::stream::iter(items).boxed();
        }

        if let Err(Error::Unauthenticated { .. }) = &items[0] {
            let items: Vec<Result<ObjectMeta>> = block_on(async {
                self.credential_reloader.check_and_update().await;
                self.inner.as_ref().list(prefix).collect().await
            });
            return futures::stream::iter(items).boxed();
        }

        futures::stream::iter(items).boxed()
    }
}

/// Called from the query/compaction tasks running on the tokio runtime.
pub async fn list_parquet_files(store: Arc<dyn ObjectStore>, db: &str) -> Vec<String> {
    store
        .list(Some(db))
        .filter_map(|r| async move { r.ok().map(|m| m.location) })
        .collect()
        .await
}
