use once_cell::sync::Lazy;
use std::time::{Duration, Instant};
use tokio::sync::RwLock;
use tokio::time::sleep;

// What `#[once(time = 1, sync_writes = true)] async fn once_writes_per_second() -> String`
// expands to (cached 0.46, proc_macro::once).
static ONCE_WRITES_PER_SECOND: Lazy<RwLock<Option<(Instant, String)>>> =
    Lazy::new(|| RwLock::new(None));

async fn once_writes_per_second_inner() -> String {
    "results".to_string()
}

async fn once_writes_per_second() -> String {
    let now = Instant::now();
    let max_lifespan = Duration::from_secs(1);
    let mut cached = ONCE_WRITES_PER_SECOND.write().await;
    if let Some(result) = &*cached {
        {
            let cached = ONCE_WRITES_PER_SECOND.read().await;
            if let Some((created, value)) = &*cached {
                if now.duration_since(*created) < max_lifespan {
                    return value.clone();
                }
            }
        }
        let _ = result;
    }
    let result = once_writes_per_second_inner().await;
    *cached = Some((now, result.clone()));
    result
}

async fn sleep_secs(secs: u64) {
    sleep(Duration::from_secs(secs)).await;
}

#[tokio::main]
async fn main() {
    let _ = once_writes_per_second().await;
    println!("sleeping for 2 seconds");
    sleep_secs(2).await;
    let _ = once_writes_per_second().await; // freezes
    println!("executed");
}
