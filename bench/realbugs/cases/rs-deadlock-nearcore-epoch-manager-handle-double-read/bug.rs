//! nearcore: EpochManagerHandle's adapter methods call each other, each taking the read lock.
use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread;
use std::time::Duration;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct EpochId(u64);

#[derive(Clone, Debug)]
pub struct EpochInfo {
    protocol_version: u32,
}

#[derive(Clone, Debug)]
pub struct EpochConfig {
    shards: u32,
}

pub struct AllEpochConfig {
    base_shards: u32,
}

impl AllEpochConfig {
    fn for_protocol_version(&self, version: u32) -> EpochConfig {
        EpochConfig { shards: self.base_shards + version }
    }
}

pub struct EpochManager {
    config: AllEpochConfig,
    epochs: HashMap<EpochId, EpochInfo>,
}

impl EpochManager {
    fn get_epoch_info(&self, epoch_id: &EpochId) -> Result<EpochInfo, String> {
        self.epochs.get(epoch_id).cloned().ok_or_else(|| format!("{epoch_id:?} missing"))
    }

    fn add_validator_proposals(&mut self, epoch_id: EpochId, version: u32) {
        self.epochs.insert(epoch_id, EpochInfo { protocol_version: version });
    }
}

#[derive(Clone)]
pub struct EpochManagerHandle {
    inner: Arc<RwLock<EpochManager>>,
}

impl EpochManagerHandle {
    pub fn read(&self) -> RwLockReadGuard<'_, EpochManager> {
        self.inner.read().unwrap()
    }

    pub fn write(&self) -> RwLockWriteGuard<'_, EpochManager> {
        self.inner.write().unwrap()
    }
}

pub trait EpochManagerAdapter: Send + Sync {
    fn get_epoch_info(&self, epoch_id: &EpochId) -> Result<EpochInfo, String>;
    fn get_epoch_config(&self, epoch_id: &EpochId) -> Result<EpochConfig, String>;
}

impl EpochManagerAdapter for EpochManagerHandle {
    fn get_epoch_info(&self, epoch_id: &EpochId) -> Result<EpochInfo, String> {
        let epoch_manager = self.read();
        epoch_manager.get_epoch_info(epoch_id)
    }

    fn get_epoch_config(&self, epoch_id: &EpochId) -> Result<EpochConfig, String> {
        let epoch_manager = self.read();
        thread::sleep(Duration::from_millis(50));
        let protocol_version = self.get_epoch_info(epoch_id)?.protocol_version;
        Ok(epoch_manager.config.for_protocol_version(protocol_version))
    }
}

fn main() {
    let mut epochs = HashMap::new();
    epochs.insert(EpochId(1), EpochInfo { protocol_version: 70 });
    let handle = EpochManagerHandle {
        inner: Arc::new(RwLock::new(EpochManager { config: AllEpochConfig { base_shards: 4 }, epochs })),
    };
    let writer = handle.clone();
    let chain = thread::spawn(move || {
        thread::sleep(Duration::from_millis(10));
        writer.write().add_validator_proposals(EpochId(2), 71);
    });
    let config = handle.get_epoch_config(&EpochId(1)).unwrap();
    println!("shards: {}", config.shards);
    chain.join().unwrap();
}
