// Reduced from alphaonedev/ai-memory-mcp: consult_pre_event_gate (CONCURRENCY-20).
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Debug)]
pub enum Decision {
    Allow,
    Deny(String),
}

pub struct HookChain {
    hooks: Vec<String>,
}

impl HookChain {
    pub async fn fire(&mut self, event: &str) -> Decision {
        for hook in &self.hooks {
            // Each hook may call out to an LLM bridge / subprocess; bounded by 60s.
            tokio::time::sleep(Duration::from_millis(50)).await;
            if hook == "deny-all" {
                return Decision::Deny(format!("{hook} rejected {event}"));
            }
        }
        Decision::Allow
    }
}

pub struct ExecutorRegistry {
    chain: HookChain,
}

pub struct PreEventEnforceGate {
    registry: Arc<Mutex<ExecutorRegistry>>,
}

impl PreEventEnforceGate {
    pub async fn consult_pre_event_gate(&self, event: &str) -> Decision {
        let mut registry = self.registry.lock().unwrap();
        registry.chain.fire(event).await
    }
}

async fn http_store_memory(gate: Arc<PreEventEnforceGate>, n: usize) {
    match gate.consult_pre_event_gate(&format!("store:{n}")).await {
        Decision::Allow => println!("stored {n}"),
        Decision::Deny(why) => println!("denied {n}: {why}"),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let gate = Arc::new(PreEventEnforceGate {
        registry: Arc::new(Mutex::new(ExecutorRegistry {
            chain: HookChain { hooks: vec!["audit".into(), "pii-scan".into()] },
        })),
    });
    // Concurrent requests driven from one bridged future (no Send bound).
    let requests = (0..8).map(|n| http_store_memory(gate.clone(), n));
    futures::future::join_all(requests).await;
}
