use std::sync::{Arc, OnceLock};
use std::thread;

pub trait MetricClient {
    fn incr(&self, key: &str);
}

pub struct StatsdClient {
    prefix: String,
}

impl MetricClient for StatsdClient {
    fn incr(&self, key: &str) {
        println!("{}.{}:1|c", self.prefix, key);
    }
}

// cadence-macros/src/state.rs
// Fixed: a holder whose initialisation and reads are synchronised (upstream wrote its own
// atomics-based SingletonHolder; std's OnceLock does the same).
static GLOBAL_DEFAULT: OnceLock<Arc<dyn MetricClient + Send + Sync>> = OnceLock::new();

pub fn set_global_default<T>(client: T)
where
    T: MetricClient + Send + Sync + 'static,
{
    let _ = GLOBAL_DEFAULT.set(Arc::new(client));
}

pub fn get_global_default() -> Option<Arc<dyn MetricClient + Send + Sync>> {
    GLOBAL_DEFAULT.get().cloned()
}

pub fn is_global_default_set() -> bool {
    GLOBAL_DEFAULT.get().is_some()
}

// statsd_count!("requests") expands to a get_global_default() lookup.
fn handle_request() {
    if let Some(client) = get_global_default() {
        client.incr("requests");
    }
}

fn main() {
    let workers: Vec<_> = (0..4).map(|_| thread::spawn(handle_request)).collect();
    let setup = thread::spawn(|| set_global_default(StatsdClient { prefix: "my.app".into() }));
    setup.join().unwrap();
    for w in workers {
        w.join().unwrap();
    }
    assert!(is_global_default_set());
}
