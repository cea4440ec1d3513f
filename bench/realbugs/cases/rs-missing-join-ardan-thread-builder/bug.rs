// Reduced from ArdanUltimateRust-5Days (02-SystemThreads/ThreadBuilder.md):
// the ThreadBuilder example names the thread and sets its stack size, spawns
// it, and lets main() return without joining it, so the thread's output is
// usually never printed.
use std::thread;

/// Body of the spawned thread: reports its own name.
fn my_thread() {
    println!(
        "Hello from a thread named {}",
        thread::current().name().unwrap()
    );
}

/// A deliberately tiny stack request, as in the course example; the OS
/// rounds it up to its minimum thread stack size.
fn tiny_stack_size() -> usize {
    std::mem::size_of::<usize>() * 4
}

fn main() {
    thread::Builder::new()
        .name("Named Thread".to_string())
        .stack_size(tiny_stack_size())
        .spawn(my_thread)
        .unwrap();

    // main() returns here; the process exits with the named thread
    // possibly still running.
}
