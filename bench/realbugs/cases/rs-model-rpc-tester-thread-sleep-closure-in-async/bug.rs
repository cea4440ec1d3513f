//! CLI definition and entrypoint to executable

use std::sync::atomic::{AtomicU64, Ordering};
use std::{ops::RangeInclusive, thread::sleep, time::Duration};

/// What `eth_syncing` returns (alloy_rpc_types::SyncStatus).
#[derive(Debug)]
pub enum SyncStatus {
    Info(u64),
    None,
}

/// The slice of alloy's `Provider` used here.
pub trait Provider {
    async fn syncing(&self) -> Result<SyncStatus, String>;
    async fn get_block_number(&self) -> Result<u64, String>;
}

/// An RPC node that needs a few polls to finish syncing.
pub struct Node {
    tip: AtomicU64,
    target: u64,
}

impl Provider for Node {
    async fn syncing(&self) -> Result<SyncStatus, String> {
        let tip = self.tip.fetch_add(1, Ordering::SeqCst);
        Ok(if tip < self.target { SyncStatus::Info(tip) } else { SyncStatus::None })
    }

    async fn get_block_number(&self) -> Result<u64, String> {
        Ok(self.tip.load(Ordering::SeqCst))
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let rpc1 = Node { tip: AtomicU64::new(98), target: 100 };
    let rpc2 = Node { tip: AtomicU64::new(100), target: 100 };

    let block_range = wait_for_readiness(&rpc1, &rpc2, 32).await?;
    println!("testing block range {block_range:?}");
    Ok(())
}

/// Waits until rpc1 is synced to the tip and returns a valid block range to test against rpc2.
pub async fn wait_for_readiness<P: Provider>(
    rpc1: &P,
    rpc2: &P,
    block_size_range: u64,
) -> Result<RangeInclusive<u64>, String> {
    let sleep = || sleep(Duration::from_secs(5));

    // Waits until it's done syncing
    while let SyncStatus::Info(sync_info) = rpc1.syncing().await? {
        println!("rpc1 still syncing: {sync_info}");
        sleep();
    }

    // Waits until rpc1 has _mostly_ catch up to rpc2 or beyond
    loop {
        let tip1 = rpc1.get_block_number().await?;
        let tip2 = rpc2.get_block_number().await?;

        if tip1 >= tip2 || tip2 - tip1 <= 5 {
            let range = tip2 - (block_size_range - 1)..=tip2;
            println!("testing block range {range:?}");
            return Ok(range);
        }

        sleep();
    }
}
