// Reduced from ykjit/yk ykrt/src/mt.rs (meta-tracer worker/compiler threads), 2024.
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

static MT_ACTIVE: AtomicBool = AtomicBool::new(false);

type Job = Box<dyn FnOnce() + Send>;

pub struct MT {
    /// The queue of jobs that worker threads pick compilation work from.
    job_queue: Arc<(Condvar, Mutex<VecDeque<Job>>)>,
    /// The hard cap on the number of worker threads.
    max_worker_threads: AtomicUsize,
    /// [JoinHandle]s to each worker thread so that when an [MT] value is dropped, we can try
    /// joining each worker thread and see if it caused an error or not.
    active_worker_threads: Mutex<Vec<JoinHandle<()>>>,
}

impl MT {
    pub fn new() -> Arc<Self> {
        MT_ACTIVE.store(true, Ordering::Relaxed);
        Arc::new(Self {
            job_queue: Arc::new((Condvar::new(), Mutex::new(VecDeque::new()))),
            max_worker_threads: AtomicUsize::new(thread::available_parallelism().map_or(1, |n| n.get())),
            active_worker_threads: Mutex::new(Vec::new()),
        })
    }

    /// Queue `job` to be run on a worker thread.
    fn queue_job(self: &Arc<Self>, job: Job) {
        // We have a very simple model of worker threads. Each time a job is queued, we spin up a
        // new worker thread iff we aren't already running the maximum number of worker threads.
        // Once started, a worker thread never dies, waiting endlessly for work.
        let (cv, mtx) = &*self.job_queue;
        mtx.lock().push_back(job);
        cv.notify_one();

        let max_jobs = self.max_worker_threads.load(Ordering::Relaxed);
        let mut lk = self.active_worker_threads.lock();
        if lk.len() < max_jobs {
            // We only keep a weak reference alive to `self`, as otherwise an active compiler job
            // causes `self` to never be dropped.
            let mt = Arc::downgrade(self);
            let jq = Arc::clone(&self.job_queue);
            let hdl = thread::spawn(move || {
                let (cv, mtx) = &*jq;
                let mut lock = mtx.lock();
                // If the strong count for `mt` is 0 then it has been dropped and there is no
                // point trying to do further work, even if there is work in the queue.
                while mt.upgrade().is_some() {
                    match lock.pop_front() {
                        Some(x) => MutexGuard::unlocked(&mut lock, x),
                        None => cv.wait(&mut lock),
                    }
                }
            });
            lk.push(hdl);
        }
    }

    /// Compile a trace on a worker thread; a bug in the JIT panics here.
    pub fn queue_compile_job(self: &Arc<Self>, trace: Vec<u8>) {
        self.queue_job(Box::new(move || {
            let ir: Vec<u8> = trace.iter().map(|b| b.checked_add(1).unwrap()).collect();
            assert!(!ir.is_empty(), "empty trace");
        }));
    }
}

impl Drop for MT {
    fn drop(&mut self) {
        MT_ACTIVE.store(false, Ordering::Relaxed);
        let (cv, _) = &*self.job_queue;
        cv.notify_all();
        for hdl in self.active_worker_threads.lock().drain(..) {
            if hdl.join().is_err() {
                // Percolate a worker thread's panic outwards: exit with a non-zero status.
                std::process::exit(1);
            }
        }
    }
}
