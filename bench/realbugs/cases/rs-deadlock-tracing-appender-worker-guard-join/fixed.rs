//! tracing-appender 0.1: reduction of src/non_blocking.rs and src/worker.rs.
//! NonBlocking writers send log lines over a crossbeam channel to a worker
//! thread; the WorkerGuard stops and joins the worker when dropped.

use crossbeam_channel::{bounded, Receiver, Sender};
use std::io::Write;
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub enum Msg {
    Line(Vec<u8>),
    Shutdown,
}

#[derive(Clone)]
pub struct NonBlocking {
    channel: Sender<Msg>,
}

impl NonBlocking {
    pub fn write_line(&self, line: &str) {
        let _ = self.channel.send(Msg::Line(line.as_bytes().to_vec()));
    }
}

pub struct WorkerGuard {
    guard: Option<JoinHandle<()>>,
    sender: Sender<Msg>,
}

struct Worker<W: Write> {
    writer: W,
    receiver: Receiver<Msg>,
}

impl<W: Write + Send + 'static> Worker<W> {
    fn work(&mut self) {
        loop {
            match self.receiver.recv() {
                Ok(Msg::Line(msg)) => {
                    let _ = self.writer.write_all(&msg);
                }
                Ok(Msg::Shutdown) | Err(_) => break,
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
    let worker = Worker { writer, receiver };
    let guard = WorkerGuard { guard: Some(worker.worker_thread()), sender: sender.clone() };
    (NonBlocking { channel: sender }, guard)
}

impl Drop for WorkerGuard {
    fn drop(&mut self) {
        // wake the worker through the channel itself
        match self.sender.send_timeout(Msg::Shutdown, Duration::from_millis(100)) {
            Ok(_) => {
                if let Some(handle) = self.guard.take() {
                    if let Err(e) = handle.join() {
                        println!("Failed to join worker thread. Error: {:?}", e);
                    }
                }
            }
            Err(e) => println!("Failed to send shutdown signal to logging worker. Error: {:?}", e),
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
