// Reduced from slide-rs/pulse src/barrier.rs
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

pub struct Barrier {
    count: AtomicUsize,
    waiters: Mutex<Vec<usize>>,
    cvar: Condvar,
}

impl Barrier {
    pub fn new(n: usize) -> Barrier {
        Barrier { count: AtomicUsize::new(n), waiters: Mutex::new(Vec::new()), cvar: Condvar::new() }
    }

    /// Called by each participant when it arrives; the last one releases all.
    pub fn arrive(&self, id: usize) {
        let mut waiters = self.waiters.lock().unwrap();
        let remaining = self.count.load(Ordering::SeqCst);
        self.count.store(remaining - 1, Ordering::SeqCst);
        if remaining == 1 {
            waiters.clear();
            self.cvar.notify_all();
            return;
        }
        waiters.push(id);
        while !waiters.is_empty() && waiters.contains(&id) {
            waiters = self.cvar.wait(waiters).unwrap();
        }
    }
}

fn main() {
    let n = 8;
    let barrier = Arc::new(Barrier::new(n));
    let handles: Vec<_> = (0..n)
        .map(|id| {
            let b = barrier.clone();
            thread::spawn(move || {
                b.arrive(id);
                println!("{id} passed the barrier");
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
