// Reduced from notify (src/fsevent.rs, FsEventWatcher::run/stop) after
// notify#337: the run-loop thread's JoinHandle is kept and stop() joins it
// instead of waiting on a "done" channel.
use crossbeam_channel::unbounded;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

// Stand-in for CFRunLoopRef: a handle that can stop the run loop.
#[derive(Clone)]
struct CFRunLoopRef(Arc<AtomicBool>);

fn cf_run_loop_run(runloop: &CFRunLoopRef) {
    while !runloop.0.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(1));
    }
}

fn cf_run_loop_stop(runloop: &CFRunLoopRef) {
    runloop.0.store(true, Ordering::SeqCst);
}

pub struct FsEventWatcher {
    paths: Vec<String>,
    runloop: Option<(CFRunLoopRef, thread::JoinHandle<()>)>,
}

impl FsEventWatcher {
    pub fn new(paths: Vec<String>) -> FsEventWatcher {
        FsEventWatcher { paths, runloop: None }
    }

    fn run(&mut self) {
        let (rl_tx, rl_rx) = unbounded();
        let paths = self.paths.clone();
        let thread_handle = thread::spawn(move || {
            let cur_runloop = CFRunLoopRef(Arc::new(AtomicBool::new(false)));
            rl_tx.send(cur_runloop.clone()).expect("Unable to send runloop to watcher");
            println!("watching {:?}", paths);
            cf_run_loop_run(&cur_runloop);
            // FSEventStreamStop / Invalidate / Release happen here
        });
        // block until runloop has been sent
        self.runloop = Some((rl_rx.recv().unwrap(), thread_handle));
    }

    fn stop(&mut self) {
        if let Some((runloop, thread_handle)) = self.runloop.take() {
            cf_run_loop_stop(&runloop);
            thread_handle.join().expect("thread to shut down");
        }
    }
}

impl Drop for FsEventWatcher {
    fn drop(&mut self) {
        self.stop();
    }
}

fn main() {
    let mut watcher = FsEventWatcher::new(vec!["/tmp".to_string()]);
    watcher.run();
    thread::sleep(Duration::from_millis(20));
    drop(watcher);
}
