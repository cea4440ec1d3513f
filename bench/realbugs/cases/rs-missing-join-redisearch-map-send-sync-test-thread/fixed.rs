//! Reduction of RediSearch's src/redisearch_rs/value/src/map.rs and its
//! `tests::test_send_sync` (after RediSearch#7309).
use std::sync::Arc;

/// A shared, immutable key/value map handed between threads.
#[derive(Debug, Default)]
pub struct Map {
    entries: Vec<(String, String)>,
}

impl Map {
    pub fn new(entries: Vec<(String, String)>) -> Self {
        Self { entries }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

fn assert_send_sync<T: Send + Sync>() {}

pub fn test_send_sync() {
    assert_send_sync::<Map>();
    let map = Arc::new(Map::new(vec![("key".to_owned(), "value".to_owned())]));
    let map_clone = Arc::clone(&map);
    let handle = std::thread::spawn(move || {
        assert_eq!(map_clone.get("key"), Some("value"));
        assert_eq!(map_clone.len(), 1);
    });
    handle.join().expect("thread panicked");
    assert_eq!(map.len(), 1);
}

fn main() {
    test_send_sync();
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_send_sync() {
        super::test_send_sync();
    }
}
