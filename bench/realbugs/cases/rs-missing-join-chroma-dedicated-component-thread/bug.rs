//! Reduction of chroma `rust/system/src/system.rs` (chroma-core/chroma#4102).
use std::sync::{Arc, Mutex};
use tokio::runtime::Builder;
use tokio::sync::mpsc;

pub enum ComponentRuntime {
    Inherit,
    Dedicated,
}

pub enum Message {
    Task(Vec<u8>),
    Stop,
}

pub trait Component: Send + 'static {
    fn get_name(&self) -> &'static str;
    fn runtime(&self) -> ComponentRuntime;
    fn handle(&mut self, payload: Vec<u8>);
}

pub struct ComponentHandle {
    name: &'static str,
    sender: mpsc::UnboundedSender<Message>,
    join_handle: Option<tokio::task::JoinHandle<()>>,
}

impl ComponentHandle {
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn send(&self, payload: Vec<u8>) -> bool {
        self.sender.send(Message::Task(payload)).is_ok()
    }

    pub fn stop(&mut self) {
        let _ = self.sender.send(Message::Stop);
    }

    pub async fn join(&mut self) {
        if let Some(handle) = self.join_handle.take() {
            let _ = handle.await;
        }
    }
}

struct ComponentExecutor<C: Component> {
    component: C,
}

impl<C: Component> ComponentExecutor<C> {
    async fn run(&mut self, mut rx: mpsc::UnboundedReceiver<Message>) {
        while let Some(msg) = rx.recv().await {
            match msg {
                Message::Task(payload) => self.component.handle(payload),
                Message::Stop => break,
            }
        }
    }
}

#[derive(Clone, Default)]
pub struct System {
    names: Arc<Mutex<Vec<&'static str>>>,
}

impl System {
    pub fn start_component<C: Component>(&self, component: C) -> ComponentHandle {
        let name = component.get_name();
        self.names.lock().unwrap().push(name);
        let (sender, rx) = mpsc::unbounded_channel();
        let mut executor = ComponentExecutor { component };
        let join_handle = match executor.component.runtime() {
            ComponentRuntime::Inherit => {
                Some(tokio::spawn(async move { executor.run(rx).await }))
            }
            ComponentRuntime::Dedicated => {
                let rt = Builder::new_current_thread().enable_all().build().unwrap();
                let _join_handle = std::thread::spawn(move || {
                    rt.block_on(async move { executor.run(rx).await });
                });
                None
            }
        };
        ComponentHandle { name, sender, join_handle }
    }
}

pub struct Worker {
    processed: usize,
}

impl Component for Worker {
    fn get_name(&self) -> &'static str {
        "Worker"
    }
    fn runtime(&self) -> ComponentRuntime {
        ComponentRuntime::Dedicated
    }
    fn handle(&mut self, payload: Vec<u8>) {
        self.processed += payload.len();
    }
}

/// The dispatcher starts one dedicated worker per slot and stops them when it is stopped.
pub async fn run_dispatcher(system: &System, num_workers: usize) {
    let mut workers: Vec<ComponentHandle> =
        (0..num_workers).map(|_| system.start_component(Worker { processed: 0 })).collect();
    for (i, w) in workers.iter().enumerate() {
        w.send(vec![0; i]);
    }
    for w in workers.iter_mut() {
        w.stop();
    }
    for w in workers.iter_mut() {
        w.join().await;
    }
}
