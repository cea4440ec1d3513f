use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::RwLock;

macro_rules! trace_read_lock {
    ($x:expr) => {
        $x.read()
    };
}

macro_rules! trace_write_lock {
    ($x:expr) => {
        $x.write()
    };
}

pub struct AddressSpace {
    events: Vec<String>,
}

pub struct Session {
    session_id: u32,
    activated: bool,
    ticks: u64,
}

impl Session {
    fn tick_subscriptions(&mut self, address_space: &AddressSpace) {
        self.ticks += address_space.events.len() as u64 % 2;
    }
}

/// The audit log adds audit events to the address space.
pub(crate) struct AuditLog {
    address_space: Arc<RwLock<AddressSpace>>,
}

impl AuditLog {
    pub fn raise_and_log(&self, event: String) -> Result<(), ()> {
        let mut address_space = trace_write_lock!(self.address_space);
        address_space.events.push(event);
        Ok(())
    }
}

pub struct ServerState {
    audit_log: Arc<RwLock<AuditLog>>,
}

impl ServerState {
    pub fn raise_and_log(&self, event: String) -> Result<(), ()> {
        let audit_log = trace_write_lock!(self.audit_log);
        audit_log.raise_and_log(event)
    }
}

pub(crate) struct SessionService;

impl SessionService {
    pub fn activate_session(&self, server_state: Arc<RwLock<ServerState>>, session: Arc<RwLock<Session>>) -> bool {
        let server_state = trace_write_lock!(server_state);
        let mut session = trace_write_lock!(session);
        session.activated = true;
        // audit event raised while the session is still locked
        let _ = server_state.raise_and_log(format!("ActivateSession {}", session.session_id));
        true
    }
}

pub struct SessionManager {
    sessions: HashMap<u32, Arc<RwLock<Session>>>,
}

pub struct TcpTransport;

impl TcpTransport {
    fn spawn_subscription_task(
        session_manager: Arc<RwLock<SessionManager>>,
        address_space: Arc<RwLock<AddressSpace>>,
    ) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut timer = tokio::time::interval(Duration::from_millis(1));
            for _ in 0..2000 {
                timer.tick().await;
                let session_manager = trace_read_lock!(session_manager);
                for (_session_id, session) in session_manager.sessions.iter() {
                    // session before address space, the order activate_session() uses
                    let mut session = trace_write_lock!(session);
                    let address_space = trace_read_lock!(address_space);
                    session.tick_subscriptions(&address_space);
                }
            }
        })
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let address_space = Arc::new(RwLock::new(AddressSpace { events: Vec::new() }));
    let audit_log = Arc::new(RwLock::new(AuditLog { address_space: address_space.clone() }));
    let server_state = Arc::new(RwLock::new(ServerState { audit_log }));
    let session = Arc::new(RwLock::new(Session { session_id: 1, activated: false, ticks: 0 }));
    let sessions = HashMap::from([(1, session.clone())]);
    let session_manager = Arc::new(RwLock::new(SessionManager { sessions }));

    let task = TcpTransport::spawn_subscription_task(session_manager, address_space);
    let service = tokio::task::spawn_blocking(move || {
        for _ in 0..2000 {
            SessionService.activate_session(server_state.clone(), session.clone());
        }
    });
    let done = tokio::time::timeout(Duration::from_secs(5), async { (task.await, service.await) }).await;
    println!("server finished: {}", done.is_ok());
    std::process::exit(0);
}
