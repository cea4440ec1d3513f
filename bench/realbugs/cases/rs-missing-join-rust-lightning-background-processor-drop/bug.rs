use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub trait Persister: Send + Sync {
    fn persist_manager(&self, manager: &ChannelManager) -> Result<(), std::io::Error>;
}

#[derive(Default)]
pub struct ChannelManager {
    pending_updates: Mutex<u32>,
}

impl ChannelManager {
    pub fn await_persistable_update_timeout(&self, max_wait: Duration) -> bool {
        thread::sleep(max_wait);
        *self.pending_updates.lock().unwrap() > 0
    }
    pub fn timer_tick_occurred(&self) {}
}

const FRESHNESS_TIMER: u64 = 60;

/// BackgroundProcessor takes care of tasks that (1) need to happen periodically to keep
/// Rust-Lightning running properly, and (2) either can or should be run in the background.
pub struct BackgroundProcessor {
    stop_thread: Arc<AtomicBool>,
    /// May be used to retrieve and handle the error if `BackgroundProcessor`'s thread
    /// exits due to an error while persisting.
    pub thread_handle: JoinHandle<Result<(), std::io::Error>>,
}

impl BackgroundProcessor {
    pub fn start<PM: 'static + Persister>(persister: PM, channel_manager: Arc<ChannelManager>) -> Self {
        let stop_thread = Arc::new(AtomicBool::new(false));
        let stop_thread_clone = stop_thread.clone();
        let handle = thread::spawn(move || -> Result<(), std::io::Error> {
            let mut current_time = Instant::now();
            loop {
                let updates_available =
                    channel_manager.await_persistable_update_timeout(Duration::from_millis(100));
                if updates_available {
                    persister.persist_manager(&*channel_manager)?;
                }
                // Exit the loop if the background processor was requested to stop.
                if stop_thread.load(Ordering::Acquire) == true {
                    break;
                }
                if current_time.elapsed().as_secs() > FRESHNESS_TIMER {
                    channel_manager.timer_tick_occurred();
                    current_time = Instant::now();
                }
            }
            // Persist the ChannelManager one final time before exiting.
            persister.persist_manager(&*channel_manager)
        });
        Self { stop_thread: stop_thread_clone, thread_handle: handle }
    }

    /// Stop `BackgroundProcessor`'s thread.
    pub fn stop(self) -> Result<(), std::io::Error> {
        self.stop_thread.store(true, Ordering::Release);
        self.thread_handle.join().unwrap()
    }
}

struct FilesystemPersister;

impl Persister for FilesystemPersister {
    fn persist_manager(&self, _manager: &ChannelManager) -> Result<(), std::io::Error> {
        Ok(())
    }
}

// Language bindings (and many users) just drop the processor on shutdown: the
// thread keeps running, still holding the ChannelManager and the persister.
pub fn node_lifecycle() {
    let manager = Arc::new(ChannelManager::default());
    let bg_processor = BackgroundProcessor::start(FilesystemPersister, manager);
    drop(bg_processor);
}
