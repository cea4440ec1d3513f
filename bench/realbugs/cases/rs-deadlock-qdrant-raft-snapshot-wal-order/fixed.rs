// qdrant lib/storage/src/content_manager/consensus_manager.rs (reduced): raft::Storage for the consensus state.
use parking_lot::{Mutex, RwLock};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug)]
pub enum StorageError {
    Compacted,
    SnapshotTemporarilyUnavailable,
    Unavailable(u64),
}

#[derive(Clone, Default)]
pub struct HardState {
    pub term: u64,
    pub commit: u64,
}

#[derive(Clone, Default)]
pub struct SnapshotMetadata {
    pub index: u64,
    pub term: u64,
}

#[derive(Default)]
pub struct Persistent {
    pub hard_state: HardState,
    pub latest_snapshot_meta: SnapshotMetadata,
    pub peer_address_by_id: BTreeMap<u64, String>,
}

impl Persistent {
    pub fn apply_state_update(&mut self, update: impl FnOnce(&mut HardState)) {
        update(&mut self.hard_state); // + fsync raft_state.json
    }
}

#[derive(Clone)]
pub struct RaftEntry {
    pub index: u64,
    pub term: u64,
}

#[derive(Default)]
pub struct ConsensusOpWal {
    entries: Vec<RaftEntry>,
}

impl ConsensusOpWal {
    pub fn entry(&self, idx: u64) -> Result<RaftEntry, StorageError> {
        self.entries.iter().find(|e| e.index == idx).cloned().ok_or(StorageError::Unavailable(idx))
    }
    pub fn first_entry(&self) -> Option<RaftEntry> {
        self.entries.first().cloned()
    }
    pub fn append_entries(&mut self, entries: Vec<RaftEntry>) {
        self.entries.extend(entries);
    }
}

pub struct Snapshot {
    pub data: Vec<u8>,
    pub metadata: SnapshotMetadata,
}

pub struct ConsensusManager {
    pub persistent: RwLock<Persistent>,
    pub wal: Mutex<ConsensusOpWal>,
}

impl ConsensusManager {
    /// Consensus thread: apply committed entries and persist the new commit index.
    pub fn apply_entries(&self, commit: u64) {
        let mut persistent = self.persistent.write();
        persistent.apply_state_update(|state| state.commit = commit);
    }

    pub fn append_entries(&self, entries: Vec<RaftEntry>) {
        self.wal.lock().append_entries(entries)
    }

    pub fn term(&self, idx: u64) -> Result<u64, StorageError> {
        let wal_guard = self.wal.lock();
        let persistent = self.persistent.read();
        let snapshot_meta = &persistent.latest_snapshot_meta;
        if idx == snapshot_meta.index {
            return Ok(snapshot_meta.term);
        }
        Ok(wal_guard.entry(idx)?.term)
    }

    pub fn first_index(&self) -> Result<u64, StorageError> {
        let index = match self.wal.lock().first_entry() {
            Some(entry) => entry.index,
            None => self.persistent.read().latest_snapshot_meta.index + 1,
        };
        Ok(index)
    }

    /// Called from the API thread when a lagging peer requests a raft snapshot.
    pub fn snapshot(&self, request_index: u64) -> Result<Snapshot, StorageError> {
        // Lock first WAL and then persistent to avoid deadlock
        let wal_guard = self.wal.lock();
        let persistent = self.persistent.read();
        if persistent.hard_state.commit < request_index {
            return Err(StorageError::SnapshotTemporarilyUnavailable);
        }
        let data = format!("{:?}", persistent.peer_address_by_id).into_bytes();

        // Index of snapshot is the current *commit* index; its term is the term of that entry.
        let index = persistent.hard_state.commit;
        let term = if index == persistent.latest_snapshot_meta.index {
            persistent.latest_snapshot_meta.term
        } else {
            wal_guard.entry(index)?.term
        };
        Ok(Snapshot { data, metadata: SnapshotMetadata { index, term } })
    }
}

pub fn run(consensus: Arc<ConsensusManager>) {
    let c1 = consensus.clone();
    let raft_thread = std::thread::spawn(move || {
        for i in 1..1000u64 {
            c1.append_entries(vec![RaftEntry { index: i, term: 1 }]);
            let _ = c1.term(i);
            c1.apply_entries(i);
        }
    });
    let c2 = consensus.clone();
    let api_thread = std::thread::spawn(move || {
        for i in 1..1000u64 {
            let _ = c2.snapshot(i / 2);
        }
    });
    raft_thread.join().unwrap();
    api_thread.join().unwrap();
}
