// agave accounts-db/src/secondary_index.rs (v2.0): secondary indexes (e.g. spl_token_owner_index)
// updated concurrently by the index-generation threads at startup and by AccountsIndex::upsert().
use dashmap::DashMap;
use std::collections::HashSet;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pubkey([u8; 32]);

pub trait SecondaryIndexEntry: Debug {
    fn insert_if_not_exists(&self, key: &Pubkey, inner_keys_count: &AtomicU64);
    // Removes a value from the set. Returns whether the value was present in the set.
    fn remove_inner_key(&self, key: &Pubkey) -> bool;
    fn is_empty(&self) -> bool;
    fn keys(&self) -> Vec<Pubkey>;
    fn len(&self) -> usize;
}

#[derive(Debug, Default)]
pub struct SecondaryIndexStats {
    num_inner_keys: AtomicU64,
}

#[derive(Debug, Default)]
pub struct RwLockSecondaryIndexEntry {
    account_keys: RwLock<HashSet<Pubkey>>,
}

impl SecondaryIndexEntry for RwLockSecondaryIndexEntry {
    fn insert_if_not_exists(&self, key: &Pubkey, inner_keys_count: &AtomicU64) {
        if self.account_keys.read().unwrap().contains(key) {
            // the key already exists, so nothing to do here
            return;
        }

        let was_newly_inserted = self.account_keys.write().unwrap().insert(*key);
        if was_newly_inserted {
            inner_keys_count.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn remove_inner_key(&self, key: &Pubkey) -> bool {
        self.account_keys.write().unwrap().remove(key)
    }

    fn is_empty(&self) -> bool {
        self.account_keys.read().unwrap().is_empty()
    }

    fn keys(&self) -> Vec<Pubkey> {
        self.account_keys.read().unwrap().iter().cloned().collect()
    }

    fn len(&self) -> usize {
        self.account_keys.read().unwrap().len()
    }
}

#[derive(Debug, Default)]
pub struct SecondaryIndex<SecondaryIndexEntryType: SecondaryIndexEntry + Default + Sync + Send> {
    metrics_name: &'static str,
    // Map from index keys to index values
    pub index: DashMap<Pubkey, SecondaryIndexEntryType>,
    stats: SecondaryIndexStats,
}

impl<SecondaryIndexEntryType: SecondaryIndexEntry + Default + Sync + Send>
    SecondaryIndex<SecondaryIndexEntryType>
{
    pub fn new(metrics_name: &'static str) -> Self {
        Self {
            metrics_name,
            ..Self::default()
        }
    }

    pub fn insert(&self, key: &Pubkey, inner_key: &Pubkey) {
        {
            let pubkeys_map = self
                .index
                .get(key)
                .unwrap_or_else(|| self.index.entry(*key).or_default().downgrade());

            pubkeys_map.insert_if_not_exists(inner_key, &self.stats.num_inner_keys);
        }
    }

    pub fn remove_by_inner_key(&self, key: &Pubkey, inner_key: &Pubkey) {
        if let Some(inner_keys) = self.index.get(key) {
            if inner_keys.remove_inner_key(inner_key) {
                self.stats.num_inner_keys.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }

    /// Reported as `{metrics_name}.num_inner_keys`.
    pub fn num_inner_keys(&self) -> u64 {
        self.stats.num_inner_keys.load(Ordering::Relaxed)
    }
}

/// Index generation: one scan thread per bin range inserts the token accounts it finds.
pub fn generate_index(index: &SecondaryIndex<RwLockSecondaryIndexEntry>, owner: Pubkey, accounts: &[Pubkey]) {
    std::thread::scope(|s| {
        for chunk in accounts.chunks(64) {
            s.spawn(move || {
                for account in chunk.iter().chain(chunk.iter()) {
                    index.insert(&owner, account);
                }
            });
        }
    });
}
