//! Reduced from rust-lang/rust src/test/bench/shootout-threadring.rs (2015): the thread-ring benchmark.
//! Each of n_tasks threads passes a token to the next one around a ring; the thread that
//! receives token 1 prints its id.
use std::env;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread;

fn start(n_tasks: i32, token: i32) {
    let (tx, mut rx) = channel();
    tx.send(token).unwrap();
    let mut guards = Vec::with_capacity(n_tasks as usize);
    for i in 2..n_tasks + 1 {
        let (tx, next_rx) = channel();
        let cur_rx = std::mem::replace(&mut rx, next_rx);
        guards.push(thread::spawn(move || roundtrip(i, tx, cur_rx)));
    }
    let guard = thread::spawn(move || roundtrip(1, tx, rx));
    guard.join().unwrap();
    for g in guards {
        g.join().unwrap();
    }
}

fn roundtrip(id: i32, tx: Sender<i32>, rx: Receiver<i32>) {
    for token in rx.iter() {
        if token == 1 {
            println!("{}", id);
            break;
        }
        tx.send(token - 1).unwrap();
    }
}

pub fn main() {
    let args: Vec<String> = env::args().collect();
    let token = if env::var_os("RUST_BENCH").is_some() {
        2_000_000
    } else {
        args.get(1).and_then(|arg| arg.parse().ok()).unwrap_or(1000)
    };
    let n_tasks = args.get(2).and_then(|arg| arg.parse().ok()).unwrap_or(503);

    start(n_tasks, token);
}
