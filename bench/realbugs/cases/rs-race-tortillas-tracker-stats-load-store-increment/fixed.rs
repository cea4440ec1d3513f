//! tortillas: reduction of crates/libtortillas/src/tracker/mod.rs.
//! Every tracker announce updates shared TrackerStats counters; several
//! announce loops (one per tracker) run concurrently.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Default)]
pub struct TrackerStats {
    announce_attempts: AtomicUsize,
    announce_successes: AtomicUsize,
    total_peers_received: AtomicUsize,
}

impl TrackerStats {
    pub fn get_announce_attempts(&self) -> usize {
        self.announce_attempts.load(Ordering::Acquire)
    }

    pub fn get_total_peers_received(&self) -> usize {
        self.total_peers_received.load(Ordering::Acquire)
    }

    pub fn increment_announce_attempts(&self) {
        self.announce_attempts.fetch_add(1, Ordering::AcqRel);
    }

    pub fn increment_announce_successes(&self) {
        self.announce_successes.fetch_add(1, Ordering::AcqRel);
    }

    pub fn increment_total_peers_received(&self, value: usize) {
        self.total_peers_received.fetch_add(value, Ordering::AcqRel);
    }
}

fn announce_loop(stats: Arc<TrackerStats>, rounds: usize) {
    for _ in 0..rounds {
        stats.increment_announce_attempts();
        // pretend the tracker answered with 5 peers
        stats.increment_announce_successes();
        stats.increment_total_peers_received(5);
    }
}

fn main() {
    let stats = Arc::new(TrackerStats::default());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let stats = Arc::clone(&stats);
            thread::spawn(move || announce_loop(stats, 100_000))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!(
        "attempts={} (expected 400000), peers={} (expected 2000000)",
        stats.get_announce_attempts(),
        stats.get_total_peers_received()
    );
}
