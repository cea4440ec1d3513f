// Reduction of snarkVM's shared Process handle and ProcessExclusiveGuard,
// after issue #3274: the exclusive guard no longer derefs to Process, so it can
// only read through the write guard it already holds.
use std::collections::HashMap;
use std::sync::Arc;

use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Default)]
struct ProcessInner {
    programs: HashMap<String, Vec<u8>>,
}

#[derive(Clone, Default)]
struct Process {
    inner: Arc<RwLock<ProcessInner>>,
}

impl Process {
    fn lock(&self) -> RwLockReadGuard<'_, ProcessInner> {
        self.inner.read()
    }

    fn exclusive(&self) -> ProcessExclusiveGuard<'_> {
        ProcessExclusiveGuard { guard: self.inner.write() }
    }

    fn contains_program(&self, id: &str) -> bool {
        self.lock().programs.contains_key(id)
    }
}

struct ProcessExclusiveGuard<'a> {
    guard: RwLockWriteGuard<'a, ProcessInner>,
}

impl<'a> ProcessExclusiveGuard<'a> {
    fn contains_program(&self, id: &str) -> bool {
        self.guard.programs.contains_key(id)
    }

    fn add_program(&mut self, id: &str, bytes: Vec<u8>) {
        self.guard.programs.insert(id.to_string(), bytes);
    }
}

fn deploy(process: &Process, id: &str, bytes: Vec<u8>) {
    let mut exclusive = process.exclusive();
    // Reads go through the held write guard.
    if exclusive.contains_program(id) {
        return;
    }
    exclusive.add_program(id, bytes);
}

fn main() {
    let process = Process::default();
    deploy(&process, "credits.aleo", vec![1, 2, 3]);
    println!("programs: {}", process.lock().programs.len());
}
