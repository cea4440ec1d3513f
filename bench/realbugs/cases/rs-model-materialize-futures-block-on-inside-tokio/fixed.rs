// Reduced from MaterializeInc/materialize PR #13776 / issue #13755: a
// futures::executor::block_on call nested inside a future running on tokio.
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

pub enum Command {
    Peek { key: String, tx: oneshot::Sender<Option<u64>> },
}

pub struct StorageController {
    tx: mpsc::UnboundedSender<Command>,
    upper: Arc<Mutex<BTreeMap<String, u64>>>,
}

impl StorageController {
    async fn collection_upper(&self, key: &str) -> Option<u64> {
        // the helper is async now and is awaited, so the runtime keeps
        // driving the task that answers the request
        let (tx, rx) = oneshot::channel();
        self.tx.send(Command::Peek { key: key.to_owned(), tx }).ok()?;
        rx.await.ok().flatten()
    }

    pub async fn sequence_peek(&self, key: &str) -> Option<u64> {
        let upper = self.collection_upper(key).await?;
        self.upper.lock().await.insert(key.to_owned(), upper);
        Some(upper)
    }
}

async fn serve(mut rx: mpsc::UnboundedReceiver<Command>, data: BTreeMap<String, u64>) {
    while let Some(Command::Peek { key, tx }) = rx.recv().await {
        let _ = tx.send(data.get(&key).copied());
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = mpsc::unbounded_channel();
    let mut data = BTreeMap::new();
    data.insert("t1".to_string(), 42);
    tokio::spawn(serve(rx, data));
    let controller = StorageController { tx, upper: Arc::new(Mutex::new(BTreeMap::new())) };
    println!("{:?}", controller.sequence_peek("t1").await);
}
