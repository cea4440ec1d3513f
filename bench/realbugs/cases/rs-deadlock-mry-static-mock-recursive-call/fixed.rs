use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

type Behavior = Arc<dyn Fn(u64) -> u64 + Send + Sync>;

#[derive(Default)]
struct StaticMocks {
    behaviors: HashMap<&'static str, Behavior>,
    calls: HashMap<&'static str, Vec<u64>>,
}

fn static_mocks() -> &'static Mutex<StaticMocks> {
    static MOCKS: OnceLock<Mutex<StaticMocks>> = OnceLock::new();
    MOCKS.get_or_init(|| Mutex::new(StaticMocks::default()))
}

fn mock_fib(behavior: Behavior) {
    static_mocks().lock().unwrap().behaviors.insert("fib", behavior);
}

fn record_call(name: &'static str, arg: u64) -> Option<u64> {
    let behavior = {
        let mut mocks = static_mocks().lock().unwrap();
        mocks.calls.entry(name).or_default().push(arg);
        mocks.behaviors.get(name).cloned()
    };
    behavior.map(|b| b(arg))
}

fn fib(n: u64) -> u64 {
    if let Some(out) = record_call("fib", n) {
        return out;
    }
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

fn main() {
    mock_fib(Arc::new(|n| if n < 2 { n } else { fib(n - 1) + 1 }));
    println!("fib(5) = {}", fib(5));
}
