// Reduced from the program in crossbeam-rs/crossbeam#534
use crossbeam_channel::bounded;
use std::thread;
use std::time::Duration;

fn main() {
    // One zero-capacity (rendezvous) channel is used both to hand work to
    // the worker and to send the results back.
    let (s, r) = bounded::<u32>(0);
    let (send, recv) = (s.clone(), r.clone());

    thread::spawn(move || loop {
        println!("waiting for more data");
        let id = r.recv().unwrap();
        // simulate some work
        thread::sleep(Duration::from_millis(100));
        println!("id {}", id);
        s.send(id + 10).unwrap();
    });

    // put some work on the worker thread
    send.send(1).unwrap();
    // The worker is now blocked in s.send(11) and this thread blocks in
    // send(2): both sides send on the rendezvous channel, nobody receives.
    send.send(2).unwrap();

    // loop max 5 times as all data should be done by then
    for _ in 0..5 {
        if let Ok(some_data) = recv.try_recv() {
            println!("got data back {}", some_data);
        }
        thread::sleep(Duration::from_millis(500));
        println!("updating main thread");
    }
}
