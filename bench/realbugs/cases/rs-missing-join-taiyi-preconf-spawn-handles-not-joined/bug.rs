//! taiyi: reduction of the preconfirmation sidecar startup (PR #51).
//! The node spawns its background services as tokio tasks and then runs
//! the RPC server until it returns.

use std::time::Duration;
use tokio::sync::mpsc;

async fn run_rpc_server(tx: mpsc::Sender<u64>) -> Result<(), String> {
    for slot in 0..3u64 {
        tx.send(slot).await.map_err(|e| e.to_string())?;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

async fn run_constraint_submitter(mut rx: mpsc::Receiver<u64>) {
    while let Some(slot) = rx.recv().await {
        tokio::time::sleep(Duration::from_millis(30)).await;
        println!("submitted constraints for slot {slot}");
    }
}

async fn run_slot_tracker() {
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        println!("head updated");
    }
}

pub async fn run(/* opts */) -> Result<(), String> {
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(run_constraint_submitter(rx));
    tokio::spawn(run_slot_tracker());

    run_rpc_server(tx).await?;
    Ok(())
}

#[tokio::main]
async fn main() {
    run().await.unwrap();
    println!("shutdown");
}
