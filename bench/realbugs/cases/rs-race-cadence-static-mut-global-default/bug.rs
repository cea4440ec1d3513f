use std::sync::{Arc, Once};
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
static mut GLOBAL_DEFAULT: Option<Arc<dyn MetricClient + Send + Sync>> = None;
static INIT: Once = Once::new();

pub fn set_global_default<T>(client: T)
where
    T: MetricClient + Send + Sync + 'static,
{
    INIT.call_once(|| unsafe {
        GLOBAL_DEFAULT = Some(Arc::new(client));
    });
}

pub fn get_global_default() -> Option<Arc<dyn MetricClient + Send + Sync>> {
    unsafe { GLOBAL_DEFAULT.clone() }
}

pub fn is_global_default_set() -> bool {
    INIT.is_completed()
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
