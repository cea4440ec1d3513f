//! QueryFlux: reduction of crates/queryflux-cluster-manager/src/{cluster_state.rs,simple.rs};
//! async_trait/tokio are replaced by a native async trait and a tiny block_on.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll, Wake, Waker};
#[derive(Debug, Clone, PartialEq, Eq, Hash)] pub struct ClusterName(pub String);
#[derive(Debug, Clone, PartialEq, Eq, Hash)] pub struct ClusterGroupName(pub String);

/// Live mutable state for a single cluster instance.
/// Shared across threads via `Arc`; counters are atomic.
#[derive(Debug)]
pub struct ClusterState {
    pub cluster_name: ClusterName,
    max_running_queries: Arc<AtomicU64>,
    enabled: Arc<AtomicBool>,
    running_queries: Arc<AtomicU64>,
    is_healthy: Arc<AtomicBool>,
}

impl ClusterState {
    pub fn new(cluster_name: ClusterName, max_running_queries: u64) -> Self {
        Self {
            cluster_name,
            max_running_queries: Arc::new(AtomicU64::new(max_running_queries)),
            enabled: Arc::new(AtomicBool::new(true)),
            running_queries: Arc::new(AtomicU64::new(0)),
            is_healthy: Arc::new(AtomicBool::new(true)),
        }
    }
    pub fn max_running_queries(&self) -> u64 {
        self.max_running_queries.load(Ordering::Relaxed)
    }
    pub fn is_enabled(&self) -> bool {
        self.enabled.load(Ordering::Relaxed)
    }
    pub fn running_queries(&self) -> u64 {
        self.running_queries.load(Ordering::Relaxed)
    }
    pub fn is_healthy(&self) -> bool {
        self.is_healthy.load(Ordering::Relaxed)
    }
    pub fn increment_running(&self) {
        self.running_queries.fetch_add(1, Ordering::Relaxed);
    }
    pub fn is_at_capacity(&self) -> bool {
        self.running_queries() >= self.max_running_queries()
    }
}

pub struct ClusterCandidate<'a> {
    pub name: &'a str,
    pub running_queries: u64,
    pub max_running_queries: u64,
}

pub trait ClusterSelectionStrategy: Send + Sync {
    fn pick(&self, candidates: &[ClusterCandidate<'_>]) -> Option<usize>;
}

pub struct RoundRobin;
impl ClusterSelectionStrategy for RoundRobin {
    fn pick(&self, _candidates: &[ClusterCandidate<'_>]) -> Option<usize> { Some(0) }
}

trait ClusterGroupManager {
    async fn acquire_cluster(&self, group: &ClusterGroupName) -> Result<Option<ClusterName>, String>;
}

type ManagedGroup = (Vec<Arc<ClusterState>>, Arc<dyn ClusterSelectionStrategy>);

pub struct SimpleClusterGroupManager {
    /// group → (ordered cluster states, selection strategy)
    groups: HashMap<ClusterGroupName, ManagedGroup>,
}

impl ClusterGroupManager for SimpleClusterGroupManager {
    async fn acquire_cluster(&self, group: &ClusterGroupName) -> Result<Option<ClusterName>, String> {
        let (clusters, strategy) = self
            .groups
            .get(group)
            .ok_or_else(|| format!("no cluster group {}", group.0))?;

        // Build the eligible candidate list (healthy + enabled + under capacity).
        let eligible: Vec<(usize, &Arc<ClusterState>)> = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_enabled() && c.is_healthy() && !c.is_at_capacity())
            .collect();

        if eligible.is_empty() { return Ok(None); }

        let candidates: Vec<ClusterCandidate<'_>> = eligible
            .iter()
            .map(|(_, c)| ClusterCandidate {
                name: c.cluster_name.0.as_str(),
                running_queries: c.running_queries(),
                max_running_queries: c.max_running_queries(),
            })
            .collect();

        let picked_local_idx = strategy.pick(&candidates).unwrap_or(0);
        let (_, chosen) = eligible[picked_local_idx];
        chosen.increment_running();
        Ok(Some(chosen.cluster_name.clone()))
    }
}

struct NoopWake;
impl Wake for NoopWake { fn wake(self: Arc<Self>) {} }

fn block_on<F: Future>(fut: F) -> F::Output {
    let waker = Waker::from(Arc::new(NoopWake));
    let mut cx = Context::from_waker(&waker);
    let mut fut = std::pin::pin!(fut);
    loop {
        if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn main() {
    const WORKERS: usize = 8;
    let group = ClusterGroupName("adhoc".into());
    let mut oversubscribed = 0;
    for _ in 0..1000 {
        let state = Arc::new(ClusterState::new(ClusterName("trino-1".into()), 1));
        let strategy: Arc<dyn ClusterSelectionStrategy> = Arc::new(RoundRobin);
        let groups = HashMap::from([(group.clone(), (vec![Arc::clone(&state)], strategy))]);
        let manager = Arc::new(SimpleClusterGroupManager { groups });
        let barrier = Arc::new(Barrier::new(WORKERS));
        let handles: Vec<_> = (0..WORKERS)
            .map(|_| {
                let (manager, barrier, group) = (Arc::clone(&manager), Arc::clone(&barrier), group.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    block_on(manager.acquire_cluster(&group)).unwrap().is_some()
                })
            })
            .collect();
        let admitted = handles.into_iter().map(|h| h.join().unwrap()).filter(|ok| *ok).count();
        if admitted > 1 || state.running_queries() > state.max_running_queries() {
            oversubscribed += 1;
        }
    }
    println!("max_running_queries = 1; rounds with more than one admitted query: {}/1000", oversubscribed);
}
