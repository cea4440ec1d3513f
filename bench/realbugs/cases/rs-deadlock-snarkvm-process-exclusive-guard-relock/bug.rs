// Reduction of snarkVM's shared Process handle and ProcessExclusiveGuard,
// as reported in issue #3274: the exclusive guard still exposes `lock`.
use std::collections::HashMap;
use std::ops::Deref;
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
        ProcessExclusiveGuard { process: self, guard: self.inner.write() }
    }

    fn contains_program(&self, id: &str) -> bool {
        self.lock().programs.contains_key(id)
    }
}

struct ProcessExclusiveGuard<'a> {
    process: &'a Process,
    guard: RwLockWriteGuard<'a, ProcessInner>,
}

// Deref to the Process gives callers every Process method, including `lock`.
impl<'a> Deref for ProcessExclusiveGuard<'a> {
    type Target = Process;
    fn deref(&self) -> &Process {
        self.process
    }
}

impl<'a> ProcessExclusiveGuard<'a> {
    fn add_program(&mut self, id: &str, bytes: Vec<u8>) {
        self.guard.programs.insert(id.to_string(), bytes);
    }
}

fn deploy(process: &Process, id: &str, bytes: Vec<u8>) {
    let mut exclusive = process.exclusive();
    // Checking for an existing deployment through the guard re-takes the
    // lock that `exclusive` already holds for writing.
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
