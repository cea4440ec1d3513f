use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Reduced from VRC-LOG's VRChat API provider.
pub struct VrchatProvider {
    cache: Mutex<HashMap<String, String>>,
    failures_left: Mutex<u32>,
}

impl VrchatProvider {
    fn lookup(&self, user_id: &str) -> Option<String> {
        let mut left = self.failures_left.lock().unwrap();
        if *left > 0 {
            *left -= 1; // simulated 429 Too Many Requests
            return None;
        }
        Some(format!("user-{}", user_id))
    }

    /// Synchronous, cached lookup (the original is a #[cached] fn).
    pub fn get_user(&self, user_id: &str) -> Option<String> {
        if let Some(name) = self.cache.lock().unwrap().get(user_id) {
            return Some(name.clone());
        }
        for attempt in 1..=3u64 {
            if let Some(name) = self.lookup(user_id) {
                self.cache.lock().unwrap().insert(user_id.to_string(), name.clone());
                return Some(name);
            }
            // back off before retrying the rate-limited request
            std::thread::sleep(Duration::from_millis(50 * attempt));
        }
        None
    }
}

async fn process_avatar(provider: Arc<VrchatProvider>, avatar_id: String, author_id: String) {
    // get_user() is synchronous and may sleep: run it off the async worker threads
    let author = tokio::task::spawn_blocking(move || provider.get_user(&author_id))
        .await
        .unwrap_or(None);
    println!("avatar {} by {:?}", avatar_id, author);
}

#[tokio::main]
async fn main() {
    let provider = Arc::new(VrchatProvider { cache: Mutex::new(HashMap::new()), failures_left: Mutex::new(1) });
    process_avatar(provider, "avtr_1234".to_string(), "usr_42".to_string()).await;
}
