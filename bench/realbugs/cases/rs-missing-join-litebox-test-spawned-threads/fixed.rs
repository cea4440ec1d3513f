use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

pub struct Futex {
    word: AtomicUsize,
    lock: Mutex<()>,
    cv: Condvar,
}

impl Futex {
    pub fn new() -> Self {
        Futex { word: AtomicUsize::new(0), lock: Mutex::new(()), cv: Condvar::new() }
    }

    pub fn wait(&self, expected: usize) {
        let mut guard = self.lock.lock().unwrap();
        while self.word.load(Ordering::SeqCst) == expected {
            guard = self.cv.wait_timeout(guard, Duration::from_millis(50)).unwrap().0;
        }
    }

    pub fn wake(&self, value: usize) {
        let _g = self.lock.lock().unwrap();
        self.word.store(value, Ordering::SeqCst);
        self.cv.notify_all();
    }
}

fn test_futex_wake_all() {
    let futex = Arc::new(Futex::new());
    let woken = Arc::new(AtomicUsize::new(0));
    let started = Arc::new(AtomicBool::new(false));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let futex = futex.clone();
        let woken = woken.clone();
        let started = started.clone();
        handles.push(thread::spawn(move || {
            started.store(true, Ordering::SeqCst);
            futex.wait(0);
            woken.fetch_add(1, Ordering::SeqCst);
        }));
    }
    while !started.load(Ordering::SeqCst) {
        thread::yield_now();
    }
    futex.wake(1);
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(woken.load(Ordering::SeqCst), 4);
}

fn main() {
    test_futex_wake_all();
    println!("test_futex_wake_all ... ok");
}
