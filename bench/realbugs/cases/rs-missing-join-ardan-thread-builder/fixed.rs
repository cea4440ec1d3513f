// Reduced from ArdanUltimateRust-5Days (02-SystemThreads/ThreadBuilder.md)
// with the fix proposed in the course's issue #7: keep the JoinHandle
// returned by Builder::spawn and join it before main() returns.
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
    let handle = thread::Builder::new()
        .name("Named Thread".to_string())
        .stack_size(tiny_stack_size())
        .spawn(my_thread)
        .unwrap();

    // wait for the named thread so its output is not lost
    handle.join().unwrap();
}
