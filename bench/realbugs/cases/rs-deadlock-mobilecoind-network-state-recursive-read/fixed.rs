//! Reduction of mobilecoind/src/service.rs (ServiceApi::get_network_status_impl)
//! and the ledger sync thread that polls the network state.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Duration;

#[derive(Default)]
pub struct PollingNetworkState {
    highest_block_index: u64,
}

impl PollingNetworkState {
    pub fn poll(&mut self) {
        self.highest_block_index += 1;
    }

    pub fn highest_block_index_on_network(&self) -> Option<u64> {
        Some(self.highest_block_index)
    }

    pub fn is_behind(&self, local_block_index: u64) -> bool {
        local_block_index < self.highest_block_index
    }
}

pub struct ServiceApi {
    network_state: Arc<RwLock<PollingNetworkState>>,
    local_block_index: u64,
}

impl ServiceApi {
    fn get_network_status_impl(&self) -> (u64, bool) {
        let network_state = self.network_state.read().expect("lock poisoned");
        let network_highest_block_index = network_state.highest_block_index_on_network().unwrap_or(0);
        // reuse the guard we already hold instead of taking a second read lock
        let is_behind = network_state.is_behind(self.local_block_index);
        (network_highest_block_index, is_behind)
    }
}

fn main() {
    let network_state = Arc::new(RwLock::new(PollingNetworkState::default()));
    let stop = Arc::new(AtomicBool::new(false));

    // ledger sync thread: periodically polls peers and updates the network state
    let sync_state = network_state.clone();
    let sync_stop = stop.clone();
    let sync_thread = thread::spawn(move || {
        while !sync_stop.load(Ordering::SeqCst) {
            sync_state.write().expect("lock poisoned").poll();
            thread::sleep(Duration::from_micros(50));
        }
    });

    // the single GRPC worker thread serving get_network_status
    let api = ServiceApi { network_state, local_block_index: 10 };
    for _ in 0..100_000 {
        let _ = api.get_network_status_impl();
    }

    stop.store(true, Ordering::SeqCst);
    sync_thread.join().unwrap();
}
