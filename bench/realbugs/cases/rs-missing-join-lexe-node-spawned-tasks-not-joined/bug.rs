// Reduced from lexe-app/lexe-public PR #36 ("Graceful shutdown: Join on all
// spawned tasks").
use std::time::Duration;
use tokio::sync::broadcast;

pub struct UserNode {
    shutdown_tx: broadcast::Sender<()>,
}

async fn persist_channel_monitors(mut shutdown: broadcast::Receiver<()>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(10)) => {
                // persist updated channel monitors
            }
            _ = shutdown.recv() => {
                // final persist before exiting
                tokio::time::sleep(Duration::from_millis(50)).await;
                println!("channel monitors persisted");
                return;
            }
        }
    }
}

async fn p2p_reconnector(mut shutdown: broadcast::Receiver<()>) {
    let _ = shutdown.recv().await;
    println!("p2p reconnector stopped");
}

impl UserNode {
    pub fn init() -> Self {
        let (shutdown_tx, _) = broadcast::channel(1);
        UserNode { shutdown_tx }
    }

    pub async fn run(self) {
        tokio::spawn(persist_channel_monitors(self.shutdown_tx.subscribe()));
        tokio::spawn(p2p_reconnector(self.shutdown_tx.subscribe()));

        tokio::time::sleep(Duration::from_millis(30)).await; // serve until told to stop
        let _ = self.shutdown_tx.send(());
        // returns right away: main() exits and the runtime drops the tasks
        // before the final monitor persist has finished
    }
}

#[tokio::main]
async fn main() {
    UserNode::init().run().await;
}
