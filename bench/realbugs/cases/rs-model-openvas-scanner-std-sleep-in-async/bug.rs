use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Requested,
    Running,
    Succeeded,
}

#[derive(Default)]
pub struct Storage {
    status: RwLock<HashMap<String, Phase>>,
}

pub struct ScanScheduler {
    storage: Arc<Storage>,
    max_queued_scans: usize,
}

impl ScanScheduler {
    /// Moves requested scans to running and fetches results from the scanner.
    pub async fn sync_scans(&self) -> Result<(), String> {
        let mut status = self.storage.status.write().await;
        let mut started = 0;
        for phase in status.values_mut() {
            if *phase == Phase::Requested && started < self.max_queued_scans {
                *phase = Phase::Running;
                started += 1;
            }
        }
        Ok(())
    }
}

pub struct Context {
    pub scheduler: Arc<ScanScheduler>,
    pub check_interval: Duration,
}

pub fn run_scheduler(ctx: Arc<Context>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let check_interval = ctx.check_interval;
        tracing::debug!(?check_interval, "Starting scheduler loop");
        loop {
            if let Err(e) = ctx.scheduler.sync_scans().await {
                tracing::warn!(%e, "Scheduler error");
            }
            std::thread::sleep(check_interval);
        }
    })
}

#[tokio::main]
async fn main() {
    let ctx = Arc::new(Context {
        scheduler: Arc::new(ScanScheduler { storage: Arc::new(Storage::default()), max_queued_scans: 10 }),
        check_interval: Duration::from_secs(1),
    });
    let scheduler = run_scheduler(ctx.clone());
    // HTTP handlers share the same runtime; while the scheduler task sleeps
    // with std::thread::sleep its worker thread serves nothing.
    let _ = scheduler.await;
}
