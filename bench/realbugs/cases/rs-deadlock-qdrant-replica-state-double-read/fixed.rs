// qdrant collection/shards/replica_set.rs: active_remote_shards() holds the replica_state read
// guard and calls peer_is_active() -> peer_state(), which read-locks replica_state again.
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use parking_lot::{RwLock, RwLockReadGuard};

pub type PeerId = u64;

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum ReplicaState {
    Active,
    Dead,
    Partial,
}

#[derive(Debug, Default, Clone)]
pub struct ReplicaSetState {
    pub is_local: bool,
    pub this_peer_id: PeerId,
    pub peers: HashMap<PeerId, ReplicaState>,
}

impl ReplicaSetState {
    pub fn get_peer_state(&self, peer_id: &PeerId) -> Option<&ReplicaState> {
        self.peers.get(peer_id)
    }

    pub fn active_peers(&self) -> Vec<PeerId> {
        self.peers
            .iter()
            .filter(|(_, state)| **state == ReplicaState::Active)
            .map(|(peer_id, _)| *peer_id)
            .collect()
    }
}

/// crate::save_on_disk::SaveOnDisk
pub struct SaveOnDisk<T> {
    data: RwLock<T>,
    path: PathBuf,
}

impl<T: Clone + std::fmt::Debug> SaveOnDisk<T> {
    pub fn read(&self) -> RwLockReadGuard<T> {
        self.data.read()
    }

    pub fn write<O>(&self, f: impl FnOnce(&mut T) -> O) -> std::io::Result<O> {
        let mut write_data = self.data.write();
        let output = f(&mut write_data);
        std::fs::write(&self.path, format!("{:?}", *write_data))?;
        Ok(output)
    }
}

pub struct ShardReplicaSet {
    replica_state: SaveOnDisk<ReplicaSetState>,
    locally_disabled_peers: RwLock<HashSet<PeerId>>,
}

impl ShardReplicaSet {
    pub fn set_replica_state(&self, peer_id: &PeerId, state: ReplicaState) -> std::io::Result<()> {
        self.replica_state.write(|rs| {
            if rs.this_peer_id == *peer_id {
                rs.is_local = true;
            }
            rs.peers.insert(*peer_id, state);
        })
    }

    /// List the remote peer IDs on which this shard is active, excludes the local peer ID.
    pub fn active_remote_shards(&self) -> Vec<PeerId> {
        let replica_state = self.replica_state.read();
        let this_peer_id = replica_state.this_peer_id;
        replica_state
            .active_peers()
            .into_iter()
            .filter(|peer_id| !self.is_locally_disabled(peer_id) && *peer_id != this_peer_id)
            .collect()
    }

    fn is_locally_disabled(&self, peer_id: &PeerId) -> bool {
        self.locally_disabled_peers.read().contains(peer_id)
    }

    /// Check whether a peer is registered as `active`.
    /// Unknown peers are not active.
    pub fn peer_is_active(&self, peer_id: &PeerId) -> bool {
        self.peer_state(peer_id) == Some(ReplicaState::Active) && !self.is_locally_disabled(peer_id)
    }

    pub fn peer_state(&self, peer_id: &PeerId) -> Option<ReplicaState> {
        self.replica_state.read().get_peer_state(peer_id).copied()
    }
}

/// Update path (consensus thread) racing the read path (search/update workers).
pub fn run(replica_set: &ShardReplicaSet) {
    std::thread::scope(|s| {
        s.spawn(|| {
            for i in 0..1000u64 {
                let _ = replica_set.set_replica_state(&(i % 4), ReplicaState::Dead);
                let _ = replica_set.set_replica_state(&(i % 4), ReplicaState::Active);
            }
        });
        s.spawn(|| {
            for _ in 0..1000 {
                let _ = replica_set.active_remote_shards();
            }
        });
    });
}
