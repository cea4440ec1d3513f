use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

#[derive(Debug)]
enum DeployMessage {
    Log(String),
    Activated(String),
}

async fn activate_profile(node: &str, tx: mpsc::UnboundedSender<DeployMessage>) -> std::io::Result<()> {
    let mut child = Command::new("ssh")
        .arg(node)
        .arg("/nix/var/nix/profiles/system/bin/activate-rs activate")
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        let _ = tx.send(DeployMessage::Log(line));
    }
    child.wait().await?;
    let _ = tx.send(DeployMessage::Activated(node.to_string()));
    Ok(())
}

async fn run(nodes: Vec<String>) -> std::io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel::<DeployMessage>();

    let printer = tokio::spawn(async move {
        while let Some(msg) = rx.recv().await {
            match msg {
                DeployMessage::Log(l) => eprintln!("[deploy] {l}"),
                DeployMessage::Activated(n) => eprintln!("[deploy] [INFO] Activation succeeded on {n}"),
            }
        }
    });

    let mut result = Ok(());
    for node in &nodes {
        if let Err(e) = activate_profile(node, tx.clone()).await {
            result = Err(e);
            break;
        }
    }
    drop(tx);
    // wait for the printer to drain every message before returning to main
    printer.await.expect("log printer panicked");
    result
}

#[tokio::main]
async fn main() {
    let nodes: Vec<String> = std::env::args().skip(1).collect();
    if let Err(e) = run(nodes).await {
        eprintln!("deploy failed: {e}");
        std::process::exit(1);
    }
}
