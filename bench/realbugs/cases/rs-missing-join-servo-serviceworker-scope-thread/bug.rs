// servo components/script/serviceworker_manager.rs + serviceworkerglobalscope.rs (reduced, May 2020)
use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::{self, JoinHandle};

pub type ServoUrl = String;

pub enum ServiceWorkerScriptMsg {
    CommonWorker(String),
}

pub enum ServiceWorkerControlMsg {}

pub struct ServiceWorkerGlobalScope;

impl ServiceWorkerGlobalScope {
    /// Spawns the worker scope's event loop; it runs until its control channel disconnects.
    pub fn run_serviceworker_scope(
        scope_url: ServoUrl,
        own_receiver: Receiver<ServiceWorkerScriptMsg>,
        control_receiver: Receiver<ServiceWorkerControlMsg>,
    ) -> JoinHandle<()> {
        thread::Builder::new()
            .name(format!("ServiceWorker for {}", scope_url))
            .spawn(move || loop {
                if let Ok(ServiceWorkerScriptMsg::CommonWorker(msg)) = own_receiver.try_recv() {
                    println!("{}: dispatching {}", scope_url, msg);
                }
                match control_receiver.recv_timeout(std::time::Duration::from_millis(10)) {
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    _ => continue,
                }
            })
            .expect("Thread spawning failed")
    }
}

pub struct ServiceWorker {
    pub sender: Sender<ServiceWorkerScriptMsg>,
}

pub struct ServiceWorkerRegistration {
    active_worker: Option<ServiceWorker>,
    control_sender: Option<Sender<ServiceWorkerControlMsg>>,
}

impl ServiceWorkerRegistration {
    pub fn new() -> ServiceWorkerRegistration {
        ServiceWorkerRegistration { active_worker: None, control_sender: None }
    }

    fn note_worker_thread(&mut self, control_sender: Sender<ServiceWorkerControlMsg>) {
        assert!(self.control_sender.is_none());
        self.control_sender = Some(control_sender);
    }
}

pub struct ServiceWorkerManager {
    registrations: HashMap<ServoUrl, ServiceWorkerRegistration>,
}

impl ServiceWorkerManager {
    pub fn new() -> Self {
        ServiceWorkerManager { registrations: HashMap::new() }
    }

    fn handle_register_job(&mut self, scope_url: ServoUrl) {
        let mut registration = ServiceWorkerRegistration::new();
        let (sender, receiver) = channel();
        let (control_sender, control_receiver) = channel();
        let _join_handle =
            ServiceWorkerGlobalScope::run_serviceworker_scope(scope_url.clone(), receiver, control_receiver);
        registration.note_worker_thread(control_sender);
        registration.active_worker = Some(ServiceWorker { sender });
        self.registrations.insert(scope_url, registration);
    }

    /// Exit: dropping the registrations closes each worker's control channel.
    pub fn handle_exit(mut self) {
        self.registrations.clear();
    }
}

pub fn run() {
    let mut manager = ServiceWorkerManager::new();
    manager.handle_register_job("https://example.com/".into());
    manager.handle_exit();
}
