// fib-rust: a memoising Fibonacci iterator; the read result is bound to a local inside the
// block, so the read guard is dropped before unwrap_or_else() takes the write lock.
use std::sync::{Arc, RwLock};
use std::thread;

pub struct Memo {
    cache: RwLock<Vec<u64>>,
}

impl Memo {
    pub fn new() -> Memo {
        Memo { cache: RwLock::new(vec![0, 1]) }
    }

    /// Returns fib(to), filling the shared cache up to `to` when it is too short.
    pub fn get(&self, to: usize) -> u64 {
        {
            let lock_result = self.cache.read();
            match lock_result {
                Ok(ref data) if data.len() > to => Some(data[to]),
                _ => None,
            }
        }
        .unwrap_or_else(|| {
            // We need to write now, so get a write lock
            let mut data = self.cache.write().unwrap();
            while data.len() <= to {
                let n = data.len();
                let next = data[n - 1].wrapping_add(data[n - 2]);
                data.push(next);
            }
            data[to]
        })
    }
}

pub struct FibIter {
    memo: Arc<Memo>,
    idx: usize,
}

impl Iterator for FibIter {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        let v = self.memo.get(self.idx);
        self.idx += 1;
        Some(v)
    }
}

fn main() {
    let memo = Arc::new(Memo::new());
    let (tx, rx) = std::sync::mpsc::channel();
    let m = memo.clone();
    thread::spawn(move || {
        let it = FibIter { memo: m, idx: 0 };
        let v: Vec<u64> = it.take(10).collect();
        tx.send(v).unwrap();
    });
    match rx.recv_timeout(std::time::Duration::from_secs(2)) {
        Ok(v) => println!("{:?}", v),
        Err(_) => println!("deadlocked"),
    }
}
