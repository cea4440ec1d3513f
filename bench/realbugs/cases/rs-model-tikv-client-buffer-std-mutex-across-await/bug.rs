// tikv/client-rust src/transaction/buffer.rs (reduced, late 2020)
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::ops::RangeBounds;
use std::sync::Mutex;

pub type Key = Vec<u8>;
pub type Value = Vec<u8>;
pub type Result<T> = std::result::Result<T, String>;

#[derive(Debug, Clone)]
pub struct KvPair(pub Key, pub Value);

#[derive(Debug, Clone)]
enum Mutation {
    Cached(Option<Value>),
    Put(Value),
    Del,
}

enum MutationValue {
    Determined(Option<Value>),
    Undetermined,
}

/// A caching layer which buffers reads and writes in a transaction.
#[derive(Default)]
pub struct Buffer {
    mutations: Mutex<BTreeMap<Key, Mutation>>,
}

impl Buffer {
    fn get_from_mutations(&self, key: &Key) -> MutationValue {
        match self.mutations.lock().unwrap().get(key) {
            Some(Mutation::Cached(v)) => MutationValue::Determined(v.clone()),
            Some(Mutation::Put(v)) => MutationValue::Determined(Some(v.clone())),
            Some(Mutation::Del) => MutationValue::Determined(None),
            None => MutationValue::Undetermined,
        }
    }

    fn update_cache(mutations: &mut BTreeMap<Key, Mutation>, key: Key, value: Option<Value>) {
        mutations.entry(key).or_insert(Mutation::Cached(value));
    }

    /// Get a value from the buffer. If the value is not cached, fetch it with `f`.
    pub async fn get_or_else<F, Fut>(&self, key: Key, f: F) -> Result<Option<Value>>
    where
        F: FnOnce(Key) -> Fut,
        Fut: Future<Output = Result<Option<Value>>>,
    {
        match self.get_from_mutations(&key) {
            MutationValue::Determined(value) => Ok(value),
            MutationValue::Undetermined => {
                let value = f(key.clone()).await?;
                let mut mutations = self.mutations.lock().unwrap();
                Self::update_cache(&mut mutations, key, value.clone());
                Ok(value)
            }
        }
    }

    /// Scan the local buffer and TiKV (through `f`) and merge the results.
    pub async fn scan_and_fetch<R, F, Fut>(&self, range: R, limit: u32, f: F) -> Result<Vec<KvPair>>
    where
        R: RangeBounds<Key> + Clone,
        F: FnOnce(R, u32) -> Fut,
        Fut: Future<Output = Result<Vec<KvPair>>>,
    {
        // read from local buffer
        let mut mutations = self.mutations.lock().unwrap();
        let mutation_range = mutations.range(range.clone());

        // fetch from TiKV
        // fetch more entries because some of them may be deleted.
        let redundant_limit = limit
            + mutation_range
                .clone()
                .filter(|(_, m)| matches!(m, Mutation::Del))
                .count() as u32;

        let mut results = f(range, redundant_limit)
            .await?
            .into_iter()
            .map(|pair| (pair.0, pair.1))
            .collect::<HashMap<Key, Value>>();

        // override using local data
        for (k, m) in mutations.iter() {
            match m {
                Mutation::Put(v) => {
                    results.insert(k.clone(), v.clone());
                }
                Mutation::Del => {
                    results.remove(k);
                }
                _ => {}
            }
        }

        // update local buffer
        for (k, v) in &results {
            Self::update_cache(&mut mutations, k.clone(), Some(v.clone()));
        }

        let mut res: Vec<KvPair> = results.into_iter().map(|(k, v)| KvPair(k, v)).collect();
        res.sort_by(|a, b| a.0.cmp(&b.0));
        res.truncate(limit as usize);
        Ok(res)
    }

    pub fn put(&self, key: Key, value: Value) {
        self.mutations.lock().unwrap().insert(key, Mutation::Put(value));
    }

    pub fn delete(&self, key: Key) {
        self.mutations.lock().unwrap().insert(key, Mutation::Del);
    }
}
