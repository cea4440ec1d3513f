//! beacon_node/store/src/hot_cold_store.rs (Lighthouse v1.1): freezer DB split point.
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::sync::Arc;

pub type Slot = u64;
pub type Hash256 = [u8; 32];

#[derive(Clone, Copy, Default, Debug)]
pub struct Split {
    pub slot: Slot,
    pub state_root: Hash256,
}

#[derive(Clone, Debug)]
pub struct BeaconState {
    pub slot: Slot,
}

#[derive(Debug)]
pub enum Error {
    MissingSplitState(Hash256, Slot),
    MissingRestorePoint(u64),
}

pub struct StoreConfig {
    pub slots_per_restore_point: u64,
}

pub struct HotColdDB {
    /// The slot and state root at the point where the database is split between hot and cold.
    split: RwLock<Split>,
    config: StoreConfig,
    hot_db: Mutex<HashMap<Hash256, BeaconState>>,
    cold_db: Mutex<HashMap<u64, BeaconState>>,
}

impl HotColdDB {
    /// Fetch a state from the store (ItemStore::get_state).
    pub fn get_state(&self, state_root: &Hash256, slot: Option<Slot>) -> Result<Option<BeaconState>, Error> {
        match slot {
            Some(slot) if slot < self.get_split_slot() => self.load_cold_state_by_slot(slot).map(Some),
            _ => self.load_hot_state(state_root),
        }
    }

    pub fn load_hot_state(&self, state_root: &Hash256) -> Result<Option<BeaconState>, Error> {
        Ok(self.hot_db.lock().get(state_root).cloned())
    }

    pub fn load_cold_state_by_slot(&self, slot: Slot) -> Result<BeaconState, Error> {
        if slot % self.config.slots_per_restore_point == 0 {
            let restore_point_idx = slot / self.config.slots_per_restore_point;
            self.load_restore_point_by_index(restore_point_idx)
        } else {
            self.load_cold_intermediate_state(slot)
        }
    }

    fn load_restore_point_by_index(&self, restore_point_index: u64) -> Result<BeaconState, Error> {
        let cold_db = self.cold_db.lock();
        cold_db.get(&restore_point_index).cloned().ok_or(Error::MissingRestorePoint(restore_point_index))
    }

    /// Load a frozen state that lies between restore points.
    fn load_cold_intermediate_state(&self, slot: Slot) -> Result<BeaconState, Error> {
        // 1. Load the restore points either side of the intermediate state.
        let low_restore_point_idx = slot / self.config.slots_per_restore_point;
        let high_restore_point_idx = low_restore_point_idx + 1;

        // Acquire the read lock, so that the split can't change while this is happening.
        let split = self.split.read();

        let low_restore_point = self.load_restore_point_by_index(low_restore_point_idx)?;
        // If the high point lies outside the freezer, use the split state as the upper restore point.
        let high_restore_point = if high_restore_point_idx * self.config.slots_per_restore_point >= split.slot {
            self.get_state(&split.state_root, Some(split.slot))?
                .ok_or(Error::MissingSplitState(split.state_root, split.slot))?
        } else {
            self.load_restore_point_by_index(high_restore_point_idx)?
        };

        // 2./3. Replay blocks from the low restore point (up to `high_restore_point`) to `slot`.
        drop(high_restore_point);
        Ok(BeaconState { slot: low_restore_point.slot.max(slot) })
    }

    /// Fetch a copy of the current split slot from memory.
    pub fn get_split_slot(&self) -> Slot {
        self.split.read().slot
    }

    /// Advance the split point of the store, moving new finalized states to the freezer.
    pub fn freeze_to_state(store: Arc<Self>, frozen_head_root: Hash256, frozen_head: &BeaconState) -> Result<(), Error> {
        let current_split_slot = store.get_split_slot();
        if frozen_head.slot < current_split_slot {
            return Ok(());
        }
        // 2. Update the split slot
        *store.split.write() = Split {
            slot: frozen_head.slot,
            state_root: frozen_head_root,
        };
        Ok(())
    }
}

/// The background migrator finalizes while HTTP API threads serve historic states.
pub fn run(db: Arc<HotColdDB>) {
    let migrator = db.clone();
    let h = std::thread::spawn(move || {
        for slot in (64..6400).step_by(32) {
            HotColdDB::freeze_to_state(migrator.clone(), [1; 32], &BeaconState { slot }).unwrap();
        }
    });
    for slot in 1..10_000 {
        let _ = db.load_cold_state_by_slot(slot % 6400);
    }
    h.join().unwrap();
}
