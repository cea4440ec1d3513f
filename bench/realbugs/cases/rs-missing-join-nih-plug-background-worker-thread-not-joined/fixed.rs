//! Reduction of nih-plug's src/event_loop/background_thread.rs before #75: one background
//! worker thread shared by all plugin instances, kept alive by a hand-rolled refcount.
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::thread;

pub trait MainThreadExecutor<T>: Send + Sync {
    fn execute(&self, task: T);
}

enum Message<T> {
    Task(T),
    Shutdown,
}

type Task = u32;

/// Owns the worker thread: dropping the last `Arc` to it stops and joins the thread.
struct WorkerThread {
    tasks_sender: Sender<Message<(Task, Weak<dyn MainThreadExecutor<Task>>)>>,
    join_handle: Option<thread::JoinHandle<()>>,
}

impl WorkerThread {
    fn spawn() -> Self {
        let (tasks_sender, tasks_receiver) = channel();
        let join_handle = thread::Builder::new()
            .name(String::from("bg-worker"))
            .spawn(move || worker_thread(tasks_receiver))
            .expect("Could not spawn background worker thread");
        WorkerThread { tasks_sender, join_handle: Some(join_handle) }
    }
}

impl Drop for WorkerThread {
    fn drop(&mut self) {
        let _ = self.tasks_sender.send(Message::Shutdown);
        self.join_handle
            .take()
            .expect("Missing worker thread join handle")
            .join()
            .expect("Worker thread panicked");
    }
}

static HANDLE: Mutex<Option<Weak<WorkerThread>>> = Mutex::new(None);

pub struct BackgroundThread {
    executor: Weak<dyn MainThreadExecutor<Task>>,
    worker_thread: Arc<WorkerThread>,
}

impl BackgroundThread {
    pub fn get_or_create(executor: Weak<dyn MainThreadExecutor<Task>>) -> Self {
        let mut handle = HANDLE.lock().unwrap();
        let worker_thread = match handle.as_ref().and_then(Weak::upgrade) {
            Some(worker_thread) => worker_thread,
            None => {
                let worker_thread = Arc::new(WorkerThread::spawn());
                *handle = Some(Arc::downgrade(&worker_thread));
                worker_thread
            }
        };
        BackgroundThread { executor, worker_thread }
    }

    pub fn schedule(&self, task: Task) -> bool {
        self.worker_thread
            .tasks_sender
            .send(Message::Task((task, self.executor.clone())))
            .is_ok()
    }
}

fn worker_thread(tasks_receiver: Receiver<Message<(Task, Weak<dyn MainThreadExecutor<Task>>)>>) {
    loop {
        match tasks_receiver.recv() {
            Ok(Message::Task((task, executor))) => match executor.upgrade() {
                Some(e) => e.execute(task),
                None => eprintln!("Received a new task but the executor is no longer alive, shutting down worker"),
            },
            Ok(Message::Shutdown) | Err(_) => return,
        }
    }
}

struct Wrapper;
impl MainThreadExecutor<Task> for Wrapper {
    fn execute(&self, task: Task) {
        println!("background task {}", task);
    }
}

fn main() {
    let wrapper: Arc<dyn MainThreadExecutor<Task>> = Arc::new(Wrapper);
    let a = BackgroundThread::get_or_create(Arc::downgrade(&wrapper));
    let b = BackgroundThread::get_or_create(Arc::downgrade(&wrapper));
    a.schedule(1);
    b.schedule(2);
    drop(a);
    drop(b); // the last instance joins the worker
}
