//! objectstore: reduction of the stresstest binary (stresstest/src/main.rs).
//! The stresstest spawns the server and waits until it answers before
//! starting the workload, all on the tokio runtime.

use std::time::{Duration, Instant};

use tokio::net::TcpStream;
use tokio::process::{Child, Command};

struct Config {
    addr: String,
    startup_timeout: Duration,
    concurrency: usize,
}

async fn spawn_server(config: &Config) -> std::io::Result<Child> {
    Command::new("objectstore")
        .arg("run")
        .env("OS__HTTP_ADDR", &config.addr)
        .kill_on_drop(true)
        .spawn()
}

async fn wait_for_server(config: &Config) -> Result<(), String> {
    let start = Instant::now();
    loop {
        if TcpStream::connect(&config.addr).await.is_ok() {
            return Ok(());
        }
        if start.elapsed() > config.startup_timeout {
            return Err(format!("server at {} did not come up", config.addr));
        }
        // poll again shortly
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn run_workload(config: &Config) {
    let mut tasks = Vec::new();
    for id in 0..config.concurrency {
        let addr = config.addr.clone();
        tasks.push(tokio::spawn(async move {
            let ok = TcpStream::connect(&addr).await.is_ok();
            (id, ok)
        }));
    }
    for task in tasks {
        let (id, ok) = task.await.unwrap();
        println!("worker {id}: connected = {ok}");
    }
}

#[tokio::main]
async fn main() {
    let config = Config {
        addr: "127.0.0.1:8888".to_string(),
        startup_timeout: Duration::from_secs(5),
        concurrency: 4,
    };
    let _server = match spawn_server(&config).await {
        Ok(child) => Some(child),
        Err(e) => {
            eprintln!("could not spawn server: {e}");
            None
        }
    };
    match wait_for_server(&config).await {
        Ok(()) => run_workload(&config).await,
        Err(e) => eprintln!("{e}"),
    }
}
