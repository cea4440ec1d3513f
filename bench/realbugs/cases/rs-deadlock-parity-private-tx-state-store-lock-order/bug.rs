// parity-ethereum ethcore/private-tx/src/state_store.rs (reduced)
use parking_lot::RwLock;
use std::collections::HashSet;
use std::sync::Arc;

pub type H256 = [u8; 32];

#[derive(Clone, PartialEq)]
pub enum RequestState {
    Syncing,
    Ready,
}

#[derive(Clone)]
pub struct PrivateRequest {
    pub hash: H256,
}

pub struct RequestData {
    pub request: PrivateRequest,
    pub state: RequestState,
    pub required_hashes: Vec<H256>,
}

/// Storage for private transactions waiting for their private state to be synced
pub struct PrivateStateStorage {
    requests: RwLock<Vec<RequestData>>,
    syncing_hashes: RwLock<HashSet<H256>>,
}

impl PrivateStateStorage {
    pub fn new() -> Self {
        PrivateStateStorage {
            requests: RwLock::new(Vec::new()),
            syncing_hashes: RwLock::default(),
        }
    }

    /// Adds information about states being synced now
    pub fn add_request(&self, request: PrivateRequest, hashes: HashSet<H256>) {
        let mut requests = self.requests.write();
        let mut syncing_hashes = self.syncing_hashes.write();
        for hash in &hashes {
            syncing_hashes.insert(*hash);
        }
        requests.push(RequestData {
            request,
            state: RequestState::Syncing,
            required_hashes: hashes.into_iter().collect(),
        });
    }

    /// State retrieval finished (successfully or not)
    pub fn state_sync_completed(&self, synced_state_hash: &H256) {
        let mut syncing_hashes = self.syncing_hashes.write();
        syncing_hashes.remove(synced_state_hash);
        self.mark_hash_ready(synced_state_hash);
    }

    fn mark_hash_ready(&self, ready_hash: &H256) {
        let mut requests = self.requests.write();
        for request in requests.iter_mut() {
            request.required_hashes.retain(|h| h != ready_hash);
            if request.required_hashes.is_empty() {
                request.state = RequestState::Ready;
            }
        }
    }

    pub fn ready_requests(&self) -> Vec<PrivateRequest> {
        let requests = self.requests.read();
        requests
            .iter()
            .filter(|r| r.state == RequestState::Ready)
            .map(|r| r.request.clone())
            .collect()
    }
}

pub fn run(store: Arc<PrivateStateStorage>) {
    let importer = {
        let store = store.clone();
        std::thread::spawn(move || {
            for i in 0..1000u32 {
                let mut h = [0u8; 32];
                h[..4].copy_from_slice(&i.to_le_bytes());
                store.add_request(PrivateRequest { hash: h }, [h].into_iter().collect());
            }
        })
    };
    for i in 0..1000u32 {
        let mut h = [0u8; 32];
        h[..4].copy_from_slice(&i.to_le_bytes());
        store.state_sync_completed(&h);
    }
    importer.join().unwrap();
}
