use std::collections::VecDeque;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Conn {
    pub id: usize,
}

struct PoolState {
    conns: Vec<Conn>,
    waiting: VecDeque<Sender<Conn>>,
}

struct PoolInner {
    state: Mutex<PoolState>,
}

#[derive(Clone)]
pub struct Pool {
    inner: Arc<PoolInner>,
}

impl Pool {
    pub fn new(size: usize) -> Self {
        let conns = (0..size).map(|id| Conn { id }).collect();
        Pool {
            inner: Arc::new(PoolInner {
                state: Mutex::new(PoolState { conns, waiting: VecDeque::new() }),
            }),
        }
    }

    pub fn connection(&self) -> Conn {
        let rx = {
            let mut state = self.inner.state.lock().unwrap();
            if let Some(conn) = state.conns.pop() {
                return conn;
            }
            let (tx, rx) = channel();
            state.waiting.push_back(tx);
            rx
        };
        rx.recv().unwrap()
    }

    pub fn put_back(&self, conn: Conn) {
        let mut state = self.inner.state.lock().unwrap();
        match state.waiting.pop_front() {
            Some(tx) => {
                let _ = tx.send(conn);
            }
            None => state.conns.push(conn),
        }
    }
}

fn main() {
    let pool = Pool::new(1);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let pool = pool.clone();
            thread::spawn(move || {
                for _ in 0..1000 {
                    let conn = pool.connection();
                    pool.put_back(conn);
                }
                println!("worker {} done", i);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}
