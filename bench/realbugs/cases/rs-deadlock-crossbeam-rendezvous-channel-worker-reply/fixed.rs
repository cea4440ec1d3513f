// Reduced from the program in crossbeam-rs/crossbeam#534
use crossbeam_channel::unbounded;
use std::thread;
use std::time::Duration;

fn main() {
    // Two separate unbounded channels: one for work, one for results.
    let (work_tx, work_rx) = unbounded::<u32>();
    let (result_tx, result_rx) = unbounded::<u32>();

    thread::spawn(move || {
        for id in work_rx {
            // simulate some work
            thread::sleep(Duration::from_millis(100));
            println!("id {}", id);
            if result_tx.send(id + 10).is_err() {
                break;
            }
        }
    });

    // put some work on the worker thread; sends never block
    work_tx.send(1).unwrap();
    work_tx.send(2).unwrap();

    // loop max 5 times as all data should be done by then
    for _ in 0..5 {
        while let Ok(some_data) = result_rx.try_recv() {
            println!("got data back {}", some_data);
        }
        thread::sleep(Duration::from_millis(500));
        println!("updating main thread");
    }
}
