use parking_lot::{MappedRwLockReadGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::thread;

#[derive(Default)]
struct Gauge(AtomicI64);

impl Gauge {
    fn inc(&self) { self.0.fetch_add(1, Ordering::Relaxed); }
    fn dec(&self) { self.0.fetch_sub(1, Ordering::Relaxed); }
}

struct Family<S, M> {
    metrics: RwLock<HashMap<S, M>>,
}

impl<S: Clone + std::hash::Hash + Eq, M: Default> Family<S, M> {
    fn new() -> Self { Family { metrics: RwLock::new(HashMap::new()) } }

    fn get_or_create(&self, label_set: &S) -> MappedRwLockReadGuard<'_, M> {
        if let Ok(metric) = RwLockReadGuard::try_map(self.metrics.read(), |m| m.get(label_set)) {
            return metric;
        }
        let mut write_guard = self.metrics.write();
        write_guard.insert(label_set.clone(), M::default());
        let read_guard = RwLockWriteGuard::downgrade(write_guard);
        RwLockReadGuard::map(read_guard, |m| m.get(label_set).expect("just inserted"))
    }
}

fn main() {
    let family: Arc<Family<String, Gauge>> = Arc::new(Family::new());
    let workers: Vec<_> = (0..8).map(|_| {
        let family = Arc::clone(&family);
        thread::spawn(move || {
            let labels = "method=GET".to_string();
            family.get_or_create(&labels).inc();
            family.get_or_create(&labels).dec();
        })
    }).collect();
    for w in workers { w.join().unwrap(); }
    let v = family.get_or_create(&"method=GET".to_string()).0.load(Ordering::Relaxed);
    println!("in-flight gauge = {}", v);
}
