// Reduced from majiayu000/harness#439 / #429 (fixed by #444): the exec handler
// checks the DashMap of running tasks with get() and, if the key is absent,
// spawns an agent and insert()s it. The shard lock is released between the two
// calls, so two concurrent requests for the same workspace both miss, both
// spawn an agent and the second insert silently replaces the first task.
use dashmap::DashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Clone, Debug)]
struct TaskHandle {
    id: u64,
    workspace: String,
}

struct ExecState {
    tasks: DashMap<String, TaskHandle>,
    next_id: AtomicU64,
    spawned: AtomicU64,
}

impl ExecState {
    fn spawn_agent(&self, workspace: &str) -> TaskHandle {
        self.spawned.fetch_add(1, Ordering::SeqCst);
        thread::yield_now();
        TaskHandle { id: self.next_id.fetch_add(1, Ordering::SeqCst), workspace: workspace.to_string() }
    }

    fn handle_exec(&self, workspace: &str) -> u64 {
        if let Some(existing) = self.tasks.get(workspace) {
            return existing.id;
        }
        let task = self.spawn_agent(workspace);
        let id = task.id;
        self.tasks.insert(workspace.to_string(), task);
        id
    }
}

fn main() {
    let state = Arc::new(ExecState { tasks: DashMap::new(), next_id: AtomicU64::new(1), spawned: AtomicU64::new(0) });
    let workers: Vec<_> = (0..8)
        .map(|_| {
            let state = Arc::clone(&state);
            thread::spawn(move || state.handle_exec("ws-main"))
        })
        .collect();
    let ids: Vec<u64> = workers.into_iter().map(|h| h.join().unwrap()).collect();
    println!("task ids {:?}, agents spawned {}", ids, state.spawned.load(Ordering::SeqCst));
    for entry in state.tasks.iter() {
        println!("{} -> {:?}", entry.key(), entry.value().workspace);
    }
}
