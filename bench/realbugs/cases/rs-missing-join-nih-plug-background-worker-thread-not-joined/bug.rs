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

/// Shared handle to the worker thread; the last plugin instance shuts it down.
struct WorkerThreadHandle {
    tasks_sender: Sender<Message<(Task, Weak<dyn MainThreadExecutor<Task>>)>>,
    refcount: usize,
}

static HANDLE: Mutex<Option<WorkerThreadHandle>> = Mutex::new(None);

pub struct BackgroundThread {
    executor: Weak<dyn MainThreadExecutor<Task>>,
    tasks_sender: Sender<Message<(Task, Weak<dyn MainThreadExecutor<Task>>)>>,
}

impl BackgroundThread {
    pub fn get_or_create(executor: Weak<dyn MainThreadExecutor<Task>>) -> Self {
        let mut handle = HANDLE.lock().unwrap();
        let tasks_sender = match handle.as_mut() {
            Some(worker) => {
                worker.refcount += 1;
                worker.tasks_sender.clone()
            }
            None => {
                let (tasks_sender, tasks_receiver) = channel();
                thread::Builder::new()
                    .name(String::from("bg-worker"))
                    .spawn(move || worker_thread(tasks_receiver))
                    .expect("Could not spawn background worker thread");
                *handle = Some(WorkerThreadHandle { tasks_sender: tasks_sender.clone(), refcount: 1 });
                tasks_sender
            }
        };
        BackgroundThread { executor, tasks_sender }
    }

    pub fn schedule(&self, task: Task) -> bool {
        self.tasks_sender.send(Message::Task((task, self.executor.clone()))).is_ok()
    }
}

impl Drop for BackgroundThread {
    fn drop(&mut self) {
        let mut handle = HANDLE.lock().unwrap();
        let worker = handle.as_mut().expect("Inconsistent worker thread state");
        worker.refcount -= 1;
        if worker.refcount == 0 {
            // Tell the thread to stop; nothing waits for it to do so.
            let _ = worker.tasks_sender.send(Message::Shutdown);
            *handle = None;
        }
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
    drop(b); // the last instance is gone, but the worker may still be running a task
}
