// sawtooth-core: validator/src/journal/block_manager.rs (before the single-state refactor)
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

pub const NULL_BLOCK_IDENTIFIER: &str = "0000000000000000";

#[derive(Clone, Debug)]
pub struct Block {
    pub header_signature: String,
    pub previous_block_id: String,
}

pub trait BlockStore: Send + Sync {
    fn get(&self, block_ids: Vec<String>) -> Vec<Block>;
}

struct RefCount {
    previous_block_id: String,
    external_ref_count: u64,
    internal_ref_count: u64,
}

#[derive(Debug, PartialEq)]
pub enum BlockManagerError {
    MissingPredecessor(String),
    UnknownBlock,
}

#[derive(Default)]
pub struct BlockManager {
    references_by_block_id: Arc<RwLock<HashMap<String, RefCount>>>,
    block_by_block_id: Arc<RwLock<HashMap<String, Block>>>,
    blockstore_by_name: Arc<RwLock<HashMap<String, Box<dyn BlockStore>>>>,
}

impl BlockManager {
    pub fn put(&self, branch: Vec<Block>) -> Result<(), BlockManagerError> {
        // Lock order: references_by_block_id, block_by_block_id, blockstore_by_name.
        let mut references_by_block_id = self.references_by_block_id.write().expect("lock poisoned");
        let mut block_by_block_id = self.block_by_block_id.write().expect("lock poisoned");
        let blockstore_by_name = self.blockstore_by_name.read().expect("lock poisoned");

        for block in branch {
            let id = block.header_signature.clone();
            let prev = block.previous_block_id.clone();
            let known = block_by_block_id.contains_key(&prev)
                || prev == NULL_BLOCK_IDENTIFIER
                || blockstore_by_name.values().any(|s| !s.get(vec![prev.clone()]).is_empty());
            if !known {
                return Err(BlockManagerError::MissingPredecessor(prev));
            }
            if let Some(r) = references_by_block_id.get_mut(&prev) {
                r.internal_ref_count += 1;
            }
            references_by_block_id.insert(
                id.clone(),
                RefCount { previous_block_id: prev, external_ref_count: 1, internal_ref_count: 0 },
            );
            block_by_block_id.insert(id, block);
        }
        Ok(())
    }

    /// Starting at a tip block, if the tip block's ref-count drops to 0,
    /// remove all blocks until a ref-count of 1 is found.
    pub fn unref_block(&self, tip: &str) -> Result<(), BlockManagerError> {
        let mut references_by_block_id = self.references_by_block_id.write().expect("lock poisoned");
        let mut block_by_block_id = self.block_by_block_id.write().expect("lock poisoned");

        let mut block_id = tip.to_string();
        loop {
            let r = references_by_block_id
                .get_mut(&block_id)
                .ok_or(BlockManagerError::UnknownBlock)?;
            if r.external_ref_count > 0 {
                r.external_ref_count -= 1;
            } else if r.internal_ref_count > 0 {
                r.internal_ref_count -= 1;
            }
            if r.external_ref_count > 0 || r.internal_ref_count > 0 {
                return Ok(());
            }
            let previous = r.previous_block_id.clone();
            references_by_block_id.remove(&block_id);
            block_by_block_id.remove(&block_id);
            if previous == NULL_BLOCK_IDENTIFIER {
                return Ok(());
            }
            block_id = previous;
        }
    }

    pub fn ref_block(&self, tip: &str) -> Result<(), BlockManagerError> {
        let mut references_by_block_id = self.references_by_block_id.write().expect("lock poisoned");
        match references_by_block_id.get_mut(tip) {
            Some(r) => r.external_ref_count += 1,
            None => return Err(BlockManagerError::UnknownBlock),
        }
        Ok(())
    }
}
