//! Reduction of litellm-rs' src/utils/sync/atomic_value.rs (AtomicValue) before #114 (issue #89).
use arc_swap::ArcSwap;
use std::sync::Arc;
use std::thread;

/// A lock-free, atomically replaceable value built on `ArcSwap`.
#[derive(Debug)]
pub struct AtomicValue<T> {
    inner: ArcSwap<T>,
}

impl<T> AtomicValue<T> {
    pub fn new(value: T) -> Self {
        Self { inner: ArcSwap::from_pointee(value) }
    }

    /// Get a snapshot of the current value.
    pub fn load(&self) -> Arc<T> {
        self.inner.load_full()
    }

    /// Replace the value.
    pub fn store(&self, value: T) {
        self.inner.store(Arc::new(value));
    }

    /// Update the value with a function of the old one. `rcu` retries the
    /// closure in a compare-and-swap loop until the write succeeds.
    pub fn update<F>(&self, f: F)
    where
        F: Fn(&T) -> T,
    {
        self.inner.rcu(|current| Arc::new(f(current)));
    }
}

#[derive(Clone, Debug, Default)]
pub struct ProviderStats {
    pub requests: u64,
    pub failures: u64,
}

/// The router records per-provider statistics from every request task.
pub struct ProviderHealth {
    stats: AtomicValue<ProviderStats>,
}

impl ProviderHealth {
    pub fn record(&self, ok: bool) {
        self.stats.update(|s| {
            let mut s = s.clone();
            s.requests += 1;
            if !ok {
                s.failures += 1;
            }
            s
        });
    }
}

fn main() {
    let health = Arc::new(ProviderHealth { stats: AtomicValue::new(ProviderStats::default()) });
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let health = health.clone();
            thread::spawn(move || {
                for i in 0..100 {
                    health.record(i % 7 != 0);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    // 1000: no update is lost
    println!("{}", health.stats.load().requests);
}
