// delta-kernel-rs engine/default/executor.rs: TokioBackgroundExecutor keeps the JoinHandle of its
// runtime thread in `_thread` and never joins it, so dropping the executor detaches the thread.
use std::mem::ManuallyDrop;
use std::sync::mpsc::channel;

use futures::future::BoxFuture;
use futures::Future;

pub trait TaskExecutor: Send + Sync + 'static {
    fn block_on<T>(&self, task: T) -> T::Output
    where
        T: Future + Send + 'static,
        T::Output: Send + 'static;

    fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static;
}

/// A [`TaskExecutor`] that uses the tokio single-threaded runtime in a
/// background thread to service tasks.
#[derive(Debug)]
pub struct TokioBackgroundExecutor {
    sender: ManuallyDrop<tokio::sync::mpsc::Sender<BoxFuture<'static, ()>>>,
    /// `Option` because `join` takes ownership; we `take` it in `Drop`.
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for TokioBackgroundExecutor {
    fn drop(&mut self) {
        // Drop sender first to close the channel, signaling the background
        // thread to exit its recv loop.
        unsafe { ManuallyDrop::drop(&mut self.sender) };
        // Join the thread so that runtime shutdown completes before we return.
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Default for TokioBackgroundExecutor {
    fn default() -> Self {
        Self::new()
    }
}

impl TokioBackgroundExecutor {
    pub fn new() -> Self {
        let (sender, mut receiver) = tokio::sync::mpsc::channel::<BoxFuture<'_, ()>>(50);
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                while let Some(task) = receiver.recv().await {
                    tokio::task::spawn(task);
                }
            });
        });
        Self {
            sender: ManuallyDrop::new(sender),
            thread: Some(thread),
        }
    }

    fn send_future(&self, fut: BoxFuture<'static, ()>) {
        self.sender
            .blocking_send(fut)
            .unwrap_or_else(|_| panic!("TokioBackgroundExecutor channel closed"));
    }
}

impl TaskExecutor for TokioBackgroundExecutor {
    fn block_on<T>(&self, task: T) -> T::Output
    where
        T: Future + Send + 'static,
        T::Output: Send + 'static,
    {
        let (sender, receiver) = channel::<T::Output>();
        let fut = Box::pin(async move {
            let task_output = task.await;
            tokio::task::spawn_blocking(move || {
                sender.send(task_output).ok();
            })
            .await
            .unwrap();
        });
        self.send_future(fut);
        receiver.recv().expect("TokioBackgroundExecutor has crashed")
    }

    fn spawn<F>(&self, task: F)
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.send_future(Box::pin(task));
    }
}

/// e.g. a Postgres extension backend: one engine per scan, dropped before the backend exits.
pub fn scan_table(path: &str) -> usize {
    let executor = TokioBackgroundExecutor::default();
    let path = path.to_string();
    let files = executor.block_on(async move { path.len() });
    drop(executor);
    files
}
