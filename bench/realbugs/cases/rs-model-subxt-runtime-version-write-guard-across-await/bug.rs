// subxt: src/updates.rs (runtime upgrades) + the extrinsic signer that reads the same locks
use parking_lot::RwLock;
use std::sync::Arc;

#[derive(Debug)]
pub struct BasicError(pub String);

#[derive(Clone, Debug, PartialEq)]
pub struct RuntimeVersion {
    pub spec_version: u32,
    pub transaction_version: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Metadata {
    pub bytes: Vec<u8>,
}

pub struct RuntimeVersionSubscription {
    pending: Vec<RuntimeVersion>,
}

impl RuntimeVersionSubscription {
    pub async fn next(&mut self) -> Option<Result<RuntimeVersion, BasicError>> {
        self.pending.pop().map(Ok)
    }
}

#[derive(Clone)]
pub struct Rpc;

impl Rpc {
    pub async fn subscribe_runtime_version(&self) -> Result<RuntimeVersionSubscription, BasicError> {
        Ok(RuntimeVersionSubscription { pending: Vec::new() })
    }
    /// `state_getMetadata` over the websocket: a network round trip.
    pub async fn metadata(&self) -> Result<Metadata, BasicError> {
        Ok(Metadata::default())
    }
}

/// Client wrapper for performing runtime updates.
pub struct UpdateClient {
    rpc: Rpc,
    metadata: Arc<RwLock<Metadata>>,
    runtime_version: Arc<RwLock<RuntimeVersion>>,
}

impl UpdateClient {
    /// Performs runtime updates indefinitely unless encountering an error.
    ///
    /// *Note:* This should be called from a dedicated background task.
    pub async fn perform_runtime_updates(&self) -> Result<(), BasicError> {
        let mut update_subscription = self.rpc.subscribe_runtime_version().await?;

        while let Some(update_runtime_version) = update_subscription.next().await {
            let update_runtime_version = update_runtime_version?;

            // The Runtime Version of the client, as set during building the client
            // or during updates.
            let mut runtime_version = self.runtime_version.write();
            if runtime_version.spec_version == update_runtime_version.spec_version {
                continue
            }

            // Update both the `RuntimeVersion` and `Metadata` of the client.
            *runtime_version = update_runtime_version;

            // Fetch the new metadata of the runtime node.
            let update_metadata = self.rpc.metadata().await?;
            let mut metadata = self.metadata.write();
            *metadata = update_metadata;
        }

        Ok(())
    }
}

/// Part of `Client`: signing an extrinsic on another task of the same runtime.
pub struct Client {
    metadata: Arc<RwLock<Metadata>>,
    runtime_version: Arc<RwLock<RuntimeVersion>>,
}

impl Client {
    pub async fn create_signed(&self, call_data: Vec<u8>) -> Result<Vec<u8>, BasicError> {
        let spec_version = self.runtime_version.read().spec_version;
        let metadata_len = self.metadata.read().bytes.len();
        let mut encoded = call_data;
        encoded.extend_from_slice(&spec_version.to_le_bytes());
        encoded.extend_from_slice(&(metadata_len as u32).to_le_bytes());
        Ok(encoded)
    }
}
