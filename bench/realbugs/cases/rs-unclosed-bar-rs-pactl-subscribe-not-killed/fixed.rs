//! bar-rs: reduction of the volume module's subscription
//! (src/modules/volume.rs).  The module follows `pactl subscribe` and
//! refreshes the volume whenever a sink event is printed.  The iced
//! subscription is replaced by a plain async fn driven by tokio.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

#[derive(Debug)]
enum Message {
    VolumeChanged(String),
}

async fn volume_subscription(output: mpsc::Sender<Message>) {
    let mut child = match Command::new("pactl")
        .arg("subscribe")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            eprintln!("volume: failed to spawn pactl: {e}");
            return;
        }
    };
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if line.contains("on sink") {
            if output.send(Message::VolumeChanged(line)).await.is_err() {
                // the bar dropped the subscription (config reload)
                break;
            }
        }
    }
}

#[tokio::main]
async fn main() {
    // every config reload re-creates the subscription
    for reload in 0..3 {
        let (tx, mut rx) = mpsc::channel(8);
        let task = tokio::spawn(volume_subscription(tx));
        tokio::select! {
            msg = rx.recv() => println!("reload {reload}: {msg:?}"),
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
        }
        // iced cancels the old subscription
        task.abort();
        let _ = task.await;
    }
}
