//! A cache refreshed by one thread while another reads statistics: `refresh` locks `entries`
//! then `stats`, `report` locks `stats` then `entries`. Run together they deadlock (KN201).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

struct Cache {
    entries: Mutex<HashMap<String, String>>,
    stats: Mutex<u64>,
}

impl Cache {
    fn refresh(&self) {
        let mut entries = self.entries.lock().unwrap();
        let mut stats = self.stats.lock().unwrap();
        entries.insert("key".to_string(), "value".to_string());
        *stats += 1;
    }

    fn report(&self) -> usize {
        let stats = self.stats.lock().unwrap();
        let entries = self.entries.lock().unwrap();
        println!("{} refreshes", *stats);
        entries.len()
    }
}

fn main() {
    let cache = Arc::new(Cache {
        entries: Mutex::new(HashMap::new()),
        stats: Mutex::new(0),
    });
    let writer = {
        let cache = Arc::clone(&cache);
        thread::spawn(move || cache.refresh())
    };
    let reader = {
        let cache = Arc::clone(&cache);
        thread::spawn(move || cache.report())
    };
    writer.join().unwrap();
    reader.join().unwrap();
}
