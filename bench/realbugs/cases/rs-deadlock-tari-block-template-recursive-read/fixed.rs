//! tari base node: reduction of base_layer/core/src/chain_storage/blockchain_database.rs.
//! The blockchain backend sits behind one std RwLock; `add_block` takes the
//! write lock, template construction for miners takes read locks.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread;
use std::time::Duration;

#[derive(Default)]
pub struct LMDBDatabase {
    headers: Vec<u64>,
    utxo_mmr: HashMap<u64, u64>,
}

pub struct NewBlockTemplate {
    pub height: u64,
    pub outputs: Vec<u64>,
}

pub struct Block {
    pub height: u64,
    pub output_mr: u64,
}

#[derive(Clone)]
pub struct BlockchainDatabase {
    db: Arc<RwLock<LMDBDatabase>>,
}

impl BlockchainDatabase {
    pub fn new() -> Self {
        BlockchainDatabase { db: Arc::new(RwLock::new(LMDBDatabase::default())) }
    }

    fn db_read_access(&self) -> RwLockReadGuard<'_, LMDBDatabase> {
        self.db.read().expect("poisoned")
    }

    fn db_write_access(&self) -> RwLockWriteGuard<'_, LMDBDatabase> {
        self.db.write().expect("poisoned")
    }

    pub fn prepare_new_block(&self, template: NewBlockTemplate) -> Block {
        let db = self.db_read_access();
        let tip = db.headers.last().copied().unwrap_or(0);
        thread::sleep(Duration::from_millis(50)); // fetch tip header, kernels ...
        let output_mr = calculate_mmr_roots(&*db, &template);
        Block { height: tip.max(template.height), output_mr }
    }

    pub fn calculate_mmr_roots(&self, template: &NewBlockTemplate) -> u64 {
        let db = self.db_read_access();
        calculate_mmr_roots(&*db, template)
    }

    pub fn add_block(&self, block: Block) {
        let mut db = self.db_write_access();
        db.headers.push(block.height);
        db.utxo_mmr.insert(block.height, block.output_mr);
    }
}

/// Works on an already-acquired backend, so callers holding a read guard
/// don't take the lock a second time.
fn calculate_mmr_roots(db: &LMDBDatabase, template: &NewBlockTemplate) -> u64 {
    template.outputs.iter().map(|o| db.utxo_mmr.get(o).copied().unwrap_or(*o)).sum()
}

fn main() {
    let chain = BlockchainDatabase::new();
    let miner = {
        let chain = chain.clone();
        thread::spawn(move || {
            let template = NewBlockTemplate { height: 1, outputs: vec![1, 2, 3] };
            chain.prepare_new_block(template).output_mr
        })
    };
    thread::sleep(Duration::from_millis(10));
    // a block arrives from a peer while the template is being built
    chain.add_block(Block { height: 1, output_mr: 7 });
    println!("template output_mr = {}", miner.join().unwrap());
}
