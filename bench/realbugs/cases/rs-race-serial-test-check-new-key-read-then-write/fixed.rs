//! Shape of serial_test 0.5 (serial_test/src/code_lock.rs, Dec 2021): the per-key
//! ReentrantMutex registry behind `#[serial]` / `#[serial(key)]`.
use lazy_static::lazy_static;
use parking_lot::{ReentrantMutex, RwLock, RwLockUpgradableReadGuard};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

lazy_static! {
    static ref LOCKS: Arc<RwLock<HashMap<String, ReentrantMutex<()>>>> =
        Arc::new(RwLock::new(HashMap::new()));
}

fn check_new_key(name: &str) {
    // Check if a new key is needed. Just need a read lock, which can be done in sync with everyone else
    let new_key = {
        let unlock = LOCKS.read_recursive();
        !unlock.deref().contains_key(name)
    };
    if new_key {
        // This is the rare path, which avoids the multi-writer situation mostly
        let lock = LOCKS.upgradable_read();
        if lock.deref().contains_key(name) {
            return; // another writer got here between unlock of the read and re-acquire
        }
        let mut upgraded_lock =
            RwLockUpgradableReadGuard::<'_, HashMap<String, ReentrantMutex<()>>>::upgrade(lock);
        upgraded_lock.insert(name.to_string(), ReentrantMutex::new(()));
    }
}

#[doc(hidden)]
pub fn local_serial_core_with_return<E>(name: &str, function: fn() -> Result<(), E>) -> Result<(), E> {
    check_new_key(name);

    let unlock = LOCKS.read_recursive();
    // _guard needs to be named to avoid being instant dropped
    let _guard = unlock.deref()[name].lock();
    function()
}

#[doc(hidden)]
pub fn local_serial_core(name: &str, function: fn()) {
    check_new_key(name);

    let unlock = LOCKS.read_recursive();
    // _guard needs to be named to avoid being instant dropped
    let _guard = unlock.deref()[name].lock();
    function();
}

#[cfg(test)]
mod tests {
    use super::{check_new_key, LOCKS};
    use std::{ops::Deref, ptr, thread};

    #[test]
    fn test_hammer_check_new_key() {
        let mut threads = Vec::new();
        for _ in 1..100 {
            threads.push(thread::spawn(move || {
                check_new_key("foo");
                let unlock = LOCKS.read_recursive();
                let mutex = unlock.deref().get("foo").unwrap();
                format!("{:p}", ptr::addr_of!(*mutex))
            }));
        }
        let ptrs: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(ptrs.windows(2).all(|w| w[0] == w[1]));
    }
}
