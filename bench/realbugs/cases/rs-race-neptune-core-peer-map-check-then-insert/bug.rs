use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::bail;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[derive(Clone, Debug)]
pub struct PeerInfo {
    pub port_for_incoming_connections: Option<u16>,
    pub connected_address: SocketAddr,
    pub inbound: bool,
    pub instance_id: u128,
    pub last_seen: SystemTime,
    pub standing: i32,
}

pub struct PeerStandings(HashMap<IpAddr, i32>);

impl PeerStandings {
    pub async fn get(&self, ip: IpAddr) -> Option<i32> {
        tokio::task::yield_now().await; // database read
        self.0.get(&ip).copied()
    }
}

pub struct NetworkingState {
    pub peer_map: HashMap<SocketAddr, PeerInfo>,
    pub peer_standings: PeerStandings,
}

pub struct GlobalState {
    pub net: NetworkingState,
    pub max_peers: usize,
}

#[derive(Clone)]
pub struct GlobalStateLock(Arc<RwLock<GlobalState>>);

impl GlobalStateLock {
    pub async fn lock_guard(&self) -> RwLockReadGuard<'_, GlobalState> {
        self.0.read().await
    }
    pub async fn lock_guard_mut(&self) -> RwLockWriteGuard<'_, GlobalState> {
        self.0.write().await
    }
    pub async fn lock_mut<R>(&self, f: impl FnOnce(&mut GlobalState) -> R) -> R {
        let mut guard = self.0.write().await;
        f(&mut guard)
    }
}

pub struct HandshakeData {
    pub instance_id: u128,
    pub listen_port: Option<u16>,
}

pub struct PeerLoopHandler {
    global_state_lock: GlobalStateLock,
    peer_address: SocketAddr,
    peer_handshake_data: HandshakeData,
    inbound_connection: bool,
}

impl PeerLoopHandler {
    pub async fn run_wrapper(&self) -> anyhow::Result<()> {
        let global_state = self.global_state_lock.lock_guard().await;
        let standing = global_state.net.peer_standings.get(self.peer_address.ip()).await.unwrap_or_default();
        let new_peer = PeerInfo {
            port_for_incoming_connections: self.peer_handshake_data.listen_port,
            connected_address: self.peer_address,
            inbound: self.inbound_connection,
            instance_id: self.peer_handshake_data.instance_id,
            last_seen: SystemTime::now(),
            standing,
        };

        if global_state.net.peer_map.values().any(|pi| pi.instance_id == self.peer_handshake_data.instance_id) {
            bail!("Attempted to connect to already connected peer. Aborting connection.");
        }
        if global_state.net.peer_map.len() >= global_state.max_peers {
            bail!("Attempted to connect to more peers than allowed. Aborting connection.");
        }
        if global_state.net.peer_map.contains_key(&self.peer_address) {
            bail!("Already connected to peer. Aborting connection");
        }
        drop(global_state);

        self.global_state_lock.lock_mut(|s| s.net.peer_map.insert(self.peer_address, new_peer)).await;
        Ok(())
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let state = GlobalStateLock(Arc::new(RwLock::new(GlobalState {
        net: NetworkingState { peer_map: HashMap::new(), peer_standings: PeerStandings(HashMap::new()) },
        max_peers: 10,
    })));
    // The same node (one instance id) dials us while we dial it: one inbound and one outbound connection.
    let handler = |addr: &str, inbound| PeerLoopHandler {
        global_state_lock: state.clone(),
        peer_address: addr.parse().unwrap(),
        peer_handshake_data: HandshakeData { instance_id: 0x5eed, listen_port: Some(9798) },
        inbound_connection: inbound,
    };
    let (inbound, outbound) = (handler("10.0.0.7:51234", true), handler("10.0.0.7:9798", false));
    let (a, b) = tokio::join!(inbound.run_wrapper(), outbound.run_wrapper());
    println!("inbound: {:?}, outbound: {:?}", a.is_ok(), b.is_ok());
    println!("peer_map entries for one instance: {}", state.lock_guard().await.net.peer_map.len());
}
