// Reduced from tikv/tikv src/pd/client.rs (PR #1768 "pd: fix a deadlock"):
// the read guard created in the match scrutinee lives until the end of the
// match, so taking the write lock inside an arm deadlocks.
use std::sync::{Arc, RwLock};

#[derive(Clone, Debug)]
struct LeaderClient {
    members: Vec<String>,
    leader: Option<String>,
}

struct RpcClient {
    inner: Arc<RwLock<LeaderClient>>,
}

fn pick_leader(client: &LeaderClient) -> Option<String> {
    client.leader.clone().or_else(|| client.members.first().cloned())
}

impl RpcClient {
    fn new(members: Vec<String>) -> RpcClient {
        RpcClient {
            inner: Arc::new(RwLock::new(LeaderClient { members, leader: None })),
        }
    }

    fn reconnect(&self) -> Option<String> {
        // the read guard is dropped at the end of this statement
        let picked = pick_leader(&self.inner.read().unwrap());
        match picked {
            Some(leader) => {
                let mut inner = self.inner.write().unwrap();
                inner.leader = Some(leader.clone());
                Some(leader)
            }
            None => None,
        }
    }
}

fn main() {
    let client = RpcClient::new(vec!["http://127.0.0.1:2379".to_string()]);
    println!("leader: {:?}", client.reconnect());
}
