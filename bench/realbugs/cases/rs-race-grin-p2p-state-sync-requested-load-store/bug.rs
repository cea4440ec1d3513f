// Reduced from mimblewimble/grin (p2p/src/protocol.rs, p2p/src/peer.rs)
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Debug)]
enum Error {
    BadMessage,
}

enum Message {
    TxHashSetArchive { height: u64, bytes: usize },
}

struct Protocol {
    state_sync_requested: Arc<AtomicBool>,
    archives_accepted: AtomicUsize,
}

impl Protocol {
    fn handle(&self, msg: Message) -> Result<(), Error> {
        match msg {
            Message::TxHashSetArchive { height, bytes } => {
                // Only accept a txhashset archive we asked for, and only once.
                if !self.state_sync_requested.load(Ordering::Relaxed) {
                    eprintln!("handle_payload: txhashset archive received but SyncStatus not on TxHashsetDownload");
                    return Err(Error::BadMessage);
                }
                // Another connection's handler can pass the load above before
                // this store: both accept and process an archive.
                self.state_sync_requested.store(false, Ordering::Relaxed);
                self.archives_accepted.fetch_add(1, Ordering::SeqCst);
                println!("txhashset archive for height {} ({} bytes)", height, bytes);
                Ok(())
            }
        }
    }
}

fn main() {
    let requested = Arc::new(AtomicBool::new(true));
    let protocol = Arc::new(Protocol {
        state_sync_requested: requested.clone(),
        archives_accepted: AtomicUsize::new(0),
    });
    let handlers: Vec<_> = (0..4)
        .map(|peer| {
            let p = protocol.clone();
            thread::spawn(move || {
                let _ = p.handle(Message::TxHashSetArchive { height: 1000, bytes: 4096 * (peer + 1) });
            })
        })
        .collect();
    for h in handlers {
        h.join().unwrap();
    }
    println!("accepted {} archive(s)", protocol.archives_accepted.load(Ordering::SeqCst));
}
