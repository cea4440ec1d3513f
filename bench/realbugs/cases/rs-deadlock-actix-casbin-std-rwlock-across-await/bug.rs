// Reduced from actix/examples#470 (fixed by #471): the casbin example shares the
// enforcer as web::Data<std::sync::RwLock<CachedEnforcer>> and the handler keeps
// the std write guard alive across the async add_policy().await. Actix runs
// every worker on a single-threaded runtime, so a second request scheduled on
// the same worker calls write() on a lock its own thread already holds:
// "rwlock write lock would result in deadlock".
use std::sync::{Arc, RwLock};
use std::time::Duration;

struct CachedEnforcer {
    policies: Vec<Vec<String>>,
}

impl CachedEnforcer {
    async fn add_policy(&mut self, rule: Vec<String>) -> Result<bool, String> {
        // adapter round trip to the policy store
        tokio::time::sleep(Duration::from_millis(50)).await;
        if self.policies.contains(&rule) {
            return Ok(false);
        }
        self.policies.push(rule);
        Ok(true)
    }

    fn enforce_mut(&mut self, rule: &[&str]) -> bool {
        self.policies.iter().any(|p| p.iter().map(String::as_str).eq(rule.iter().copied()))
    }
}

async fn success(enforcer: Arc<RwLock<CachedEnforcer>>, user: &'static str) -> String {
    let mut e = enforcer.write().unwrap();
    let rule = vec![user.to_string(), "data1".to_string(), "read".to_string()];
    e.add_policy(rule).await.unwrap();
    format!("{} allowed: {}", user, e.enforce_mut(&[user, "data1", "read"]))
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let local = tokio::task::LocalSet::new();
    let enforcer = Arc::new(RwLock::new(CachedEnforcer { policies: Vec::new() }));
    local.block_on(&rt, async move {
        // two concurrent requests handled by the same (single) worker
        let a = tokio::task::spawn_local(success(enforcer.clone(), "alice"));
        let b = tokio::task::spawn_local(success(enforcer.clone(), "bob"));
        println!("{}", a.await.unwrap());
        println!("{}", b.await.unwrap());
    });
}
