use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GreeksRecalcTrigger {
    PriceChange,
    VolChange,
    TimeDecay,
    Manual,
}

#[derive(Debug, Clone)]
pub struct GreeksUpdate {
    pub strike: u64,
    pub call_delta: f64,
    pub put_delta: f64,
    pub trigger: GreeksRecalcTrigger,
    pub timestamp_ns: u64,
}

/// Callback invoked when Greeks are updated.
pub type GreeksUpdateListener = Arc<dyn Fn(&GreeksUpdate) + Send + Sync>;

pub struct GreeksEngine {
    listeners: Mutex<Vec<GreeksUpdateListener>>,
    last_recalc_ns: AtomicU64,
    throttle_interval_ns: u64,
}

fn now_ns() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0)
}

impl GreeksEngine {
    pub fn with_throttle(throttle: Duration) -> Self {
        Self { listeners: Mutex::new(Vec::new()), last_recalc_ns: AtomicU64::new(0), throttle_interval_ns: throttle.as_nanos() as u64 }
    }

    /// Registers a listener for Greeks update notifications.
    pub fn subscribe(&self, listener: GreeksUpdateListener) {
        let mut listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
        listeners.push(listener);
    }

    fn notify_listeners(&self, update: &GreeksUpdate) {
        // Snapshot under the lock (cheap Arc clones), then call the listeners with it released.
        let snapshot: Vec<GreeksUpdateListener> = {
            let listeners = self.listeners.lock().unwrap_or_else(PoisonError::into_inner);
            listeners.iter().cloned().collect()
        };
        for listener in &snapshot {
            listener(update);
        }
    }

    /// Records the current timestamp and notifies listeners.
    pub fn record_and_notify(&self, strike: u64, call_delta: f64, put_delta: f64, trigger: GreeksRecalcTrigger) {
        let now_ns = now_ns();
        self.last_recalc_ns.store(now_ns, Ordering::Release);
        let update = GreeksUpdate { strike, call_delta, put_delta, trigger, timestamp_ns: now_ns };
        self.notify_listeners(&update);
    }

    /// Checks if enough time has passed since the last recalculation.
    pub fn can_recalculate(&self) -> bool {
        let last = self.last_recalc_ns.load(Ordering::Acquire);
        now_ns().saturating_sub(last) >= self.throttle_interval_ns
    }
}

fn main() {
    let engine = Arc::new(GreeksEngine::with_throttle(Duration::from_millis(100)));
    // The quoting layer subscribes a hedger the first time Greeks for a strike arrive.
    let weak = Arc::downgrade(&engine);
    engine.subscribe(Arc::new(move |update: &GreeksUpdate| {
        println!("Greeks updated for strike {}", update.strike);
        if let Some(engine) = weak.upgrade() {
            engine.subscribe(Arc::new(|u: &GreeksUpdate| println!("hedger: delta {:.3}", u.call_delta)));
        }
    }));
    let (tx, rx) = std::sync::mpsc::channel();
    let e = engine.clone();
    thread::spawn(move || {
        e.record_and_notify(50_000, 0.52, -0.48, GreeksRecalcTrigger::Manual);
        tx.send(()).unwrap();
    });
    match rx.recv_timeout(Duration::from_secs(2)) {
        Ok(()) => println!("recalculated; can recalculate again: {}", engine.can_recalculate()),
        Err(_) => println!("deadlocked: listener re-entered subscribe() under the listeners lock"),
    }
}
