//! Reduction of sled `subscriber.rs` (spacejam/sled#1515, #1152).
use parking_lot::RwLock;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::time::Duration;

static ID_GEN: AtomicUsize = AtomicUsize::new(0);

#[derive(Debug, Clone)]
pub enum Event {
    Insert { key: Vec<u8>, value: Vec<u8> },
    Remove { key: Vec<u8> },
}

type Senders = HashMap<usize, SyncSender<Event>>;

/// A subscriber listening on a specified prefix.
pub struct Subscriber {
    id: usize,
    rx: Receiver<Event>,
    home: Arc<RwLock<Senders>>,
}

impl Subscriber {
    pub fn next_timeout(&mut self, timeout: Duration) -> Result<Event, RecvTimeoutError> {
        self.rx.recv_timeout(timeout)
    }
}

impl Iterator for Subscriber {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.rx.recv().ok()
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        let mut w_senders = self.home.write();
        w_senders.remove(&self.id);
    }
}

#[derive(Default)]
pub struct Subscribers {
    watched: RwLock<BTreeMap<Vec<u8>, Arc<RwLock<Senders>>>>,
}

impl Subscribers {
    pub fn register(&self, prefix: &[u8]) -> Subscriber {
        let arc_senders = {
            let mut w_mu = self.watched.write();
            w_mu.entry(prefix.to_vec())
                .or_insert_with(|| Arc::new(RwLock::new(HashMap::new())))
                .clone()
        };

        let (tx, rx) = sync_channel(1024);
        let id = ID_GEN.fetch_add(1, Ordering::Relaxed);
        arc_senders.write().insert(id, tx);

        Subscriber { id, rx, home: arc_senders }
    }

    pub fn notify(&self, key: &[u8], event: &Event) {
        let r_mu = self.watched.read();
        for (prefix, subs_rwl) in r_mu.iter() {
            if !key.starts_with(prefix) {
                continue;
            }
            let subs = subs_rwl.read();
            for sender in subs.values() {
                let _ = sender.send(event.clone());
            }
        }
    }
}

pub struct Tree {
    subscribers: Subscribers,
}

impl Tree {
    pub fn watch_prefix(&self, prefix: &[u8]) -> Subscriber {
        self.subscribers.register(prefix)
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) {
        let event = Event::Insert { key: key.to_vec(), value: value.to_vec() };
        self.subscribers.notify(key, &event);
    }

    pub fn remove(&self, key: &[u8]) {
        self.subscribers.notify(key, &Event::Remove { key: key.to_vec() });
    }
}

/// A writer inserts while a subscriber thread forwards a few events and then gives up.
pub fn forward_until_closed(tree: Arc<Tree>) {
    let mut sub = tree.watch_prefix(b"k");
    let forwarder = std::thread::spawn(move || {
        for _ in 0..3 {
            if sub.next_timeout(Duration::from_secs(1)).is_err() {
                break;
            }
        }
    });
    for i in 0..10_000u32 {
        tree.insert(b"k", &i.to_be_bytes());
    }
    forwarder.join().unwrap();
}
