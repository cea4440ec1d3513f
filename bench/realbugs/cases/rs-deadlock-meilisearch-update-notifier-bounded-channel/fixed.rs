// Reduced from meilisearch/meilisearch (meilisearch-core database.rs /
// update awaiter) before meilisearch#439
use crossbeam_channel::{unbounded, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

enum UpdateEvent {
    NewUpdate,
    MustClear,
}

/// Stands in for the LMDB environment: only one write transaction at a time.
struct Env {
    writer: Mutex<Vec<u64>>,
}

struct Index {
    env: Arc<Env>,
    updates_notifier: Sender<UpdateEvent>,
}

impl Index {
    /// Called from HTTP handlers: enqueue an update and wake the update thread.
    fn push_update(&self, update_id: u64) {
        let mut writer = self.env.writer.lock().unwrap(); // env.write_txn()
        writer.push(update_id);
        // The notifier channel is unbounded: send never blocks, even while
        // the write transaction is open.
        self.updates_notifier.send(UpdateEvent::NewUpdate).unwrap();
        drop(writer); // writer.commit()
    }
}

fn update_awaiter(receiver: Receiver<UpdateEvent>, env: Arc<Env>) {
    for event in receiver {
        if let UpdateEvent::MustClear = event {
            break;
        }
        // process all pending updates in a write transaction
        let mut writer = env.writer.lock().unwrap();
        while let Some(id) = writer.pop() {
            println!("processed update {}", id);
        }
    }
}

fn main() {
    let env = Arc::new(Env { writer: Mutex::new(Vec::new()) });
    let (sender, receiver) = unbounded();
    let index = Arc::new(Index { env: env.clone(), updates_notifier: sender.clone() });
    let awaiter = thread::spawn(move || update_awaiter(receiver, env));

    let handlers: Vec<_> = (0..4)
        .map(|h| {
            let index = index.clone();
            thread::spawn(move || {
                for i in 0..1000 {
                    index.push_update(h * 1000 + i);
                }
            })
        })
        .collect();
    for h in handlers {
        h.join().unwrap();
    }
    sender.send(UpdateEvent::MustClear).unwrap();
    awaiter.join().unwrap();
}
