// turso core/storage/wal.rs WalFile::read_frame (reduced, 2025).
use parking_lot::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub struct Buffer(Vec<u8>);

pub type Complete = Box<dyn Fn(Arc<Buffer>, i32)>;

pub trait File {
    /// With the synchronous / io_uring-inline backends the completion can run
    /// on the calling thread before `pread` returns.
    fn pread(&self, pos: usize, len: usize, c: Complete) -> Result<(), String>;
}

pub struct PageRef {
    id: usize,
    wal_tag: AtomicU64,
}

impl PageRef {
    fn set_locked(&self) {}
    fn set_wal_tag(&self, frame_id: u64, epoch: u64) {
        self.wal_tag.store(frame_id << 32 | epoch, Ordering::Release);
    }
}

pub struct WalFileShared {
    pub file: Option<Arc<dyn File>>,
    pub epoch: AtomicU64,
    pub max_frame: AtomicU64,
}

pub struct WalFile {
    shared: Arc<RwLock<WalFileShared>>,
    page_size: usize,
}

fn finish_read_page(page_idx: usize, _buf: Arc<Buffer>, _page: &PageRef) {
    let _ = page_idx;
}

fn begin_read_wal_frame(io: &Arc<dyn File>, offset: usize, len: usize, c: Complete) -> Result<(), String> {
    io.pread(offset, len, c)
}

impl WalFile {
    fn frame_offset(&self, frame_id: u64) -> usize {
        32 + (frame_id as usize - 1) * (24 + self.page_size)
    }

    fn get_shared(&self) -> parking_lot::RwLockReadGuard<'_, WalFileShared> {
        self.shared.read()
    }

    pub fn read_frame(&self, frame_id: u64, page: Arc<PageRef>) -> Result<(), String> {
        let offset = self.frame_offset(frame_id);
        page.set_locked();
        let frame = page.clone();
        let shared_file = self.shared.clone();
        let complete = Box::new(move |buf: Arc<Buffer>, _bytes_read: i32| {
            finish_read_page(frame.id, buf, &frame);
            let epoch = shared_file.read().epoch.load(Ordering::Acquire);
            frame.set_wal_tag(frame_id, epoch);
        });
        let shared = self.get_shared();
        begin_read_wal_frame(shared.file.as_ref().unwrap(), offset + 24, self.page_size, complete)
    }

    /// Checkpoint / restart path on another connection's thread.
    pub fn restart_log(&self) {
        let shared = self.shared.write();
        shared.epoch.fetch_add(1, Ordering::AcqRel);
        shared.max_frame.store(0, Ordering::Release);
    }
}
