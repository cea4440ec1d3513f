//! neon pageserver: reduction of pageserver/src/remote_storage/storage_sync/upload.rs
//! (upload_timeline_checkpoint) and storage_sync.rs (fetch_full_index).
//! The remote index is a tokio RwLock shared by the sync loop's upload and download tasks.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use tokio::sync::RwLock;

pub type ZTenantTimelineId = (u64, u64);

#[derive(Debug, Clone, Default)]
pub struct RemoteTimeline {
    checkpoints: BTreeSet<u64>,
    files: BTreeSet<String>,
}

impl RemoteTimeline {
    pub fn empty() -> Self {
        Self::default()
    }
    pub fn contains_checkpoint_at(&self, lsn: u64) -> bool {
        self.checkpoints.contains(&lsn)
    }
    pub fn update_archive_contents(&mut self, lsn: u64, files: Vec<String>) {
        self.checkpoints.insert(lsn);
        self.files.extend(files);
    }
}

#[derive(Debug, Clone)]
pub enum TimelineIndexEntryInner {
    Description(BTreeMap<u64, String>),
    Full(RemoteTimeline),
}

#[derive(Debug, Clone)]
pub struct TimelineIndexEntry(TimelineIndexEntryInner);

impl TimelineIndexEntry {
    pub fn inner(&self) -> &TimelineIndexEntryInner {
        &self.0
    }
}

#[derive(Debug, Default)]
pub struct RemoteTimelineIndex {
    timeline_entries: HashMap<ZTenantTimelineId, TimelineIndexEntry>,
}

impl RemoteTimelineIndex {
    pub fn timeline_entry(&self, id: &ZTenantTimelineId) -> Option<&TimelineIndexEntry> {
        self.timeline_entries.get(id)
    }
    pub fn upgrade_timeline_entry(&mut self, id: &ZTenantTimelineId, remote_timeline: RemoteTimeline) {
        self.timeline_entries.insert(*id, TimelineIndexEntry(TimelineIndexEntryInner::Full(remote_timeline)));
    }
}

pub type RemoteIndex = Arc<RwLock<RemoteTimelineIndex>>;

pub struct NewCheckpoint {
    pub lsn: u64,
    pub layers: Vec<String>,
}

async fn fetch_full_index(index: &RemoteIndex, id: ZTenantTimelineId) -> Result<RemoteTimeline, String> {
    let index_read = index.read().await;
    let full_index = match index_read.timeline_entry(&id).map(|e| e.inner()) {
        None => return Err(format!("Timeline not found for sync id {:?}", id)),
        Some(TimelineIndexEntryInner::Full(_)) => {
            return Err(format!("Index is already populated for sync id {:?}", id))
        }
        Some(TimelineIndexEntryInner::Description(description)) => {
            let mut full_index = RemoteTimeline::empty();
            for (lsn, archive_name) in description {
                // download_archive_header(storage, timeline_dir, description).await
                tokio::task::yield_now().await;
                full_index.update_archive_contents(*lsn, vec![archive_name.clone()]);
            }
            full_index
        }
    };
    drop(index_read); // tokio rw lock is not upgradeable
    let mut index_write = index.write().await;
    index_write.upgrade_timeline_entry(&id, full_index.clone());
    Ok(full_index)
}

/// Attempts to compress and upload given checkpoint files.
pub async fn upload_timeline_checkpoint(
    index: RemoteIndex,
    sync_id: ZTenantTimelineId,
    new_checkpoint: NewCheckpoint,
) -> Option<bool> {
    let timeline_entry = index.read().await.timeline_entry(&sync_id).cloned();
    let remote_timeline = match timeline_entry.as_ref() {
        None => None,
        Some(entry) => match entry.inner() {
            TimelineIndexEntryInner::Full(remote_timeline) => Some(Cow::Borrowed(remote_timeline)),
            TimelineIndexEntryInner::Description(_) => {
                match fetch_full_index(&index, sync_id).await {
                    Ok(remote_timeline) => Some(Cow::Owned(remote_timeline)),
                    Err(_) => return Some(false),
                }
            }
        },
    };

    let already_contains_upload_lsn = remote_timeline
        .as_ref()
        .map(|remote_timeline| remote_timeline.contains_checkpoint_at(new_checkpoint.lsn))
        .unwrap_or(false);
    if already_contains_upload_lsn {
        return None;
    }

    // try_upload_checkpoint(...).await
    let mut index_write = index.write().await;
    let mut timeline = RemoteTimeline::empty();
    timeline.update_archive_contents(new_checkpoint.lsn, new_checkpoint.layers);
    index_write.upgrade_timeline_entry(&sync_id, timeline);
    Some(true)
}

#[tokio::main]
async fn main() {
    // after a restart the index only holds descriptions parsed from remote paths
    let mut index = RemoteTimelineIndex::default();
    let sync_id = (1, 1);
    let description = BTreeMap::from([(0x10, "00000010.zst".to_string())]);
    index.timeline_entries.insert(sync_id, TimelineIndexEntry(TimelineIndexEntryInner::Description(description)));
    let index: RemoteIndex = Arc::new(RwLock::new(index));

    let upload = upload_timeline_checkpoint(index, sync_id, NewCheckpoint { lsn: 0x20, layers: vec!["b".into()] });
    match tokio::time::timeout(std::time::Duration::from_secs(2), upload).await {
        Ok(res) => println!("upload finished: {:?}", res),
        Err(_) => println!("upload_timeline_checkpoint hung waiting for the index write lock"),
    }
}
