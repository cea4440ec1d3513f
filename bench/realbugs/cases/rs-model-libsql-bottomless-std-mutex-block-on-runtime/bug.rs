use std::sync::{Arc, Mutex};

use tokio::sync::watch;

#[derive(Debug)]
pub struct Error(i32);
const SQLITE_BUSY: i32 = 5;
const SQLITE_IOERR_WRITE: i32 = 778;

pub struct Replicator {
    last_sent_frame_no: u32,
    flush_trigger: watch::Sender<()>,
    last_committed_frame_no: watch::Receiver<u32>,
}

impl Replicator {
    pub fn new(flush_trigger: watch::Sender<()>, committed: watch::Receiver<u32>) -> Self {
        Replicator { last_sent_frame_no: 0, flush_trigger, last_committed_frame_no: committed }
    }

    pub fn submit_frames(&mut self, frame_count: u32) {
        self.last_sent_frame_no += frame_count;
    }

    pub fn last_known_frame(&self) -> u32 {
        self.last_sent_frame_no
    }

    pub fn request_flush(&self) {
        self.flush_trigger.send(()).ok();
    }

    /// Completes once the S3 uploader task (running on the tokio runtime) confirms the frames.
    pub async fn wait_until_committed(&mut self, frame_no: u32) -> Result<u32, watch::error::RecvError> {
        let res = self.last_committed_frame_no.wait_for(|committed| *committed >= frame_no).await?;
        Ok(*res)
    }

    pub async fn shutdown_gracefully(&mut self) {
        self.request_flush();
        let last = self.last_known_frame();
        self.wait_until_committed(last).await.ok();
    }
}

#[derive(Clone)]
pub struct CreateBottomlessWal {
    replicator: Arc<Mutex<Option<Replicator>>>,
}

impl CreateBottomlessWal {
    pub fn new(replicator: Replicator) -> Self {
        Self { replicator: Arc::new(Mutex::new(Some(replicator))) }
    }

    pub fn shutdown(&self) -> Option<Replicator> {
        self.replicator.lock().unwrap().take()
    }

    pub fn open(&self) -> BottomlessWal {
        BottomlessWal { replicator: self.replicator.clone() }
    }
}

pub struct BottomlessWal {
    replicator: Arc<Mutex<Option<Replicator>>>,
}

impl BottomlessWal {
    fn try_with_replicator<Ret>(&self, f: impl FnOnce(&mut Replicator) -> Ret) -> Result<Ret, Error> {
        let mut lock = self.replicator.lock().unwrap();
        match &mut *lock {
            Some(replicator) => Ok(f(replicator)),
            None => Err(Error(SQLITE_IOERR_WRITE)),
        }
    }

    pub fn insert_frames(&mut self, frame_count: u32) -> Result<(), Error> {
        self.try_with_replicator(|replicator| replicator.submit_frames(frame_count))
    }

    /// Called by libSQL on the connection's blocking thread.
    pub fn checkpoint(&mut self) -> Result<(), Error> {
        #[allow(clippy::await_holding_lock)]
        // uncontended -> only gets called under a libSQL write lock
        {
            let runtime = tokio::runtime::Handle::current();
            self.try_with_replicator(|replicator| {
                let last_known_frame = replicator.last_known_frame();
                replicator.request_flush();
                if last_known_frame == 0 {
                    return Err(Error(SQLITE_BUSY));
                }
                if runtime.block_on(replicator.wait_until_committed(last_known_frame)).is_err() {
                    return Err(Error(SQLITE_IOERR_WRITE));
                }
                Ok(())
            })??;
        }
        Ok(())
    }
}

/// Namespace teardown, running as a task on a tokio worker thread.
pub async fn destroy_namespace(bottomless: CreateBottomlessWal) {
    if let Some(mut replicator) = bottomless.shutdown() {
        replicator.shutdown_gracefully().await;
    }
}

pub fn checkpoint_while_destroying(bottomless: CreateBottomlessWal, runtime: tokio::runtime::Handle) {
    let mut wal = bottomless.open();
    let _enter = runtime.enter();
    let conn = std::thread::spawn(move || {
        wal.insert_frames(3).ok();
        wal.checkpoint()
    });
    runtime.spawn(destroy_namespace(bottomless));
    conn.join().unwrap().ok();
}
