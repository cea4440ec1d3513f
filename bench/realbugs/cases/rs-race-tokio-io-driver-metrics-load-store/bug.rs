// tokio: tokio/src/runtime/metrics/io.rs (+ the I/O driver handle that updates it)
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub(crate) struct IoDriverMetrics {
    pub(crate) fd_registered_count: AtomicU64,
    pub(crate) fd_deregistered_count: AtomicU64,
    pub(crate) ready_count: AtomicU64,
}

impl IoDriverMetrics {
    pub(crate) fn incr_fd_count(&self) {
        let prev = self.fd_registered_count.load(Relaxed);
        let new = prev.wrapping_add(1);
        self.fd_registered_count.store(new, Relaxed);
    }

    pub(crate) fn dec_fd_count(&self) {
        let prev = self.fd_deregistered_count.load(Relaxed);
        let new = prev.wrapping_add(1);
        self.fd_deregistered_count.store(new, Relaxed);
    }

    pub(crate) fn incr_ready_count_by(&self, amt: u64) {
        let prev = self.ready_count.load(Relaxed);
        let new = prev.wrapping_add(amt);
        self.ready_count.store(new, Relaxed);
    }
}

pub struct Handle {
    registrations: Mutex<HashMap<usize, String>>,
    next_token: AtomicUsize,
    pub(crate) metrics: IoDriverMetrics,
}

impl Handle {
    /// Called from any thread that creates a TcpStream/UdpSocket on this runtime.
    pub(crate) fn add_source(&self, name: &str) -> usize {
        let token = self.next_token.fetch_add(1, Relaxed);
        self.registrations.lock().unwrap().insert(token, name.to_string());
        self.metrics.incr_fd_count();
        token
    }

    /// Called from any thread that drops an I/O resource.
    pub(crate) fn deregister_source(&self, token: usize) {
        if self.registrations.lock().unwrap().remove(&token).is_some() {
            self.metrics.dec_fd_count();
        }
    }

    /// Called by the thread currently driving the reactor.
    pub(crate) fn turn(&self, ready: &[usize]) {
        self.metrics.incr_ready_count_by(ready.len() as u64);
    }
}

pub struct RuntimeMetrics {
    handle: Arc<Handle>,
}

impl RuntimeMetrics {
    pub fn io_driver_fd_registered_count(&self) -> u64 {
        self.handle.metrics.fd_registered_count.load(Relaxed)
    }

    pub fn io_driver_fd_deregistered_count(&self) -> u64 {
        self.handle.metrics.fd_deregistered_count.load(Relaxed)
    }

    pub fn io_driver_ready_count(&self) -> u64 {
        self.handle.metrics.ready_count.load(Relaxed)
    }
}

pub fn spawn_registrations(handle: Arc<Handle>, workers: usize) {
    let threads: Vec<_> = (0..workers)
        .map(|i| {
            let handle = Arc::clone(&handle);
            std::thread::spawn(move || {
                let token = handle.add_source(&format!("conn-{}", i));
                handle.turn(&[token]);
                handle.deregister_source(token);
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}
