// Reduction of nats 0.16 (sync client) Connection / ConnectionInner close path,
// with the fix for issue #300: close() joins the client thread.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

enum Event {
    Disconnected,
    Reconnected,
}

struct Options {
    reconnect_callback: Box<dyn Fn() + Send + 'static>,
    disconnect_callback: Box<dyn Fn() + Send + 'static>,
}

struct Connection {
    shutdown: Arc<AtomicBool>,
    events: Sender<Event>,
    client_thread: Option<thread::JoinHandle<()>>,
}

impl Connection {
    fn connect(options: Options) -> Connection {
        let shutdown = Arc::new(AtomicBool::new(false));
        let (events, rx): (Sender<Event>, Receiver<Event>) = channel();
        let flag = shutdown.clone();
        // Client thread: owns the callbacks (and whatever they captured).
        let client_thread = thread::spawn(move || {
            while !flag.load(Ordering::SeqCst) {
                match rx.recv_timeout(Duration::from_millis(50)) {
                    Ok(Event::Disconnected) => (options.disconnect_callback)(),
                    Ok(Event::Reconnected) => (options.reconnect_callback)(),
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            // Dropping `options` here drops the captured logger, which flushes.
        });
        Connection { shutdown, events, client_thread: Some(client_thread) }
    }

    fn close(mut self) {
        self.shutdown.store(true, Ordering::SeqCst);
        if let Some(handle) = self.client_thread.take() {
            let _ = handle.join();
        }
    }
}

struct Logger {
    lines: Vec<String>,
}

impl Drop for Logger {
    fn drop(&mut self) {
        for line in &self.lines {
            println!("{line}");
        }
    }
}

fn main() {
    let logger = Arc::new(std::sync::Mutex::new(Logger { lines: Vec::new() }));
    let (l1, l2) = (logger.clone(), logger.clone());
    let nc = Connection::connect(Options {
        reconnect_callback: Box::new(move || l1.lock().unwrap().lines.push("reconnected".into())),
        disconnect_callback: Box::new(move || l2.lock().unwrap().lines.push("disconnected".into())),
    });
    for _ in 0..100 {
        let _ = nc.events.send(Event::Disconnected);
        let _ = nc.events.send(Event::Reconnected);
    }
    nc.close();
    drop(logger);
    // close() joined the client thread, so the last logger handle is gone
    // and the lines have been flushed.
}
