use std::collections::BTreeMap;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use parking_lot::RwLock;

#[derive(Default)]
pub struct LocalVersion {
    max_committed_epoch: u64,
    shared_buffer: BTreeMap<u64, Vec<u8>>,
}

impl LocalVersion {
    pub fn max_committed_epoch(&self) -> u64 {
        self.max_committed_epoch
    }
}

pub struct LocalVersionManager {
    local_version: RwLock<LocalVersion>,
}

impl LocalVersionManager {
    pub fn new() -> Arc<Self> {
        Arc::new(Self { local_version: RwLock::new(LocalVersion::default()) })
    }

    fn notify_version_updated(&self, epoch: u64) -> bool {
        // called back on the same thread by the notifier
        let guard = self.local_version.read();
        guard.max_committed_epoch() >= epoch
    }

    pub fn read_filter(&self, epoch: u64) -> usize {
        let visible = {
            let local_version = self.local_version.read();
            local_version.shared_buffer.range(..=epoch).count()
        };
        thread::sleep(Duration::from_millis(20));
        if self.notify_version_updated(epoch) {
            return 0;
        }
        visible
    }

    pub fn try_update_pinned_version(&self, epoch: u64, data: Vec<u8>) {
        let mut local_version = self.local_version.write();
        local_version.max_committed_epoch = epoch;
        local_version.shared_buffer.insert(epoch, data);
    }
}

fn main() {
    let manager = LocalVersionManager::new();
    let reader = {
        let m = manager.clone();
        thread::spawn(move || {
            for e in 0..50 {
                m.read_filter(e);
            }
        })
    };
    let writer = {
        let m = manager.clone();
        thread::spawn(move || {
            for e in 0..50 {
                m.try_update_pinned_version(e, vec![e as u8]);
                thread::sleep(Duration::from_millis(5));
            }
        })
    };
    reader.join().unwrap();
    writer.join().unwrap();
}
