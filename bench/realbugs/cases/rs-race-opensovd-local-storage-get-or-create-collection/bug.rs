// classic-diagnostic-adapter: cda-storage/src/local_storage.rs
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

pub struct Collection {
    name: String,
    dir: PathBuf,
    entries: Mutex<HashMap<String, Vec<u8>>>,
}

impl Collection {
    fn open(root: &PathBuf, name: &str) -> io::Result<Collection> {
        let dir = root.join(name);
        fs::create_dir_all(&dir)?;
        Ok(Collection { name: name.to_string(), dir, entries: Mutex::new(HashMap::new()) })
    }

    pub fn put(&self, key: &str, value: Vec<u8>) -> io::Result<()> {
        fs::write(self.dir.join(key), &value)?;
        self.entries.lock().unwrap().insert(key.to_string(), value);
        Ok(())
    }

    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.entries.lock().unwrap().get(key).cloned()
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

pub struct LocalStorage {
    root: PathBuf,
    collections: RwLock<HashMap<String, Arc<Collection>>>,
}

impl LocalStorage {
    pub fn new(root: PathBuf) -> Self {
        LocalStorage { root, collections: RwLock::new(HashMap::new()) }
    }

    pub fn get_or_create_collection(&self, name: &str) -> io::Result<Arc<Collection>> {
        {
            let collections = self.collections.read().unwrap();
            if let Some(collection) = collections.get(name) {
                return Ok(Arc::clone(collection));
            }
        }

        let collection = Arc::new(Collection::open(&self.root, name)?);
        let mut collections = self.collections.write().unwrap();
        collections.insert(name.to_string(), Arc::clone(&collection));
        Ok(collection)
    }

    pub fn store(&self, collection: &str, key: &str, value: Vec<u8>) -> io::Result<()> {
        self.get_or_create_collection(collection)?.put(key, value)
    }

    pub fn load(&self, collection: &str, key: &str) -> io::Result<Option<Vec<u8>>> {
        Ok(self.get_or_create_collection(collection)?.get(key))
    }
}
