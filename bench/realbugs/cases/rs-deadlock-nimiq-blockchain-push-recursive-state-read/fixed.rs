use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

use parking_lot::{Mutex, RwLock};

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Blake2bHash([u8; 4]);

#[derive(Clone)]
pub struct Block {
    pub block_number: u32,
    pub hash: Blake2bHash,
    pub parent_hash: Blake2bHash,
}

pub struct ChainInfo {
    pub head: Block,
}

pub struct BlockchainState {
    pub main_chain: ChainInfo,
    pub head_hash: Blake2bHash,
}

#[derive(Debug)]
pub enum PushResult {
    Extended,
    Forked,
    Known,
}

pub struct Blockchain {
    chain_store: RwLock<HashMap<Blake2bHash, Block>>,
    pub(crate) state: RwLock<BlockchainState>,
    push_lock: Mutex<()>, // TODO: Not very nice to have this public
}

impl Blockchain {
    pub fn head_hash(&self) -> Blake2bHash {
        self.state.read().head_hash.clone()
    }

    pub fn block_number(&self) -> u32 {
        self.state.read().main_chain.head.block_number
    }

    pub fn push(&self, block: Block) -> PushResult {
        // Only one push operation at a time.
        let _push_lock = self.push_lock.lock();

        if self.chain_store.read().contains_key(&block.hash) {
            return PushResult::Known;
        }

        let state = self.state.read();
        if block.block_number != state.main_chain.head.block_number + 1 {
            return PushResult::Forked;
        }

        // Check that the block is a valid successor of our current head.
        if block.parent_hash == state.head_hash {
            drop(state);
            return self.extend(block);
        }
        PushResult::Forked
    }

    fn extend(&self, block: Block) -> PushResult {
        self.chain_store.write().insert(block.hash.clone(), block.clone());
        let mut state = self.state.write();
        state.head_hash = block.hash.clone();
        state.main_chain = ChainInfo { head: block };
        PushResult::Extended
    }
}

pub fn run(chain: Arc<Blockchain>) {
    // The consensus/RPC side polls the head while blocks are being pushed.
    let reader = {
        let chain = Arc::clone(&chain);
        thread::spawn(move || {
            for _ in 0..10_000 {
                let _ = chain.block_number();
                let _ = chain.state.write().head_hash.clone();
            }
        })
    };
    for n in 1..1_000u32 {
        let parent = chain.head_hash();
        let b = n.to_le_bytes();
        let _ = chain.push(Block { block_number: n, hash: Blake2bHash(b), parent_hash: parent });
    }
    reader.join().unwrap();
}
