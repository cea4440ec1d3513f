#[macro_use]
extern crate lazy_static;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, SystemTime};

type StoreFSTKey = (String, String);

pub struct StoreFST {
    target: StoreFSTKey,
    last_used: RwLock<SystemTime>,
}

type StoreFSTBox = Arc<StoreFST>;

lazy_static! {
    static ref GRAPH_POOL: Arc<RwLock<HashMap<StoreFSTKey, StoreFSTBox>>> =
        Arc::new(RwLock::new(HashMap::new()));
    static ref GRAPH_CONSOLIDATE: Arc<RwLock<HashSet<StoreFSTKey>>> =
        Arc::new(RwLock::new(HashSet::new()));
}

pub struct StoreFSTPool;

impl StoreFSTPool {
    pub fn janitor() {
        let mut graph_pool_write = GRAPH_POOL.write().unwrap();
        let mut graph_consolidate_write = GRAPH_CONSOLIDATE.write().unwrap();

        graph_pool_write.retain(|key, store| {
            let expired = store.last_used.read().unwrap().elapsed().unwrap() > Duration::from_secs(300);
            if expired {
                graph_consolidate_write.remove(key);
            }
            !expired
        });
    }

    pub fn consolidate(force: bool) {
        let mut graph_consolidate_write = GRAPH_CONSOLIDATE.write().unwrap();

        if force || !graph_consolidate_write.is_empty() {
            let mut graph_pool_write = GRAPH_POOL.write().unwrap();

            for key in graph_consolidate_write.drain() {
                if let Some(store) = graph_pool_write.remove(&key) {
                    println!("consolidated fst {}/{}", store.target.0, store.target.1);
                }
            }
        }
    }
}

fn main() {
    let key = ("messages".to_string(), "default".to_string());
    let store = StoreFST { target: key.clone(), last_used: RwLock::new(SystemTime::now()) };
    GRAPH_POOL.write().unwrap().insert(key.clone(), Arc::new(store));
    GRAPH_CONSOLIDATE.write().unwrap().insert(key);

    // The tasker thread runs the janitor; a channel client can force a consolidation.
    let tasker = thread::spawn(|| {
        for _ in 0..1000 {
            StoreFSTPool::janitor();
        }
    });
    let channel = thread::spawn(|| {
        for _ in 0..1000 {
            StoreFSTPool::consolidate(true);
        }
    });
    tasker.join().unwrap();
    channel.join().unwrap();
}
