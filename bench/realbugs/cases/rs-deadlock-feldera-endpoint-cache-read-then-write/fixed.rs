//! pipeline-manager runner/interaction.rs (reduced): the API server caches
//! pipeline deployment locations for a few seconds.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

pub type TenantId = u64;

#[derive(Debug)]
pub struct ManagerError(pub String);

#[derive(Clone)]
pub struct ExtendedPipelineDescrMonitoring {
    pub deployment_location: Option<String>,
}

pub struct StoragePostgres;

impl StoragePostgres {
    pub async fn get_pipeline_for_monitoring(
        &self,
        _tenant_id: TenantId,
        name: &str,
    ) -> Result<ExtendedPipelineDescrMonitoring, ManagerError> {
        tokio::time::sleep(Duration::from_millis(5)).await;
        Ok(ExtendedPipelineDescrMonitoring { deployment_location: Some(format!("{name}:8080")) })
    }
}

pub(crate) struct CachedPipelineDescr {
    pipeline: ExtendedPipelineDescrMonitoring,
    instantiated: Instant,
}

impl CachedPipelineDescr {
    const CACHE_TTL: Duration = Duration::from_secs(5);

    fn deployment_location_based_on_status(&self) -> Result<String, ManagerError> {
        match &self.pipeline.deployment_location {
            None => Err(ManagerError("deployment location is missing".to_string())),
            Some(location) => Ok(location.clone()),
        }
    }
}

impl From<ExtendedPipelineDescrMonitoring> for CachedPipelineDescr {
    fn from(pipeline: ExtendedPipelineDescrMonitoring) -> Self {
        Self { pipeline, instantiated: Instant::now() }
    }
}

/// Helper for the API server endpoints to interact through HTTP with a pipeline.
pub struct RunnerInteraction {
    db: Arc<Mutex<StoragePostgres>>,
    endpoint_cache: Arc<RwLock<HashMap<(TenantId, String), CachedPipelineDescr>>>,
}

impl RunnerInteraction {
    pub fn new(db: Arc<Mutex<StoragePostgres>>) -> Self {
        Self { db, endpoint_cache: Arc::new(RwLock::new(HashMap::new())) }
    }

    /// Checks that the pipeline exists, is running or paused and has a
    /// deployment location. Returns the retrieved deployment location.
    async fn check_pipeline(
        &self,
        tenant_id: TenantId,
        pipeline_name: &str,
    ) -> Result<(String, bool), ManagerError> {
        let cache = self.endpoint_cache.read().unwrap();
        let entry = cache
            .get(&(tenant_id, pipeline_name.to_string()))
            .filter(|entry| entry.instantiated.elapsed() <= CachedPipelineDescr::CACHE_TTL);
        match entry {
            Some(entry) => {
                let location = entry.deployment_location_based_on_status()?;
                Ok((location, true))
            }
            None => {
                drop(cache);
                let pipeline = self
                    .db
                    .lock()
                    .await
                    .get_pipeline_for_monitoring(tenant_id, pipeline_name)
                    .await?;
                let cached_descriptor: CachedPipelineDescr = pipeline.into();
                let deployment_location = cached_descriptor.deployment_location_based_on_status();
                let mut cache = self.endpoint_cache.write().unwrap();
                cache.insert((tenant_id, pipeline_name.to_string()), cached_descriptor);
                let location = deployment_location?;
                Ok((location, false))
            }
        }
    }

    pub(crate) async fn forward_http_request_to_pipeline_by_name(
        &self,
        tenant_id: TenantId,
        pipeline_name: &str,
        endpoint: &str,
    ) -> Result<String, ManagerError> {
        let (location, _cache_hit) = self.check_pipeline(tenant_id, pipeline_name).await?;
        Ok(format!("http://{location}/{endpoint}"))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let runner = RunnerInteraction::new(Arc::new(Mutex::new(StoragePostgres)));
    // first request for a pipeline is a cache miss
    let url = runner.forward_http_request_to_pipeline_by_name(1, "p1", "stats").await;
    println!("{url:?}");
}
