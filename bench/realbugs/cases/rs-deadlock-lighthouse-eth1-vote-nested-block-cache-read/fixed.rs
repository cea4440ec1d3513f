use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

#[derive(Clone, Debug)]
pub struct Eth1Block {
    pub hash: u64,
    pub timestamp: u64,
    pub number: u64,
}

#[derive(Default)]
pub struct BlockCache {
    blocks: Vec<Arc<Eth1Block>>,
}

impl BlockCache {
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Eth1Block> + Clone {
        self.blocks.iter().map(|ptr| ptr.as_ref())
    }

    pub fn earliest_block_timestamp(&self) -> Option<u64> {
        self.blocks.first().map(|block| block.timestamp)
    }

    pub fn lowest_block_number(&self) -> Option<u64> {
        self.blocks.first().map(|block| block.number)
    }

    pub fn insert_root_or_child(&mut self, block: Eth1Block) {
        self.blocks.push(Arc::new(block));
    }
}

struct Inner {
    block_cache: RwLock<BlockCache>,
}

pub struct Service {
    inner: Arc<Inner>,
}

impl Service {
    pub fn blocks(&self) -> &RwLock<BlockCache> {
        &self.inner.block_cache
    }

    /// Returns the timestamp of the earliest block in the cache (if any).
    pub fn earliest_block_timestamp(&self) -> Option<u64> {
        self.inner.block_cache.read().earliest_block_timestamp()
    }

    /// Returns the lowest block number stored.
    pub fn lowest_block_number(&self) -> Option<u64> {
        self.inner.block_cache.read().lowest_block_number()
    }

    /// Called by the eth1 update task for every new block fetched from the node.
    pub fn do_update(&self, block: Eth1Block) {
        self.blocks().write().insert_root_or_child(block);
    }
}

pub struct CachingEth1Backend {
    core: Service,
}

/// Get all votes from eth1 blocks which are in the list of candidate blocks for the
/// current eth1 voting period.
fn get_votes_to_consider<'a, I>(blocks: I, voting_period_start_seconds: u64) -> HashMap<u64, u64>
where
    I: DoubleEndedIterator<Item = &'a Eth1Block> + Clone,
{
    blocks
        .rev()
        .filter(|eth1_block| eth1_block.timestamp <= voting_period_start_seconds)
        .map(|eth1_block| (eth1_block.hash, eth1_block.number))
        .collect()
}

impl CachingEth1Backend {
    pub fn eth1_data(&self, voting_period_start_seconds: u64, state_eth1_data: u64) -> u64 {
        let votes_to_consider = {
            let blocks = self.core.blocks().read();
            get_votes_to_consider(blocks.iter(), voting_period_start_seconds)
        };

        votes_to_consider
            .iter()
            .max_by_key(|(_, block_number)| *block_number)
            .map(|vote| *vote.0)
            .unwrap_or_else(|| {
                eprintln!(
                    "No valid eth1_data votes, `votes_to_consider` empty: lowest_block_number={:?} earliest_block_timestamp={:?}",
                    self.core.lowest_block_number(),
                    self.core.earliest_block_timestamp(),
                );
                state_eth1_data
            })
    }
}

pub fn run() {
    let backend = Arc::new(CachingEth1Backend {
        core: Service { inner: Arc::new(Inner { block_cache: RwLock::new(BlockCache::default()) }) },
    });
    let updater = {
        let backend = Arc::clone(&backend);
        thread::spawn(move || {
            for n in 0..1000 {
                backend.core.do_update(Eth1Block { hash: n, timestamp: 1_000 + n, number: n });
            }
        })
    };
    for _ in 0..1000 {
        backend.eth1_data(0, 42);
    }
    updater.join().unwrap();
}
