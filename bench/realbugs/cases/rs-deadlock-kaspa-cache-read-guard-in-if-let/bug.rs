use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use std::thread;

#[derive(Clone, Debug)]
pub struct Header {
    pub hash: u64,
    pub daa_score: u64,
}

pub struct Cache {
    map: RwLock<HashMap<u64, Arc<Header>>>,
    size: usize,
}

impl Cache {
    pub fn new(size: usize) -> Self {
        Self { map: RwLock::new(HashMap::new()), size }
    }
}

pub struct DbHeadersStore {
    db: HashMap<u64, Header>,
    cache: Cache,
}

impl DbHeadersStore {
    pub fn new(db: HashMap<u64, Header>) -> Self {
        Self { db, cache: Cache::new(1024) }
    }

    pub fn get_header(&self, hash: u64) -> Result<Arc<Header>, String> {
        if let Some(header) = self.cache.map.read().get(&hash).cloned() {
            Ok(header)
        } else if let Some(header) = self.db.get(&hash) {
            let header = Arc::new(header.clone());
            let mut map = self.cache.map.write();
            if map.len() >= self.cache.size {
                map.clear();
            }
            map.insert(hash, header.clone());
            Ok(header)
        } else {
            Err(format!("header {} not found", hash))
        }
    }
}

fn main() {
    let mut db = HashMap::new();
    for h in 0..8u64 {
        db.insert(h, Header { hash: h, daa_score: h * 10 });
    }
    let store = Arc::new(DbHeadersStore::new(db));
    let workers: Vec<_> = (0..4u64)
        .map(|i| {
            let store = Arc::clone(&store);
            thread::spawn(move || store.get_header(i % 8).map(|h| h.daa_score))
        })
        .collect();
    for w in workers {
        println!("{:?}", w.join().unwrap());
    }
}
