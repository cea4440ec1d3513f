use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::Duration;

use eyre::Result;
use tokio::{spawn, task::JoinHandle, time::sleep};

pub struct Config {
    pub l1_rpc_url: String,
}

#[derive(Debug)]
pub enum BlockUpdate {
    NewBlock(u64),
    FinalityUpdate(u64),
    Reorg,
}

/// Handles watching the L1 chain and monitoring for new blocks, deposits,
/// and batcher transactions.
pub struct ChainWatcher {
    handle: Option<JoinHandle<()>>,
    config: Arc<Config>,
    l1_start_block: u64,
    block_update_receiver: Option<Receiver<BlockUpdate>>,
}

struct InnerWatcher {
    block_update_sender: SyncSender<BlockUpdate>,
    current_block: u64,
    head_block: u64,
    finalized_block: u64,
}

impl ChainWatcher {
    pub fn new(l1_start_block: u64, config: Arc<Config>) -> Self {
        Self { handle: None, config, l1_start_block, block_update_receiver: None }
    }

    pub fn start(&mut self) -> Result<()> {
        if let Some(handle) = self.handle.take() {
            handle.abort();
        }
        let (handle, recv) = start_watcher(self.l1_start_block, self.config.clone())?;
        self.handle = Some(handle);
        self.block_update_receiver = Some(recv);
        Ok(())
    }

    pub fn try_recv_from_channel(&mut self) -> Option<BlockUpdate> {
        self.block_update_receiver.as_ref()?.try_recv().ok()
    }
}

impl InnerWatcher {
    async fn get_head(&self) -> Result<u64> {
        sleep(Duration::from_millis(1)).await;
        Ok(self.head_block + 1)
    }

    async fn try_ingest_block(&mut self) -> Result<()> {
        if self.current_block > self.finalized_block {
            self.finalized_block = self.current_block - 1;
            self.block_update_sender
                .send(BlockUpdate::FinalityUpdate(self.finalized_block))?;
        }

        if self.current_block > self.head_block {
            self.head_block = self.get_head().await?;
        }

        if self.current_block <= self.head_block {
            let update = BlockUpdate::NewBlock(self.current_block);
            self.block_update_sender.send(update)?;
            self.current_block += 1;
        } else {
            sleep(Duration::from_millis(250)).await;
        }

        Ok(())
    }
}

fn start_watcher(l1_start_block: u64, config: Arc<Config>) -> Result<(JoinHandle<()>, Receiver<BlockUpdate>)> {
    let (block_update_sender, block_update_receiver) = sync_channel(1000);

    let handle = spawn(async move {
        let _rpc = &config.l1_rpc_url;
        let mut watcher = InnerWatcher {
            block_update_sender,
            current_block: l1_start_block,
            head_block: l1_start_block,
            finalized_block: l1_start_block,
        };

        loop {
            if let Err(err) = watcher.try_ingest_block().await {
                tracing::warn!("failed to fetch data: {:?}", err);
            }
        }
    });

    Ok((handle, block_update_receiver))
}
