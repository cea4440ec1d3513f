use parking_lot::RwLock;
use std::sync::Arc;
use std::thread;

#[derive(Clone)]
pub struct Eth1Block {
    pub number: u64,
    pub timestamp: u64,
}

#[derive(Default)]
pub struct BlockCache {
    blocks: Vec<Arc<Eth1Block>>,
}

impl BlockCache {
    pub fn latest_block_timestamp(&self) -> Option<u64> {
        self.blocks.last().map(|block| block.timestamp)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Eth1Block> {
        self.blocks.iter().map(|b| b.as_ref())
    }
}

pub struct Inner {
    pub block_cache: RwLock<BlockCache>,
}

impl Inner {
    /// Called by the eth1 update task.
    pub fn prune_blocks(&self) {
        let mut cache = self.block_cache.write();
        let len = cache.blocks.len();
        if len > 64 {
            cache.blocks.drain(..len - 64);
        }
    }
}

pub struct Service {
    inner: Arc<Inner>,
}

impl Service {
    pub fn blocks(&self) -> &RwLock<BlockCache> {
        &self.inner.block_cache
    }

    pub fn latest_block_timestamp(&self) -> Option<u64> {
        self.inner.block_cache.read().latest_block_timestamp()
    }
}

pub struct CachingEth1Backend {
    core: Service,
}

impl CachingEth1Backend {
    pub fn eth1_data(&self, voting_period_start: u64) -> Option<Eth1Block> {
        let blocks = self.core.blocks().read();
        let candidate = blocks.iter().rev().find(|b| b.timestamp <= voting_period_start).cloned();
        // Release the block cache before it is read-locked again below.
        drop(blocks);
        if let Some(latest) = self.core.latest_block_timestamp() {
            if latest < voting_period_start {
                return None; // cache is behind the voting period
            }
        }
        candidate
    }
}

fn main() {
    let inner = Arc::new(Inner { block_cache: RwLock::new(BlockCache::default()) });
    for n in 0..100u64 {
        inner.block_cache.write().blocks.push(Arc::new(Eth1Block { number: n, timestamp: n * 12 }));
    }
    let backend = CachingEth1Backend { core: Service { inner: Arc::clone(&inner) } };
    let updater = {
        let inner = Arc::clone(&inner);
        thread::spawn(move || for _ in 0..1000 { inner.prune_blocks() })
    };
    for slot in 0..1000u64 {
        let _ = backend.eth1_data(slot);
    }
    updater.join().unwrap();
}
