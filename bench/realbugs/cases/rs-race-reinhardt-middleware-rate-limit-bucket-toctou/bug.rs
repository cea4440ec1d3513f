use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct TokenBucket {
    tokens: f64,
    capacity: f64,
    refill_rate: f64,
    last_refill: Instant,
}

impl TokenBucket {
    pub fn new(capacity: f64, refill_rate: f64) -> Self {
        Self { tokens: capacity, capacity, refill_rate, last_refill: Instant::now() }
    }

    pub fn consume(&mut self, n: f64) -> bool {
        let elapsed = self.last_refill.elapsed().as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.refill_rate).min(self.capacity);
        self.last_refill = Instant::now();
        if self.tokens >= n {
            self.tokens -= n;
            true
        } else {
            false
        }
    }
}

#[derive(Default)]
pub struct RateLimitStore {
    buckets: RwLock<HashMap<String, TokenBucket>>,
}

impl RateLimitStore {
    pub fn get_or_create_bucket(&self, key: &str, capacity: f64, refill_rate: f64) -> TokenBucket {
        let mut buckets = self.buckets.write().unwrap();
        buckets.entry(key.to_string()).or_insert_with(|| TokenBucket::new(capacity, refill_rate)).clone()
    }

    pub fn update_bucket(&self, key: &str, bucket: TokenBucket) {
        self.buckets.write().unwrap().insert(key.to_string(), bucket);
    }
}

pub struct RateLimitMiddleware {
    store: Arc<RateLimitStore>,
    capacity: f64,
    refill_rate: f64,
}

impl RateLimitMiddleware {
    pub fn check(&self, client_ip: &str) -> bool {
        let key = format!("ip:{}", client_ip);
        let mut bucket = self.store.get_or_create_bucket(&key, self.capacity, self.refill_rate);
        if bucket.consume(1.0) {
            self.store.update_bucket(&key, bucket.clone());
            true
        } else {
            false
        }
    }
}

fn main() {
    let mw = Arc::new(RateLimitMiddleware { store: Arc::new(RateLimitStore::default()), capacity: 10.0, refill_rate: 0.0 });
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let mw = Arc::clone(&mw);
            thread::spawn(move || (0..10).filter(|_| mw.check("10.0.0.1")).count())
        })
        .collect();
    let allowed: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("allowed {} requests with a limit of 10", allowed);
}
