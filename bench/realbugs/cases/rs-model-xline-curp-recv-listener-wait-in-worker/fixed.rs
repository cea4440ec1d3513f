use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use event_listener::Event;
use parking_lot::Mutex;

#[derive(Debug)]
pub(crate) enum RecvError {
    ChannelStop,
}

pub(crate) struct KeyBasedChannel<M> {
    inner: VecDeque<M>,
    new_msg_event: Event,
    is_working: bool,
}

impl<M> KeyBasedChannel<M> {
    /// Move a message from pending to inner and wake the receiver
    fn mark_ready(&mut self, msg: M) {
        self.inner.push_back(msg);
        self.new_msg_event.notify(1);
    }
}

#[derive(Clone)]
pub(crate) struct MpscKeyBasedSender<M> {
    channel: Arc<Mutex<KeyBasedChannel<M>>>,
}

impl<M: Send + 'static> MpscKeyBasedSender<M> {
    /// Send a message; it is received once the returned `Event` is notified
    pub(crate) fn send(&self, msg: M) -> Event {
        let notify = Event::new();
        let waiter = notify.listen();
        let channel_clone = Arc::clone(&self.channel);
        let _ignore_handler = tokio::spawn(async move {
            waiter.await;
            channel_clone.lock().mark_ready(msg);
        });
        notify
    }
}

pub(crate) struct MpscKeyBasedReceiver<M> {
    channel: Arc<Mutex<KeyBasedChannel<M>>>,
}

impl<M> MpscKeyBasedReceiver<M> {
    /// Receive a message
    pub(crate) async fn recv(&mut self) -> Result<M, RecvError> {
        loop {
            let listener = {
                let mut channel = self.channel.lock();
                if let Some(msg) = channel.inner.pop_front() {
                    return Ok(msg);
                }
                if !channel.is_working {
                    return Err(RecvError::ChannelStop);
                }
                channel.new_msg_event.listen()
            };
            listener.await;
        }
    }
}

pub(crate) fn channel<M>() -> (MpscKeyBasedSender<M>, MpscKeyBasedReceiver<M>) {
    let inner = KeyBasedChannel { inner: VecDeque::new(), new_msg_event: Event::new(), is_working: true };
    let channel = Arc::new(Mutex::new(inner));
    (MpscKeyBasedSender { channel: Arc::clone(&channel) }, MpscKeyBasedReceiver { channel })
}

/// Worker that executes the commands the dispatcher marks ready
async fn cmd_exe_worker(mut dispatch_rx: MpscKeyBasedReceiver<String>, done_tx: std::sync::mpsc::Sender<String>) {
    while let Ok(cmd) = dispatch_rx.recv().await {
        let _ = done_tx.send(format!("executed {}", cmd));
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let (tx, rx) = channel::<String>();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let ready = rt.block_on(async move {
        let _worker = tokio::spawn(cmd_exe_worker(rx, done_tx));
        tokio::task::yield_now().await;
        tx.send("PUT key1 v1".to_owned())
    });
    ready.notify(1);
    match done_rx.recv_timeout(Duration::from_secs(2)) {
        Ok(done) => println!("{}", done),
        Err(_) => println!("stalled: the worker thread is parked in listener.wait()"),
    }
    rt.shutdown_background();
}
