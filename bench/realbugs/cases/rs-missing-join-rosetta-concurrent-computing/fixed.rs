//! rust-rosetta: reduction of tasks/c/concurrent-computing/src/main.rs.
//!
//! Task: "Using either native language concurrency syntax or freely
//! available libraries, write a program to display the strings 'Enjoy'
//! 'Rosetta' 'Code', one string per line, in random order."
//! The `rand` crate is replaced by a small time-seeded generator.

use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

struct XorShift(u64);

impl XorShift {
    fn seeded(salt: u64) -> XorShift {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(1);
        XorShift(nanos ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn gen_range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low)
    }
}

fn print_after_random_delay(word: &'static str, salt: u64) {
    let mut rng = XorShift::seeded(salt);
    let delay = rng.gen_range(0, 100);
    thread::sleep(Duration::from_millis(delay));
    println!("{}", word);
}

fn main() {
    let words = ["Enjoy", "Rosetta", "Code"];
    let threads: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(i, &word)| thread::spawn(move || print_after_random_delay(word, i as u64)))
        .collect();
    for handle in threads {
        handle.join().unwrap();
    }
}
