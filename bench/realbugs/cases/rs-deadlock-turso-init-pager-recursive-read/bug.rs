//! Reduction of turso core `Database::init_pager` / `WalFile::new` (tursodatabase/turso#4509).
use parking_lot::RwLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

pub struct WalFileShared {
    pub enabled: AtomicBool,
    pub max_frame: AtomicU64,
    pub last_checksum: (u32, u32),
    pub page_size: u32,
}

impl WalFileShared {
    pub fn last_checksum_and_max_frame(&self) -> ((u32, u32), u64) {
        (self.last_checksum, self.max_frame.load(Ordering::Acquire))
    }
}

pub struct WalFile {
    shared: Arc<RwLock<WalFileShared>>,
    last_checksum: (u32, u32),
    max_frame: u64,
}

impl WalFile {
    pub fn new(shared: Arc<RwLock<WalFileShared>>, buffer_pool: Arc<Vec<u8>>) -> Self {
        let _ = buffer_pool;
        let (last_checksum, max_frame) = shared.read().last_checksum_and_max_frame();
        Self { shared, last_checksum, max_frame }
    }

    pub fn max_frame(&self) -> u64 {
        self.max_frame
    }
}

pub struct Pager {
    pub wal: Option<Arc<WalFile>>,
    pub page_size: u32,
}

pub struct Database {
    shared_wal: Arc<RwLock<WalFileShared>>,
}

impl Database {
    fn init_pager(&self, requested_page_size: Option<usize>) -> Pager {
        // Check if WAL is enabled
        let shared_wal = self.shared_wal.read();
        let page_size = requested_page_size
            .map(|s| s as u32)
            .unwrap_or(shared_wal.page_size);
        let buffer_pool = Arc::new(Vec::with_capacity(page_size as usize));

        let pager_wal = if shared_wal.enabled.load(Ordering::SeqCst) {
            Some(Arc::new(WalFile::new(self.shared_wal.clone(), buffer_pool)))
        } else {
            None
        };
        Pager { wal: pager_wal, page_size }
    }

    /// Checkpoint path: another connection truncates the WAL under the write lock.
    pub fn truncate_wal(&self) {
        let mut shared = self.shared_wal.write();
        shared.max_frame.store(0, Ordering::Release);
        shared.last_checksum = (0, 0);
    }

    pub fn connect(self: &Arc<Self>) -> Pager {
        self.init_pager(None)
    }
}

pub fn open_and_checkpoint_concurrently(db: Arc<Database>) -> u64 {
    let checkpointer = {
        let db = db.clone();
        std::thread::spawn(move || {
            for _ in 0..1000 {
                db.truncate_wal();
            }
        })
    };
    let mut frames = 0;
    for _ in 0..1000 {
        frames += db.connect().wal.map(|w| w.max_frame()).unwrap_or(0);
    }
    checkpointer.join().unwrap();
    frames
}
