use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

type AgentId = u32;

/// `librefang_runtime::held_agent_locks`: the agent locks held by the current task.
mod held_agent_locks {
    use super::*;

    tokio::task_local! {
        pub static HELD: RefCell<HashSet<AgentId>>;
    }

    pub fn is_held(agent_id: AgentId) -> bool {
        HELD.try_with(|held| held.borrow().contains(&agent_id)).unwrap_or(false)
    }
}

pub struct AgentRegistry {
    pub agent_msg_locks: Mutex<HashMap<AgentId, Arc<tokio::sync::Mutex<()>>>>,
}

pub struct LibreFangKernel {
    agents: AgentRegistry,
    sessions: Mutex<HashMap<String, Vec<String>>>,
    channel_owners: HashMap<String, AgentId>,
}

impl LibreFangKernel {
    fn agent_msg_lock(&self, agent_id: AgentId) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.agents.agent_msg_locks.lock().unwrap();
        locks.entry(agent_id).or_insert_with(|| Arc::new(tokio::sync::Mutex::new(()))).clone()
    }

    /// `kernel_handle::SessionWriter::append_to_session`: serializes with the
    /// inbound router by taking the agent-scoped lock.
    fn append_to_session(&self, session_id: &str, agent_id: AgentId, message: String) {
        // #5126: if this task already holds agent_msg_locks[agent_id] (an outer
        // send_message_full frame), it already has exclusive access.
        let already_held = held_agent_locks::is_held(agent_id);
        let _guard: Option<tokio::sync::OwnedMutexGuard<()>> = if already_held {
            None
        } else {
            let lock = self.agent_msg_lock(agent_id);
            Some(tokio::task::block_in_place(|| lock.blocking_lock_owned()))
        };
        let mut sessions = self.sessions.lock().unwrap();
        sessions.entry(session_id.to_string()).or_default().push(message);
    }

    fn resolve_channel_owner(&self, channel: &str) -> Option<AgentId> {
        self.channel_owners.get(channel).copied()
    }

    fn mirror_channel_send_to_session(&self, channel: &str, recipient: &str, text: &str) {
        if let Some(owner) = self.resolve_channel_owner(channel) {
            let session_id = format!("{owner}:{channel}:{recipient}");
            self.append_to_session(&session_id, owner, text.to_string());
        }
    }

    /// The `channel_send` tool, executed from inside the agent's own turn.
    async fn channel_send(&self, channel: &str, recipient: &str, text: &str) {
        tokio::time::sleep(Duration::from_millis(5)).await; // deliver through the adapter
        self.mirror_channel_send_to_session(channel, recipient, text);
    }

    async fn send_message_full(&self, agent_id: AgentId, message: &str) {
        let lock = self.agent_msg_lock(agent_id);
        let _turn = lock.lock().await;
        // the agent loop runs its tool calls while holding agent_msg_locks[agent_id]
        let held = RefCell::new(HashSet::from([agent_id]));
        held_agent_locks::HELD
            .scope(held, self.channel_send("telegram", "user-42", message))
            .await;
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let kernel = Arc::new(LibreFangKernel {
        agents: AgentRegistry { agent_msg_locks: Mutex::new(HashMap::new()) },
        sessions: Mutex::new(HashMap::new()),
        // the Telegram bot channel is bound to agent 7
        channel_owners: HashMap::from([("telegram".to_string(), 7)]),
    });
    let k = kernel.clone();
    let turn = tokio::spawn(async move { k.send_message_full(7, "on my way").await });
    let res = tokio::time::timeout(Duration::from_secs(2), turn).await;
    println!("agent turn finished: {}", res.is_ok());
    std::process::exit(0);
}
