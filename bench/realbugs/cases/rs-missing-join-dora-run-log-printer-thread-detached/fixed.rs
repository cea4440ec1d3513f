use std::path::{Path, PathBuf};

use eyre::Context;
use tokio::runtime::Builder;

#[derive(Debug, Clone)]
pub struct LogMessage {
    pub node_id: String,
    pub level: u8,
    pub message: String,
}

pub struct LogOutputConfig {
    pub min_level: u8,
    pub print_dataflow_id: bool,
}

pub enum LogDestination {
    Channel { sender: flume::Sender<LogMessage> },
}

pub struct DataflowResult {
    pub success: bool,
}

pub struct Daemon;

impl Daemon {
    pub async fn run_dataflow(dataflow_path: &Path, logs: LogDestination) -> eyre::Result<DataflowResult> {
        let LogDestination::Channel { sender } = logs;
        for i in 0..50 {
            let _ = sender.send_async(LogMessage {
                node_id: format!("{}", dataflow_path.display()),
                level: 3,
                message: format!("output {i}"),
            })
            .await;
        }
        Ok(DataflowResult { success: true })
    }
}

fn print_log_message(message: LogMessage, config: &LogOutputConfig) {
    if message.level >= config.min_level {
        println!("{}: {}", message.node_id, message.message);
    }
}

fn handle_dataflow_result(result: DataflowResult) -> eyre::Result<()> {
    if result.success {
        Ok(())
    } else {
        Err(eyre::eyre!("dataflow failed"))
    }
}

pub struct Run {
    pub dataflow: PathBuf,
    pub log_level: u8,
}

impl Run {
    pub fn execute(self) -> eyre::Result<()> {
        let rt = Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("tokio runtime failed")?;

        let log_config = LogOutputConfig { min_level: self.log_level, print_dataflow_id: false };

        let (log_tx, log_rx) = flume::bounded(100);
        let log_printer = std::thread::spawn(move || {
            for message in log_rx {
                print_log_message(message, &log_config);
            }
        });

        let result = rt.block_on(Daemon::run_dataflow(
            &self.dataflow,
            LogDestination::Channel { sender: log_tx },
        ));
        // all senders are gone once the daemon future finished: drain and print the rest
        drop(rt);
        if let Err(panic) = log_printer.join() {
            std::panic::resume_unwind(panic);
        }
        handle_dataflow_result(result?)
    }
}

fn main() -> eyre::Result<()> {
    Run { dataflow: PathBuf::from("dataflow.yml"), log_level: 0 }.execute()
}
