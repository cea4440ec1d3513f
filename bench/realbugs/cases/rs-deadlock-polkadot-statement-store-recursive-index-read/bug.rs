use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

type Hash = [u8; 32];

#[derive(Clone, Debug)]
pub struct Statement {
    pub data: Vec<u8>,
    pub expiry: u64,
}

impl Statement {
    pub fn hash(&self) -> Hash {
        let mut h = [0u8; 32];
        for (i, b) in self.data.iter().enumerate() {
            h[i % 32] ^= *b;
        }
        h
    }
}

#[derive(Default)]
struct Index {
    entries: HashMap<Hash, u64>,
    expired: HashMap<Hash, u64>,
}

impl Index {
    fn insert(&mut self, hash: Hash, statement: &Statement) {
        self.entries.insert(hash, statement.expiry);
    }

    fn maintain(&mut self, now: u64) -> Vec<Hash> {
        let purged: Vec<Hash> = self.entries.iter().filter(|(_, e)| **e < now).map(|(h, _)| *h).collect();
        for h in &purged {
            self.entries.remove(h);
            self.expired.insert(*h, now);
        }
        purged
    }
}

pub struct Store {
    index: RwLock<Index>,
    db: Mutex<HashMap<Hash, Statement>>,
}

impl Store {
    pub fn new() -> Self {
        Store { index: RwLock::new(Index::default()), db: Mutex::new(HashMap::new()) }
    }

    /// Perform periodic store maintenance
    pub fn maintain(&self, now: u64) {
        let deleted = self.index.write().maintain(now);
        let mut db = self.db.lock().unwrap();
        for h in &deleted {
            db.remove(h);
        }
    }

    pub fn submit(&self, statement: Statement) {
        let hash = statement.hash();
        self.db.lock().unwrap().insert(hash, statement.clone());
        self.index.write().insert(hash, &statement);
    }

    /// Return all statements.
    pub fn statements(&self) -> Result<Vec<(Hash, Statement)>, String> {
        let index = self.index.read();
        let mut result = Vec::with_capacity(index.entries.len());
        for h in self.index.read().entries.keys() {
            let encoded = self.db.lock().unwrap().get(h).cloned();
            if let Some(statement) = encoded {
                result.push((statement.hash(), statement));
            }
        }
        Ok(result)
    }
}

/// Network worker: propagates all statements to peers every second.
pub fn propagate_statements(store: Arc<Store>, rounds: usize) -> usize {
    let mut sent = 0;
    for _ in 0..rounds {
        if let Ok(statements) = store.statements() {
            sent += statements.len();
        }
    }
    sent
}

pub fn run() {
    let store = Arc::new(Store::new());
    let gossip = {
        let store = store.clone();
        thread::spawn(move || propagate_statements(store, 10_000))
    };
    let rpc = {
        let store = store.clone();
        thread::spawn(move || {
            for i in 0..10_000u64 {
                store.submit(Statement { data: i.to_le_bytes().to_vec(), expiry: i });
                store.maintain(i / 2);
            }
        })
    };
    gossip.join().unwrap();
    rpc.join().unwrap();
}
