// Reduced from Conflux-Chain/conflux-rust crates/dbs/storage/src/impls/storage_db/snapshot_db_manager_sqlite.rs
use log::debug;
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub type EpochId = [u8; 32];

#[derive(Debug)]
pub enum ErrorKind {
    SnapshotAlreadyExists,
    Msg(String),
}
pub type Result<T> = std::result::Result<T, ErrorKind>;

macro_rules! bail {
    ($e:expr) => {
        return Err(ErrorKind::Msg($e))
    };
}

pub struct SnapshotKvDbSqlite;
pub struct SnapshotMptDbSqlite;

pub struct SnapshotDbManagerSqlite {
    mpt_snapshot_path: PathBuf,
    open_create_delete_lock: Mutex<()>,
    already_open_snapshots: Arc<RwLock<HashMap<PathBuf, Option<()>>>>,
    latest_snapshot_id: RwLock<(EpochId, u64)>,
    era_epoch_count: u64,
}

impl SnapshotDbManagerSqlite {
    fn is_mpt_table_in_current_db_for_epoch(&self, epoch_height: u64) -> bool {
        epoch_height % self.era_epoch_count == 0
    }

    fn get_latest_mpt_snapshot_db_path(&self) -> PathBuf {
        self.mpt_snapshot_path.join("latest")
    }

    fn open_kv_snapshot_write(&self, snapshot_path: PathBuf) -> Result<SnapshotKvDbSqlite> {
        if self.already_open_snapshots.read().get(&snapshot_path).is_some() {
            return Err(ErrorKind::SnapshotAlreadyExists);
        }
        self.already_open_snapshots.write().insert(snapshot_path, None);
        Ok(SnapshotKvDbSqlite)
    }

    fn open_mpt_snapshot_write(
        &self, _snapshot_path: PathBuf, _create: bool, new_epoch_height: u64,
        new_snapshot_id: &EpochId,
    ) -> Result<SnapshotMptDbSqlite> {
        *self.latest_snapshot_id.write() = (new_snapshot_id.clone(), new_epoch_height);
        Ok(SnapshotMptDbSqlite)
    }

    pub fn open_snapshot_write(
        &self, snapshot_path: PathBuf, new_epoch_height: u64,
        mpt_snapshot_path: Option<PathBuf>, new_snapshot_id: &EpochId,
    ) -> Result<(SnapshotKvDbSqlite, Option<SnapshotMptDbSqlite>)> {
        let mut _open_lock = self.open_create_delete_lock.lock();

        let kv_db = self.open_kv_snapshot_write(snapshot_path)?;

        let mpt_table_in_current_db =
            self.is_mpt_table_in_current_db_for_epoch(new_epoch_height);
        let mpt_db: Option<SnapshotMptDbSqlite> = if !mpt_table_in_current_db {
            let (mpt_snapshot_path, create_mpt) = match mpt_snapshot_path {
                Some(v) => (v, true),
                _ => {
                    let (latest_snapshot_id, latest_height) =
                        self.latest_snapshot_id.read().clone();
                    debug!(
                        "new_epoch_height {}, latest_snapshot_id {:?} {}",
                        new_epoch_height, latest_snapshot_id, latest_height
                    );
                    if new_epoch_height <= latest_height {
                        bail!(format!(
                            "Try to write an old snapshot {}, {}",
                            new_epoch_height, latest_height
                        ))
                    }

                    (self.get_latest_mpt_snapshot_db_path(), false)
                }
            };

            Some(self.open_mpt_snapshot_write(
                mpt_snapshot_path,
                create_mpt,
                new_epoch_height,
                new_snapshot_id,
            )?)
        } else {
            None
        };

        Ok((kv_db, mpt_db))
    }
}
