// Reduced from ruuda/thread-id README/lib.rs example: "This will print two
// different numbers." -- but the spawned thread is never joined, so main
// can return before it prints and only one id appears.
use std::thread;

fn report(label: &str) {
    println!("{} thread has id {}", label, thread_id::get());
}

fn main() {
    let spawned = thread::spawn(move || {
        report("spawned");
    });

    report("main");
    spawned.join().unwrap();
}
