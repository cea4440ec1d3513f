// Reduced from pragma-org/amaru (crates/amaru-ledger/src/state.rs)
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

type Epoch = u64;

/// Stands in for the on-disk snapshot stores (RocksDB).
struct SnapshotStore {
    snapshots: Mutex<BTreeMap<Epoch, u64>>,
}

struct RewardsSummary {
    epoch: Epoch,
    total: u64,
}

struct State {
    snapshots: Arc<SnapshotStore>,
    rewards_join_handle: Option<JoinHandle<RewardsSummary>>,
}

impl State {
    fn new(snapshots: Arc<SnapshotStore>) -> Self {
        State { snapshots, rewards_join_handle: None }
    }

    /// At an epoch boundary the rewards are computed in the background
    /// from the snapshot of two epochs ago.
    fn on_epoch_transition(&mut self, epoch: Epoch) {
        let snapshots = self.snapshots.clone();
        self.rewards_join_handle = Some(thread::spawn(move || {
            thread::sleep(Duration::from_millis(200));
            let total = snapshots.snapshots.lock().unwrap().get(&(epoch - 2)).copied().unwrap_or(0);
            RewardsSummary { epoch, total }
        }));
    }

    fn take_rewards(&mut self) -> Option<RewardsSummary> {
        self.rewards_join_handle.take().map(|h| h.join().expect("rewards thread panicked"))
    }
}

fn main() {
    let store = Arc::new(SnapshotStore { snapshots: Mutex::new(BTreeMap::new()) });
    store.snapshots.lock().unwrap().insert(8, 1_000);
    let mut state = State::new(store.clone());
    state.on_epoch_transition(10);
    if let Some(r) = state.take_rewards() {
        println!("epoch {} rewards {}", r.epoch, r.total);
    }
    state.on_epoch_transition(11);
    // Node shutdown: State is dropped while the rewards worker still runs;
    // dropping its JoinHandle detaches it and it keeps using the stores.
    drop(state);
    println!("ledger closed");
}
