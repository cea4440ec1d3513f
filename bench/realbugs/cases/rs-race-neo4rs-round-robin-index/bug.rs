//! Reduction of neo4rs `routing::load_balancing::RoundRobinStrategy` (neo4j-labs/neo4rs#273).
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub struct BoltServer {
    pub address: String,
    pub port: u16,
    pub role: String,
}

pub trait LoadBalancingStrategy: Send + Sync {
    fn select_reader(&self) -> Option<BoltServer>;
    fn select_writer(&self) -> Option<BoltServer>;
}

pub struct RoundRobinStrategy {
    readers: Vec<BoltServer>,
    writers: Vec<BoltServer>,
    reader_index: AtomicUsize,
    writer_index: AtomicUsize,
}

impl RoundRobinStrategy {
    pub(crate) fn new(servers: &[BoltServer]) -> Self {
        let readers: Vec<BoltServer> = servers.iter().filter(|s| s.role == "READ").cloned().collect();
        let writers: Vec<BoltServer> = servers.iter().filter(|s| s.role == "WRITE").cloned().collect();
        let reader_index = AtomicUsize::new(readers.len());
        let writer_index = AtomicUsize::new(writers.len());
        RoundRobinStrategy { readers, writers, reader_index, writer_index }
    }

    fn select(servers: &[BoltServer], index: &AtomicUsize) -> Option<BoltServer> {
        if servers.is_empty() {
            return None;
        }

        index
            .compare_exchange(
                0,
                servers.len(),
                std::sync::atomic::Ordering::Relaxed,
                std::sync::atomic::Ordering::Relaxed,
            )
            .ok();
        let i = index.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        if let Some(server) = servers.get(i - 1) {
            Some(server.clone())
        } else {
            //reset index
            index.store(servers.len(), std::sync::atomic::Ordering::Relaxed);
            servers.last().cloned()
        }
    }
}

impl LoadBalancingStrategy for RoundRobinStrategy {
    fn select_reader(&self) -> Option<BoltServer> {
        Self::select(&self.readers, &self.reader_index)
    }

    fn select_writer(&self) -> Option<BoltServer> {
        Self::select(&self.writers, &self.writer_index)
    }
}

/// Many sessions of one routed driver pick a reader at the same time.
pub fn concurrent_reads(strategy: Arc<dyn LoadBalancingStrategy>, sessions: usize) -> usize {
    let handles: Vec<_> = (0..sessions)
        .map(|_| {
            let strategy = strategy.clone();
            std::thread::spawn(move || (0..1000).filter(|_| strategy.select_reader().is_some()).count())
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).sum()
}
