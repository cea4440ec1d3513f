use std::collections::HashMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, RwLock};

pub type Pubkey = [u8; 32];
pub type Slot = u64;

#[derive(Debug, Default)]
pub struct AccountMapEntry<T> {
    pub slot_list: RwLock<Vec<(Slot, T)>>,
}

pub struct BucketApi<T> {
    entries: Mutex<HashMap<Pubkey, Vec<(Slot, T)>>>,
}

impl<T: Clone> BucketApi<T> {
    pub fn update(&self, key: &Pubkey, slot: Slot, value: T) {
        self.entries.lock().unwrap().entry(*key).or_default().push((slot, value));
    }
}

#[derive(Default)]
pub struct StartupInfo<T> {
    pub insert: Vec<(Slot, Pubkey, T)>,
}

type Map<T> = HashMap<Pubkey, Arc<AccountMapEntry<T>>>;

pub struct InMemAccountsIndex<T> {
    map_internal: RwLock<Map<T>>,
    startup_info: Mutex<StartupInfo<T>>,
    bucket: Option<Arc<BucketApi<T>>>,
}

impl<T: Clone + Debug> InMemAccountsIndex<T> {
    pub fn insert_new_entry_if_missing_with_lock(&self, pubkey: Pubkey, slot: Slot, value: T) {
        self.startup_info.lock().unwrap().insert.push((slot, pubkey, value));
    }

    /// called by the bg flusher threads while other threads hold or wait for `map_internal`
    pub fn write_startup_info_to_disk(&self) {
        let insert = std::mem::take(&mut self.startup_info.lock().unwrap().insert);
        if insert.is_empty() {
            // nothing to insert for this bin
            return;
        }

        // during startup, nothing should be in the in-mem map
        let map_internal = self.map_internal.read().unwrap();
        assert!(
            map_internal.is_empty(),
            "len: {}, first: {:?}",
            map_internal.len(),
            map_internal.iter().take(1).collect::<Vec<_>>()
        );
        drop(map_internal);

        // merge all items into the disk index now
        let disk = self.bucket.as_ref().unwrap();
        for (slot, k, v) in insert.into_iter() {
            disk.update(&k, slot, v);
        }
    }

    pub fn get_or_create(&self, pubkey: Pubkey) -> Arc<AccountMapEntry<T>> {
        let mut map = self.map_internal.write().unwrap();
        Arc::clone(map.entry(pubkey).or_insert_with(|| {
            Arc::new(AccountMapEntry { slot_list: RwLock::new(Vec::new()) })
        }))
    }
}
