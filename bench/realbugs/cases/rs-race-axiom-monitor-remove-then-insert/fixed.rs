// Reduced from rsimmonsjr/axiom PR #60 (DashMap instead of RwLock<HashMap>):
// monitor() split the get-or-insert into remove + insert on the shared map.
use dashmap::DashMap;
use std::sync::Arc;
use std::thread;

pub type Aid = u64;

#[derive(Default)]
pub struct ActorSystemData {
    monitoring_by_monitored: DashMap<Aid, Vec<Aid>>,
}

#[derive(Clone, Default)]
pub struct ActorSystem {
    data: Arc<ActorSystemData>,
}

impl ActorSystem {
    /// Registers `monitoring` to be told when `monitored` stops.
    pub fn monitor(&self, monitoring: &Aid, monitored: &Aid) {
        // entry() keeps the shard locked for the whole get-or-insert + push
        self.data
            .monitoring_by_monitored
            .entry(*monitored)
            .or_insert_with(Vec::new)
            .push(*monitoring);
    }

    pub fn monitors_of(&self, monitored: &Aid) -> usize {
        self.data
            .monitoring_by_monitored
            .get(monitored)
            .map(|v| v.len())
            .unwrap_or(0)
    }
}

fn main() {
    let system = ActorSystem::default();
    let workers: Vec<_> = (0..8u64)
        .map(|i| {
            let system = system.clone();
            thread::spawn(move || {
                for j in 0..1000u64 {
                    system.monitor(&(i * 1000 + j), &7);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    println!("monitors of 7: {} (expected 8000)", system.monitors_of(&7));
}
