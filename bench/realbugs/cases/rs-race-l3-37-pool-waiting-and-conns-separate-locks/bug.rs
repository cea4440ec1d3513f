use std::collections::VecDeque;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Conn {
    pub id: usize,
}

struct PoolInner {
    conns: Mutex<Vec<Conn>>,
    waiting: Mutex<VecDeque<Sender<Conn>>>,
}

#[derive(Clone)]
pub struct Pool {
    inner: Arc<PoolInner>,
}

impl Pool {
    pub fn new(size: usize) -> Self {
        let conns = (0..size).map(|id| Conn { id }).collect();
        Pool {
            inner: Arc::new(PoolInner { conns: Mutex::new(conns), waiting: Mutex::new(VecDeque::new()) }),
        }
    }

    pub fn connection(&self) -> Conn {
        let rx: Receiver<Conn>;
        {
            let mut conns = self.inner.conns.lock().unwrap();
            if let Some(conn) = conns.pop() {
                return conn;
            }
        }
        let (tx, r) = channel();
        rx = r;
        self.inner.waiting.lock().unwrap().push_back(tx);
        rx.recv().unwrap()
    }

    pub fn put_back(&self, conn: Conn) {
        let waiter = self.inner.waiting.lock().unwrap().pop_front();
        match waiter {
            Some(tx) => {
                let _ = tx.send(conn);
            }
            None => self.inner.conns.lock().unwrap().push(conn),
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
