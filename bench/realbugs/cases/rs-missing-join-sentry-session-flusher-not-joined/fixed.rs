// Reduction of sentry-core/src/session.rs (SessionFlusher) and client.rs
// (Client::close) after PR #326: close() stops and joins the flusher.
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

    fn shutdown(&mut self) {
        {
            let (lock, cvar) = &*self.shutdown;
            *lock.lock().unwrap() = true;
            cvar.notify_one();
        }
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

struct Client {
    transport: Arc<Transport>,
    session_flusher: Mutex<Option<SessionFlusher>>,
}

impl Client {
    fn new() -> Client {
        let transport = Arc::new(Transport { sent: Mutex::new(Vec::new()) });
        let session_flusher = SessionFlusher::new(transport.clone());
        Client { transport, session_flusher: Mutex::new(Some(session_flusher)) }
    }

    fn enqueue_session_update(&self, update: String) {
        if let Some(flusher) = self.session_flusher.lock().unwrap().as_ref() {
            flusher.enqueue(update);
        }
    }

    fn close(&self) -> bool {
        // Explicitly stop and join the flusher so its last batch is sent
        // before the transport is checked.
        if let Some(mut flusher) = self.session_flusher.lock().unwrap().take() {
            flusher.shutdown();
        }
        !self.transport.sent.lock().unwrap().is_empty()
    }
}

fn main() {
    let client = Client::new();
    for i in 0..10 {
        client.enqueue_session_update(format!("session-update-{i}"));
    }
    client.close();
    // The flusher has been joined: all session updates were sent.
}
