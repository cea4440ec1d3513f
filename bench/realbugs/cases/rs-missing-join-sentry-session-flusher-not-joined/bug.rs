// Reduction of sentry-core/src/session.rs (SessionFlusher) and client.rs
// (Client::close) before PR #326.
use std::sync::{Arc, Condvar, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

type Envelope = Vec<String>;

struct Transport {
    sent: Mutex<Vec<Envelope>>,
}

impl Transport {
    fn send_envelope(&self, envelope: Envelope) {
        self.sent.lock().unwrap().push(envelope);
    }
}

struct SessionFlusher {
    queue: Arc<Mutex<Vec<String>>>,
    shutdown: Arc<(Mutex<bool>, Condvar)>,
    worker: Option<JoinHandle<()>>,
}

impl SessionFlusher {
    fn new(transport: Arc<Transport>) -> Self {
        let queue = Arc::new(Mutex::new(Vec::new()));
        let shutdown = Arc::new((Mutex::new(false), Condvar::new()));
        let (q, s) = (queue.clone(), shutdown.clone());
        let worker = thread::Builder::new()
            .name("sentry-session-flusher".into())
            .spawn(move || {
                let (lock, cvar) = &*s;
                let mut done = lock.lock().unwrap();
                loop {
                    let batch: Vec<String> = std::mem::take(&mut *q.lock().unwrap());
                    if !batch.is_empty() {
                        transport.send_envelope(batch);
                    }
                    if *done {
                        return;
                    }
                    done = cvar.wait_timeout(done, Duration::from_secs(60)).unwrap().0;
                }
            })
            .unwrap();
        SessionFlusher { queue, shutdown, worker: Some(worker) }
    }

    fn enqueue(&self, update: String) {
        self.queue.lock().unwrap().push(update);
    }
}

struct Client {
    transport: Arc<Transport>,
    session_flusher: SessionFlusher,
}

impl Client {
    fn new() -> Client {
        let transport = Arc::new(Transport { sent: Mutex::new(Vec::new()) });
        let session_flusher = SessionFlusher::new(transport.clone());
        Client { transport, session_flusher }
    }

    fn close(&self) -> bool {
        // Only the transport is flushed; the flusher thread keeps its queued
        // session updates and is never told to stop or joined.
        !self.transport.sent.lock().unwrap().is_empty()
    }
}

fn main() {
    let client = Client::new();
    for i in 0..10 {
        client.session_flusher.enqueue(format!("session-update-{i}"));
    }
    client.close();
    // Process exits: queued session updates are lost.
}
