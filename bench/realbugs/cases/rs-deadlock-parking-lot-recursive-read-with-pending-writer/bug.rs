// Reduced from the program in Amanieu/parking_lot#212
use parking_lot::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

struct Registry {
    entries: RwLock<Vec<u64>>,
}

impl Registry {
    fn len(&self) -> usize {
        self.entries.read().len()
    }

    fn reader_loop(&self, running: &AtomicBool) {
        while running.load(Ordering::SeqCst) {
            let _a = self.entries.read();
            // Second shared lock on the same thread: blocks behind a queued
            // writer, which itself waits for `_a`.
            let _b = self.entries.read();
        }
    }

    fn writer_loop(&self, running: &AtomicBool) {
        while running.load(Ordering::SeqCst) {
            let mut w = self.entries.write();
            w.push(w.len() as u64);
        }
    }
}

fn main() {
    let registry = Arc::new(Registry { entries: RwLock::new(Vec::new()) });
    let running = Arc::new(AtomicBool::new(true));

    let (r, run) = (registry.clone(), running.clone());
    let t0 = thread::spawn(move || r.reader_loop(&run));

    let (w, run) = (registry.clone(), running.clone());
    let t1 = thread::spawn(move || w.writer_loop(&run));

    thread::sleep(Duration::from_millis(1000));
    running.store(false, Ordering::SeqCst);
    t0.join().unwrap();
    t1.join().unwrap();
    println!("{} entries", registry.len());
}
