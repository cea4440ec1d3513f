//! tracing-appender 0.1: reduction of src/non_blocking.rs and src/worker.rs.
//! NonBlocking writers send log lines over a crossbeam channel to a worker
//! thread; the WorkerGuard stops and joins the worker when dropped.

use crossbeam_channel::{bounded, Receiver, Sender};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

#[derive(Clone)]
pub struct NonBlocking {
    channel: Sender<Vec<u8>>,
}

impl NonBlocking {
    pub fn write_line(&self, line: &str) {
        let _ = self.channel.send(line.as_bytes().to_vec());
    }
}

pub struct WorkerGuard {
    guard: Option<JoinHandle<()>>,
    shutdown_signal: Arc<AtomicBool>,
}

struct Worker<W: Write> {
    writer: W,
    receiver: Receiver<Vec<u8>>,
    shutdown: Arc<AtomicBool>,
}

impl<W: Write + Send + 'static> Worker<W> {
    fn work(&mut self) {
        while !self.shutdown.load(Ordering::Relaxed) {
            match self.receiver.recv() {
                Ok(msg) => {
                    let _ = self.writer.write_all(&msg);
                }
                Err(_) => break, // all senders gone
            }
        }
        let _ = self.writer.flush();
    }

    fn worker_thread(mut self) -> JoinHandle<()> {
        thread::Builder::new()
            .name("tracing-appender".to_string())
            .spawn(move || self.work())
            .expect("failed to spawn `tracing-appender` non-blocking worker thread")
    }
}

pub fn non_blocking<W: Write + Send + 'static>(writer: W) -> (NonBlocking, WorkerGuard) {
    let (sender, receiver) = bounded(128_000);
    let shutdown = Arc::new(AtomicBool::new(false));
    let worker = Worker { writer, receiver, shutdown: shutdown.clone() };
    let guard = WorkerGuard { guard: Some(worker.worker_thread()), shutdown_signal: shutdown };
    (NonBlocking { channel: sender }, guard)
}

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        self.shutdown_signal.store(true, Ordering::Relaxed);
        if let Some(handle) = self.guard.take() {
            // the worker is parked in recv(): the flag is never re-checked
            if let Err(e) = handle.join() {
                println!("Failed to join worker thread. Error: {:?}", e);
            }
        }
    }
}

fn main() {
    let (writer, guard) = non_blocking(std::io::stdout());
    writer.write_line("starting up\n");
    writer.write_line("shutting down\n");
    drop(guard); // `writer` (a Sender clone) is still alive here
    println!("guard dropped");
}
