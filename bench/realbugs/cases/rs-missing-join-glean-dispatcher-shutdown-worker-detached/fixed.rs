use std::{
    mem,
    sync::{
        atomic::{AtomicBool, Ordering},
        mpsc::{channel, sync_channel, Sender, SyncSender, TrySendError},
        Arc, LazyLock, RwLock,
    },
    thread::{self, JoinHandle},
};

/// The command a worker should execute.
enum Command {
    Task(Box<dyn FnOnce() + Send>),
    Swap(SyncSender<()>),
    Shutdown,
}

#[derive(Debug, PartialEq)]
pub enum DispatchError {
    WorkerPanic,
    QueueFull,
    SendError,
}

/// A clonable guard for a dispatch queue.
#[derive(Clone)]
struct DispatchGuard {
    queue_preinit: Arc<AtomicBool>,
    preinit: SyncSender<Command>,
    queue: Sender<Command>,
}

impl DispatchGuard {
    pub fn launch(&self, task: impl FnOnce() + Send + 'static) -> Result<(), DispatchError> {
        self.send(Command::Task(Box::new(task)))
    }

    pub fn shutdown(&self) -> Result<(), DispatchError> {
        self.send(Command::Shutdown)
    }

    fn send(&self, task: Command) -> Result<(), DispatchError> {
        if self.queue_preinit.load(Ordering::SeqCst) {
            match self.preinit.try_send(task) {
                Ok(()) => Ok(()),
                Err(TrySendError::Full(_)) => Err(DispatchError::QueueFull),
                Err(TrySendError::Disconnected(_)) => Err(DispatchError::SendError),
            }
        } else {
            self.queue.send(task).map_err(|_| DispatchError::SendError)
        }
    }
}

pub struct Dispatcher {
    queue_preinit: Arc<AtomicBool>,
    preinit_sender: SyncSender<Command>,
    sender: Sender<Command>,
    /// Handle to the worker thread, allows to wait for it to finish.
    worker: Option<JoinHandle<()>>,
}

impl Dispatcher {
    pub fn new(max_queue_size: usize) -> Self {
        let (preinit_sender, preinit_receiver) = sync_channel(max_queue_size);
        let (sender, mut unbounded_receiver) = channel();
        let queue_preinit = Arc::new(AtomicBool::new(true));

        let worker = thread::spawn(move || {
            let mut receiver = preinit_receiver;
            loop {
                match receiver.recv() {
                    Ok(Command::Shutdown) => break,
                    Ok(Command::Task(f)) => (f)(),
                    Ok(Command::Swap(swap_done)) => {
                        mem::swap(&mut receiver, &mut unbounded_receiver);
                        let _ = swap_done.send(());
                    }
                    Err(_) => return,
                }
            }
        });

        Dispatcher {
            queue_preinit,
            preinit_sender,
            sender,
            worker: Some(worker),
        }
    }

    fn guard(&self) -> DispatchGuard {
        DispatchGuard {
            queue_preinit: Arc::clone(&self.queue_preinit),
            preinit: self.preinit_sender.clone(),
            queue: self.sender.clone(),
        }
    }
}

const GLOBAL_DISPATCHER_LIMIT: usize = 100;
static GLOBAL_DISPATCHER: LazyLock<RwLock<Option<Dispatcher>>> =
    LazyLock::new(|| RwLock::new(Some(Dispatcher::new(GLOBAL_DISPATCHER_LIMIT))));

fn guard() -> DispatchGuard {
    GLOBAL_DISPATCHER
        .read()
        .unwrap()
        .as_ref()
        .map(|dispatcher| dispatcher.guard())
        .unwrap()
}

pub fn launch(task: impl FnOnce() + Send + 'static) {
    if guard().launch(task).is_err() {
        eprintln!("Failed to launch a task on the queue. Discarding task.");
    }
}

/// Shuts down the dispatch queue.
///
/// This will initiate a shutdown of the worker thread
/// and no new tasks will be processed after this.
pub fn shutdown() -> Result<(), DispatchError> {
    guard().shutdown()?;

    // After we issue the shutdown command, make sure to wait for the
    // worker thread to join.
    let mut lock = GLOBAL_DISPATCHER.write().unwrap();
    let dispatcher = lock.as_mut().expect("Global dispatcher has gone missing");

    if let Some(worker) = dispatcher.worker.take() {
        return worker.join().map_err(|_| DispatchError::WorkerPanic);
    }

    Ok(())
}

/// TEST ONLY FUNCTION.
/// Resets the Glean state and triggers init again.
pub fn reset_dispatcher() {
    let _ = shutdown();

    // Now that the dispatcher is shut down, replace it.
    let mut lock = GLOBAL_DISPATCHER.write().unwrap();
    let new_dispatcher = Some(Dispatcher::new(GLOBAL_DISPATCHER_LIMIT));
    *lock = new_dispatcher;
}
