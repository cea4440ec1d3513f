//! Reduction of nimiq `consensus/src/sync/sync_queue.rs` (nimiq/core-rs-albatross#1502).
use parking_lot::RwLock;
use std::collections::VecDeque;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeerId(pub u64);

pub struct QueuedRequest<TId> {
    pub id: TId,
    pub current_peer_index: usize,
    pub attempts: usize,
}

pub struct SyncQueue<TId> {
    peers: Arc<RwLock<Vec<PeerId>>>,
    ids_to_request: VecDeque<TId>,
    pending: Vec<(PeerId, TId)>,
    current_peer_index: usize,
    max_attempts: usize,
}

impl<TId: Clone> SyncQueue<TId> {
    pub fn new(peers: Arc<RwLock<Vec<PeerId>>>, max_attempts: usize) -> Self {
        SyncQueue {
            peers,
            ids_to_request: VecDeque::new(),
            pending: Vec::new(),
            current_peer_index: 0,
            max_attempts,
        }
    }

    pub fn add_ids(&mut self, ids: Vec<TId>) {
        self.ids_to_request.extend(ids);
    }

    fn get_next_peer(&self, start_index: usize) -> Option<(usize, PeerId)> {
        let peers = self.peers.read();
        if peers.is_empty() {
            return None;
        }
        let index = start_index % peers.len();
        let peer = peers[index].clone();
        Some((index, peer))
    }

    pub fn try_push_futures(&mut self) {
        while let Some(id) = self.ids_to_request.pop_front() {
            match self.get_next_peer(self.current_peer_index) {
                Some((index, peer)) => {
                    self.current_peer_index = index + 1;
                    self.pending.push((peer, id));
                }
                None => {
                    self.ids_to_request.push_front(id);
                    break;
                }
            }
        }
    }

    pub fn retry(&mut self, mut req: QueuedRequest<TId>) -> bool {
        req.attempts += 1;
        if req.attempts > self.max_attempts {
            return false;
        }
        match self.get_next_peer(req.current_peer_index + 1) {
            Some((_, peer)) => {
                self.pending.push((peer, req.id));
                true
            }
            None => false,
        }
    }
}

/// Network event loop: peers leave while the sync queue is dispatching requests.
pub fn on_peer_left(peers: &Arc<RwLock<Vec<PeerId>>>, peer_id: &PeerId) {
    peers.write().retain(|p| p != peer_id);
}

pub fn run(peers: Arc<RwLock<Vec<PeerId>>>) {
    let network_peers = peers.clone();
    let network = std::thread::spawn(move || {
        for i in 0..64 {
            on_peer_left(&network_peers, &PeerId(i));
        }
    });
    let mut queue: SyncQueue<u32> = SyncQueue::new(peers, 3);
    queue.add_ids((0..1000).collect());
    queue.try_push_futures();
    network.join().unwrap();
}
